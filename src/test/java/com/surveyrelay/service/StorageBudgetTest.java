package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.LocalServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webhook costs one S3 read and one conditional write (the original did five reads and two writes per SMS
 * answer), and that write also stores what the step publishes. Delivering it costs the outbox relay one
 * conditional write per entry, after the webhook answered, and no read. Only the calls on the respondent's own
 * objects are counted: the catalog's timer and the outbox sweep call S3 for other things meanwhile.
 */
class StorageBudgetTest extends ServiceTest {

    /**
     * The calls on this respondent's objects since {@code mark}. Other work of the same context (the catalog's
     * timer, the outbox sweep reading other tests' sessions) calls S3 meanwhile and is not this webhook's cost.
     */
    private List<String> objectOperations(int mark) {
        String digits = respondent.substring(1);
        return S3Requests.since(mark).stream()
                .filter(op -> op.key() != null && op.key().contains(digits))
                .filter(op -> !op.name().equals("HeadObject"))
                .map(S3Requests.Operation::name).toList();
    }

    private void awaitNothingToDeliver(String sessionId) {
        awaitOutboxDelivered("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json");
    }

    @Test
    void anSmsAnswerReadsOnceAndWritesOnceThenTheRelayWritesOncePerEvent() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "continue"));
        awaitNothingToDeliver(sessionId);
        int mark = S3Requests.OPERATIONS.size();
        twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "4"));
        assertThat(objectOperations(mark)).as("before the webhook answered").startsWith("GetObject", "PutObject");
        // One event (Answer Recorded): delivered, then removed from the outbox.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(objectOperations(mark))
                .containsExactly("GetObject", "PutObject", "PutObject"));
    }

    @Test
    void aVoiceStepReadsOnceAndWritesOnce() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        String sessionId = json(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        awaitNothingToDeliver(sessionId);
        int mark = S3Requests.OPERATIONS.size();
        twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "in-progress"));
        assertThat(objectOperations(mark)).containsExactly("GetObject", "PutObject");
    }
}
