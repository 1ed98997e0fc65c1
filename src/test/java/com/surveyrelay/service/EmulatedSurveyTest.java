package com.surveyrelay.service;

import static com.surveyrelay.local.CallAction.hangUp;
import static com.surveyrelay.local.CallAction.press;
import static com.surveyrelay.local.CallAction.say;
import static com.surveyrelay.local.CallAction.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.local.CallRecord;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.SmsEntry;
import com.surveyrelay.local.TranscriptEntry;
import com.surveyrelay.local.VirtualPhone;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Complete surveys through the Twilio emulator and the embedded S3 only: the service places calls and sends
 * texts through the REST API, the emulator rings virtual phones whose respondents are scripted, follows the
 * TwiML and posts signed webhooks, exactly as Twilio would.
 */
class EmulatedSurveyTest extends ServiceTest {

    private VirtualPhone phone;

    @BeforeEach
    void phone() {
        phone = SERVICES.emulator().phone(respondent);
    }

    private String start(String channel, String language) throws Exception {
        String body = "{\"To\": \"" + respondent + "\"" + (language == null ? "" : ", \"defaultLanguage\": \""
                + language + "\"") + "}";
        var response = startSurvey(channel.equals("sms") ? "/sms/initiate-sms" : "/voice/initiate-call", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("sessionId").asText();
    }

    private JsonNode stored(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    private CallRecord finishedCall() {
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall()
                .map(call -> call.ended() != null).orElse(false));
        return phone.lastCall().orElseThrow();
    }

    private static List<String> said(CallRecord call) {
        return call.transcript().stream().filter(entry -> entry.kind() == TranscriptEntry.Kind.SAY)
                .map(TranscriptEntry::text).toList();
    }

    private List<String> received() {
        return phone.thread().stream().filter(entry -> entry.direction() == SmsEntry.Direction.OUTBOUND)
                .map(SmsEntry::body).toList();
    }

    static Stream<Arguments> languages() {
        return Stream.of(
                Arguments.of("en-US", "continue", "Polly.Joanna", "Thanks. One last question.",
                        "That's everything. Thank you for your time, goodbye."),
                Arguments.of("es-MX", "seguir", "Polly.Mia", "Gracias. Una última pregunta.",
                        "Eso es todo. Gracias por su tiempo, adiós."),
                Arguments.of("fr-CA", "continuer", "Polly.Chantal", "Merci. Une dernière question.",
                        "C'est tout. Merci de votre temps, au revoir."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void completesAVoiceSurveyInEachLanguage(String language, String go, String voice, String lastIntro,
            String goodbye) throws Exception {
        phone.script(silence(), press("5"), say("the app", 0.91), press("4"), say("nothing else", 0.8));
        String sessionId = start("voice", language);
        CallRecord call = finishedCall();

        assertThat(call.status()).isEqualTo("completed");
        assertThat(call.transcript()).filteredOn(entry -> entry.kind() == TranscriptEntry.Kind.SAY)
                .first().satisfies(first -> {
                    assertThat(first.language()).isEqualTo(language);
                    assertThat(first.voice()).isEqualTo(voice);
                });
        assertThat(said(call)).contains(lastIntro).endsWith(goodbye);
        assertThat(call.transcript()).extracting(TranscriptEntry::kind).contains(TranscriptEntry.Kind.SILENCE)
                .last().isEqualTo(TranscriptEntry.Kind.HANGUP);
        JsonNode results = stored(sessionId);
        assertThat(results.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(results.get("languageSet").asText()).isEqualTo(language);
        assertThat(results.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("5", "the app", "4", "nothing else");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded",
                        "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed"));
        busEvents().forEach(event ->
                assertThat(SurveyEventSchema.violations(event.detail())).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void completesAnSmsSurveyInEachLanguage(String language, String go, String voice, String lastIntro,
            String goodbye) throws Exception {
        String sessionId = start("sms", language);
        phone.text(go);
        phone.text("3");
        phone.text("la app");
        phone.text("4");
        phone.text("rien");
        List<String> texts = received();
        assertThat(texts).hasSize(6);
        assertThat(texts.get(4)).startsWith(lastIntro);
        assertThat(texts.get(5)).startsWith(goodbye);
        JsonNode results = stored(sessionId);
        assertThat(results.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(results.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("3", "la app", "4", "rien");
    }

    @Test
    void switchesLanguageByKeyOnACallAndByReplyByText() throws Exception {
        phone.script(press("2"), press("5"), say("la tienda", 0.9), press("5"), say("nada", 0.9));
        String call = start("voice", null);
        assertThat(said(finishedCall())).contains("Muy bien, comencemos.", "Eso es todo. Gracias por su tiempo, adiós.");
        assertThat(stored(call).get("languageSet").asText()).isEqualTo("es-MX");

        String sms = start("sms", null);
        phone.text("Français");
        assertThat(received()).last().asString().startsWith("Parfait, commençons.");
        assertThat(stored(sms).get("languageSet").asText()).isEqualTo("fr-CA");
    }

    @Test
    void invalidAnswersAndSilenceAreAskedAgainOnACall() throws Exception {
        phone.script(silence(), press("9"), silence(), press("3"), say("app", 0.7), press("2"), say("ok", 0.7));
        String sessionId = start("voice", "en-US");
        List<String> said = said(finishedCall());
        assertThat(said).containsSubsequence(
                "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?",
                "Sorry, that answer doesn't fit. Please answer with a whole number from 1 to 5.",
                "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?",
                "Sorry, I didn't hear anything.",
                "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?",
                "Thanks. Next question.");
        assertThat(said).doesNotContainSequence("Sorry, I didn't hear anything.", "Great, let's get started.");
        assertThat(stored(sessionId).get("questions").get(0).get("answer").asInt()).isEqualTo(3);
    }

    /**
     * Twilio delivers every webhook of the call twice (the emulator plays the last answer, as Twilio plays the one it
     * got): the caller hears what a call delivered once says, the intros, the explanation of an invalid answer and
     * the goodbye included, and each answer is stored and published once.
     */
    @Test
    void aCallWhoseEveryStepIsDeliveredTwiceSoundsAsIfDeliveredOnce() throws Exception {
        SERVICES.emulator().deliverEachWebhook(2);
        phone.script(silence(), press("9"), press("3"), say("the app", 0.9), press("2"), say("ok", 0.9));
        String sessionId = start("voice", "en-US");
        String rating = "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our "
                + "service?";

        List<String> said = said(finishedCall());
        assertThat(said).containsSubsequence("Great, let's get started.", "First question.", rating,
                "Sorry, that answer doesn't fit. Please answer with a whole number from 1 to 5.", rating,
                "Thanks. Next question.", "Thanks. Next question.", "Thanks. One last question.",
                "That's everything. Thank you for your time, goodbye.");
        assertThat(said).doesNotContain("You have already answered this survey. Thank you again.");
        assertThat(stored(sessionId).get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("3", "the app", "2", "ok");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).contains("Survey Completed"));
        assertThat(busEvents()).filteredOn(event -> event.detail().get("sessionId").asText().equals(sessionId))
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded",
                        "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
    }

    @Test
    void invalidAnswersAreExplainedByText() throws Exception {
        start("sms", "en-US");
        phone.text("continue");
        phone.text("seven");
        assertThat(received()).last().asString()
                .startsWith("Sorry, that answer doesn't fit. Please answer with a whole number from 1 to 5.");
    }

    @Test
    void hangingUpMidSurveyAbandonsIt() throws Exception {
        phone.script(silence(), press("4"), hangUp());
        String sessionId = start("voice", "en-US");
        CallRecord call = finishedCall();
        assertThat(call.transcript()).extracting(TranscriptEntry::kind).contains(TranscriptEntry.Kind.CALLER_HANGUP);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stored(sessionId).get("surveyStatus").asText()).isEqualTo("ABANDONED"));
        JsonNode results = stored(sessionId);
        assertThat(results.get("endReason").asText()).isEqualTo("hangup");
        assertThat(results.get("questions").get(0).get("answer").asInt()).isEqualTo(4);
    }

    @Test
    void silenceToTheEndAbandonsTheCall() throws Exception {
        String sessionId = start("voice", "en-US");
        List<String> said = said(finishedCall());
        assertThat(said).endsWith("We didn't hear from you, so we'll end the survey here. Goodbye.");
        JsonNode results = stored(sessionId);
        assertThat(results.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(results.get("endReason").asText()).isEqualTo("no-input");
    }

    @Test
    void aRespondentWhoCompletedIsToldSoAndAnotherSurveyCanFollow() throws Exception {
        start("sms", "en-US");
        for (String reply : List.of("continue", "5", "app", "5", "no")) {
            phone.text(reply);
        }
        phone.text("hello again");
        assertThat(received()).last().isEqualTo("You have already answered this survey. Thank you again.");
        String second = start("sms", "en-US");
        phone.text("continue");
        assertThat(stored(second).get("currentState").asText()).isEqualTo("question");
    }

    @Test
    void stopInTheMiddleOfAnSmsSurveyOptsOut() throws Exception {
        String sessionId = start("sms", "en-US");
        phone.text("continue");
        phone.text("4");
        phone.text("STOP");
        assertThat(received()).last().asString().startsWith("You have successfully been unsubscribed.");
        assertThat(stored(sessionId).get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
        var again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
    }

    @Test
    void twoTextsAtOnceAreBothRecorded() throws Exception {
        String sessionId = start("sms", "en-US");
        phone.text("continue");
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> phone.text("4"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> phone.text("2"));
        CompletableFuture.allOf(first, second).join();
        JsonNode questions = stored(sessionId).get("questions");
        assertThat(List.of(questions.get(0).get("rawInput").asText(), questions.get(1).get("rawInput").asText()))
                .containsExactlyInAnyOrder("4", "2");
        assertThat(stored(sessionId).get("questionIndex").asInt()).isEqualTo(2);
    }
}
