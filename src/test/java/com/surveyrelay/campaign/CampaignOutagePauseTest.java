package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.service.TestClock;
import com.surveyrelay.twilio.TwilioGateway;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When campaign rows wait for an outage to end: a start failing on our side holds its row and pauses the rows after
 * it; one row is let through every probe interval; a start that goes out ends the pause. Until 2026-12-07 every row
 * starting during a Twilio outage was recorded failed, some 7 s each.
 */
class CampaignOutagePauseTest {

    private static final Duration PROBE_EVERY = Duration.ofSeconds(30);
    private final TestClock clock = new TestClock();
    private final CampaignOutagePause pause = new CampaignOutagePause(PROBE_EVERY, Duration.ofHours(1), clock);

    @Test
    void aStartFailingOnOurSideHoldsItsRowAndTheRowsAfterItWaitUntilAProbeGoesThrough() {
        assertThat(go().settle(failedOnOurSide(), false)).as("held, not recorded failed").isTrue();
        assertThat(pause.paused()).isTrue();
        assertThat(waits()).as("the next row, before the probe interval").isTrue();

        clock.advance(PROBE_EVERY.plusSeconds(1));
        CampaignOutagePause.Permit probe = go();
        assertThat(waits()).as("another row, while the probe is out").isTrue();
        assertThat(probe.settle(started(null), false)).isFalse();
        assertThat(pause.paused()).isFalse();
        assertThat(waits()).as("the rows go on once a start went out").isFalse();
    }

    /**
     * A paused campaign's status read running with no reason, its ETA still, for up to an hour (until 2026-12-07, an
     * operator's probe): its reason says since when, why, and until when at the latest.
     */
    @Test
    void aPauseSaysWhyRowsWaitForTheCampaignStatus() {
        assertThat(pause.note()).isEmpty();
        go().settle(failedOnOurSide(), false);
        assertThat(pause.note()).hasValueSatisfying(note -> assertThat(note).matches("paused by an outage since "
                + "(\\S+) \\(twilio_error\\): rows wait, one is tried every 30s, until (\\S+) at the latest")
                .satisfies(text -> {
                    String[] words = text.split(" ");
                    assertThat(java.time.Instant.parse(words[5]).plus(Duration.ofHours(1)))
                            .isEqualTo(java.time.Instant.parse(words[words.length - 4]));
                }));
        clock.advance(Duration.ofHours(1));
        assertThat(pause.note()).as("lapsed: rows no longer wait").isEmpty();
    }

    @Test
    void aHeldRowThatFailsAgainAsTheProbeStaysHeldAndThePauseGoesOn() {
        go().settle(failedOnOurSide(), false);
        clock.advance(PROBE_EVERY.plusSeconds(1));
        assertThat(go().settle(failedOnOurSide(), true)).as("the outage is not over: still held").isTrue();
        assertThat(pause.paused()).isTrue();
        assertThat(waits()).as("the next probe waits a whole interval").isTrue();
    }

    @Test
    void aRowFailingAgainAfterThePauseEndedIsRecordedAndPausesNothing() {
        go().settle(failedOnOurSide(), false);
        clock.advance(PROBE_EVERY.plusSeconds(1));
        go().settle(started(null), false);

        assertThat(go().settle(failedOnOurSide(), true)).as("its own failure: recorded failed, as before").isFalse();
        assertThat(pause.paused()).isFalse();
        assertThat(waits()).isFalse();
    }

    @Test
    void aStartTwilioDidNotAnswerPausesTheRowsAfterItAndIsNotHeld() {
        assertThat(go().settle(started(TwilioGateway.OUTCOME_UNKNOWN), false))
                .as("it may have gone out: recorded started, with the doubt").isFalse();
        assertThat(pause.paused()).isTrue();
        assertThat(waits()).isTrue();
    }

    @Test
    void aRefusedRowSaysNothingOfTheOutageAndTheNextRowIsTriedInItsPlace() {
        go().settle(failedOnOurSide(), false);
        clock.advance(PROBE_EVERY.plusSeconds(1));
        RowResult refused = result(RowResult.Outcome.FAILED, "recipient_opted_out");
        assertThat(go().settle(new CampaignRowStart.Attempt(StartedSurvey.NOTHING, refused), false)).isFalse();
        assertThat(pause.paused()).isTrue();
        assertThat(waits()).as("the next row is the probe at once").isFalse();
    }

    @Test
    void aPauseLapsesAfterItsLongestAndRowsThenFailAsBefore() {
        go().settle(failedOnOurSide(), false);
        // An hour of probes, each failing: the pause is tried all along, and then lapses.
        for (int probe = 0; probe < 120; probe++) {
            clock.advance(PROBE_EVERY.plusSeconds(1));
            go().settle(failedOnOurSide(), true);
        }
        clock.advance(PROBE_EVERY.plusSeconds(1));
        go(); // the probe, still out
        CampaignOutagePause.Permit late = go();
        assertThat(late.settle(failedOnOurSide(), false)).as("recorded failed").isFalse();
        assertThat(waits()).isFalse();
    }

    /**
     * A pause no start ended (its campaign cancelled, or finished on starts Twilio did not answer) is forgotten once no
     * row has tried a start for a while: until a reviewer's probe (2026-12-07) it stayed on, and the next outage was
     * taken for it and "lapsed" at once, every row recorded failed.
     */
    @Test
    void aPauseNoRowTriedForAWhileIsForgottenAndTheNextOutageGetsAWholePause() {
        go().settle(failedOnOurSide(), false);
        clock.advance(Duration.ofMinutes(59));
        CampaignOutagePause.Permit next = go();
        assertThat(pause.paused()).as("forgotten: the row goes as in no outage").isFalse();
        assertThat(next.probe()).isFalse();
        assertThat(next.settle(failedOnOurSide(), false)).as("a new outage, a whole pause of its own").isTrue();
        clock.advance(PROBE_EVERY.plusSeconds(1));
        assertThat(go().settle(failedOnOurSide(), true)).as("its probe failing: still held, not lapsed").isTrue();
    }

    @Test
    void onlyTheRowLetThroughDuringAPauseIsItsProbe() {
        assertThat(go().probe()).as("no pause").isFalse();
        go().settle(failedOnOurSide(), false);
        clock.advance(PROBE_EVERY.plusSeconds(1));
        assertThat(go().probe()).isTrue();
    }

    @Test
    void aPauseOfZeroNeverHoldsNorWaits() {
        CampaignOutagePause off = new CampaignOutagePause(PROBE_EVERY, Duration.ZERO, clock);
        assertThat(off.await(() -> true)).as("not even called off: pauses are off").isPresent();
        assertThat(off.await(() -> false).orElseThrow().settle(failedOnOurSide(), false)).isFalse();
        assertThat(off.await(() -> false).orElseThrow().settle(failedOnOurSide(), false)).isFalse();
    }

    @Test
    void aRowCalledOffWhileItWaitsIsNotTried() {
        go().settle(failedOnOurSide(), false);
        assertThat(pause.await(() -> true)).isEmpty();
        Thread.currentThread().interrupt();
        assertThat(pause.await(() -> false)).as("interrupted: the instance stops").isEmpty();
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    /** A permit a row gets at its first look; had it to wait, the test fails. */
    private CampaignOutagePause.Permit go() {
        AtomicInteger looks = new AtomicInteger();
        return pause.await(() -> looks.incrementAndGet() > 1)
                .orElseThrow(() -> new AssertionError("the row had to wait"));
    }

    /**
     * Whether a row has to wait: one called off after three looks ({@link CampaignOutagePause#LOOK_EVERY} apart) got
     * no permit. A permit it got is given back as a result that says nothing of the outage.
     */
    private boolean waits() {
        AtomicInteger looks = new AtomicInteger();
        Optional<CampaignOutagePause.Permit> permit = pause.await(() -> looks.incrementAndGet() > 3);
        permit.ifPresent(given -> given.settle(new CampaignRowStart.Attempt(StartedSurvey.NOTHING,
                result(RowResult.Outcome.SKIPPED, "contacted_recently")), false));
        return permit.isEmpty();
    }

    private static CampaignRowStart.Attempt failedOnOurSide() {
        return CampaignRowStart.Attempt.failedOnOurSide(result(RowResult.Outcome.FAILED, "twilio_error"));
    }

    private static CampaignRowStart.Attempt started(String reason) {
        return new CampaignRowStart.Attempt(StartedSurvey.NOTHING, result(RowResult.Outcome.STARTED, reason));
    }

    private static RowResult result(RowResult.Outcome outcome, String reason) {
        return new RowResult(2, "+15550170001", "sms", "en-US", null, outcome, reason, null, null);
    }
}
