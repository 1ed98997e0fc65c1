package com.surveyrelay.service;

import static com.surveyrelay.local.CallAction.hangUp;
import static com.surveyrelay.local.CallAction.press;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TranscriptEntry;
import com.surveyrelay.local.VirtualPhone;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same build, re-routed by configuration alone: finished sessions go to a folder instead of the
 * bucket, events to files instead of EventBridge (SURVEY_RESULTS_ENDPOINT, SURVEY_EVENTS_ENDPOINT), and
 * calls to other webhook paths ({@code survey-relay.voice.*-path}).
 */
class ReroutingTest extends ServiceTest {

    private static final Path OUT = Path.of("target", "rerouted-" + UUID.randomUUID());

    @DynamicPropertySource
    static void sinksElsewhere(DynamicPropertyRegistry registry) {
        registry.add("survey-relay.results.endpoint", () -> "file:" + OUT.resolve("results"));
        registry.add("survey-relay.events.endpoint", () -> "file:" + OUT.resolve("events"));
        registry.add("survey-relay.voice.webhook-path", () -> "/calls/step");
        registry.add("survey-relay.voice.status-path", () -> "/calls/end");
    }

    private static List<Path> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void resultsLandInAFolderAndEventsInAnotherEndpoint() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        for (String reply : List.of("continue", "4", "the app", "5", "nothing")) {
            twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", reply));
        }

        // Other test classes' contexts share the bucket: this one may also deliver for sessions they left.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files(OUT.resolve("results")))
                .filteredOn(path -> path.toString().contains(sessionId)).hasSize(1));
        Path result = files(OUT.resolve("results")).stream()
                .filter(path -> path.toString().contains(sessionId)).findFirst().orElseThrow();
        assertThat(OUT.resolve("results").relativize(result).toString().replace('\\', '/'))
                .startsWith("finished-sessions/customer-satisfaction/").endsWith("/COMPLETED.sms.en-US." + sessionId + ".json");
        JsonNode stored = json(Files.readString(result));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored).isEqualTo(withoutBookkeeping(json(object("survey-results/" + respondent.substring(1) + "/"
                + sessionId + ".json"))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(files(OUT.resolve("events").resolve(sessionId))).hasSize(6));
        assertThat(files(OUT.resolve("events").resolve(sessionId))).extracting(path -> json(Files.readString(path))
                .get("eventType").asText()).containsExactly("SURVEY_STARTED", "ANSWER_RECORDED", "ANSWER_RECORDED",
                        "ANSWER_RECORDED", "ANSWER_RECORDED", "SURVEY_COMPLETED");
        assertThat(SERVICES.eventBridge().events()).as("nothing went to the bus")
                .noneMatch(event -> event.detail().get("sessionId").asText().equals(sessionId));
        assertThat(keys("finished-sessions/customer-satisfaction/")).as("nor to the results bucket")
                .noneMatch(key -> key.contains(sessionId));
    }

    /** The routes listen on the configured paths, and the calls placed name them: a call runs to its end. */
    @Test
    void callsUseTheConfiguredWebhookPaths() throws Exception {
        VirtualPhone phone = SERVICES.emulator().phone(respondent);
        phone.script(press("4"), hangUp());
        String sessionId = json(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent
                + "\", \"defaultLanguage\": \"en-US\"}").body()).get("sessionId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall()
                .map(call -> call.ended() != null).orElse(false));
        // The call's TwiML came from /calls/step: the welcome was said, the key heard, and nothing failed.
        assertThat(phone.lastCall().orElseThrow().transcript()).extracting(TranscriptEntry::kind)
                .contains(TranscriptEntry.Kind.SAY, TranscriptEntry.Kind.PRESSED, TranscriptEntry.Kind.CALLER_HANGUP)
                .doesNotContain(TranscriptEntry.Kind.ERROR);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json(object("survey-results/"
                + respondent.substring(1) + "/" + sessionId + ".json")).at("/endReason").asText()).isEqualTo("hangup"));
        assertThat(SERVICES.twilio().calls()).filteredOn(call -> call.to().equals(respondent)).singleElement()
                .satisfies(call -> {
                    assertThat(call.url()).isEqualTo(PUBLIC_BASE_URL + "/calls/step?sessionId=" + sessionId
                            + "&turn=0");
                    assertThat(call.statusCallback()).isEqualTo(PUBLIC_BASE_URL + "/calls/end?sessionId=" + sessionId);
                });
        assertThat(twilio("/voice/status", Map.of("CallSid", "CA1", "CallStatus", "completed")).statusCode())
                .as("nothing listens on the default path").isEqualTo(404);
    }

    /** A moved voice path is still a Twilio webhook to the body filter: unsigned, it is refused before it is read. */
    @Test
    void anUnsignedPostToAMovedVoicePathIsRefusedBeforeItsBodyIsRead() throws Exception {
        HttpResponse<String> refused = post("/calls/step", "application/x-www-form-urlencoded",
                "Digits=" + "9".repeat(70_000), Map.of());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_signature");
    }
}
