package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CampaignSizeLimitTest {

    private static final long MIB = 1024 * 1024;

    /**
     * The production launch (-Xms64m -Xmx144m -XX:+UseSerialGC) reports 146,014,208 bytes of usable heap (139 MiB,
     * {@code Runtime.maxMemory()} on this machine's Java 17): a third of it in rows of 1,200 bytes is 40,559 rows.
     */
    @Test
    void theProductionHeapHoldsFewerRowsThanTheLargestSettingAllows() {
        CampaignSizeLimit limit = new CampaignSizeLimit(1_000_000, 146_014_208);

        assertThat(limit.maxRows()).isEqualTo(146_014_208 / 3 / 1_200).isEqualTo(40_559);
        assertThat(limit.heapBound()).isTrue();
        assertThat(limit.heapHolds(40_559)).isTrue();
        assertThat(limit.heapHolds(40_560)).isFalse();
        assertThat(limit.maxBytes()).as("a third of the heap at 6 bytes a byte, not 1 KiB a row")
                .isEqualTo(146_014_208 / 3 / 6).isEqualTo(8_111_900);
        assertThat(limit.bytesNote()).isEqualTo(" This instance's heap (139 MiB) sets that limit: run the service "
                + "with more heap (-Xmx) for larger files, or split the file.");
        assertThat(limit.heapNote()).isEqualTo(" This instance's heap (139 MiB) sets that limit, below "
                + "CAMPAIGN_MAX_ROWS (1000000): run the service with more heap (-Xmx) for larger campaigns.");
    }

    /** A CAMPAIGN_MAX_ROWS lowered since does not stop a campaign already received: only the heap does. */
    @Test
    void theHeapNotTheSettingDecidesWhichCampaignsRunHere() {
        CampaignSizeLimit limit = new CampaignSizeLimit(10, 146_014_208);

        assertThat(limit.maxRows()).isEqualTo(10);
        assertThat(limit.heapHolds(40_000)).isTrue();
    }

    @Test
    void aHeapLargeEnoughLeavesTheSettingToDecide() {
        CampaignSizeLimit limit = new CampaignSizeLimit(10_000, 6 * 1024 * MIB);

        assertThat(limit.maxRows()).isEqualTo(10_000);
        assertThat(limit.heapBound()).isFalse();
        assertThat(limit.heapNote()).isEmpty();
        assertThat(limit.maxBytes()).isEqualTo(10_000 * 1024);
        assertThat(limit.bytesNote()).isEmpty();
    }

    /** Runtime.maxMemory() answers Long.MAX_VALUE for a JVM without a limit. */
    @Test
    void aHeapWithoutALimitLeavesTheSettingToDecide() {
        assertThat(new CampaignSizeLimit(1_000_000, Long.MAX_VALUE).maxRows()).isEqualTo(1_000_000);
    }

    @Test
    void aTinyHeapStillTakesOneRowAndAFileOf64KiB() {
        CampaignSizeLimit limit = new CampaignSizeLimit(10_000, 1);

        assertThat(limit.maxRows()).isOne();
        assertThat(limit.maxBytes()).isEqualTo(64 * 1024);
    }
}
