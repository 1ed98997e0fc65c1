package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CampaignPropertiesTest {

    @Test
    void aRateBelowOneIsTakenAsSetAndItsRowsTakeLonger() {
        CampaignProperties settings = bind("0.5");

        assertThat(settings.ratePerSecond()).isEqualByComparingTo("0.5");
        assertThat(settings.secondsFor(3)).as("three rows, one every 2 s").isEqualTo(6);
    }

    @Test
    void aWholeRateIsShownWithoutTrailingZeros() {
        assertThat(bind("1.0").ratePerSecond().toPlainString()).isEqualTo("1");
        assertThat(bind("100").ratePerSecond().toString()).as("not 1E+2 in the campaign status").isEqualTo("100");
        assertThat(bind("3").secondsFor(10)).as("rounded up").isEqualTo(4);
    }

    @Test
    void anUnsetRateIsOneRowASecond() {
        assertThat(new CampaignProperties(true, null, 0, 0, 0).ratePerSecond()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void aRateOutsideItsBoundsStopsTheStartNamingTheSetting() {
        for (String rate : new String[] {"0", "-1", "0.0005", "1001"}) {
            assertThatThrownBy(() -> bind(rate)).as(rate).isInstanceOf(BindException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CAMPAIGN_RATE_PER_SECOND").hasMessageContaining("not " + rate);
        }
    }

    @Test
    void aRateThatIsNoNumberStopsTheStart() {
        assertThatThrownBy(() -> bind("fast")).isInstanceOf(BindException.class)
                .hasMessageContaining("survey-relay.campaigns.rate-per-second");
    }

    private static CampaignProperties bind(String rate) {
        Binder binder = new Binder(new MapConfigurationPropertySource(
                Map.of("survey-relay.campaigns.rate-per-second", rate, "survey-relay.campaigns.enabled", "true")));
        return binder.bind("survey-relay.campaigns", CampaignProperties.class).get();
    }
}
