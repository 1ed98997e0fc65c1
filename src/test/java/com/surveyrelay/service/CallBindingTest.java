package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.survey.E164;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A survey call's session is bound to one call: a second call carrying the session's URLs (the call placed twice,
 * after a creation whose outcome was unknown) neither ends it nor answers its questions, while the first call goes
 * on. Each webhook here is validly signed, as Twilio signs both calls' webhooks.
 */
class CallBindingTest extends ServiceTest {

    private static final String OTHER_CALL = "CA" + "b".repeat(32);
    private static final String EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final String OTHER_CALL_GOODBYE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
            + "<Say language=\"en-US\" voice=\"Polly.Joanna\">Sorry, this call was placed by mistake. Goodbye.</Say>"
            + "<Hangup/></Response>";

    @Autowired
    SessionStore store;

    private RecordedCall call;
    private String sessionId;

    @BeforeEach
    void placeCall() throws Exception {
        PlacedCall placed = placeManualCall();
        sessionId = placed.sessionId();
        call = placed.call();
    }

    private String resultsKey() {
        return "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
    }

    private JsonNode stored() throws Exception {
        return json(object(resultsKey()));
    }

    private HttpResponse<String> step(int turn, String callSid, String digits) throws Exception {
        Map<String, String> params = callParams(respondent, callSid);
        if (digits != null) {
            params.put("Digits", digits);
        }
        HttpResponse<String> response = twilio("/voice/webhook?sessionId=" + sessionId + "&turn=" + turn, params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> status(String callSid, String callStatus) throws Exception {
        Map<String, String> params = callParams(respondent, callSid);
        params.put("CallStatus", callStatus);
        HttpResponse<String> response = twilio("/voice/status?sessionId=" + sessionId, params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    /** The first call answers, keeps English, and hears the first question (turn 2). */
    private void firstCallReachesTheFirstQuestion() throws Exception {
        step(0, call.sid(), null);
        assertThat(step(1, call.sid(), "1").body()).contains("First question.");
    }

    @Test
    void anotherCallsStatusCallbackDoesNotEndTheSession() throws Exception {
        firstCallReachesTheFirstQuestion();
        assertThat(stored().get("inbox").get("callSid").asText()).isEqualTo(call.sid());

        assertThat(status(OTHER_CALL, "completed").body()).isEqualTo(EMPTY);
        assertThat(status(OTHER_CALL, "no-answer").body()).isEqualTo(EMPTY);
        JsonNode stored = stored();
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(stored.has("callEndedAt")).as("no wait for a late answer began").isFalse();
        assertThat(stored.has("endReason")).isFalse();

        assertThat(step(2, call.sid(), "4").body()).as("the first call goes on").contains("Thanks. Next question.");
        assertThat(stored().get("questions").get(0).get("answer").asInt()).isEqualTo(4);
    }

    @Test
    void anotherCallsVoiceStepRecordsNoAnswerAndIsAskedNothing() throws Exception {
        firstCallReachesTheFirstQuestion();

        assertThat(step(2, OTHER_CALL, "5").body()).isEqualTo(OTHER_CALL_GOODBYE);
        assertThat(step(1, OTHER_CALL, "1").body()).as("the first call's kept step is not replayed to another")
                .isEqualTo(OTHER_CALL_GOODBYE);
        JsonNode stored = stored();
        assertThat(stored.get("turn").asInt()).isEqualTo(2);
        assertThat(stored.get("questions").get(0).has("answer")).isFalse();

        assertThat(step(2, call.sid(), "4").body()).as("the first call's step still counts")
                .contains("Thanks. Next question.");
        assertThat(stored().get("questions").get(0).get("answer").asInt()).isEqualTo(4);
    }

    /**
     * A caller who presses star on that other call is opted out, the session ended with it, and hears the opt-out
     * confirmation before the hang-up, as on the session's own call (until 2026-12-06 "this call was placed by
     * mistake", though the opt-out was recorded).
     */
    @Test
    void anOptOutOnAnotherCallIsConfirmed() throws Exception {
        firstCallReachesTheFirstQuestion();

        assertThat(step(2, OTHER_CALL, "*").body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say language=\"en-US\" voice=\"Polly.Joanna\">Understood: you will get no more surveys from us. "
                + "Goodbye.</Say><Hangup/></Response>");
        assertThat(stored().get("surveyStatus").asText()).isEqualTo("OPTED_OUT");
    }

    /**
     * A voicemail answering that other call (answering-machine detection's AnsweredBy in its first request) heard "this
     * call was placed by mistake" before the hang-up, and recorded it: it is hung up on without a word, and the
     * session's own call goes on.
     */
    @Test
    void aVoicemailOnAnotherCallIsHungUpOnWithoutAWord() throws Exception {
        firstCallReachesTheFirstQuestion();
        Map<String, String> params = callParams(respondent, OTHER_CALL);
        params.put("AnsweredBy", "machine_start");
        HttpResponse<String> response = twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", params);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/>"
                + "</Response>");
        assertThat(stored().get("surveyStatus").asText()).isEqualTo("STARTED");
        assertThat(step(2, call.sid(), "4").body()).as("the first call goes on").contains("Thanks. Next question.");
    }

    @Test
    void aStatusCallbackBeforeAnyVoiceStepIsTakenOnlyFromThePointersCall() throws Exception {
        assertThat(status(OTHER_CALL, "no-answer").body()).isEqualTo(EMPTY);
        assertThat(stored().get("surveyStatus").asText()).as("another call rang out, not the pointer's")
                .isEqualTo("STARTED");

        assertThat(status(call.sid(), "no-answer").body()).isEqualTo(EMPTY);
        JsonNode stored = stored();
        assertThat(stored.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(stored.get("endReason").asText()).isEqualTo("no-answer");
    }

    @Test
    void aSessionStoredBeforeBindingsTakesItsCallAndIsBoundThen() throws Exception {
        step(0, call.sid(), null);
        // As a session document written before bindings were kept: no inbox.callSid.
        ObjectNode old = (ObjectNode) stored();
        ((ObjectNode) old.get("inbox")).remove("callSid");
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(resultsKey()),
                    RequestBody.fromString(old.toString()));
        }
        store.forgetRecent(new SessionRef(new E164(respondent), sessionId));

        assertThat(step(1, call.sid(), "1").body()).contains("First question.");
        assertThat(stored().get("inbox").get("callSid").asText()).as("bound by its next step").isEqualTo(call.sid());
        assertThat(step(2, OTHER_CALL, "5").body()).isEqualTo(OTHER_CALL_GOODBYE);
        assertThat(step(2, call.sid(), "4").body()).contains("Thanks. Next question.");
    }

    @Test
    void aWebhookWithoutACallSidChangesNoBoundSession() throws Exception {
        firstCallReachesTheFirstQuestion();
        Map<String, String> params = callParams(respondent, call.sid());
        params.remove("CallSid");
        params.put("CallStatus", "no-answer");
        HttpResponse<String> response = twilio("/voice/status?sessionId=" + sessionId, params);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(EMPTY);
        assertThat(stored().get("surveyStatus").asText()).isEqualTo("STARTED");
    }
}
