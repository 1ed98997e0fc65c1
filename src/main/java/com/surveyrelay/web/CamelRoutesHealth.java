package com.surveyrelay.web;

import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health is DOWN until Camel's routes have started: Tomcat answers (with 404s) about a second before they
 * do, and a load balancer must not send webhooks there yet.
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
