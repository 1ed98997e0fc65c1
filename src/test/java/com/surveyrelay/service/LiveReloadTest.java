package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dev profile (application-dev.yaml) reloads an edited route file while the service runs. The routes
 * are copied to a scratch folder first, so the test never edits the real ones.
 */
@ActiveProfiles("dev")
class LiveReloadTest extends ServiceTest {

    private static final Path ROUTES = ScratchRoutes.copy();

    @DynamicPropertySource
    static void scratchRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    private HttpResponse<String> info() throws Exception {
        return get("/info");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEditedRouteFileTakesEffectWithoutARestart() throws Exception {
        assertThat(info().headers().firstValue("X-Reloaded")).isEmpty();
        Files.writeString(ROUTES.resolve("service-info.camel.yaml"), Files.readString(ROUTES.resolve(
                "service-info.camel.yaml")) + "        - setHeader:\n            name: X-Reloaded\n"
                + "            constant: \"yes\"\n");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(info().headers().firstValue("X-Reloaded")).contains("yes"));
        assertThat(info().body()).contains("\"service\":\"survey-relay\"");
    }

    @Test
    void aRouteMovedToAnotherPathLeavesTheOldPathNotFound() throws Exception {
        Path file = ROUTES.resolve("service-info.camel.yaml");
        String original = Files.readString(file);
        assertThat(get("/about").statusCode()).isEqualTo(404);
        try {
            Files.writeString(file, original.replace("platform-http:/info", "platform-http:/about"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get("/about").statusCode()).isEqualTo(200));
            HttpResponse<String> old = get("/info");
            assertThat(old.statusCode()).as(old.body()).isEqualTo(404);
            assertThat(json(old.body()).get("error").asText()).isEqualTo("not_found");
        } finally {
            Files.writeString(file, original);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(info().statusCode()).isEqualTo(200));
        }
        assertThat(get("/about").statusCode()).as("moved back").isEqualTo(404);
    }
}
