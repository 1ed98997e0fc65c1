package com.surveyrelay.initiation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast the initiation endpoints take starts ({@code survey-relay.initiation.*} in {@code application.yaml}).
 *
 * @param rateLimit starts each API key may make per {@code ratePeriod} (default 10); more answer
 *     {@code 429 rate_limited}. Every start texts or calls a real person, and Twilio queues what exceeds the
 *     account's rate
 * @param ratePeriod the period of {@code rateLimit} (default 1 s)
 * @param wrongKeysPerMinute wrong or missing keys one client address may send a minute (default 10); after that
 *     every request from it answers {@code 429 rate_limited} until the minute is over, so keys cannot be guessed
 */
@ConfigurationProperties("survey-relay.initiation")
public record InitiationProperties(int rateLimit, Duration ratePeriod, int wrongKeysPerMinute) {

    public InitiationProperties {
        rateLimit = rateLimit <= 0 ? 10 : rateLimit;
        ratePeriod = ratePeriod == null || ratePeriod.isZero() || ratePeriod.isNegative()
                ? Duration.ofSeconds(1) : ratePeriod;
        wrongKeysPerMinute = wrongKeysPerMinute <= 0 ? 10 : wrongKeysPerMinute;
    }
}
