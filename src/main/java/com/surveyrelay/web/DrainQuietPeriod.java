package com.surveyrelay.web;

import com.surveyrelay.config.SettingBounds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long an instance that is stopping keeps serving after its last request came in ({@code
 * survey-relay.drain-quiet-period}, environment {@code DRAIN_QUIET_PERIOD}, default 1 s): the time a load balancer
 * that still sends it webhooks (on connections it keeps open) takes to stop; {@link QueuedRequestsDrain}.
 *
 * @param drainQuietPeriod from 0 s (stop as soon as nothing is queued) to 10 s (default 1 s)
 * @throws IllegalArgumentException naming {@code DRAIN_QUIET_PERIOD} and the range, for a negative value or one over
 *     10 s (the whole drain takes at most 15 s, Twilio's wait for a webhook)
 */
@ConfigurationProperties("survey-relay")
public record DrainQuietPeriod(Duration drainQuietPeriod) {

    static final Duration DEFAULT = Duration.ofSeconds(1);

    public DrainQuietPeriod {
        drainQuietPeriod = SettingBounds.atMost(Duration.ofSeconds(10), SettingBounds.atLeast(Duration.ZERO,
                drainQuietPeriod, DEFAULT, "DRAIN_QUIET_PERIOD", "survey-relay.drain-quiet-period"),
                "(the whole drain takes at most 15 s)", "DRAIN_QUIET_PERIOD", "survey-relay.drain-quiet-period");
    }
}
