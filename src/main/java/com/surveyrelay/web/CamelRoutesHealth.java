package com.surveyrelay.web;

import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health is DOWN until Camel's routes have started: Tomcat answers (with 404s) about a second before they
 * do, and a load balancer must not send webhooks there yet.
 *
 * <p>Camel's own {@code camelHealth} indicator is not used for readiness: it is DOWN while any of its checks is,
 * and its consumer checks hold it DOWN after start until each polling consumer (the trigger queue, the campaign
 * folder) has polled once, which would make webhooks wait for pollers they never use. Its context check alone
 * cannot be chosen for one health group: {@code camel.health.*} switches checks off for every group. It stays in
 * {@code /actuator/health}, where an operator sees each consumer.
 */
@Component("camelRoutes")
class CamelRoutesHealth implements HealthIndicator {

    private final CamelContext camel;

    CamelRoutesHealth(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        return camel.isStarted()
                ? Health.up().withDetail("routes", camel.getRoutesSize()).build()
                : Health.down().withDetail("camel", camel.getStatus().name()).build();
    }
}
