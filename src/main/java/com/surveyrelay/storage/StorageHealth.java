package com.surveyrelay.storage;

import com.surveyrelay.config.SurveyRelayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The survey bucket at {@code /actuator/health} ({@code components.storage}): DOWN while a {@code HeadBucket} fails
 * (S3 unreachable, 5xx, the bucket gone or the credentials refused), for alerts. Readiness waits only for its first
 * UP after start ({@code DependenciesReachedHealth}): during a later outage the webhooks still answer (an inbound text
 * is kept for the retry queue, a caller hears the apology), and an outage of the shared bucket would otherwise take
 * every replica out of the load balancer at once. The answer is kept {@value #KEPT_SECONDS} s, so probes every few
 * seconds cost S3 one request at most that often.
 */
@Component("storage")
public class StorageHealth implements HealthIndicator {

    static final long KEPT_SECONDS = 5;

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant lastAt = Instant.MIN;

    public StorageHealth(S3Client s3, SurveyRelayProperties settings, Clock clock) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health kept = last;
        if (kept != null && lastAt.plus(Duration.ofSeconds(KEPT_SECONDS)).isAfter(now)) {
            return kept;
        }
        Health health;
        try {
            s3.headBucket(head -> head.bucket(bucket));
            health = Health.up().withDetail("bucket", bucket).build();
        } catch (SdkException e) {
            health = Health.down().withDetail("bucket", bucket).withDetail("error", e.getClass().getSimpleName()
                    + ": " + e.getMessage()).build();
        }
        last = health;
        lastAt = now;
        return health;
    }
}
