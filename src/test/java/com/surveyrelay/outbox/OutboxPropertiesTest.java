package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxPropertiesTest {

    private static OutboxProperties with(Duration lease, Duration removalDelay) {
        return new OutboxProperties(lease, null, null, null, null, null, removalDelay, null);
    }

    @Test
    void deliveredEventsWaitTwoSecondsForTheNextStepByDefault() {
        assertThat(with(null, null).removalDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aShortLeaseShortensTheDefaultToAThirdOfIt() {
        assertThat(with(Duration.ofSeconds(1), null).removalDelay()).isEqualTo(Duration.ofSeconds(1).dividedBy(3));
    }

    @Test
    void zeroWritesEveryRemovalAtOnce() {
        assertThat(with(null, Duration.ZERO).removalDelay()).isZero();
    }

    @Test
    void refusesADelayTheLeaseWouldNotOutlast() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(30), Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OUTBOX_REMOVAL_DELAY (survey-relay.outbox.removal-delay) must be between 0s and a third "
                        + "of OUTBOX_LEASE (30s), not 11s");
        assertThatThrownBy(() -> with(null, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdleSessionIsReadEveryFiveMinutesByDefault() {
        assertThat(with(null, null).idleSweepInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesANegativeIdleSweepInterval() {
        assertThatThrownBy(() -> new OutboxProperties(null, null, null, null, null, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OUTBOX_IDLE_SWEEP_INTERVAL (survey-relay.outbox.idle-sweep-interval) must be at least 0s, "
                        + "not -1s");
    }

    /**
     * A retry with no wait, a longest wait below the first, or no age before a warning stops the start: until
     * 2026-12-07 {@code OUTBOX_FIRST_RETRY=0s} redelivered twice a second through an EventBridge outage (an operator's
     * probe).
     */
    @Test
    void aRetryWithoutBackOffStopsTheStart() {
        assertThatThrownBy(() -> new OutboxProperties(null, null, Duration.ZERO, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("OUTBOX_FIRST_RETRY (survey-relay.outbox.first-retry) must be at least 10ms");
        assertThatThrownBy(() -> new OutboxProperties(null, null, Duration.ofSeconds(1), Duration.ofMillis(100), null,
                null, null, null)).hasMessageStartingWith(
                        "OUTBOX_MAX_RETRY_DELAY (survey-relay.outbox.max-retry-delay) must be at least 1s");
        assertThatThrownBy(() -> new OutboxProperties(null, null, null, null, Duration.ZERO, null, null, null))
                .hasMessageStartingWith("OUTBOX_WARN_AGE (survey-relay.outbox.warn-age) must be at least 1s");
        assertThat(new OutboxProperties(null, null, Duration.ofSeconds(45), null, null, null, null, null)
                .maxRetryDelay()).as("unset, at least the first wait").isEqualTo(Duration.ofSeconds(45));
        OutboxProperties defaults = new OutboxProperties(null, null, null, null, null, null, null, null);
        assertThat(defaults.retryDelay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.retryDelay(30)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aLeaseUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> with(Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OUTBOX_LEASE (survey-relay.outbox.lease) must be at least 1s with a unit such as 30s or "
                        + "2h (a bare number is milliseconds), not 0s");
        assertThatThrownBy(() -> with(Duration.ofMillis(30), null)).hasMessageEndingWith("not 30ms");
    }

    @Test
    void aSweepIntervalUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> new OutboxProperties(null, Duration.ZERO, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OUTBOX_SWEEP_INTERVAL (survey-relay.outbox.sweep-interval) must be at least 1s with a "
                        + "unit such as 30s or 2h (a bare number is milliseconds), not 0s");
        assertThat(new OutboxProperties(null, Duration.ofSeconds(1), null, null, null, null, null, null)
                .sweepInterval()).hasSeconds(1);
    }

    /** A negative grace was taken as it was: the late answer's wait was already over when the call ended. */
    @Test
    void aNegativeCallEndGraceStopsTheStartAndZeroEndsTheCallAtOnce() {
        assertThatThrownBy(() -> withGrace(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CALL_END_GRACE (survey-relay.outbox.call-end-grace) must be at least 0s, not -5s");
        assertThat(withGrace(Duration.ZERO).callEndGrace()).isZero();
        assertThat(withGrace(null).callEndGrace()).hasSeconds(15);
    }

    private static OutboxProperties withGrace(Duration callEndGrace) {
        return new OutboxProperties(null, null, null, null, null, callEndGrace, null, null);
    }
}
