package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CampaignPacerTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final CampaignPacer pacer = new CampaignPacer(BigDecimal.valueOf(20), now::get);

    @Test
    void spacesRowsEvenlyAtTheRate() {
        assertThat(pacer.millisUntilNextSlot()).isZero();
        assertThat(pacer.millisUntilNextSlot()).isEqualTo(50);
        assertThat(pacer.millisUntilNextSlot()).isEqualTo(100);
        now.addAndGet(30_000_000L);
        assertThat(pacer.millisUntilNextSlot()).as("the slot at 150 ms, 30 ms later").isEqualTo(120);
    }

    @Test
    void doesNotSaveSlotsUpWhileIdle() {
        pacer.millisUntilNextSlot();
        now.addAndGet(10_000_000_000L);
        assertThat(pacer.millisUntilNextSlot()).isZero();
        assertThat(pacer.millisUntilNextSlot()).as("no burst after a pause").isEqualTo(50);
    }

    @Test
    void roundsAPartialMillisecondUp() {
        CampaignPacer threePerSecond = new CampaignPacer(BigDecimal.valueOf(3), now::get);
        threePerSecond.millisUntilNextSlot();
        assertThat(threePerSecond.millisUntilNextSlot()).isEqualTo(334);
    }

    /** Three intervals of a third of a second, rounded up, are a little over a second: never four starts in one. */
    @Test
    void theRateHoldsInEverySecondWhenItDoesNotDivideOne() {
        CampaignPacer threePerSecond = new CampaignPacer(BigDecimal.valueOf(3), now::get);
        threePerSecond.millisUntilNextSlot();
        threePerSecond.millisUntilNextSlot();
        threePerSecond.millisUntilNextSlot();
        assertThat(threePerSecond.millisUntilNextSlot()).isEqualTo(1_001);
    }

    @Test
    void aRateBelowOneSpacesRowsMoreThanASecondApart() {
        CampaignPacer oneEveryTwoSeconds = new CampaignPacer(new BigDecimal("0.5"), now::get);
        assertThat(oneEveryTwoSeconds.millisUntilNextSlot()).isZero();
        assertThat(oneEveryTwoSeconds.millisUntilNextSlot()).isEqualTo(2_000);
        assertThat(oneEveryTwoSeconds.millisUntilNextSlot()).isEqualTo(4_000);
    }
}
