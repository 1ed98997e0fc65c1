package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.local.SmsEntry;
import com.surveyrelay.local.VirtualPhone;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp as a third channel through the Twilio emulator: the survey opens with the approved template (WhatsApp
 * refuses a business-initiated free-form message), then runs as an SMS survey does, on {@code whatsapp:} addresses,
 * through the same webhook and engine.
 */
class WhatsAppSurveyTest extends ServiceTest {

    @org.springframework.beans.factory.annotation.Autowired
    private com.surveyrelay.consent.RespondentConsent consent;

    private VirtualPhone phone;

    @BeforeEach
    void phone() {
        phone = SERVICES.emulator().phone(respondent);
    }

    private String start(String json) throws Exception {
        HttpResponse<String> started = startSurvey("/whatsapp/initiate-whatsapp", json);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(json(started.body()).get("channel").asText()).isEqualTo("whatsapp");
        return json(started.body()).get("sessionId").asText();
    }

    private List<SmsEntry> received() {
        return phone.thread().stream().filter(entry -> entry.direction() == SmsEntry.Direction.OUTBOUND).toList();
    }

    @Test
    void aWhatsAppSurveyOpensWithTheTemplateAndCompletesInTheConversation() throws Exception {
        String sessionId = start("{\"To\": \"" + respondent + "\", \"surveyId\": \"quarterly-nps\"}");

        RecordedMessage opening = SERVICES.twilio().messages().get(0);
        assertThat(opening.to()).isEqualTo("whatsapp:" + respondent);
        assertThat(opening.from()).isEqualTo("whatsapp:" + LocalServices.PHONE_NUMBER);
        assertThat(opening.params().get("ContentSid")).containsExactly(LocalServices.WHATSAPP_CONTENT_SID);
        assertThat(opening.params()).doesNotContainKey("Body");
        assertThat(received()).singleElement().satisfies(welcome -> {
            assertThat(welcome.whatsApp()).isTrue();
            assertThat(welcome.body()).startsWith("Hi, this is our two-minute quarterly survey.")
                    .contains("To go on in English, reply CONTINUE.");
        });

        phone.whatsApp("continue");
        phone.whatsApp("10");
        phone.whatsApp("the app, always");
        phone.whatsApp("five");
        phone.whatsApp("3");
        phone.whatsApp("yes");
        phone.whatsApp("evenings");
        List<SmsEntry> replies = received();
        assertThat(replies).allSatisfy(reply -> assertThat(reply.to()).isEqualTo("whatsapp:" + respondent));
        assertThat(replies.get(replies.size() - 1).body()).startsWith("That's everything.");
        assertThat(SERVICES.twilio().messages()).as("every later message answered the respondent's, in TwiML")
                .hasSize(1);

        JsonNode session = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(session.get("surveyMedium").asText()).isEqualTo("whatsapp");
        assertThat(session.get("surveyStatus").asText()).isEqualTo("COMPLETED");
        List<String> answers = new java.util.ArrayList<>();
        session.get("questions").forEach(question -> answers.add(question.get("questionName").asText() + "="
                + question.path("answer").asText("-") + "/" + question.get("questionType").asText() + "/"
                + question.path("channel").asText("-")));
        assertThat(answers).containsExactly("questionRecommend=10/nps/whatsapp", "questionWhatWentWrong=-/text/-",
                "questionChannel=app/choice/whatsapp", "questionEase=5/rating/whatsapp",
                "questionVisits=3/number/whatsapp", "questionContactMe=yes/yesNo/whatsapp",
                "questionBestTime=evenings/text/whatsapp");
        assertThat(session.at("/questions/1/notAsked").asBoolean()).isTrue();
        assertThat(session.at("/questions/3/rawInput").asText()).isEqualTo("five");
        assertThat(session.at("/questions/3/answer").isInt()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).endsWith("Survey Completed"));
        busEvents().forEach(event -> assertThat(SurveyEventSchema.violations(event.detail())).isEmpty());
        assertThat(busEvents().get(0).detail().get("surveyMedium").asText()).isEqualTo("whatsapp");

        // WhatsApp has no carrier HELP: a finished survey's respondent got nothing (or "already answered").
        phone.whatsApp("HELP");
        assertThat(received().get(received().size() - 1).body()).startsWith("Survey Relay demo:");
    }

    /** HELP on WhatsApp from a number with no survey got no answer at all: it gets the default survey's help. */
    @Test
    void helpOnWhatsAppWithoutASurveyGetsTheHelpText() throws Exception {
        phone.whatsApp("help");
        assertThat(received()).singleElement().satisfies(help -> assertThat(help.body())
                .isEqualTo("Survey Relay demo: a short customer survey. Msg & data rates may apply. Reply STOP to opt "
                        + "out. Help: support@example.com"));
    }

    /**
     * HELP from a number that opted out was told "Reply STOP to opt out": CTIA asks that it be told it gets no more
     * messages and how to resume.
     */
    @Test
    void helpOnWhatsAppFromAnOptedOutNumberSaysHowToResume() throws Exception {
        phone.whatsApp("STOP");
        phone.whatsApp("HELP");
        assertThat(received().get(received().size() - 1).body()).isEqualTo("You have opted out and will get no more "
                + "messages from us. Reply START to get them again.");
    }

    @Test
    void aStartTwilioRefusesAsOutsideTheWindowIs422WhatsAppWindowClosed() throws Exception {
        SERVICES.twilio().failNext(400, 63016, "Failed to send freeform message because you are outside the allowed "
                + "window.");
        HttpResponse<String> refused = startSurvey("/whatsapp/initiate-whatsapp", "{\"To\": \"" + respondent + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("whatsapp_window_closed");
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    @Test
    void aServiceWithoutAWhatsAppSenderRefusesWhatsAppStartsHavingStoredAndSentNothing() throws Exception {
        try (ServiceInstance withoutWhatsApp = ServiceInstance.start(java.util.Map.of("twilio.whatsapp-number", "",
                "twilio.whatsapp-content-sid", ""))) {
            HttpResponse<String> refused = startSurvey(withoutWhatsApp.port(), "/whatsapp/initiate-whatsapp",
                    "{\"To\": \"" + respondent + "\", \"surveyId\": \"quarterly-nps\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused.body()).get("error").asText()).isEqualTo("whatsapp_not_configured");
            assertThat(startSurvey(withoutWhatsApp.port(), "/sms/initiate-sms", "{\"To\": \"" + newRespondent()
                    + "\"}").statusCode()).as("its SMS surveys still start").isEqualTo(201);
        }
        assertThat(SERVICES.twilio().messages()).filteredOn(message -> message.to().endsWith(respondent)).isEmpty();
        assertThat(keys("survey-results/" + respondent.substring(1) + "/")).isEmpty();
    }

    /**
     * A probe (2026-12-05): a location shared on WhatsApp ({@code Latitude}, {@code Longitude}, {@code Address},
     * {@code Label}, an empty {@code Body}) was read as a wrong answer and used up a retry. It is told the survey reads
     * text only, as a picture is, and gets the question again, storing no answer and using no retry.
     */
    @Test
    void aSharedLocationIsToldTheSurveyReadsTextAndUsesNoRetry() throws Exception {
        String sessionId = start("{\"To\": \"" + respondent + "\"}");
        phone.whatsApp("continue");
        HttpResponse<String> location = twilio("/sms/webhook", java.util.Map.of("MessageSid",
                "SM" + java.util.UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", "whatsapp:" + respondent, "To", "whatsapp:" + LocalServices.PHONE_NUMBER, "Body", "",
                "NumMedia", "0", "Latitude", "48.8583701", "Longitude", "2.2944813", "Address", "Champ de Mars, Paris",
                "Label", "Eiffel Tower"));
        assertThat(location.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Sorry, this "
                + "survey can only read text, not pictures or voice messages. Please type your reply.\n\nFrom 1 to 5, "
                + "where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?</Message>"
                + "</Response>");
        JsonNode session = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(session.get("invalidAnswers").asInt()).isZero();
        assertThat(session.at("/questions/0").has("rawInput")).isFalse();
        assertThat(session.at("/questions/0").has("answer")).isFalse();
    }

    @Test
    void anSmsFromTheSameNumberDoesNotAnswerItsWhatsAppSurvey() throws Exception {
        String sessionId = start("{\"To\": \"" + respondent + "\"}");
        phone.whatsApp("continue");
        int before = received().size();

        phone.text("4");
        assertThat(received()).hasSize(before);
        JsonNode session = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(session.at("/questions/0/answer").isMissingNode()).isTrue();

        phone.whatsApp("4");
        assertThat(received().get(received().size() - 1).body()).contains("Which of our products");
        // Both channels share the number's one messaging survey: an SMS survey waits for this one to end.
        HttpResponse<String> sms = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(sms.statusCode()).isEqualTo(409);
    }

    @Test
    void anOptOutOnWhatsAppEndsTheSurveyWithOurConfirmation() throws Exception {
        String sessionId = start("{\"To\": \"" + respondent + "\"}");
        phone.whatsApp("continue");
        phone.whatsApp("STOP");
        // No carrier answers STOP on WhatsApp: the service confirms it itself, once.
        assertThat(received().get(received().size() - 1).body())
                .isEqualTo("Understood: you will get no more surveys from us. Goodbye.");
        JsonNode session = json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
        assertThat(session.get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
        HttpResponse<String> again = startSurvey("/whatsapp/initiate-whatsapp", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        assertThat(consent.record(com.surveyrelay.survey.E164.parse(respondent).orElseThrow()).optOutSource())
                .as("the record of consent names the channel it came by (it said sms-keyword)")
                .isEqualTo(com.surveyrelay.storage.RespondentRecords.Sources.WHATSAPP_KEYWORD);
    }

    /**
     * A START on WhatsApp after STOP by SMS: Twilio keeps refusing texts to the number until it texts START to the SMS
     * sender, so the confirmation says so (until 2026-12-07 it said "You will get our surveys again" alone). A STOP on
     * WhatsApp, which only the service honours, leaves nothing to say.
     */
    @Test
    void aWhatsAppStartAfterAnSmsStopSaysTextsStayStoppedUntilStartIsTexted() throws Exception {
        phone.text("STOP");
        phone.whatsApp("START");
        assertThat(received().get(received().size() - 1).body()).isEqualTo("You will get our surveys again. Reply "
                + "STOP at any time to opt out.\n\nOur texts by SMS stay stopped until you text START to our SMS "
                + "number.");

        phone.whatsApp("STOP");
        phone.whatsApp("START");
        assertThat(received().get(received().size() - 1).body()).isEqualTo("You will get our surveys again. Reply "
                + "STOP at any time to opt out.");
    }
}
