package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.Faults;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance started while S3 fails (a restart, a scale-out or a redeploy during a blip) comes up, not ready, and
 * serves once S3 is back: it exited with status 1 when the results sink's S3 endpoint checked its bucket at start-up.
 */
class StartDuringStorageOutageTest extends ServiceTest {

    private int status(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void anInstanceStartedWhileS3FailsComesUpAndServesOnceS3IsBack() throws Exception {
        SERVICES.s3().faults().set(Faults.Mode.ERROR);
        ServiceInstance started;
        try {
            started = ServiceInstance.start(Map.of());
        } finally {
            SERVICES.s3().faults().clear();
        }
        try (ServiceInstance other = started) {
            assertThat(status(other.port(), "/actuator/health/liveness")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(other.port(), "/actuator/health/readiness") == 200);

            HttpResponse<String> start = startSurvey(other.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + respondent + "\"}");
            assertThat(start.statusCode()).as(start.body()).isEqualTo(201);
            String sessionId = json(start.body()).get("sessionId").asText();
            for (String reply : List.of("continue", "4", "the app", "5", "nothing")) {
                twilio(other.port(), "/sms/webhook", Map.of("From", respondent, "To",
                        com.surveyrelay.local.LocalServices.PHONE_NUMBER, "Body", reply, "MessageSid",
                        "SM" + UUID.randomUUID().toString().replace("-", "")));
            }
            String copy = "finished-sessions/customer-satisfaction/" + LocalDate.now(ZoneOffset.UTC)
                    + "/COMPLETED.sms.en-US." + sessionId + ".json";
            await("the results sink copy").atMost(Duration.ofSeconds(15)).until(() -> keys(copy).contains(copy));
        }
    }
}
