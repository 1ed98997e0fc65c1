package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.conversation.MessageWebhooks;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.twilio.TwilioRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Texts were sent without a {@code StatusCallback}: from a plain number (no Messaging Service, whose own status
 * callback URL Twilio would use) Twilio reported nothing, so {@code POST /sms/status}, where a 21610 reported after
 * the text was accepted opts the number out and failures are counted, never heard anything. Every text now names
 * {@code <PUBLIC_BASE_URL>/sms/status}, and the local Twilio emulator posts the signed reports Twilio would.
 */
class MessageStatusCallbackTest extends ServiceTest {

    private static final String STATUS_URL = PUBLIC_BASE_URL + "/sms/status";

    @Autowired
    private S3Requests.Recorded s3Calls;
    @Autowired
    private MessageWebhooks messageWebhooks;

    @AfterEach
    void phonesDeliverAgain() {
        SERVICES.emulator().phone(respondent).setUndeliverable(null);
    }

    private HttpResponse<String> start(String path) throws Exception {
        return startSurvey(path, "{\"To\": \"" + respondent + "\"}");
    }

    private JsonNode session(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    @Test
    void everyTextNamesTheMessageStatusRouteAsItsStatusCallback() throws Exception {
        assertThat(start("/sms/initiate-sms").statusCode()).isEqualTo(201);
        String whatsApp = respondent = newRespondent();
        assertThat(start("/whatsapp/initiate-whatsapp").statusCode()).isEqualTo(201);

        List<RecordedMessage> sent = SERVICES.twilio().messages();
        assertThat(sent).extracting(RecordedMessage::to).hasSize(2).endsWith("whatsapp:" + whatsApp);
        assertThat(sent).extracting(message -> message.params().get("StatusCallback"))
                .containsExactly(List.of(STATUS_URL), List.of(STATUS_URL));
    }

    /** Nearly every report says the text went well: the benchmark counts S3 requests per answer. */
    @Test
    void reportsOfATextThatWentWellCostNoStorageRequest() throws Exception {
        String sessionId = json(start("/sms/initiate-sms").body()).get("sessionId").asText();
        awaitOutboxDelivered("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json");
        String sid = SERVICES.twilio().messages().get(0).sid();
        String digits = respondent.substring(1);
        int mark = s3Calls.mark();
        for (String status : List.of("queued", "sent", "delivered", "read")) {
            HttpResponse<String> answer = twilio("/sms/status", Map.of("MessageSid", sid, "SmsSid", sid,
                    "MessageStatus", status, "SmsStatus", status, "AccountSid", LocalServices.ACCOUNT_SID,
                    "From", LocalServices.PHONE_NUMBER, "To", respondent, "ApiVersion", "2010-04-01"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        assertThat(s3Calls.since(mark)).filteredOn(op -> op.key() != null && op.key().contains(digits)
                && !(op.name().equals("GetObject") && op.thread().startsWith("outbox-relay"))).isEmpty();
    }

    /**
     * A Messaging Service checks its opt-out list after accepting a text and reports 21610 in the status callback;
     * the emulator's phone plays it. Before, no callback came: the survey stayed open and the next start texted again.
     */
    @Test
    void anUnsubscribedRecipientReportedInTheStatusCallbackIsOptedOut() throws Exception {
        SERVICES.emulator().phone(respondent).setUndeliverable(21610);
        HttpResponse<String> started = start("/sms/initiate-sms");
        assertThat(started.statusCode()).as("Twilio accepted the text").isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(session(sessionId).get("surveyStatus").asText()).isEqualTo("OPTED_OUT"));
        HttpResponse<String> again = start("/sms/initiate-sms");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        assertThat(SERVICES.twilio().messages()).as("the one text Twilio accepted").hasSize(1);
    }

    /**
     * The shipped {@code message-status} route calls {@code messageStatusWebhooks}; a route file written before
     * 2026-12-08 calls {@code messageWebhooks.onMessageStatus}, which must still opt out a 21610 reported there.
     */
    @Test
    void aRouteFileWrittenBeforeTheSplitStillHandsStatusCallbacksOn() throws Exception {
        String sessionId = json(start("/sms/initiate-sms").body()).get("sessionId").asText();
        String sid = SERVICES.twilio().messages().get(0).sid();

        messageWebhooks.onMessageStatus(new TwilioRequest(Map.of("MessageSid", sid, "MessageStatus", "undelivered",
                "ErrorCode", "21610", "To", respondent), Map.of()));

        assertThat(session(sessionId).get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
    }

    /** A carrier's refusal reaches the service and is counted, labelled with its code. */
    @Test
    void aTextTheCarrierRefusedIsCountedByItsErrorCode() throws Exception {
        String failures = "survey_relay_message_delivery_failures_total";
        double before = value(scrape(), failures, "error=\"30007\"", "status=\"undelivered\"");
        SERVICES.emulator().phone(respondent).setUndeliverable(30007);
        assertThat(start("/sms/initiate-sms").statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(value(scrape(), failures,
                "error=\"30007\"", "status=\"undelivered\"", "channel=\"sms\"")).isEqualTo(before + 1));
        assertThat(SERVICES.emulator().phone(respondent).thread()).as("the text never arrived").isEmpty();
    }
}
