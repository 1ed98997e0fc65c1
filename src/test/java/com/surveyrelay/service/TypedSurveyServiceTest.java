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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped quarterly NPS survey ({@code config-files/surveys/quarterly-nps/}) end to end through the Twilio
 * emulator: every question type by keypad, by speech and by text, in English, Spanish and French, a branch taken and
 * one not, every answer stored under the question asked with its type and normalised value, every event valid
 * against the published schema; and the survey running side by side with the default survey in another language,
 * both to completion.
 */
class TypedSurveyServiceTest extends ServiceTest {

    private VirtualPhone phone;

    @BeforeEach
    void phone() {
        phone = SERVICES.emulator().phone(respondent);
    }

    private String start(String channel, String language) throws Exception {
        return start(respondent, channel, language);
    }

    private String start(String to, String channel, String language) throws Exception {
        var response = startSurvey(channel.equals("sms") ? "/sms/initiate-sms" : "/voice/initiate-call",
                "{\"To\": \"" + to + "\", \"surveyId\": \"quarterly-nps\", \"defaultLanguage\": \""
                        + language + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response.body()).get("surveyId").asText()).isEqualTo("quarterly-nps");
        return json(response.body()).get("sessionId").asText();
    }

    private JsonNode stored(String sessionId) throws Exception {
        return stored(respondent, sessionId);
    }

    private static JsonNode stored(String to, String sessionId) throws Exception {
        return json(object("survey-results/" + to.substring(1) + "/" + sessionId + ".json"));
    }

    private static String lastTextTo(VirtualPhone phone) {
        List<SmsEntry> thread = phone.thread();
        return thread.stream().filter(entry -> entry.direction() == SmsEntry.Direction.OUTBOUND)
                .reduce((first, second) -> second).map(SmsEntry::body).orElse("");
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

    @Test
    void anEnglishCallAnswersNpsChoiceAndNumberBySpeechAndRatingAndYesNoByKeypad() throws Exception {
        phone.script(silence(), say("I'd say nine", 0.9), say("mostly the app", 0.85), press("4"),
                say("about twelve", 0.9), press("1"), say("weekday evenings", 0.92));
        String sessionId = start("voice", "en-US");
        await().atMost(Duration.ofSeconds(20)).until(() -> phone.lastCall().map(call -> call.ended() != null)
                .orElse(false));
        assertThat(phone.lastCall().orElseThrow().transcript()).filteredOn(entry -> entry.kind()
                == TranscriptEntry.Kind.SAY).extracting(TranscriptEntry::text)
                .contains("How do you usually reach us: 1 website, 2 app, 3 store or 4 phone?",
                        "That's everything. Thank you for your time, goodbye.")
                .doesNotContain("Sorry to hear that. What went wrong?");

        JsonNode session = stored(sessionId);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(session.get("surveyId").asText()).isEqualTo("quarterly-nps");
        assertThat(session.get("languageSet").asText()).isEqualTo("en-US");
        assertThat(answers(session)).containsExactly("questionRecommend=9/nps", "questionWhatWentWrong=-/text",
                "questionChannel=app/choice", "questionEase=4/rating", "questionVisits=12/number",
                "questionContactMe=yes/yesNo", "questionBestTime=weekday evenings/text");
        // The normalised value is stored as its type's JSON: numbers as numbers, beside what was said or pressed.
        assertThat(session.at("/questions/0/answer").isInt()).isTrue();
        assertThat(session.at("/questions/0/rawInput").asText()).isEqualTo("I'd say nine");
        assertThat(session.at("/questions/0/answerConfidence").asDouble()).isEqualTo(0.9);
        assertThat(session.at("/questions/1/notAsked").asBoolean()).isTrue();
        assertThat(session.at("/questions/2/rawInput").asText()).isEqualTo("mostly the app");
        assertThat(session.at("/questions/3/answer").isInt()).isTrue();
        assertThat(session.at("/questions/3/rawInput").asText()).isEqualTo("4");
        assertThat(session.at("/questions/4/answer").isInt()).isTrue();
        assertThat(session.at("/questions/4/rawInput").asText()).isEqualTo("about twelve");
        assertThat(session.at("/questions/5/rawInput").asText()).isEqualTo("1");
        session.get("questions").forEach(question -> assertThat(question.path("channel").asText("voice"))
                .isEqualTo("voice"));
        awaitSchemaValidEvents("Survey Started", "Answer Recorded", "Answer Recorded", "Answer Recorded",
                "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
    }

    @Test
    void anEnglishTextSurveyAnswersTheFreeTextQuestionAndAChoiceByItsNumberInWords() throws Exception {
        String sessionId = start("sms", "en-US");
        phone.text("continue");
        phone.text("3");
        assertThat(lastTextTo(phone)).contains("Sorry to hear that. What went wrong?");
        phone.text("The checkout kept failing on my phone");
        phone.text("two");
        phone.text("4");
        phone.text("12");
        phone.text("no");
        assertThat(lastTextTo(phone)).startsWith("That's everything. Thank you for your time, goodbye.");

        JsonNode session = stored(sessionId);
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answers(session)).containsExactly("questionRecommend=3/nps",
                "questionWhatWentWrong=The checkout kept failing on my phone/text", "questionChannel=app/choice",
                "questionEase=4/rating", "questionVisits=12/number", "questionContactMe=no/yesNo",
                "questionBestTime=-/text");
        assertThat(session.at("/questions/1/channel").asText()).isEqualTo("sms");
        assertThat(session.at("/questions/2/rawInput").asText()).isEqualTo("two");
        assertThat(session.at("/questions/6/notAsked").asBoolean()).isTrue();
    }

    @Test
    void theQuarterlySurveyInSpanishAndTheDefaultSurveyInEnglishRunSideBySideToTheEnd() throws Exception {
        String other = newRespondent();
        VirtualPhone english = SERVICES.emulator().phone(other);
        String spanishSession = start("sms", "es-MX");
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + other
                + "\", \"defaultLanguage\": \"en-US\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String englishSession = json(started.body()).get("sessionId").asText();

        // Turn by turn, each reply answering its own survey's question.
        phone.text("seguir");
        english.text("continue");
        assertThat(lastTextTo(phone)).contains("Del 0 al 10, ¿qué tan probable es que nos recomiende a un amigo?");
        assertThat(lastTextTo(english)).contains("how satisfied are you with our service?");
        phone.text("le doy un 8");
        english.text("5");
        assertThat(lastTextTo(phone)).contains("1 sitio web, 2 aplicación, 3 tienda o 4 teléfono");
        assertThat(lastTextTo(english)).contains("Which of our products do you use the most?");
        phone.text("la dos");
        english.text("the mobile app");
        phone.text("cinco");
        english.text("4");
        phone.text("3 veces");
        english.text("all good, thanks");
        phone.text("sí");
        phone.text("por la tarde");
        assertThat(lastTextTo(phone)).startsWith("Eso es todo. Gracias por su tiempo, adiós.");
        assertThat(lastTextTo(english)).startsWith("That's everything. Thank you for your time, goodbye.");

        JsonNode spanish = stored(spanishSession);
        assertThat(spanish.get("surveyId").asText()).isEqualTo("quarterly-nps");
        assertThat(spanish.get("languageSet").asText()).isEqualTo("es-MX");
        assertThat(spanish.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answers(spanish)).containsExactly("questionRecommend=8/nps", "questionWhatWentWrong=-/text",
                "questionChannel=app/choice", "questionEase=5/rating", "questionVisits=3/number",
                "questionContactMe=yes/yesNo", "questionBestTime=por la tarde/text");
        JsonNode inEnglish = stored(other, englishSession);
        assertThat(inEnglish.get("surveyId").asText()).isEqualTo("customer-satisfaction");
        assertThat(inEnglish.get("languageSet").asText()).isEqualTo("en-US");
        assertThat(inEnglish.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(answers(inEnglish)).containsExactly("questionServiceRate=5/dtmf",
                "questionProduct=the mobile app/speech", "questionAgentRate=4/dtmf",
                "questionFeedback=all good, thanks/speech");
    }
}
