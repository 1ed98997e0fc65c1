package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Readiness waits for the shared dependencies only until each has been UP once (probe H51: a shared S3 outage took
 * every replica out of the load balancer at once, and a hanging S3 made the readiness probe take 3 s).
 */
class DependenciesReachedHealthTest {

    /** A dependency whose next answers the test sets, counting how often it is asked. */
    private static final class Dependency implements HealthIndicator {
        private volatile Health answer = Health.down().build();
        private final AtomicInteger asked = new AtomicInteger();

        @Override
        public Health health() {
            asked.incrementAndGet();
            return answer;
        }
    }

    @Test
    void isDownNamingEachDependencyNotYetReached() {
        Dependency storage = new Dependency();
        Dependency queue = new Dependency();
        queue.answer = Health.up().build();
        Health health = new DependenciesReachedHealth(Map.of("storage", storage, "triggerQueue", queue)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("waitingFor", Map.of("storage", "DOWN")));
    }

    @Test
    void staysUpWithoutAskingAgainOnceEachDependencyWasUpOnce() {
        Dependency storage = new Dependency();
        Dependency queue = new Dependency();
        DependenciesReachedHealth readiness = new DependenciesReachedHealth(
                Map.of("storage", storage, "triggerQueue", queue));
        queue.answer = Health.up().build();
        assertThat(readiness.health().getStatus()).isEqualTo(Status.DOWN);
        storage.answer = Health.up().build();
        assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
        int storageAsked = storage.asked.get();
        int queueAsked = queue.asked.get();

        storage.answer = Health.down().withDetail("error", "SlowDown").build();
        queue.answer = Health.down().build();
        Health later = readiness.health();

        assertThat(later.getStatus()).isEqualTo(Status.UP);
        assertThat(later.getDetails()).isEqualTo(Map.of("reached", List.of("storage", "triggerQueue")));
        assertThat(storage.asked).as("no S3 call on the readiness path once ready").hasValue(storageAsked);
        assertThat(queue.asked).hasValue(queueAsked);
        assertThat(queueAsked).as("a dependency reached is not asked again while another is waited for").isOne();
    }

    /** With bus triggers off the queue is UP with {@code enabled: false}: ready, and not named as a reached queue. */
    @Test
    void aDependencyThatIsOffIsNotNamedAsReached() {
        Dependency storage = new Dependency();
        Dependency queue = new Dependency();
        storage.answer = Health.up().build();
        queue.answer = Health.up().withDetail("enabled", false).build();
        Health health = new DependenciesReachedHealth(Map.of("storage", storage, "triggerQueue", queue)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEqualTo(Map.of("reached", List.of("storage")));
    }
}
