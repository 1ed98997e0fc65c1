package com.surveyrelay.outbox;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The outbox at {@code /actuator/health} ({@code components.outbox}): how many entries this instance has yet to
 * deliver, of how many sessions, the oldest one's age in seconds, and the last sink error. Always UP: a bus
 * outage delays events but loses none, and taking the instance out of a load balancer would not help; the
 * relay also logs a warning while the oldest entry is older than {@code survey-relay.outbox.warn-age}.
 */
@Component("outbox")
class OutboxHealth implements HealthIndicator {

    private final OutboxRelay relay;

    OutboxHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        OutboxBacklog backlog = relay.backlog();
        Health.Builder health = Health.up()
                .withDetail("pendingEntries", backlog.entries())
                .withDetail("pendingSessions", backlog.sessions())
                .withDetail("oldestPendingSeconds", backlog.oldestAge().toSeconds());
        if (backlog.entries() > 0 && backlog.lastError() != null) {
            health.withDetail("lastError", backlog.lastError());
        }
        return health.build();
    }
}
