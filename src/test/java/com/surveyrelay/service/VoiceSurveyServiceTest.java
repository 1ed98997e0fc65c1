package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A voice survey end to end: the service places the call through the Twilio REST API, and the test plays
 * Twilio, following the TwiML it gets back: the Gather's action with the caller's input, or the Redirect
 * when the caller says nothing.
 */
class VoiceSurveyServiceTest extends ServiceTest {

    private RecordedCall call;
    private String sessionId;
    private Document twiml;

    @BeforeEach
    void placeCall() throws Exception {
        PlacedCall placed = placeManualCall();
        sessionId = placed.sessionId();
        call = placed.call();
    }

    private Map<String, String> callParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA" + "0".repeat(32));
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", LocalServices.PHONE_NUMBER);
        params.put("To", respondent);
        params.put("CallStatus", "in-progress");
        params.put("Direction", "outbound-api");
        return params;
    }

    private String request(String publicUrl, Map<String, String> params) throws Exception {
        assertThat(publicUrl).startsWith(PUBLIC_BASE_URL);
        HttpResponse<String> response = twilio(publicUrl.substring(PUBLIC_BASE_URL.length()), params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        twiml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        return response.body();
    }

    private String answerCall() throws Exception {
        return request(call.url(), callParams());
    }

    private String gatherAction() {
        return ((Element) twiml.getElementsByTagName("Gather").item(0)).getAttribute("action");
    }

    private String press(String digits) throws Exception {
        Map<String, String> params = callParams();
        params.put("Digits", digits);
        return request(gatherAction(), params);
    }

    private String say(String speech, String confidence) throws Exception {
        Map<String, String> params = callParams();
        params.put("SpeechResult", speech);
        params.put("Confidence", confidence);
        return request(gatherAction(), params);
    }

    private String stayQuiet() throws Exception {
        return request(twiml.getElementsByTagName("Redirect").item(0).getTextContent(), callParams());
    }

    /**
     * Delivers a step twice with the same signed parameters, as Twilio does when the first answer was slow or lost,
     * and checks that the repeat got exactly the first delivery's TwiML.
     */
    private String twice(String publicUrl, Map<String, String> params) throws Exception {
        String first = request(publicUrl, params);
        assertThat(request(publicUrl, params)).as("the repeat of %s", publicUrl).isEqualTo(first);
        return first;
    }

    private String pressTwice(String digits) throws Exception {
        Map<String, String> params = callParams();
        params.put("Digits", digits);
        return twice(gatherAction(), params);
    }

    private String sayTwice(String speech) throws Exception {
        Map<String, String> params = callParams();
        params.put("SpeechResult", speech);
        params.put("Confidence", "0.9");
        return twice(gatherAction(), params);
    }

    private String resultsKey() {
        return "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
    }

    @Test
    void placesTheCallWithItsFirstStepAndAStatusCallback() {
        assertThat(call.to()).isEqualTo(respondent);
        assertThat(call.from()).isEqualTo(LocalServices.PHONE_NUMBER);
        assertThat(call.url()).isEqualTo(PUBLIC_BASE_URL + "/voice/webhook?sessionId=" + sessionId + "&turn=0");
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.statusCallback()).isEqualTo(PUBLIC_BASE_URL + "/voice/status?sessionId=" + sessionId);
        assertThat(call.statusCallbackEvents()).containsExactly("completed");
        assertThat(call.params()).as("no answering-machine detection unless VOICE_MACHINE_DETECTION is on")
                .doesNotContainKey("MachineDetection");
    }

    @Test
    void aConfidenceThatIsNoNumberFromZeroToOneIsNotStoredOrPublished() throws Exception {
        answerCall();
        press("3");
        press("5");
        say("L'application mobile", "0x1p3"); // Double.valueOf reads a hex float: 8.0
        press("4");
        say("Continuez comme ça", "1e999"); // Infinity, which JSON cannot hold as a number

        JsonNode stored = json(object(resultsKey()));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("5", "L'application mobile", "4", "Continuez comme ça");
        assertThat(stored.get("questions")).allSatisfy(question ->
                assertThat(question.hasNonNull("answerConfidence")).as(question.toString()).isFalse());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).contains("Survey Completed"));
        busEvents().forEach(event ->
                assertThat(SurveyEventSchema.violations(event.detail())).as(event.detail().toString()).isEmpty());
    }

    @Test
    void completesAVoiceSurveyInFrenchByFollowingTheTwiml() throws Exception {
        assertThat(answerCall()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say language=\"en-US\" voice=\"Polly.Joanna\">Hi, this is a one-minute survey about your recent "
                + "visit with us.</Say><Gather action=\"" + PUBLIC_BASE_URL + "/voice/webhook?sessionId=" + sessionId
                + "&amp;turn=1\" hints=\"español,français\" input=\"dtmf speech\" language=\"en-US\" method=\"POST\" "
                + "numDigits=\"1\" speechTimeout=\"auto\" timeout=\"6\"><Say language=\"es-MX\" voice=\"Polly.Mia\">"
                + "Para español, oprima 2 o diga español.</Say><Say language=\"fr-CA\" voice=\"Polly.Chantal\">Pour "
                + "le français, appuyez sur 3 ou dites français.</Say></Gather><Redirect method=\"POST\">"
                + PUBLIC_BASE_URL + "/voice/webhook?sessionId=" + sessionId + "&amp;turn=1</Redirect></Response>");
        assertThat(press("3")).contains("<Say language=\"fr-CA\" voice=\"Polly.Chantal\">Première question.</Say>");
        assertThat(press("9")).contains("Désolé, cette réponse ne convient pas. Répondez par un nombre entier de 1 à 5.");
        press("5");
        assertThat(stayQuiet()).as("silence re-asks the same question")
                .contains("Désolé, je n'ai rien entendu.").contains("Lequel de nos produits");
        say("L'application mobile", "0.92");
        assertThat(press("4")).contains("Merci. Une dernière question.");
        assertThat(say("Continuez comme ça", "8.1E-1"))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"fr-CA\" "
                        + "voice=\"Polly.Chantal\">C'est tout. Merci de votre temps, au revoir.</Say>"
                        + "<Hangup/></Response>");

        JsonNode stored = json(object(resultsKey()));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored.get("surveyMedium").asText()).isEqualTo("voice");
        assertThat(stored.get("languageSet").asText()).isEqualTo("fr-CA");
        assertThat(stored.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("5", "L'application mobile", "4", "Continuez comme ça");
        assertThat(stored.get("questions").get(1).get("answerConfidence").asDouble()).isEqualTo(0.92);
        assertThat(stored.get("questions").get(3).get("answerConfidence").asDouble()).as("as Java writes a double")
                .isEqualTo(0.81);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Answer Recorded",
                        "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed"));
        busEvents().forEach(event ->
                assertThat(SurveyEventSchema.violations(event.detail())).as(event.detail().toString()).isEmpty());

        Map<String, String> ended = callParams();
        ended.put("CallStatus", "completed");
        HttpResponse<String> status = twilio("/voice/status?sessionId=" + sessionId, ended);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).as("a status callback's answer is read by no one: empty")
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(json(object(resultsKey())).get("surveyStatus").asText())
                .as("the end of a completed call changes nothing").isEqualTo("COMPLETED");
        assertThat(request(call.url(), callParams())).as("calling the first step again after completion")
                .contains("Vous avez déjà répondu à ce sondage. Merci encore.").contains("<Hangup/>");
    }

    @Test
    void hangingUpMidSurveyEndsTheSessionAsAbandonedOnceNoLateAnswerCame() throws Exception {
        answerCall();
        press("1");
        press("2");
        Map<String, String> ended = callParams();
        ended.put("CallStatus", "completed");
        twilio("/voice/status?sessionId=" + sessionId, ended);
        assertThat(json(object(resultsKey())).get("surveyStatus").asText())
                .as("the question's answer may still be on its way").isEqualTo("STARTED");

        // survey-relay.outbox.call-end-grace is 2 s in the tests.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(object(resultsKey())).get("surveyStatus").asText()).isEqualTo("ABANDONED"));
        JsonNode stored = json(object(resultsKey()));
        assertThat(stored.get("endReason").asText()).isEqualTo("hangup");
        assertThat(stored.get("questions").get(0).get("answer").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).endsWith("Survey Abandoned"));
        String day = stored.get("surveyStarted").asText().substring(0, 10);
        String folder = "finished-sessions/customer-satisfaction/" + day + "/";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(keys(folder))
                .contains(folder + "ABANDONED.voice." + stored.get("languageSet").asText() + "." + sessionId + ".json"));
    }

    @Test
    void theLastAnswerArrivingAfterTheCallsEndCompletesTheSurvey() throws Exception {
        answerCall();
        press("1");
        press("2");
        say("the app", "0.9");
        press("3");
        String lastAction = gatherAction();
        Map<String, String> ended = callParams();
        ended.put("CallStatus", "completed");
        twilio("/voice/status?sessionId=" + sessionId, ended);
        Map<String, String> answer = callParams();
        answer.put("SpeechResult", "Nothing more");
        answer.put("Confidence", "0.8");
        assertThat(request(lastAction, answer)).contains("<Hangup/>");

        JsonNode stored = json(object(resultsKey()));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored.get("questions").get(3).get("answer").asText()).isEqualTo("Nothing more");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).endsWith("Answer Recorded", "Survey Completed")
                .doesNotContain("Survey Abandoned"));
    }

    /**
     * Twilio delivers every step twice: each repeat is answered with the first delivery's TwiML (the question's
     * preamble, the explanation after an invalid answer, the hint to use the keypad, the goodbye), not the bare
     * current question or "you have already answered"; each answer is stored and published once.
     */
    @Test
    void aStepDeliveredTwiceIsAnsweredAsTheFirstTimeAndRecordedOnce() throws Exception {
        twice(call.url(), callParams());
        assertThat(pressTwice("3")).contains("Parfait, commençons.", "Première question.");
        assertThat(pressTwice("9")).contains("Désolé, cette réponse ne convient pas.");
        assertThat(sayTwice("cinq peut-être")).contains("Désolé, répondez à cette question avec le clavier");
        assertThat(pressTwice("5")).contains("Merci. Question suivante.");
        assertThat(twice(twiml.getElementsByTagName("Redirect").item(0).getTextContent(), callParams()))
                .contains("Désolé, je n'ai rien entendu.");
        sayTwice("L'application mobile");
        assertThat(pressTwice("4")).contains("Merci. Une dernière question.");
        assertThat(sayTwice("Continuez comme ça")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say language=\"fr-CA\" voice=\"Polly.Chantal\">C'est tout. Merci de votre temps, au revoir.</Say>"
                + "<Hangup/></Response>");

        JsonNode stored = json(object(resultsKey()));
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        assertThat(stored.get("questions")).extracting(question -> question.get("answer").asText())
                .containsExactly("5", "L'application mobile", "4", "Continuez comme ça");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).contains("Survey Completed"));
        assertThat(busEvents()).extracting(RecordedEvent::detailType).containsExactly("Survey Started",
                "Answer Recorded", "Answer Recorded", "Answer Recorded", "Answer Recorded", "Survey Completed");
    }

    @Test
    void aRepeatedStepIsNotRecordedTwice() throws Exception {
        answerCall();
        press("1");
        String action = gatherAction();
        press("4");
        Map<String, String> again = callParams();
        again.put("Digits", "5");
        request(action, again);
        assertThat(json(object(resultsKey())).get("questions").get(0).get("answer").asInt()).isEqualTo(4);
    }
}
