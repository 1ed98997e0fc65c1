package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A refused duration is shown as an operator would write it, in its largest exact unit. */
class SettingBoundsTest {

    @Test
    void aDurationIsWrittenInItsLargestExactUnit() {
        assertThat(SettingBounds.written(Duration.ZERO)).isEqualTo("0s");
        assertThat(SettingBounds.written(Duration.ofHours(-1))).isEqualTo("-1h");
        assertThat(SettingBounds.written(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(SettingBounds.written(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(SettingBounds.written(Duration.ofSeconds(-5))).isEqualTo("-5s");
        assertThat(SettingBounds.written(Duration.ofMillis(-1500))).isEqualTo("-1500ms");
        assertThat(SettingBounds.written(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    }
}
