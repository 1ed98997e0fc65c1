package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.converter.stream.ReaderCache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service starts, loads its routes from the routes/ folder, reads the root application.yaml and says so. */
class ServiceStartupTest extends ServiceTest {

    @Autowired
    CamelContext camel;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loadsEveryRouteFromItsFileUnderRoutes() {
        assertThat(camel.getRoutes()).extracting(route -> route.getRouteId()).containsExactlyInAnyOrder(
                "service-info", "sms-initiation", "voice-initiation", "sms-webhook", "message-status", "voice-call",
                "voice-incoming",
                "call-status", "outbox-sweep", "survey-events", "event-bridge-put", "survey-results",
                "survey-catalog", "survey-catalog-settled", "survey-trigger", "campaign-intake", "campaign-resume",
                "campaign-run", "campaign-status", "campaign-cancel", "campaign-list", "campaign-results-download", "scheduled-starts",
                "scheduled-start-status", "scheduled-start-cancel", "sms-retries",
                "survey-list", "whatsapp-initiation", "openapi", "survey-sessions", "results-csv", "results-jsonl",
                "results-migration", "results-summary", "results-head", "survey-versions", "respondent-access", "respondent-erasure");
        camel.getRoutes().forEach(route -> assertThat(route.getSourceLocation())
                .startsWith("file:routes/" + route.getRouteId() + ".camel.yaml:"));
        assertThat(camel.getName()).as("from the root application.yaml").isEqualTo("survey-relay");
    }

    /** A cached request body becomes text through the service's converter, not Camel's 8,192-character buffered one. */
    @Test
    void readsACachedRequestBodyAsTextWithItsOwnConverter() {
        assertThat(camel.getTypeConverterRegistry().lookup(String.class, ReaderCache.class).getClass().getName())
                .isEqualTo("com.surveyrelay.web.CachedBodyText$ToText");
        assertThat(camel.getTypeConverter().convertTo(String.class, new ReaderCache("Body=4&From=%2B15551230001")))
                .isEqualTo("Body=4&From=%2B15551230001");
    }

    @Test
    void answersWhichBuildIsRunning() throws Exception {
        HttpResponse<String> response = get("/info");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"service\":\"survey-relay\",\"version\":\"0.1.0-SNAPSHOT\"}");
    }

    @Test
    void isHealthyOnceTheRoutesRun() {
        // Camel's consumer checks (the trigger queue's first poll) may hold it DOWN for a moment after start.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> response = get("/actuator/health");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response.body()).get("status").asText()).isEqualTo("UP");
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json(readiness.body()).at("/components/camelRoutes/status").asText()).isEqualTo("UP");
        });
    }

    /** Health answers anyone: Spring's disk space check showed the working directory's path and the disk's size. */
    @Test
    void healthShowsNoPathOfTheMachine() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(json(response.body()).path("components").has("camelRoutes")).as("details still shown").isTrue();
        assertThat(json(response.body()).path("components").has("diskSpace")).isFalse();
        assertThat(response.body()).doesNotContain(System.getProperty("user.dir"));
    }
}
