package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DRAIN_QUIET_PERIOD: 1 s unless set, 0 s to 10 s, anything else refused naming the variable. */
class DrainQuietPeriodTest {

    @Test
    void isOneSecondUnlessSetAndTakesZeroToTenSeconds() {
        assertThat(new DrainQuietPeriod(null).drainQuietPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new DrainQuietPeriod(Duration.ZERO).drainQuietPeriod()).isZero();
        assertThat(new DrainQuietPeriod(Duration.ofSeconds(10)).drainQuietPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new DrainQuietPeriod(Duration.ofSeconds(11)))
                .hasMessageStartingWith("DRAIN_QUIET_PERIOD (survey-relay.drain-quiet-period) must be at most 10s");
        assertThatThrownBy(() -> new DrainQuietPeriod(Duration.ofMillis(-1)))
                .hasMessageStartingWith("DRAIN_QUIET_PERIOD (survey-relay.drain-quiet-period) must be at least 0");
    }
}
