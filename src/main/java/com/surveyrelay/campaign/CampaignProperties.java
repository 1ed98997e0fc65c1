package com.surveyrelay.campaign;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * CSV campaigns ({@code survey-relay.campaigns.*}). The intake's source URI is read by the
 * {@code campaign-intake} route itself, so it is not repeated here.
 *
 * @param enabled whether this instance takes campaign files and resumes unfinished campaigns
 * @param ratePerSecond rows started per second, evenly {@code 1 / rate} apart, across every campaign: Twilio
 *     counts calls and texts per second and account
 * @param concurrency how many rows may be starting at once; a start waits on S3 and Twilio, so the rate
 *     holds only while {@code concurrency >= ratePerSecond * seconds per start}
 * @param maxRows a file with more rows than this is refused as a whole
 * @param progressEvery a progress line is logged (and the status stored) every this many rows
 */
@ConfigurationProperties("survey-relay.campaigns")
public record CampaignProperties(boolean enabled, int ratePerSecond, int concurrency, int maxRows, int progressEvery) {

    /** A row is a few dozen bytes; anything far beyond that per row is not a campaign file. */
    static final int MAX_BYTES_PER_ROW = 1024;

    public CampaignProperties {
        ratePerSecond = ratePerSecond <= 0 ? 1 : ratePerSecond;
        concurrency = concurrency <= 0 ? 4 : concurrency;
        maxRows = maxRows <= 0 ? 10_000 : maxRows;
        progressEvery = progressEvery <= 0 ? 100 : progressEvery;
    }

    int maxBytes() {
        return Math.max(64 * 1024, maxRows * MAX_BYTES_PER_ROW);
    }

    /** Whole seconds the given rows take at the configured rate. */
    long secondsFor(int rows) {
        return (rows + ratePerSecond - 1L) / ratePerSecond;
    }
}
