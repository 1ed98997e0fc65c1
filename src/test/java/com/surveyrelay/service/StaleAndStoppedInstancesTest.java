package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.outbox.OutboxLeases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What instances that know less than the bucket, or that stopped, must still get right: a retried text on an
 * instance that cached the number's previous survey, an opt-out after completion left undelivered by a stopped
 * instance, and an SMS survey nobody answers. (Found by an adversarial review; each failed before its fix.)
 */
class StaleAndStoppedInstancesTest extends ServiceTest {

    @AfterEach
    void busBack() {
        SERVICES.eventBridge().setUnavailable(false);
    }

    private HttpResponse<String> text(int toPort, String body, String messageSid) throws Exception {
        HttpResponse<String> reply = twilio(toPort, "/sms/webhook", Map.of("MessageSid", messageSid,
                "AccountSid", LocalServices.ACCOUNT_SID, "From", respondent, "To", LocalServices.PHONE_NUMBER,
                "Body", body, "NumMedia", "0"));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private HttpResponse<String> text(int toPort, String body) throws Exception {
        return text(toPort, body, "SM" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static List<RecordedEvent> eventsOf(String sessionId) {
        return SERVICES.eventBridge().events().stream()
                .filter(event -> sessionId.equals(event.detail().path("sessionId").asText())).toList();
    }

    private static com.fasterxml.jackson.databind.JsonNode storedIn(String bucket, String key) throws Exception {
        return json(object(bucket, key));
    }

    private static Map<String, String> ownBucket(String bucket, String... more) throws Exception {
        SERVICES.s3().seed(bucket, Path.of("config-files"));
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("survey-relay.bucket", bucket,
                "survey-relay.results-bucket", bucket, "survey-relay.outbox.lease", "1s",
                "survey-relay.outbox.sweep-interval", "1s"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void aRetriedTextIsAnsweredAlikeByAnInstanceThatCachedTheNumbersPreviousSurvey() throws Exception {
        try (ServiceInstance a = ServiceInstance.start(Map.of()); ServiceInstance b = ServiceInstance.start(Map.of())) {
            assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                    .isEqualTo(201);
            // Both instances learn, and cache, the number's first survey.
            text(a.port(), "continue");
            text(b.port(), "3");
            text(a.port(), "app");
            text(b.port(), "3");
            assertThat(text(a.port(), "no").body()).contains("That's everything");

            HttpResponse<String> second = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            String secondId = json(second.body()).get("sessionId").asText();
            String messageSid = "SM" + "b2".repeat(16);
            HttpResponse<String> first = text(a.port(), "continue", messageSid);
            assertThat(first.body()).contains("First question.");
            // Twilio timed out on the first delivery and retries; the load balancer picks the other instance.
            assertThat(text(b.port(), "continue", messageSid).body()).isEqualTo(first.body());
            assertThat(json(object("survey-results/" + respondent.substring(1) + "/" + secondId + ".json"))
                    .get("currentState").asText()).isEqualTo("question");
        }
    }

    /**
     * An erasure on this instance deletes the number's pointer and session; the other instance kept its copy of the
     * pointer, which names a session no longer stored and was written under a minute ago, as a start still creating
     * its session leaves it. Its next start to the number took the copy for such a start and answered {@code 409
     * survey_in_progress} ("started at the same moment") with nothing under way; the bucket, which holds no pointer
     * now, decides. (Found by a probe of two replicas on one store; fails without the fix.)
     */
    @Test
    void aStartAfterAnErasureOnAnotherInstanceIsNotRefusedByAStaleCopyOfThePointer() throws Exception {
        String request = "{\"To\": \"" + respondent + "\"}";
        try (ServiceInstance other = ServiceInstance.start(Map.of("survey-relay.outbox.lease", "1s"))) {
            HttpResponse<String> first = startSurvey(other.port(), "/sms/initiate-sms", request);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            // An answer: the survey is under way, no longer a start an erasure waits a minute for.
            text(other.port(), "continue");
            // The other instance delivers the start's events under its lease, which an erasure waits out (409).
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> erased = post("/respondents/erasure", "application/json",
                        "{\"phone\": \"" + respondent + "\"}", Map.of("Authorization", "Bearer " + API_KEY));
                assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
            });
            assertThat(keys("sms-conversations/" + respondent.substring(1))).isEmpty();

            HttpResponse<String> again = startSurvey(other.port(), "/sms/initiate-sms", request);

            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            assertThat(SERVICES.twilio().messages()).as("the welcome of each start").hasSize(2);
        }
    }

    /**
     * An instance killed between taking the number and storing its session leaves the number's pointer naming no
     * session, as a start still under way does: a start to the number within the minute is refused. It said another
     * survey was started "at the same moment" (nothing was), with no {@code Retry-After}; it now says what holds the
     * number and when to try again. (A breaker's kill -9 of a replica.)
     */
    @Test
    void aStartRefusedForAStartCutShortSaysSoAndWhenToTryAgain() throws Exception {
        s3().putObject(put -> put.bucket(LocalServices.BUCKET).key("sms-conversations/" + respondent.substring(1)
                + ".json"), software.amazon.awssdk.core.sync.RequestBody.fromString("{\"sessionId\": \""
                + UUID.randomUUID() + "\"}"));

        HttpResponse<String> refused = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("survey_in_progress");
        assertThat(json(refused.body()).get("message").asText()).contains("has not finished starting")
                .contains("free again within a minute").doesNotContain("at the same moment");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(SERVICES.twilio().messages()).extracting(message -> message.to()).doesNotContain(respondent);
    }

    @Test
    void anOptOutAfterCompletionThatAStoppedInstanceLeftIsDeliveredByTheNext() throws Exception {
        String bucket = "survey-relay-stop-after-completion";
        Map<String, String> settings = ownBucket(bucket);
        String sessionId;
        try (ServiceInstance first = ServiceInstance.start(settings)) {
            HttpResponse<String> started = startSurvey(first.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + respondent + "\"}");
            sessionId = json(started.body()).get("sessionId").asText();
            for (String answer : List.of("continue", "3", "app", "3", "no")) {
                text(first.port(), answer);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf(sessionId))
                    .extracting(RecordedEvent::detailType).endsWith("Survey Completed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> keys(bucket, "open-sessions/").isEmpty());

            SERVICES.eventBridge().setUnavailable(true);
            text(first.port(), "STOP");
            assertThat(keys(bucket, "open-sessions/")).as("the finished session is open again").hasSize(1);
        }
        SERVICES.eventBridge().setUnavailable(false);
        try (ServiceInstance next = ServiceInstance.start(settings)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventsOf(sessionId))
                    .extracting(RecordedEvent::detailType).endsWith("Survey Completed", "Survey Opted Out"));
            await().atMost(Duration.ofSeconds(10)).until(() -> keys(bucket, "open-sessions/").isEmpty());
        }
    }

    @Test
    void anAnswerStoredUnderAStoppedInstancesLeaseIsDeliveredWhenTheLeaseLapses() throws Exception {
        String bucket = "survey-relay-foreign-lease";
        // Only the start-up sweeps: nothing but the survivor's look when the lease lapses can deliver the answers.
        Map<String, String> settings = ownBucket(bucket, "survey-relay.outbox.lease", "3s",
                "survey-relay.outbox.sweep-interval", "1h");
        try (ServiceInstance survivor = ServiceInstance.start(settings)) {
            String sessionId;
            String key;
            try (ServiceInstance stopping = ServiceInstance.start(settings)) {
                HttpResponse<String> started = startSurvey(stopping.port(), "/sms/initiate-sms",
                        "{\"To\": \"" + respondent + "\"}");
                sessionId = json(started.body()).get("sessionId").asText();
                key = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
                await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(sessionId).size() == 1);

                SERVICES.eventBridge().setUnavailable(true);
                text(stopping.port(), "continue");
                text(stopping.port(), "3");
                text(survivor.port(), "app");
                assertThat(storedIn(bucket, key).at("/outbox/lease/owner").asText())
                        .as("the survivor's answer joined the outbox under the stopping instance's lease")
                        .isEqualTo(stopping.bean(OutboxLeases.class).owner());
            }
            SERVICES.eventBridge().setUnavailable(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(sessionId).size() >= 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> storedIn(bucket, key).at("/outbox/entries").isEmpty());
            List<RecordedEvent> events = eventsOf(sessionId);
            assertThat(events).extracting(RecordedEvent::detailType)
                    .containsExactly("Survey Started", "Answer Recorded", "Answer Recorded");
            assertThat(events.subList(1, 3)).extracting(event -> event.detail().path("answer").path("answer").asText())
                    .containsExactly("3", "app");
        }
    }

    @Test
    void anSmsSurveyNobodyAnswersExpiresAndLeavesNoMarker() throws Exception {
        String bucket = "survey-relay-unanswered";
        try (ServiceInstance instance = ServiceInstance.start(ownBucket(bucket,
                "survey-relay.sms-conversation-timeout", "2s"))) {
            HttpResponse<String> started = startSurvey(instance.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + respondent + "\"}");
            String sessionId = json(started.body()).get("sessionId").asText();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(eventsOf(sessionId))
                    .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Survey Abandoned"));
            assertThat(eventsOf(sessionId).get(1).detail().get("reason").asText()).isEqualTo("expired");
            await().atMost(Duration.ofSeconds(10)).until(() -> keys(bucket, "open-sessions/").isEmpty());
        }
    }
}
