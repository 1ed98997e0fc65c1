package com.surveyrelay.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code MANAGEMENT_PORT} puts health, info and the Prometheus scrape on a port served by threads of their own: since
 * routes run on Tomcat's request threads (2026-12-06), a probe on {@code SERVER_PORT} waits behind every request
 * before it when all {@code REQUEST_THREADS} are busy, and a liveness probe that times out restarts a busy instance.
 */
class ManagementPortTest extends ServiceTest {

    private HttpResponse<String> get(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One request thread, held by a body that stops arriving: a request to the service's port waits for it, while
     * the probes and the scrape on the management port are answered, the held request still unanswered.
     */
    @Test
    void probesOnTheManagementPortAreAnsweredWhileEveryRequestThreadIsBusy() throws Exception {
        try (ServiceInstance instance = ServiceInstance.start(Map.of("MANAGEMENT_PORT", "0", "REQUEST_THREADS", "1",
                "survey-relay.request-body-timeout", "30s"));
                Socket held = new Socket(InetAddress.getLoopbackAddress(), instance.port())) {
            assertThat(instance.managementPort()).isNotEqualTo(instance.port());
            held.getOutputStream().write(("POST /sms/initiate-sms HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Api-Key: " + API_KEY + "\r\nContent-Length: 200\r\n\r\n"
                    + "{\"To\":").getBytes(UTF_8));
            held.getOutputStream().flush();
            // The held request has the only thread once a request to the service's port stops being answered.
            CompletableFuture<HttpResponse<String>> behind = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                behind = http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port()
                        + "/openapi.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
                try {
                    behind.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException waiting) {
                    break;
                }
            }
            assertThat(behind).as("a request to the service's port waits for its one thread").isNotDone();

            for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
                HttpResponse<String> answer = get(instance.managementPort(), probe);
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(answer.body()).contains("\"status\":\"UP\"");
            }
            assertThat(get(instance.managementPort(), "/actuator/prometheus").body())
                    .contains("survey_relay_outbox_entries");
            assertThat(behind).as("still waiting when the probes were answered").isNotDone();
            assertThat(held.getInputStream().available()).as("the held request is still unanswered").isZero();

            held.close();
            assertThat(behind.get(30, TimeUnit.SECONDS).statusCode()).as("served once the thread is free")
                    .isEqualTo(200);
            assertThat(get(instance.managementPort(), "/openapi.json").statusCode())
                    .as("the service's routes stay off the management port").isEqualTo(404);
        }
    }

    /** Unset, they stay on the service's port (the test context's own probes are there). */
    @Test
    void withoutAManagementPortTheProbesShareTheServicePort() throws Exception {
        assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
}
