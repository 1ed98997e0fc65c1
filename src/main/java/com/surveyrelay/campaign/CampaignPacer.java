package com.surveyrelay.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spaces the starts of campaign rows evenly at the configured rate, across every lane and campaign: each row
 * takes the next free slot, {@code 1 / rate} seconds after the one before, and waits for it.
 *
 * <p>Why not Camel's throttle: with {@code rate} requests per second it grants a whole second's permits at once, and
 * a start then spends a varying few milliseconds in S3 before it reaches Twilio, so each burst spills over into the
 * next second and Twilio sees more than the rate in it. One request per {@code timePeriodMillis} of
 * {@code 1000 / rate} would space them, but in whole milliseconds: at 3 a second that is one every 333 ms, 3.003 a
 * second, over the rate Twilio allows (here the interval is {@code 1e9 / rate} nanoseconds, rounded up). Evenly
 * spaced slots keep every second within the rate, and n starts take at least {@code (n - 1) / rate} seconds; the
 * spread of the S3 writes between a slot and Twilio is taken out by a second pacer of this kind,
 * {@link CampaignContactPace}, right before Twilio. Slots are not saved up while idle.
 */
@Component("campaignPacer")
public class CampaignPacer implements com.surveyrelay.schedule.CampaignRowPace {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextSlot;
    private boolean started;

    @Autowired
    public CampaignPacer(CampaignProperties settings) {
        this(settings.ratePerSecond(), System::nanoTime);
    }

    /** @param ratePerSecond rows a second, within {@link CampaignProperties}' bounds (0.001 to 1000) */
    CampaignPacer(BigDecimal ratePerSecond, LongSupplier nanoTime) {
        // Rounded up: an interval a nanosecond short would fit rate + 1 starts into some second.
        this.intervalNanos = BigDecimal.valueOf(1_000_000_000L).divide(ratePerSecond, 0, RoundingMode.CEILING)
                .longValueExact();
        this.nanoTime = nanoTime;
    }

    /** Takes the next slot: how many milliseconds to wait for it (0 when it is now). */
    @Override
    public long millisUntilNextSlot() {
        long now = nanoTime.getAsLong();
        long slot;
        synchronized (this) {
            slot = started && nextSlot - now > 0 ? nextSlot : now;
            nextSlot = slot + intervalNanos;
            started = true;
        }
        return (slot - now + 999_999) / 1_000_000;
    }
}
