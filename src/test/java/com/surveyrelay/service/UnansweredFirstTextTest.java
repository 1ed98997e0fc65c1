package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.TwilioGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * An SMS start whose first text Twilio never answered (the connection reset after the request left) answered
 * {@code 502 twilio_outcome_unknown} and kept its session open for a reply, rightly, since the text may have gone
 * out; but every later start to the number was refused {@code 409 survey_in_progress} for 24 hours, though Twilio
 * never sent it. The number's pointer now says the first text's outcome is unknown, and a start two minutes on asks
 * Twilio's list of messages: none to the number since the session began ends the old session
 * {@code not-delivered:twilio_outcome_unknown} and the start goes on; a text listed (not failed or undelivered), or a
 * list that fails, keeps the number held. The first start runs on a clock set three minutes back, as in
 * {@link LostCallStatusTest}.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = "survey-relay.outbox.sweep-interval=1h")
class UnansweredFirstTextTest extends ServiceTest {

    private static final String NEVER_SENT = "not-delivered:twilio_outcome_unknown";

    @Autowired
    TestClock clock;

    @Autowired
    TwilioGateway twilioGateway;

    @AfterEach
    void backToNow() {
        clock.reset();
        SERVICES.twilio().faults().clear();
    }

    private HttpResponse<String> startSms() throws Exception {
        return startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
    }

    private JsonNode session(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    /**
     * On the clock three minutes back, starts a texted survey whose first text's connection Twilio resets before it
     * acts; returns its session, which the number's pointer names with the first text's outcome unknown.
     */
    private String firstTextUnanswered() throws Exception {
        clock.advance(Duration.ofMinutes(-3));
        unansweredByTwilio("/Messages.json", this::startSms);
        assertThat(SERVICES.twilio().messages()).as("Twilio never acted").isEmpty();
        JsonNode pointer = json(object("sms-conversations/" + respondent.substring(1) + ".json"));
        String sessionId = pointer.get("sessionId").asText();
        assertThat(pointer.get("firstTextUnknown").asBoolean()).isTrue();
        assertThat(session(sessionId).get("surveyStatus").asText()).isEqualTo("STARTED");
        return sessionId;
    }

    private void assertRefusedInProgress(HttpResponse<String> refused) throws Exception {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("survey_in_progress");
        assertThat(refused.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aFirstTextTwilioNeverSentFreesItsNumberOnceTwilioListsNoText() throws Exception {
        String first = firstTextUnanswered();
        assertRefusedInProgress(startSms()); // within two minutes Twilio is not asked

        clock.reset();
        HttpResponse<String> second = startSms();
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).as("the new survey's welcome only")
                .containsExactly(respondent);
        JsonNode ended = session(first);
        assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(ended.get("endReason").asText()).isEqualTo(NEVER_SENT);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents().stream()
                .filter(event -> first.equals(event.detail().path("sessionId").asText())))
                .extracting(event -> event.detailType() + " " + event.detail().path("reason").asText(""))
                .containsExactly("Survey Started ", "Survey Abandoned " + NEVER_SENT));
    }

    /**
     * An instance killed between storing a start and asking Twilio (a campaign row waits for its contact slot there)
     * leaves the pointer unmarked: the number was held 24 hours with no text sent (an operator's probe, 2026-12-07).
     * Twilio's list is asked all the same.
     */
    @Test
    void aFirstTextNeverSentBecauseTheInstanceDiedFreesItsNumberToo() throws Exception {
        String first = firstTextUnanswered();
        s3().putObject(put -> put.bucket(LocalServices.BUCKET).key("sms-conversations/" + respondent.substring(1)
                + ".json"), software.amazon.awssdk.core.sync.RequestBody.fromString("{\"sessionId\":\"" + first
                + "\"}"));
        assertRefusedInProgress(startSms()); // within two minutes Twilio is not asked

        clock.reset();
        HttpResponse<String> second = startSms();
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(session(first).get("endReason").asText()).isEqualTo(NEVER_SENT);
    }

    /** A WhatsApp welcome goes as a template, which Twilio's list of texts to the number does not show: never asked. */
    @Test
    void aWhatsAppSurveyWithoutAReplyKeepsTheNumberWithoutAskingTwilio() throws Exception {
        clock.advance(Duration.ofMinutes(-3));
        HttpResponse<String> whatsApp = startSurvey("/whatsapp/initiate-whatsapp", "{\"To\": \"" + respondent
                + "\"}");
        assertThat(whatsApp.statusCode()).as(whatsApp.body()).isEqualTo(201);
        String first = json(whatsApp.body()).get("sessionId").asText();
        clock.reset();
        SERVICES.twilio().faults().setAfter(Faults.Mode.ERROR, 0, "/Messages.json");
        assertRefusedInProgress(startSms());
        SERVICES.twilio().faults().clear();
        assertRefusedInProgress(startSms());
        assertThat(session(first).get("surveyStatus").asText()).isEqualTo("STARTED");
    }

    /** Twilio took the first text though its answer was lost: the list names it, so the number stays held. */
    @Test
    void aFirstTextTwilioSentThoughItsAnswerWasLostKeepsTheNumber() throws Exception {
        String first = firstTextUnanswered();
        String sent = twilioGateway.sendSms(new E164(respondent), "The welcome Twilio sent before the reset.");

        clock.reset();
        assertRefusedInProgress(startSms());
        assertThat(session(first).get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(SERVICES.twilio().messages()).as("no second welcome").hasSize(1);

        // The carrier then reports it undelivered: it never reached the respondent, and the number is free.
        SERVICES.twilio().markUndelivered(sent);
        HttpResponse<String> second = startSms();
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(session(first).get("endReason").asText()).isEqualTo(NEVER_SENT);
    }

    /**
     * A text still in a Messaging Service's queue has no {@code date_sent}: Twilio's {@code DateSent>} filter would
     * leave it out, and the number would have been freed and texted a second survey.
     */
    @Test
    void aFirstTextStillQueuedAtTwilioKeepsTheNumber() throws Exception {
        String first = firstTextUnanswered();
        String queued = twilioGateway.sendSms(new E164(respondent), "The welcome Twilio queued before the reset.");
        SERVICES.twilio().markQueued(queued);

        clock.reset();
        assertRefusedInProgress(startSms());
        assertThat(session(first).get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(SERVICES.twilio().messages()).as("no second welcome").hasSize(1);
    }

    /** A reply came since: the number stays held, whatever Twilio lists. */
    @Test
    void aFirstTextAnsweredByTheRespondentKeepsTheNumberWithoutAskingTwilio() throws Exception {
        String first = firstTextUnanswered();
        HttpResponse<String> reply = twilio("/sms/webhook", Map.of("MessageSid",
                "SM" + UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "continue"));
        assertThat(reply.statusCode()).isEqualTo(200);

        clock.reset();
        // Twilio lists no text (the reset came before it acted), yet the reply shows the respondent is in the survey.
        assertRefusedInProgress(startSms());
        assertThat(session(first).get("surveyStatus").asText()).isEqualTo("STARTED");
    }

    @Test
    void whileTwilioCannotListTextsTheNumberStaysHeld() throws Exception {
        String first = firstTextUnanswered();
        clock.reset();

        SERVICES.twilio().faults().setAfter(Faults.Mode.ERROR, 0, "/Messages.json");
        assertRefusedInProgress(startSms());
        SERVICES.twilio().faults().setAfter(Faults.Mode.RESET, 0, "/Messages.json");
        assertRefusedInProgress(startSms());
        SERVICES.twilio().faults().clear();
        SERVICES.twilio().failNext(401, 20003, "Authenticate");
        assertRefusedInProgress(startSms());
        SERVICES.twilio().failNext(404, 20404,
                "The requested resource /2010-04-01/Accounts/AC0/Messages.json was not found");
        assertRefusedInProgress(startSms());
        assertThat(session(first).get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(SERVICES.twilio().messages()).as("no text went out").isEmpty();

        HttpResponse<String> once = startSms();
        assertThat(once.statusCode()).as("Twilio lists again: " + once.body()).isEqualTo(201);
        assertThat(session(first).get("endReason").asText()).isEqualTo(NEVER_SENT);
    }
}
