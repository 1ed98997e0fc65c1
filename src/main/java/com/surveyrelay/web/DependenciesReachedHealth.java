package com.surveyrelay.web;

import com.surveyrelay.storage.StorageHealth;
import com.surveyrelay.trigger.TriggerQueueHealth;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The readiness group's view of the shared dependencies ({@code components.dependenciesReached}): DOWN until the
 * survey bucket ({@link StorageHealth}) and the trigger queue ({@link TriggerQueueHealth}, UP at once when triggers
 * are off) have each been UP once since start, so an instance with a wrong bucket or queue never gets traffic; UP for
 * good after that, without asking S3 or SQS again, so a readiness probe answers in microseconds.
 *
 * <p>Why not the dependencies themselves: Kubernetes' guidance is that readiness must not depend on a shared
 * dependency whose failure affects every replica. During an S3 outage every replica would leave the load balancer at
 * once; Twilio would then meet connection errors, lose inbound texts (it does not retry them) and play its own error
 * to callers, where the service keeps the text for its retry queue and plays its apology. {@code storage} and
 * {@code triggerQueue} stay in {@code /actuator/health}, DOWN there during an outage, for alerts.
 */
@Component("dependenciesReached")
class DependenciesReachedHealth implements HealthIndicator {

    private final Map<String, HealthIndicator> dependencies;
    private final Set<String> reached = ConcurrentHashMap.newKeySet();
    /** Dependencies UP with {@code enabled: false} (the trigger queue with bus triggers off): not named as reached. */
    private final Set<String> off = ConcurrentHashMap.newKeySet();

    @Autowired
    DependenciesReachedHealth(StorageHealth storage, TriggerQueueHealth triggerQueue) {
        this(Map.of("storage", storage, "triggerQueue", triggerQueue));
    }

    /** @param dependencies each dependency's indicator by its name in {@code /actuator/health} */
    DependenciesReachedHealth(Map<String, HealthIndicator> dependencies) {
        this.dependencies = Map.copyOf(dependencies);
    }

    /**
     * UP once every dependency has been UP once, naming under {@code reached} those in use (one UP with the detail
     * {@code enabled: false}, the trigger queue with bus triggers off, is not named: until 2026-12-07 readiness listed
     * {@code triggerQueue} as reached where no queue was asked); until then asks each one not yet reached (at most the
     * dependency's own timeouts) and is DOWN naming each one still waited for with its status.
     */
    @Override
    public Health health() {
        Map<String, String> waiting = new TreeMap<>();
        dependencies.forEach((name, indicator) -> {
            if (!reached.contains(name)) {
                Health health = indicator.health();
                Status status = health.getStatus();
                if (Status.UP.equals(status)) {
                    if (Boolean.FALSE.equals(health.getDetails().get("enabled"))) {
                        off.add(name);
                    }
                    reached.add(name);
                } else {
                    waiting.put(name, status.getCode());
                }
            }
        });
        return waiting.isEmpty()
                ? Health.up().withDetail("reached", dependencies.keySet().stream().filter(name -> !off.contains(name))
                        .sorted().toList()).build()
                : Health.down().withDetail("waitingFor", waiting).build();
    }
}
