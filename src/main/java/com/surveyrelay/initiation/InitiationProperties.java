package com.surveyrelay.initiation;

import com.surveyrelay.config.SettingBounds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast the initiation endpoints take starts ({@code survey-relay.initiation.*} in {@code application.yaml}).
 *
 * @param rateLimit starts each API key may make per {@code ratePeriod}, at least 1 (default 10); more answer
 *     {@code 429 rate_limited}. Every start texts or calls a real person, and Twilio queues what exceeds the
 *     account's rate
 * @param ratePeriod the period of {@code rateLimit}, at least 1 s (default 1 s)
 * @param wrongKeysPerMinute wrong keys one client address may send a minute, at least 1 (default 10); after that
 *     every request from it answers {@code 429 rate_limited} until the minute is over, so keys cannot be guessed
 * @throws IllegalArgumentException naming the environment variable and the range, for a value out of range (0 and
 *     negatives are refused, not replaced by the default)
 */
@ConfigurationProperties("survey-relay.initiation")
public record InitiationProperties(Integer rateLimit, Duration ratePeriod, Integer wrongKeysPerMinute) {

    public InitiationProperties {
        rateLimit = SettingBounds.atLeast(1, rateLimit, 10, "INITIATION_RATE_LIMIT",
                "survey-relay.initiation.rate-limit");
        ratePeriod = SettingBounds.atLeast(SettingBounds.ONE_SECOND, ratePeriod, Duration.ofSeconds(1),
                "INITIATION_RATE_PERIOD", "survey-relay.initiation.rate-period");
        wrongKeysPerMinute = SettingBounds.atLeast(1, wrongKeysPerMinute, 10, "INITIATION_WRONG_KEYS_PER_MINUTE",
                "survey-relay.initiation.wrong-keys-per-minute");
    }
}
