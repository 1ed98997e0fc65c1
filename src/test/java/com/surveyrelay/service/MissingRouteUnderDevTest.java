package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Under the dev profile a route file renamed away ({@code survey-results.camel.yaml.bak}) started, health UP, and
 * finished sessions waited with no word (a breaker's probe, 2026-12-07); outside it the start is refused
 * (CalledRoutesCheckTest). Here the route files' health is DOWN, naming the endpoint and its file.
 */
@ActiveProfiles("dev")
class MissingRouteUnderDevTest extends ServiceTest {

    private static final Path ROUTES = withoutResultsRoute();

    private static Path withoutResultsRoute() {
        Path routes = ScratchRoutes.copy();
        try {
            Files.move(routes.resolve("survey-results.camel.yaml"), routes.resolve("survey-results.camel.yaml.bak"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    @DynamicPropertySource
    static void scratchRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    @Test
    void healthNamesTheRouteNoFileDefines() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health.body()).at("/components/routeFiles/details/broken").path("(missing)").asText())
                .startsWith("No route reads direct:survey-results (routes/survey-results.camel.yaml)");
    }
}
