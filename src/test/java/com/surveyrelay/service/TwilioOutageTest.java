package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Twilio REST API failing under a start, by the local Twilio API's fault switch: a 5xx blip is retried and the
 * survey starts with one text; a Twilio that keeps answering 5xx ends the session as not delivered and frees the
 * idempotency key; a request that left without an answer (a reset, a hang past the timeout) may have gone out, so
 * the session stays answerable and a retry with the same Idempotency-Key sends and calls nothing again.
 */
class TwilioOutageTest extends ServiceTest {

    private static final Duration BUDGET = Duration.ofSeconds(10);

    private HttpResponse<String> start(String path, String key) throws Exception {
        return post(path, "application/json", "{\"To\": \"" + respondent + "\"}",
                Map.of("X-Api-Key", API_KEY, "Idempotency-Key", key));
    }

    private long textsToRespondent() {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(respondent)).count();
    }

    private JsonNode session(String sessionId) throws Exception {
        return json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    @Test
    void aBlipOfTwilio503sIsRetriedAndTheSurveyStartsWithOneText() throws Exception {
        SERVICES.twilio().faults().setFor(Faults.Mode.ERROR, 2);
        HttpResponse<String> started = start("/sms/initiate-sms", "blip-" + respondent);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(textsToRespondent()).isEqualTo(1);
    }

    @Test
    void aTwilioThatKeepsFailingEndsTheSessionAndFreesTheKeyForARetry() throws Exception {
        SERVICES.twilio().faults().set(Faults.Mode.ERROR);
        HttpResponse<String> failed = start("/sms/initiate-sms", "down-" + respondent);
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(json(failed.body()).get("error").asText()).isEqualTo("twilio_error");
        String refusedSession = keys("survey-results/" + respondent.substring(1) + "/").get(0);
        assertThat(json(object(refusedSession)).get("endReason").asText()).isEqualTo("not-delivered:twilio_error");

        SERVICES.twilio().faults().clear();
        HttpResponse<String> retried = start("/sms/initiate-sms", "down-" + respondent);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(json(retried.body()).has("duplicate")).as("nothing went out the first time").isFalse();
        assertThat(textsToRespondent()).isEqualTo(1);
    }

    @Test
    void aResetTextMayHaveGoneOutSoTheSessionStaysOpenAndARetrySendsNothing() throws Exception {
        SERVICES.twilio().faults().set(Faults.Mode.RESET);
        HttpResponse<String> unknown = start("/sms/initiate-sms", "reset-" + respondent);
        assertThat(unknown.statusCode()).isEqualTo(502);
        assertThat(json(unknown.body()).get("error").asText()).isEqualTo("twilio_outcome_unknown");
        SERVICES.twilio().faults().clear();

        HttpResponse<String> retried = start("/sms/initiate-sms", "reset-" + respondent);
        assertThat(retried.statusCode()).isEqualTo(201);
        JsonNode repeat = json(retried.body());
        assertThat(repeat.get("duplicate").asBoolean()).isTrue();
        // The first answer's fields, as for any repeat, without a twilioSid: Twilio gave none (until 2026-12-07 none).
        assertThat(repeat.get("status").asText()).isEqualTo("STARTED");
        assertThat(repeat.get("surveyId").asText()).isEqualTo("customer-satisfaction");
        assertThat(repeat.get("channel").asText()).isEqualTo("sms");
        assertThat(repeat.get("language").asText()).isEqualTo("en-US");
        assertThat(repeat.has("twilioSid")).isFalse();
        assertThat(textsToRespondent()).as("never a second text").isZero();
        String sessionId = repeat.get("sessionId").asText();
        assertThat(session(sessionId).get("surveyStatus").asText()).isEqualTo("STARTED");

        // The respondent did get the welcome (Twilio acted before the reset): their reply is answered.
        HttpResponse<String> reply = twilio("/sms/webhook", Map.of("MessageSid",
                "SM" + UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "continue"));
        assertThat(reply.body()).contains("First question.");
    }

    @Test
    void aCallThatHangsPastTheTimeoutIsNotPlacedTwiceOnARetry() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        SERVICES.twilio().faults().hangFor(Duration.ofSeconds(7));
        SERVICES.twilio().faults().setFor(Faults.Mode.HANG, 1);
        long began = System.nanoTime();
        HttpResponse<String> unknown = start("/voice/initiate-call", "hang-" + respondent);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the caller is answered within the budget")
                .isLessThan(BUDGET);
        assertThat(json(unknown.body()).get("error").asText()).isEqualTo("twilio_outcome_unknown");
        // Twilio acts on the request once the hang is over: the call is placed, once.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(SERVICES.twilio().calls()).hasSize(1));

        HttpResponse<String> retried = start("/voice/initiate-call", "hang-" + respondent);
        assertThat(json(retried.body()).get("duplicate").asBoolean()).isTrue();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(SERVICES.twilio().calls()).as("no second call").hasSize(1));
    }
}
