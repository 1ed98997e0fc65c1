package com.surveyrelay.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The outbox backlog as gauges, what {@link OutboxHealth} shows: {@code survey_relay_outbox_entries} and
 * {@code survey_relay_outbox_sessions} (entries and sessions this instance has yet to deliver) and
 * {@code survey_relay_outbox_oldest_age_seconds} (how long the oldest has waited; 0 when none). An alert on the age
 * catches a bus outage long before anything is lost.
 */
@Component
class OutboxMetrics implements MeterBinder {

    private final OutboxRelay relay;

    OutboxMetrics(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("survey.relay.outbox.entries", relay, each -> each.backlog().entries())
                .description("Outbox entries not yet delivered").register(registry);
        Gauge.builder("survey.relay.outbox.sessions", relay, each -> each.backlog().sessions())
                .description("Sessions with outbox entries not yet delivered").register(registry);
        Gauge.builder("survey.relay.outbox.oldest.age", relay, each -> each.backlog().oldestAge().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest undelivered outbox entry").register(registry);
    }
}
