package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webhook costs one conditional write and, in steady state, no read: the step starts from the instance's newest
 * copy of the session (the original did five reads and two writes per SMS answer). That write also stores what the
 * step publishes and takes out what the relay delivered since the last one, so while a respondent is answering,
 * delivering an event costs no write of its own; the relay writes the removal itself only when no step came within
 * the removal delay. Only the calls on the respondent's own objects are counted: the catalog's timer and the outbox
 * sweep call S3 for other things meanwhile.
 */
class StorageBudgetTest extends ServiceTest {

    @org.springframework.beans.factory.annotation.Autowired
    private S3Requests.Recorded s3Calls;

    @org.springframework.beans.factory.annotation.Autowired
    private com.surveyrelay.outbox.OutboxRelay outboxRelay;

    /**
     * The calls on this respondent's objects since {@code mark}. Other work of the same context (the catalog's
     * timer, the outbox sweep reading other tests' sessions) calls S3 meanwhile and is not this webhook's cost.
     */
    private List<String> objectOperations(int mark) {
        String digits = respondent.substring(1);
        return s3Calls.since(mark).stream()
                .filter(op -> op.key() != null && op.key().contains(digits))
                .filter(op -> !op.name().equals("HeadObject"))
                // The outbox sweep (every 30 s) reads every open session, this one too: not a step's cost.
                .filter(op -> !(op.name().equals("GetObject") && op.thread().startsWith("outbox-relay")))
                .map(S3Requests.Operation::name).toList();
    }

    private String resultsKey(String sessionId) {
        return "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
    }

    private void text(String body) throws Exception {
        assertThat(twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", body))
                .statusCode()).isEqualTo(200);
    }

    private void awaitAnswerEvent(String sessionId, String questionName) {
        await().atMost(Duration.ofSeconds(5)).until(() -> busEvents().stream().anyMatch(event ->
                sessionId.equals(event.detail().path("sessionId").asText())
                        && questionName.equals(event.detail().path("answer").path("questionName").asText())));
    }

    /** Starts an SMS survey to the respondent and goes past its welcome; returns once its outbox is empty. */
    private String surveyPastItsWelcome() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        text("continue");
        awaitOutboxDelivered(resultsKey(sessionId));
        return sessionId;
    }

    @Test
    void anSmsAnswerWritesOnceAndTheNextAnswerTakesOutTheDeliveredEvent() throws Exception {
        String sessionId = surveyPastItsWelcome();
        int mark = s3Calls.mark();
        text("4");
        assertThat(objectOperations(mark)).as("the first answer's webhook").containsExactly("PutObject");
        awaitAnswerEvent(sessionId, "questionServiceRate");
        text("the app");
        assertThat(objectOperations(mark)).as("the second answer's write took the delivered event out")
                .containsExactly("PutObject", "PutObject");
        assertThat(json(object(resultsKey(sessionId))).path("outbox").path("entries")).hasSize(1);
        // Nobody answers within the removal delay: the relay writes the second event's removal itself.
        awaitOutboxDelivered(resultsKey(sessionId));
        assertThat(objectOperations(mark)).containsExactly("PutObject", "PutObject", "PutObject");
    }

    @Test
    void aDeliveredEventStaysInTheDocumentNoLongerThanTheRemovalDelay() throws Exception {
        String sessionId = surveyPastItsWelcome();
        text("4");
        awaitAnswerEvent(sessionId, "questionServiceRate");
        long delivered = System.nanoTime();
        awaitOutboxDelivered(resultsKey(sessionId));
        // The default delay is 2 s; the document is polled every 100 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isBetween(Duration.ofMillis(1_500),
                Duration.ofSeconds(5));
    }

    @Test
    void aGracefulStopWritesTheRemovalsStillWaitingForAStep() throws Exception {
        String sessionId = surveyPastItsWelcome();
        // Another instance, whose removals would wait nine seconds for a step, takes the respondent's answer.
        ServiceInstance stopping = ServiceInstance.start(Map.of("survey-relay.outbox.removal-delay", "9s"));
        try {
            assertThat(twilio(stopping.port(), "/sms/webhook", Map.of("From", respondent, "To",
                    LocalServices.PHONE_NUMBER, "Body", "4")).statusCode()).isEqualTo(200);
            awaitAnswerEvent(sessionId, "questionServiceRate");
            assertThat(json(object(resultsKey(sessionId))).path("outbox").path("entries")).hasSize(1);
        } finally {
            stopping.close();
        }
        // Stopped well within the nine seconds: no delivered event is left for the next instance to send again.
        JsonNode outbox = json(object(resultsKey(sessionId))).path("outbox");
        assertThat(outbox.path("entries").size()).isZero();
        assertThat(outbox.has("lease")).isFalse();
        assertThat(busEvents().stream().filter(event -> sessionId.equals(event.detail().path("sessionId").asText())
                && "questionServiceRate".equals(event.detail().path("answer").path("questionName").asText())))
                .hasSize(1);
    }

    @Test
    void aSecondSmsSurveyToANumberThisInstanceSawFinishReadsNeitherThePointerNorTheFinishedSession() throws Exception {
        String first = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        for (String body : List.of("continue", "4", "the app", "5", "nothing")) {
            text(body);
        }
        assertThat(json(object(resultsKey(first))).path("surveyStatus").asText()).isEqualTo("COMPLETED");
        awaitOutboxDelivered(resultsKey(first));
        await().atMost(Duration.ofSeconds(5)).until(() -> keys("open-sessions/" + respondent.substring(1)).isEmpty());
        int mark = s3Calls.mark();
        HttpResponse<String> second = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        // The pointer taken over, the new session's marker and the new session; the respondent's consent record is
        // read too, under a key without the number.
        assertThat(objectOperations(mark)).containsExactly("PutObject", "PutObject", "PutObject");
    }

    @Test
    void aSessionWaitingForItsRespondentIsNotReadAtEverySweep() throws Exception {
        String sessionId = surveyPastItsWelcome();
        int mark = s3Calls.mark();
        // Four sweeps, each given time for the relay to take what it queued (within a second): before the idle
        // sweep interval, each read every open session, this one too.
        for (int sweep = 0; sweep < 4; sweep++) {
            outboxRelay.sweep();
            await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        }
        List<String> sweepReads = s3Calls.since(mark).stream()
                .filter(op -> op.key() != null && op.key().contains(respondent.substring(1)))
                .filter(op -> op.name().equals("GetObject") && op.thread().startsWith("outbox-relay"))
                .map(S3Requests.Operation::key).toList();
        // At most one: a sweep may come before the relay's own look after the step has found the session idle.
        assertThat(sweepReads).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aVoiceStepWritesOnceWithoutARead() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        String sessionId = json(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        awaitOutboxDelivered(resultsKey(sessionId));
        int mark = s3Calls.mark();
        twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "in-progress"));
        assertThat(objectOperations(mark)).containsExactly("PutObject");
    }

    /** Starts a call to the respondent and makes its first {@code steps} webhooks; returns its session id. */
    private String callUpTo(int steps) throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        String sessionId = json(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        for (int turn = 0; turn < steps; turn++) {
            callStep(sessionId, turn);
        }
        return sessionId;
    }

    /** The call's webhook for {@code turn}, with the answer the benchmark's callers give there. */
    private void callStep(String sessionId, int turn) throws Exception {
        List<Map<String, String>> inputs = List.of(Map.of(), Map.of("Digits", "1"), Map.of("Digits", "4"),
                Map.of("SpeechResult", "the app", "Confidence", "0.92"), Map.of("Digits", "5"),
                Map.of("SpeechResult", "nothing", "Confidence", "0.88"));
        Map<String, String> params = new java.util.HashMap<>(Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "in-progress"));
        params.putAll(inputs.get(turn));
        assertThat(twilio("/voice/webhook?sessionId=" + sessionId + "&turn=" + turn, params).statusCode())
                .isEqualTo(200);
    }

    private void callCompleted(String sessionId) throws Exception {
        assertThat(twilio("/voice/status?sessionId=" + sessionId, Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "completed", "CallDuration", "30")).statusCode())
                .isEqualTo(200);
    }

    /**
     * A call's opt-out is judged on the session as the bucket holds it, and its step starts from that same read: one
     * GET for the opt-out and its write, and one GET alone for Twilio's repeat of it, answered as the first delivery
     * was (until 2026-12-06 the repeat read the session twice: once to judge it, once more in the step).
     */
    @Test
    void aVoiceOptOutReadsItsSessionOnceAndItsRepeatToo() throws Exception {
        String sessionId = callUpTo(1);
        awaitOutboxDelivered(resultsKey(sessionId));
        Map<String, String> star = new java.util.HashMap<>(Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "in-progress", "Digits", "*"));
        int mark = s3Calls.mark();
        HttpResponse<String> first = twilio("/voice/webhook?sessionId=" + sessionId + "&turn=1", star);
        assertThat(first.body()).contains("Understood: you will get no more surveys from us.");
        assertThat(stepOperations(mark, sessionId)).containsExactly("GetObject", "PutObject");

        awaitOutboxDelivered(resultsKey(sessionId));
        mark = s3Calls.mark();
        HttpResponse<String> repeat = twilio("/voice/webhook?sessionId=" + sessionId + "&turn=1", star);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(stepOperations(mark, sessionId)).containsExactly("GetObject");
    }

    /** The calls on the session's document since {@code mark}, but the outbox relay's. */
    private List<String> stepOperations(int mark, String sessionId) {
        return s3Calls.since(mark).stream().filter(op -> resultsKey(sessionId).equals(op.key()))
                .filter(op -> !op.name().equals("HeadObject") && !op.thread().startsWith("outbox-relay"))
                .map(S3Requests.Operation::name).toList();
    }

    /**
     * Twilio reports every call's end; once the survey is complete that changes nothing, and a finished session
     * stays finished, so the instance's copy answers it without a read (a GET a call).
     */
    @Test
    void theStatusCallbackOfACompletedCallReadsNothing() throws Exception {
        String sessionId = callUpTo(6);
        assertThat(json(object(resultsKey(sessionId))).get("surveyStatus").asText()).isEqualTo("COMPLETED");
        awaitOutboxDelivered(resultsKey(sessionId));
        int mark = s3Calls.mark();
        callCompleted(sessionId);
        assertThat(objectOperations(mark)).isEmpty();
    }

    /**
     * Under load the status callback comes while the relay is still at what the survey's end published: its events
     * delivered, the outbox not yet emptied. It takes out nothing, leaving that to the relay's own write rather than
     * racing it (a write, and the relay's refused one and its read again). The results copy is held back by a fault,
     * so the callback surely comes in between.
     */
    @Test
    void theStatusCallbackOfACompletedCallLeavesTheOutboxToTheRelay() throws Exception {
        String sessionId = callUpTo(5);
        SERVICES.s3().faults().setAfter(Faults.Mode.ERROR, 0, "." + sessionId + ".json");
        callStep(sessionId, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> busEvents().stream().anyMatch(event ->
                sessionId.equals(event.detail().path("sessionId").asText())
                        && "Survey Completed".equals(event.detailType())));
        assertThat(json(object(resultsKey(sessionId))).path("outbox").path("entries").size())
                .as("delivered events, and the results copy, still in the outbox").isGreaterThan(1);
        int mark = s3Calls.mark();
        callCompleted(sessionId);
        assertThat(objectOperations(mark)).isEmpty();
        SERVICES.s3().faults().clear();
        awaitOutboxDelivered(resultsKey(sessionId));
    }
}
