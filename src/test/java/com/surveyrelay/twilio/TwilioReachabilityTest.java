package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.twilio.TwilioReachability.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Attempts in a row that Twilio failed: an outage from the third, over at an answer or two quiet minutes on. */
class TwilioReachabilityTest {

    /** A clock that stands still until moved. */
    private static final class StillClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T03:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static final Failure HTTP_503 = Failure.answered(503);
    private static final Failure HTTP_500 = Failure.answered(500);

    private final StillClock clock = new StillClock();
    private final TwilioReachability reachability = new TwilioReachability(clock);

    @Test
    void threeFailedAttemptsInARowAreAnOutageUntilAnAnswer() {
        reachability.failed(HTTP_503);
        reachability.failed(HTTP_503);
        assertThat(reachability.outage()).as("a blip").isNull();
        clock.advance(Duration.ofSeconds(5));
        reachability.failed(Failure.NO_ANSWER);
        TwilioReachability.Streak outage = reachability.outage();
        assertThat(outage).isNotNull();
        assertThat(outage.attempts()).isEqualTo(3);
        assertThat(outage.lastFailure()).hasToString("no answer");
        assertThat(outage.since()).isEqualTo(clock.instant().minusSeconds(5));

        reachability.answered();
        assertThat(reachability.outage()).isNull();
        reachability.failed(HTTP_503);
        assertThat(reachability.outage()).as("a new streak starts at one").isNull();
    }

    @Test
    void anOutageWithNoAttemptForTwoMinutesIsNoLongerShownAndANewStreakStartsAfresh() throws Exception {
        for (int i = 0; i < 3; i++) {
            reachability.failed(HTTP_500);
        }
        clock.advance(Duration.ofSeconds(119));
        assertThat(reachability.outage()).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> logged = com.surveyrelay.LoggedLines.during(
                TwilioReachability.class, () -> {
                    assertThat(reachability.outage()).as("two minutes without an attempt").isNull();
                    assertThat(reachability.outage()).isNull();
                    reachability.answered();
                });
        assertThat(logged).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .as("said once, as health turns UP; no stale 'answers again' after").singleElement()
                .asString().startsWith("Twilio no longer shown failing: no attempt since");
        reachability.failed(HTTP_500);
        reachability.failed(HTTP_500);
        assertThat(reachability.outage()).as("the old streak does not count").isNull();
        reachability.failed(HTTP_500);
        assertThat(reachability.outage().since()).isEqualTo(clock.instant());
    }

    @Test
    void whatToCheckFollowsTheLastFailure() {
        assertThat(Failure.answered(429).whatToCheck()).contains("20429", "Twilio console");
        assertThat(Failure.NO_ANSWER.whatToCheck()).contains("status.twilio.com", "this network");
        assertThat(HTTP_503.whatToCheck()).isEqualTo("status.twilio.com");
    }
}
