package com.surveyrelay.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refuses to start when a {@code direct:} endpoint the service or a route sends to has no route reading it: a route
 * file renamed while being edited ({@code routes/survey-results.camel.yaml.bak}, which is not read) started the
 * service, readiness {@code UP}, and every finished session then waited in its outbox with "No consumers available on
 * endpoint: direct://survey-results" a minute later (an operator's probe, 2026-12-07).
 *
 * <p>Likewise the paths Twilio posts to, a text's status callback ({@code /sms/status}), a call's steps and end
 * ({@code VOICE_WEBHOOK_PATH}, {@code VOICE_STATUS_PATH}), and those set in its console, inbound texts ({@code
 * /sms/webhook}) and calls ({@code VOICE_INCOMING_PATH}): a platform-http route must listen on each.
 *
 * <p>Checked on the routes as loaded, before they start; with route reloading on (the dev profile) the route files'
 * health names what is missing instead, as it names a route file with a mistake. Checked: {@value #EVENTS} and
 * {@value #RESULTS}, which the outbox relay sends events and finished sessions to, and every {@code direct:} endpoint
 * a route sends to ({@code results-head}, the events endpoint's default {@code event-bridge-put}). Refused as a
 * {@link SettingRefused} naming the endpoint and the file that defines its route as shipped
 * ({@code routes/<name>.camel.yaml}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "false", matchIfMissing = true)
public class CalledRoutesCheck {

    /** Where the outbox relay sends lifecycle events. */
    static final String EVENTS = com.surveyrelay.outbox.OutboxRelay.EVENTS_ENDPOINT;
    /** Where the outbox relay sends finished sessions. */
    static final String RESULTS = com.surveyrelay.outbox.OutboxRelay.RESULTS_ENDPOINT;

    /**
     * Checked on the routes as loaded, before they start and before readiness: Camel's {@code beforeApplicationStart}
     * fails the start on an exception, where its {@code afterApplicationStart} logs one and goes on. For a few hours
     * on 2026-12-07 it ran once the service was ready, and a refused instance took some 30 starts before it stopped
     * (a breaker's probe).
     */
    @Bean
    CamelContextConfiguration calledRoutesChecked() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                checkDefinitions(context);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /**
     * As {@link #check} and {@link #checkTwilioPaths}, on the route definitions loaded before the context starts.
     *
     * @throws SettingRefused naming the {@code direct:} endpoints no route reads, or the paths Twilio posts to that no
     *     route listens on
     */
    static void checkDefinitions(CamelContext camel) {
        List<RouteDefinition> routes = ((ModelCamelContext) camel).getRouteDefinitions();
        Set<String> read = new TreeSet<>();
        Set<String> called = new TreeSet<>(List.of(named(EVENTS), named(RESULTS)));
        for (RouteDefinition route : routes) {
            String from = camel.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            if (from.startsWith("direct:")) {
                read.add(named(from));
            }
            sentTo(camel, route.getOutputs(), called);
        }
        refuseMissing(called, read);
        checkTwilioPaths(camel);
    }

    private static final String PLATFORM_HTTP = "platform-http:";

    /**
     * The paths Twilio posts to, which the service names to it itself (a text's {@code StatusCallback}, a call's
     * {@code Url} and {@code StatusCallback}), by the route file that listens as shipped. Without its route a renamed
     * {@code message-status.camel.yaml} lost every delivery report, Twilio's error 21610 among them (an opted-out
     * number), with no word (a code reviewer's probe, 2026-12-07).
     */
    private static java.util.Map<String, String> twilioPosts(CamelContext camel) {
        java.util.Map<String, String> posts = new java.util.TreeMap<>();
        posts.put(com.surveyrelay.twilio.TwilioGateway.MESSAGE_STATUS_PATH, "message-status");
        // Set in Twilio's console rather than in each request, and as lost without their routes: every text (STOP
        // included) and every call to the survey number answered 404 while readiness said UP (a breaker's probe).
        posts.put("/sms/webhook", "sms-webhook");
        posts.put(camel.resolvePropertyPlaceholders("{{survey-relay.voice.incoming-path}}"), "voice-incoming");
        posts.put(camel.resolvePropertyPlaceholders("{{survey-relay.voice.webhook-path}}"), "voice-call");
        posts.put(camel.resolvePropertyPlaceholders("{{survey-relay.voice.status-path}}"), "call-status");
        return posts;
    }

    private static void refuseUnheard(java.util.Map<String, String> posts, Set<String> listened) {
        String missing = posts.entrySet().stream().filter(post -> !listened.contains(post.getKey()))
                .map(post -> PLATFORM_HTTP + post.getKey() + " (routes/" + post.getValue() + ".camel.yaml)")
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new SettingRefused("No route listens on " + missing + ", which Twilio is told to post to: put the "
                    + "file back in routes/, named as shipped (a file renamed to .bak or .orig is not read)",
                    "Restore the route file, or a route of that id listening on that path.");
        }
    }

    /** Adds the names of the {@code direct:} endpoints {@code outputs} send to, at any depth. */
    private static void sentTo(CamelContext camel, List<ProcessorDefinition<?>> outputs, Set<String> called) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
                String uri = camel.resolvePropertyPlaceholders(send.getEndpointUri());
                if (uri.startsWith("direct:")) {
                    called.add(named(uri));
                }
            }
            sentTo(camel, output.getOutputs(), called);
        }
    }

    /**
     * Checks the routes running: under the dev profile, the route files' health names what this finds
     * ({@code RouteFilesHealth}), where a start is not refused.
     *
     * @throws SettingRefused naming the {@code direct:} endpoints no route reads, and the files that define them
     */
    public static void check(CamelContext camel) {
        Set<String> read = camel.getRoutes().stream().map(Route::getEndpoint).map(Endpoint::getEndpointUri)
                .filter(uri -> uri.startsWith("direct:")).map(CalledRoutesCheck::named).collect(Collectors.toSet());
        Set<String> called = new TreeSet<>(List.of(named(EVENTS), named(RESULTS)));
        camel.getEndpoints().stream().map(Endpoint::getEndpointUri).filter(uri -> uri.startsWith("direct:"))
                .map(CalledRoutesCheck::named).forEach(called::add);
        refuseMissing(called, read);
    }

    /**
     * Checks the paths Twilio posts to against the routes' definitions as loaded: under the dev profile the route
     * files' health names what this finds ({@code RouteFilesHealth}); a renamed message-status.camel.yaml went unsaid
     * there, its health UP (a breaker's probe, 2026-12-07).
     *
     * @throws SettingRefused naming the paths no route listens on, and the files that define their routes
     */
    public static void checkTwilioPaths(CamelContext camel) {
        Set<String> listened = new TreeSet<>();
        for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
            String from = camel.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            if (from.startsWith(PLATFORM_HTTP)) {
                String path = from.substring(PLATFORM_HTTP.length());
                listened.add(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
            }
        }
        refuseUnheard(twilioPosts(camel), listened);
    }

    private static void refuseMissing(Set<String> called, Set<String> read) {
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
