package com.surveyrelay.campaign;

import com.surveyrelay.config.SettingBounds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * CSV campaigns ({@code survey-relay.campaigns.*}). The intake's source URI is read by the
 * {@code campaign-intake} route itself, so it is not repeated here.
 *
 * @param enabled whether this instance takes campaign files and resumes unfinished campaigns
 * @param ratePerSecond rows started per second, evenly {@code 1 / rate} apart, across every campaign: Twilio
 *     counts calls and texts per second and account. A decimal from {@value #MIN_RATE} (one row every 1,000 s) to
 *     {@value #MAX_RATE}, such as {@code 0.5} for one row every 2 s; unset, 1. Anything else (0, a negative, a
 *     word) stops the start with an {@link IllegalArgumentException} naming the setting
 * @param concurrency how many rows may be starting at once; a start waits on S3 and Twilio, so the rate
 *     holds only while {@code concurrency >= ratePerSecond * seconds per start}. At least 1; unset, 4
 * @param maxRows a file with more rows than this is refused as a whole. From 1 to {@value #MAX_MAX_ROWS}; unset,
 *     10,000. A heap too small for that many lowers it ({@link CampaignSizeLimit})
 * @param progressEvery a progress line is logged (and the status stored) every this many rows. At least 1; unset,
 *     100
 * @param outagePause how long, at most, rows wait while their starts fail on our side (Twilio or storage down;
 *     {@link CampaignOutagePause}); {@code 0} turns the pause off. Zero or from 1 s to 24 h; unset, 1 h
 * @param outageProbeEvery how often one row is tried during such a pause, to see whether the outage is over. From 1 s
 *     to 10 min; unset, 30 s
 * @throws IllegalArgumentException naming the environment variable and the range, for a value out of range (0 and
 *     negatives are refused, not replaced by the default)
 */
@ConfigurationProperties("survey-relay.campaigns")
public record CampaignProperties(boolean enabled, BigDecimal ratePerSecond, Integer concurrency, Integer maxRows,
        Integer progressEvery, Duration outagePause, Duration outageProbeEvery) {

    private static final Duration DEFAULT_OUTAGE_PAUSE = Duration.ofHours(1);

    /** The slowest rate: one row every 1,000 s. Slower than that is no campaign; the intervals stay in a long. */
    static final String MIN_RATE = "0.001";
    /** The fastest rate: ten times a short code's default of 100 texts a second, far above any account's. */
    static final String MAX_RATE = "1000";

    /** A row is a few dozen bytes; anything far beyond that per row is not a campaign file. */
    static final int MAX_BYTES_PER_ROW = 1024;

    /** The most rows a file may be set to hold: its byte limit, {@value #MAX_BYTES_PER_ROW} a row, stays an int. */
    static final int MAX_MAX_ROWS = 1_000_000;

    public CampaignProperties {
        ratePerSecond = rate(ratePerSecond);
        concurrency = SettingBounds.atLeast(1, concurrency, 4, "CAMPAIGN_CONCURRENCY",
                "survey-relay.campaigns.concurrency");
        maxRows = SettingBounds.atLeast(1, maxRows, 10_000, "CAMPAIGN_MAX_ROWS", "survey-relay.campaigns.max-rows");
        if (maxRows > MAX_MAX_ROWS) {
            throw SettingBounds.refused("CAMPAIGN_MAX_ROWS", "survey-relay.campaigns.max-rows",
                    "from 1 to " + MAX_MAX_ROWS, maxRows.toString());
        }
        progressEvery = SettingBounds.atLeast(1, progressEvery, 100, "CAMPAIGN_PROGRESS_EVERY",
                "survey-relay.campaigns.progress-every");
        outagePause = SettingBounds.atMost(Duration.ofHours(24), SettingBounds.zeroOrAtLeast(SettingBounds.ONE_SECOND,
                outagePause == null ? DEFAULT_OUTAGE_PAUSE : outagePause, "off", "CAMPAIGN_OUTAGE_PAUSE",
                "survey-relay.campaigns.outage-pause"), "", "CAMPAIGN_OUTAGE_PAUSE",
                "survey-relay.campaigns.outage-pause");
        outageProbeEvery = SettingBounds.atMost(Duration.ofMinutes(10), SettingBounds.atLeast(
                SettingBounds.ONE_SECOND, outageProbeEvery, Duration.ofSeconds(30), "CAMPAIGN_OUTAGE_PROBE_EVERY",
                "survey-relay.campaigns.outage-probe-every"), "", "CAMPAIGN_OUTAGE_PROBE_EVERY",
                "survey-relay.campaigns.outage-probe-every");
    }

    /** Whole seconds the given rows take at the configured rate, rounded up. */
    long secondsFor(int rows) {
        return BigDecimal.valueOf(rows).divide(ratePerSecond, 0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * The rate as set, within {@value #MIN_RATE} to {@value #MAX_RATE}, written without trailing zeros ({@code 1},
     * {@code 0.5}), as the campaign status shows it; null is the default, 1.
     */
    private static BigDecimal rate(BigDecimal set) {
        if (set == null) {
            return BigDecimal.ONE;
        }
        if (set.compareTo(new BigDecimal(MIN_RATE)) < 0 || set.compareTo(new BigDecimal(MAX_RATE)) > 0) {
            throw new IllegalArgumentException("CAMPAIGN_RATE_PER_SECOND (survey-relay.campaigns.rate-per-second) "
                    + "must be from " + MIN_RATE + " to " + MAX_RATE + " rows a second, such as 0.5 for one row "
                    + "every 2 s, not " + set); // toString: 1e2000000000 written plainly is 2 GB
        }
        BigDecimal plain = set.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
