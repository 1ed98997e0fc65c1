package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A texted survey whose first text Twilio accepted and then reported {@code undelivered} (30003 the handset
 * unreachable, 63016 on WhatsApp...) stayed in its welcome: every start to the number was refused
 * {@code 409 survey_in_progress} for {@code SMS_CONVERSATION_TIMEOUT}, its reminder went to the dead handset, and it
 * ended {@code ABANDONED expired}. The status callback now ends it {@code not-delivered:<word for its ErrorCode>}, once, with its
 * Survey Abandoned event; a text failing after the respondent replied leaves the survey open. Driven through the
 * local Twilio emulator, whose phone set undeliverable makes Twilio post the signed reports. The service's clock is
 * {@link UnansweredFirstTextTest}'s (the same context), moved to start a survey after its text's creation.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = "survey-relay.outbox.sweep-interval=1h")
class UndeliveredFirstTextTest extends ServiceTest {

    @Autowired
    TestClock clock;

    @AfterEach
    void phonesDeliverAgain() {
        clock.reset();
        SERVICES.twilio().faults().clear();
        SERVICES.emulator().phone(respondent).setUndeliverable(null);
        SERVICES.emulator().deliverEachWebhook(1);
    }

    private HttpResponse<String> start(String path) throws Exception {
        return startSurvey(path, "{\"To\": \"" + respondent + "\"}");
    }

    private JsonNode session(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    private String startedSession(String path) throws Exception {
        HttpResponse<String> started = start(path);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return json(started.body()).get("sessionId").asText();
    }

    private void awaitEnded(String sessionId, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode ended = session(sessionId);
            assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
            assertThat(ended.get("endReason").asText()).isEqualTo(reason);
        });
    }

    private void awaitEvents(String sessionId, String... events) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents().stream()
                .filter(event -> sessionId.equals(event.detail().path("sessionId").asText())))
                .extracting(event -> event.detailType() + " " + event.detail().path("reason").asText(""))
                .containsExactly(events));
    }

    @Test
    void anUndeliveredWelcomeEndsItsSurveyAndFreesTheNumber() throws Exception {
        SERVICES.emulator().phone(respondent).setUndeliverable(30003);
        String first = startedSession("/sms/initiate-sms");

        awaitEnded(first, "not-delivered:unreachable_handset");
        awaitEvents(first, "Survey Started ", "Survey Abandoned not-delivered:unreachable_handset");
        SERVICES.emulator().phone(respondent).setUndeliverable(null);
        String second = startedSession("/sms/initiate-sms");
        assertThat(second).isNotEqualTo(first);
        assertThat(SERVICES.emulator().phone(respondent).thread()).as("the second welcome arrived").hasSize(1);
    }

    @Test
    void anUndeliveredWhatsAppTemplateEndsItsSurvey() throws Exception {
        SERVICES.emulator().phone(respondent).setUndeliverable(63016);
        String sessionId = startedSession("/whatsapp/initiate-whatsapp");

        awaitEnded(sessionId, "not-delivered:whatsapp_window_closed");
        awaitEvents(sessionId, "Survey Started ", "Survey Abandoned not-delivered:whatsapp_window_closed");
    }

    /** The emulator posts each report twice, as Twilio may: the session ends once and one event goes out. */
    @Test
    void aReportDeliveredTwiceEndsTheSurveyOnce() throws Exception {
        SERVICES.emulator().deliverEachWebhook(2);
        SERVICES.emulator().phone(respondent).setUndeliverable(30005);
        String sessionId = startedSession("/sms/initiate-sms");

        awaitEnded(sessionId, "not-delivered:invalid_recipient");
        awaitEvents(sessionId, "Survey Started ", "Survey Abandoned not-delivered:invalid_recipient");
        String sid = SERVICES.twilio().messages().get(0).sid();
        assertThat(twilio("/sms/status", report(sid, "30005")).statusCode()).isEqualTo(200);
        awaitEvents(sessionId, "Survey Started ", "Survey Abandoned not-delivered:invalid_recipient");
        assertThat(session(sessionId).get("endReason").asText()).isEqualTo("not-delivered:invalid_recipient");
    }

    /**
     * Once the respondent replied, a text reported undelivered (a phone briefly off) is only counted: the survey goes
     * on. The report of the welcome arrives after the reply here, as status callbacks and texts are not ordered.
     */
    @Test
    void aTextFailingAfterTheFirstReplyLeavesTheSurveyOpen() throws Exception {
        String sessionId = startedSession("/sms/initiate-sms");
        String welcome = SERVICES.twilio().messages().get(0).sid();
        SERVICES.emulator().phone(respondent).text("continue");
        String failures = "survey_relay_message_delivery_failures_total";
        double before = value(scrape(), failures, "error=\"30003\"");

        assertThat(twilio("/sms/status", report(welcome, "30003")).statusCode()).isEqualTo(200);
        assertThat(value(scrape(), failures, "error=\"30003\"")).isEqualTo(before + 1);
        JsonNode open = session(sessionId);
        assertThat(open.get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(open.get("currentState").asText()).isEqualTo("question");
        HttpResponse<String> refused = start("/sms/initiate-sms");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("survey_in_progress");
    }

    /**
     * A report of a text created before the survey began (an earlier survey's, reported late) leaves the survey open:
     * here the service's clock runs three minutes ahead, so Twilio's creation date of the welcome is before the
     * session's start, less the minute allowed for the clocks.
     */
    @Test
    void aReportOfATextOlderThanTheSurveyLeavesItOpen() throws Exception {
        clock.advance(Duration.ofMinutes(3));
        String sessionId = startedSession("/sms/initiate-sms");
        String welcome = SERVICES.twilio().messages().get(0).sid();

        assertThat(twilio("/sms/status", report(welcome, "30003")).statusCode()).isEqualTo(200);
        assertThat(session(sessionId).get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(SERVICES.twilio().messages()).as("Twilio was asked for the text, and nothing was sent")
                .hasSize(1);
    }

    /**
     * Storage failing while the report is looked into (the number's pointer unreadable through the S3 client's own
     * retries): Twilio sends the report once, so the look is tried again on this instance, and the survey still ends
     * once. It stayed in its welcome until it expired.
     */
    @Test
    void aReportStorageFailedToHandleIsTriedAgain() throws Exception {
        String sessionId = startedSession("/sms/initiate-sms");
        String welcome = SERVICES.twilio().messages().get(0).sid();
        SERVICES.s3().faults().setFor(com.surveyrelay.local.Faults.Mode.INTERNAL_ERROR, 4,
                "/sms-conversations/" + respondent.substring(1));
        try {
            assertThat(twilio("/sms/status", report(welcome, "30003")).statusCode()).isEqualTo(200);
            assertThat(session(sessionId).get("surveyStatus").asText()).as("not ended on the failed look")
                    .isEqualTo("STARTED");
        } finally {
            SERVICES.s3().faults().clear();
        }
        awaitEnded(sessionId, "not-delivered:unreachable_handset");
        awaitEvents(sessionId, "Survey Started ", "Survey Abandoned not-delivered:unreachable_handset");
    }

    /**
     * The respondent's first reply lands while the report is being looked into (Twilio's answer to the message fetch
     * held 3 s): the reply is applied and answered, and the end, asked of the session as it then is, is not written.
     */
    @Test
    void aReplyThatLandsWhileTheReportIsLookedIntoKeepsTheSurvey() throws Exception {
        String sessionId = startedSession("/sms/initiate-sms");
        String welcome = SERVICES.twilio().messages().get(0).sid();
        SERVICES.twilio().faults().hangFor(Duration.ofSeconds(3));
        SERVICES.twilio().faults().setFor(com.surveyrelay.local.Faults.Mode.HANG, 1, "/Messages/" + welcome);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> reported =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return twilio("/sms/status", report(welcome, "30003"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        await().atMost(Duration.ofSeconds(5)).until(() ->
                SERVICES.twilio().faults().mode() == com.surveyrelay.local.Faults.Mode.NONE);

        SERVICES.emulator().phone(respondent).text("continue");
        assertThat(reported.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        JsonNode open = session(sessionId);
        assertThat(open.get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(open.get("currentState").asText()).as("the reply was applied").isEqualTo("question");
        assertThat(SERVICES.emulator().phone(respondent).thread()).as("welcome, reply, the first question")
                .hasSizeGreaterThanOrEqualTo(3);
    }

    private Map<String, String> report(String sid, String errorCode) {
        return Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", "undelivered", "SmsStatus", "undelivered",
                "ErrorCode", errorCode, "AccountSid", LocalServices.ACCOUNT_SID, "From", LocalServices.PHONE_NUMBER,
                "To", respondent, "ApiVersion", "2010-04-01");
    }
}
