package com.surveyrelay.trigger;

import com.surveyrelay.config.TriggerProperties;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The trigger queue at {@code /actuator/health} ({@code components.triggerQueue}; readiness waits only for its first
 * UP after start, see {@code DependenciesReachedHealth}): with bus triggers on ({@code TRIGGER_QUEUE_ENABLED}), DOWN
 * while {@code GetQueueAttributes} fails, and UP with the queue's visible and in-flight message counts otherwise; UP
 * with {@code enabled: false} when triggers are off.
 */
@Component("triggerQueue")
public class TriggerQueueHealth implements HealthIndicator {

    private final SqsClient sqs;
    private final TriggerProperties triggers;

    public TriggerQueueHealth(SqsClient sqs, TriggerProperties triggers) {
        this.sqs = sqs;
        this.triggers = triggers;
    }

    @Override
    public Health health() {
        if (!triggers.enabled() || triggers.queueUrl() == null || triggers.queueUrl().isBlank()) {
            return Health.up().withDetail("enabled", false).build();
        }
        try {
            QueueAttributeName visible = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES;
            QueueAttributeName inFlight = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE;
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get
                    .queueUrl(triggers.queueUrl()).attributeNames(visible, inFlight)).attributes();
            return Health.up().withDetail("enabled", true).withDetail("messages", attributes.get(visible))
                    .withDetail("inFlight", attributes.get(inFlight)).build();
        } catch (SdkException e) {
            return Health.down().withDetail("enabled", true).withDetail("error", e.getClass().getSimpleName() + ": "
                    + e.getMessage()).build();
        }
    }
}
