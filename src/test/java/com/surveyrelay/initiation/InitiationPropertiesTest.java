package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** 0 and negatives were silently replaced by the defaults: INITIATION_RATE_LIMIT=0 allowed 10 starts a second. */
class InitiationPropertiesTest {

    @Test
    void unsetSettingsTakeTheirDefaults() {
        InitiationProperties settings = bind(Map.of());

        assertThat(settings.rateLimit()).isEqualTo(10);
        assertThat(settings.ratePeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.wrongKeysPerMinute()).isEqualTo(10);
    }

    @Test
    void aRateLimitUnderOneStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind(Map.of("rate-limit", "0"))).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("INITIATION_RATE_LIMIT (survey-relay.initiation.rate-limit) must be at least 1, not 0");
        assertThat(bind(Map.of("rate-limit", "1")).rateLimit()).isEqualTo(1);
    }

    @Test
    void aRatePeriodUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("rate-period", "0s"))).rootCause()
                .hasMessage("INITIATION_RATE_PERIOD (survey-relay.initiation.rate-period) must be at least 1s with a "
                        + "unit such as 30s or 2h (a bare number is milliseconds), not 0s");
        assertThatThrownBy(() -> bind(Map.of("rate-period", "1"))).rootCause().hasMessageEndingWith("not 1ms");
        assertThat(bind(Map.of("rate-period", "1m")).ratePeriod()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void wrongKeysUnderOneStopTheStart() {
        assertThatThrownBy(() -> bind(Map.of("wrong-keys-per-minute", "-1"))).rootCause()
                .hasMessage("INITIATION_WRONG_KEYS_PER_MINUTE (survey-relay.initiation.wrong-keys-per-minute) must be "
                        + "at least 1, not -1");
    }

    private static InitiationProperties bind(Map<String, String> settings) {
        Map<String, String> named = new HashMap<>();
        settings.forEach((name, value) -> named.put("survey-relay.initiation." + name, value));
        return new Binder(new MapConfigurationPropertySource(named))
                .bindOrCreate("survey-relay.initiation", InitiationProperties.class);
    }
}
