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
                .hasMessage("survey-relay.outbox.removal-delay must be between 0 and a third of the lease (30 s), "
                        + "not 11000 ms");
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
                .hasMessage("survey-relay.outbox.idle-sweep-interval must not be negative, not PT-1S");
    }
}
