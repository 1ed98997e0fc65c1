package com.surveyrelay.service;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped quarterly NPS survey ({@code config-files/surveys/quarterly-nps/}) end to end through the Twilio
 * emulator, side by side with the default survey: every question type by keypad, by speech and by text, in
 * Spanish and French, a branch taken and one not, and every event valid against the published schema.
 */
class TypedSurveyServiceTest extends ServiceTest {

    private VirtualPhone phone;

    @BeforeEach
    void phone() {
        phone = SERVICES.emulator().phone(respondent);
    }

    private String start(String channel, String language) throws Exception {
        var response = startSurvey(channel.equals("sms") ? "/sms/initiate-sms" : "/voice/initiate-call",
                "{\"To\": \"" + respondent + "\", \"surveyId\": \"quarterly-nps\", \"defaultLanguage\": \""
                        + language + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response.body()).get("surveyId").asText()).isEqualTo("quarterly-nps");
        return json(response.body()).get("sessionId").asText();
    }

    private JsonNode stored(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    private static List<String> answers(JsonNode session) {
        List<String> answers = new ArrayList<>();
        session.get("questions").forEach(question -> answers.add(question.get("questionName").asText() + "="
                + question.path("answer").asText("-") + "/" + question.get("questionType").asText()));
        return answers;
    }

    private void awaitSchemaValidEvents(String... detailTypes) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly(detailTypes));
        busEvents().forEach(event -> assertThat(SurveyEventSchema.violations(event.detail())).isEmpty());
    }

    @Test
    void aSpanishCallAnswersEveryTypeByKeypadAndSpeechAndTakesTheLowScoreBranch() throws Exception {
        phone.script(silence(), press("3"), say("la espera fue muy larga", 0.88), press("2"), say("cuatro", 0.8),
                press("12#"), say("sí, claro", 0.9), say("por la mañana", 0.93));
        String sessionId = start("voice", "es-MX");
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall().map(call -> call.ended() != null)
                .orElse(false));
        CallRecord call = phone.lastCall().orElseThrow();
        assertThat(call.transcript()).filteredOn(entry -> entry.kind() == TranscriptEntry.Kind.SAY)
                .extracting(TranscriptEntry::text)
                .contains("Lamentamos oír eso. ¿Qué salió mal?", "Eso es todo. Gracias por su tiempo, adiós.");

        JsonNode session = stored(sessionId);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(session.get("surveyId").asText()).isEqualTo("quarterly-nps");
        assertThat(answers(session)).containsExactly("questionRecommend=3/nps",
                "questionWhatWentWrong=la espera fue muy larga/text", "questionChannel=app/choice",
                "questionEase=4/rating", "questionVisits=12/number", "questionContactMe=yes/yesNo",
                "questionBestTime=por la mañana/text");
        assertThat(session.at("/questions/4/rawInput").asText()).isEqualTo("12");
        assertThat(session.at("/questions/3/rawInput").asText()).isEqualTo("cuatro");
        awaitSchemaValidEvents("Survey Started", "Answer Recorded", "Answer Recorded", "Answer Recorded",
                "Answer Recorded", "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
    }

    @Test
    void aFrenchTextSurveyInNaturalWordsSkipsTheFollowUpAndEndsAtNo() throws Exception {
        String sessionId = start("sms", "fr-CA");
        phone.text("continuer");
        phone.text("je dirais neuf");
        phone.text("plutôt en magasin");
        phone.text("sept ou huit");
        phone.text("5 sur 5");
        phone.text("disons 20 fois");
        phone.text("non merci");
        List<String> texts = phone.thread().stream().filter(entry -> entry.direction() == SmsEntry.Direction.OUTBOUND)
                .map(SmsEntry::body).toList();
        assertThat(texts.get(4)).startsWith("Désolé, cette réponse ne convient pas. Répondez par un nombre "
                + "entier de 1 à 5.");
        assertThat(texts.get(texts.size() - 1)).startsWith("C'est tout. Merci de votre temps, au revoir.");

        JsonNode session = stored(sessionId);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answers(session)).containsExactly("questionRecommend=9/nps", "questionWhatWentWrong=-/text",
                "questionChannel=store/choice", "questionEase=5/rating", "questionVisits=20/number",
                "questionContactMe=no/yesNo", "questionBestTime=-/text");
        assertThat(session.at("/questions/1/notAsked").asBoolean()).isTrue();
        assertThat(session.at("/questions/1/answeredAt").isMissingNode()).isTrue();
        awaitSchemaValidEvents("Survey Started", "Answer Recorded", "Answer Recorded", "Answer Recorded",
                "Answer Recorded", "Answer Recorded", "Survey Completed");
    }
}
