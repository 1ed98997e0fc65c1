package com.surveyrelay.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a {@code direct:} endpoint the service or a route sends to has no route reading it: a route
 * file renamed while being edited ({@code routes/survey-results.camel.yaml.bak}, which is not read) started the
 * service, readiness {@code UP}, and every finished session then waited in its outbox with "No consumers available on
 * endpoint: direct://survey-results" a minute later (an operator's probe, 2026-12-07).
 *
 * <p>Checked once the routes run, not with route reloading on (the dev profile), where a route file with a mistake
 * is health's to name: {@value #EVENTS} and {@value #RESULTS}, which the outbox relay sends events and
 * finished sessions to, and every {@code direct:} endpoint a route sends to ({@code results-head}, the events
 * endpoint's default {@code event-bridge-put}). Refused as a {@link SettingRefused} naming the endpoint and the file
 * that defines its route as shipped ({@code routes/<name>.camel.yaml}).
 */
@Component
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "false", matchIfMissing = true)
class CalledRoutesCheck {

    /** Where the outbox relay sends lifecycle events (OutboxSinks). */
    static final String EVENTS = "direct:survey-events";
    /** Where the outbox relay sends finished sessions (OutboxSinks). */
    static final String RESULTS = "direct:survey-results";

    private final CamelContext camel;

    CalledRoutesCheck(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Checked once the routes run and before the service takes traffic: Spring Boot fails the start on an exception
     * here, where Camel's own {@code afterApplicationStart} logs one and goes on.
     */
    @EventListener(ApplicationReadyEvent.class)
    void checkOnceStarted() {
        check(camel);
    }

    /**
     * @throws SettingRefused naming the {@code direct:} endpoints no route reads, and the files that define them
     */
    static void check(CamelContext camel) {
        Set<String> read = camel.getRoutes().stream().map(Route::getEndpoint).map(Endpoint::getEndpointUri)
                .filter(uri -> uri.startsWith("direct:")).map(CalledRoutesCheck::named).collect(Collectors.toSet());
        Set<String> called = new TreeSet<>(List.of(named(EVENTS), named(RESULTS)));
        camel.getEndpoints().stream().map(Endpoint::getEndpointUri).filter(uri -> uri.startsWith("direct:"))
                .map(CalledRoutesCheck::named).forEach(called::add);
        called.removeAll(read);
        if (!called.isEmpty()) {
            String missing = called.stream().map(name -> "direct:" + name + " (routes/" + name + ".camel.yaml)")
                    .collect(Collectors.joining(", "));
            throw new SettingRefused("No route reads " + missing + ", which the service sends to: put the file "
                    + "back in routes/, named as shipped (a file renamed to .bak or .orig is not read)", "Restore the "
                    + "route file, or a route of that id reading that endpoint.");
        }
    }

    /** The name of {@code direct:survey-results} or {@code direct://survey-results}: {@code survey-results}. */
    private static String named(String uri) {
        String name = uri.substring("direct:".length());
        name = name.startsWith("//") ? name.substring(2) : name;
        return name.contains("?") ? name.substring(0, name.indexOf('?')) : name;
    }
}
