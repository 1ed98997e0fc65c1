package com.surveyrelay.service;

import com.surveyrelay.SurveyRelayApplication;
import com.surveyrelay.local.LocalServices;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the service in this JVM, on its own port, against the same local servers as the test
 * context: what a second replica behind a load balancer is. Campaigns and the trigger queue stay off, so it
 * competes with the test context only where a test means it to.
 */
final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance with the test context's settings, changed by {@code overrides}. */
    static ServiceInstance start(Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(
                ServiceTest.SERVICES.serviceProperties(URI.create(ServiceTest.PUBLIC_BASE_URL), ServiceTest.API_KEY));
        properties.put("server.port", "0");
        properties.put("survey-relay.catalog-refresh", "200ms");
        properties.put("survey-relay.catalog-settle", "300ms");
        properties.put("survey-relay.campaigns.enabled", "false");
        properties.put("survey-relay.triggers.enabled", "false");
        properties.put("survey-relay.initiation.rate-limit", "100000");
        properties.put("survey-relay.initiation.wrong-keys-per-minute", "100000");
        properties.put("MANAGEMENT_PORT", "");
        properties.put("survey-relay.drain-quiet-period", "0s");
        properties.putAll(overrides);
        LocalServices.useLocalCredentials();
        // As command-line arguments, which win over application.yaml (default properties would not).
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(SurveyRelayApplication.class).run(arguments));
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The port of health, info and the Prometheus scrape when {@code MANAGEMENT_PORT} gives them their own. */
    int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
