package com.surveyrelay.initiation;

import com.surveyrelay.web.HttpProblem;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Rate limits of the initiation endpoints, with resilience4j's {@link RateLimiter}: starts per API key, and
 * wrong keys per client address. Either limit answers {@code 429 rate_limited} with {@code Retry-After}. Limits
 * are per instance: with N instances behind a load balancer a key gets up to N times the rate.
 *
 * <p>Limiters are named by a SHA-256 prefix of the key, never the key; the {@value #TRACKED} most recent keys and
 * addresses are tracked.
 */
@Component
@EnableConfigurationProperties(InitiationProperties.class)
public class InitiationRateLimits {

    private static final int TRACKED = 10_000;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RateLimiterConfig perKey;
    private final RateLimiterConfig perAddress;
    private final Map<String, RateLimiter> keys = lru();
    private final Map<String, RateLimiter> addresses = lru();

    public InitiationRateLimits(InitiationProperties settings) {
        this.perKey = RateLimiterConfig.custom()
                .limitForPeriod(settings.rateLimit())
                .limitRefreshPeriod(settings.ratePeriod())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.perAddress = RateLimiterConfig.custom()
                .limitForPeriod(settings.wrongKeysPerMinute())
                .limitRefreshPeriod(MINUTE)
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    private static Map<String, RateLimiter> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                return size() > TRACKED;
            }
        });
    }

    /**
     * Refuses a client address that sent too many wrong keys this minute, before its key is even looked at.
     *
     * @throws HttpProblem 429 {@code rate_limited}
     */
    public void requireAddressInGoodStanding(String address) {
        RateLimiter limiter = addresses.get(address);
        if (limiter != null && limiter.getMetrics().getAvailablePermissions() <= 0) {
            throw limited("Too many requests with a wrong API key from this address; try again later.", MINUTE);
        }
    }

    /** Counts a wrong or missing key against the client address. */
    public void wrongKey(String address) {
        addresses.computeIfAbsent(address, name -> RateLimiter.of("address", perAddress)).acquirePermission();
    }

    /**
     * Takes one start from the key's budget.
     *
     * @param keyFingerprint the admitted key's {@link #fingerprint}, as {@link ApiKeyGuard} leaves it
     * @throws HttpProblem 429 {@code rate_limited} with {@code Retry-After} when the budget of this period is spent
     */
    public void admitStart(String keyFingerprint) {
        RateLimiter limiter = keys.computeIfAbsent(keyFingerprint, name -> RateLimiter.of(name, perKey));
        if (!limiter.acquirePermission()) {
            // Every start request counts, refused ones too: they were not all surveys started.
            throw limited("This API key made " + perKey.getLimitForPeriod() + " start requests in the last "
                    + perKey.getLimitRefreshPeriod().toMillis() + " ms, its limit; try again shortly.",
                    perKey.getLimitRefreshPeriod());
        }
    }

    private static HttpProblem limited(String message, Duration period) {
        int seconds = (int) Math.max(1, (period.toMillis() + 999) / 1000);
        return new HttpProblem(429, "rate_limited", message, seconds);
    }

    /** A key's name where the key itself must not go (limiter names, exchange properties): a SHA-256 prefix. */
    static String fingerprint(String apiKey) {
        return "key-" + DigestUtils.sha256Hex(apiKey).substring(0, 16);
    }
}
