package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
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
        assertThat(new CampaignProperties(true, null, null, null, null, null, null).ratePerSecond())
                .isEqualByComparingTo(BigDecimal.ONE);
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

    @Test
    void unsetCountsTakeTheirDefaults() {
        CampaignProperties settings = bindSetting("inbox", "data/campaigns/inbox");

        assertThat(settings.concurrency()).isEqualTo(4);
        assertThat(settings.maxRows()).isEqualTo(10_000);
        assertThat(settings.progressEvery()).isEqualTo(100);
    }

    @Test
    void theOutagePauseIsAnHourAtMostWithARowTriedEveryHalfMinuteUnlessSet() {
        CampaignProperties unset = bindSetting("inbox", "data/campaigns/inbox");
        assertThat(unset.outagePause()).isEqualTo(Duration.ofHours(1));
        assertThat(unset.outageProbeEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bindSetting("outage-pause", "0").outagePause()).as("off").isZero();
        assertThat(bindSetting("outage-pause", "20m").outagePause()).isEqualTo(Duration.ofMinutes(20));
        assertThat(bindSetting("outage-probe-every", "5s").outageProbeEvery()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anOutagePauseOrProbeOutOfBoundsStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bindSetting("outage-pause", "500ms")).rootCause().hasMessageStartingWith(
                "CAMPAIGN_OUTAGE_PAUSE (survey-relay.campaigns.outage-pause) must be 0 (off) or at least 1s")
                .hasMessageEndingWith("not 500ms");
        assertThatThrownBy(() -> bindSetting("outage-pause", "25h")).rootCause().hasMessage("CAMPAIGN_OUTAGE_PAUSE "
                + "(survey-relay.campaigns.outage-pause) must be at most 1d, not 25h");
        assertThatThrownBy(() -> bindSetting("outage-probe-every", "0")).rootCause().hasMessageStartingWith(
                "CAMPAIGN_OUTAGE_PROBE_EVERY (survey-relay.campaigns.outage-probe-every) must be at least 1s")
                .hasMessageEndingWith("not 0s");
        assertThatThrownBy(() -> bindSetting("outage-probe-every", "11m")).rootCause().hasMessage(
                "CAMPAIGN_OUTAGE_PROBE_EVERY (survey-relay.campaigns.outage-probe-every) must be at most 10m, not 11m");
    }

    /** 0 and negatives were silently replaced by the defaults: CAMPAIGN_MAX_ROWS=-5 took files of 10,000 rows. */
    @Test
    void aCountUnderOneStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bindSetting("concurrency", "0")).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CAMPAIGN_CONCURRENCY (survey-relay.campaigns.concurrency) must be at least 1, not 0");
        assertThatThrownBy(() -> bindSetting("max-rows", "-5")).rootCause()
                .hasMessage("CAMPAIGN_MAX_ROWS (survey-relay.campaigns.max-rows) must be at least 1, not -5");
        assertThatThrownBy(() -> bindSetting("progress-every", "0")).rootCause()
                .hasMessage("CAMPAIGN_PROGRESS_EVERY (survey-relay.campaigns.progress-every) must be at least 1, "
                        + "not 0");
    }

    /** Past about two million rows the file's byte limit overflowed an int and became 64 KB. */
    @Test
    void moreRowsThanAFileCanHoldStopTheStart() {
        assertThat(new CampaignSizeLimit(bindSetting("max-rows", "1000000").maxRows(), Long.MAX_VALUE).maxBytes())
                .isEqualTo(1_024_000_000);
        assertThatThrownBy(() -> bindSetting("max-rows", "3000000")).rootCause()
                .hasMessage("CAMPAIGN_MAX_ROWS (survey-relay.campaigns.max-rows) must be from 1 to 1000000, "
                        + "not 3000000");
    }

    @Test
    void oneIsTheLeastOfEachCount() {
        assertThat(bindSetting("concurrency", "1").concurrency()).isEqualTo(1);
        assertThat(bindSetting("max-rows", "1").maxRows()).isEqualTo(1);
        assertThat(bindSetting("progress-every", "1").progressEvery()).isEqualTo(1);
    }

    private static CampaignProperties bind(String rate) {
        return bindSetting("rate-per-second", rate);
    }

    private static CampaignProperties bindSetting(String name, String value) {
        Binder binder = new Binder(new MapConfigurationPropertySource(
                Map.of("survey-relay.campaigns." + name, value, "survey-relay.campaigns.enabled", "true")));
        return binder.bind("survey-relay.campaigns", CampaignProperties.class).get();
    }
}
