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
 * The survey bucket, and the results bucket when it is another ({@code SURVEY_RESULTS_BUCKET}), at
 * {@code /actuator/health} ({@code components.storage}): DOWN while a {@code HeadBucket} of either fails (S3
 * unreachable, 5xx, the bucket gone or the credentials refused), for alerts. Until 2026-12-05 the results bucket was
 * not asked: one that did not exist let an instance become ready, and every finished session's results copy then
 * failed in the outbox while the results API answered {@code 503} "for a moment" (a newcomer's finding).
 * Readiness waits only for its first UP after start ({@code DependenciesReachedHealth}): during a later outage the
 * webhooks still answer (an inbound text is kept for the retry queue, a caller hears the apology), and an outage of
 * the shared bucket would otherwise take every replica out of the load balancer at once. The answer is kept {@value #KEPT_SECONDS} s, so probes every few
 * seconds cost S3 one request at most that often.
 */
@Component("storage")
public class StorageHealth implements HealthIndicator {

    static final long KEPT_SECONDS = 5;

    private final S3Client s3;
    private final String bucket;
    /** The results bucket when it is not {@link #bucket}, else null. */
    private final String resultsBucket;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant lastAt = Instant.MIN;

    public StorageHealth(S3Client s3, SurveyRelayProperties settings, Clock clock) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.resultsBucket = settings.resultsBucket() == null || settings.resultsBucket().equals(bucket) ? null
                : settings.resultsBucket();
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health kept = last;
        if (kept != null && lastAt.plus(Duration.ofSeconds(KEPT_SECONDS)).isAfter(now)) {
            return kept;
        }
        Health.Builder health = Health.up().withDetail("bucket", bucket);
        if (resultsBucket != null) {
            health.withDetail("resultsBucket", resultsBucket);
        }
        String asked = bucket;
        try {
            s3.headBucket(head -> head.bucket(bucket));
            if (resultsBucket != null) {
                asked = resultsBucket;
                s3.headBucket(head -> head.bucket(resultsBucket));
            }
        } catch (SdkException e) {
            health.down().withDetail("error", asked + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        last = health.build();
        lastAt = now;
        return last;
    }
}
