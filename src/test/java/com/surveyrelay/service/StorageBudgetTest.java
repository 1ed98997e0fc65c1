package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webhook costs at most one S3 read and one conditional write in steady state (the original did five
 * reads and two writes per SMS answer). The catalog's timer also lists the bucket, so only the webhook's
 * own operations are counted.
 */
class StorageBudgetTest extends ServiceTest {

    @Test
    void anSmsAnswerReadsOnceAndWritesOnce() throws Exception {
        startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "continue"));
        int mark = S3Requests.OPERATIONS.size();
        twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "4"));
        assertThat(S3Requests.since(mark)).filteredOn(op -> !op.equals("HeadObject") && !op.equals("ListObjectsV2"))
                .containsExactly("GetObject", "PutObject");
    }

    @Test
    void aVoiceStepReadsOnceAndWritesOnce() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        String sessionId = json(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        int mark = S3Requests.OPERATIONS.size();
        twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", Map.of("To", respondent,
                "From", LocalServices.PHONE_NUMBER, "CallStatus", "in-progress"));
        assertThat(S3Requests.since(mark)).filteredOn(op -> !op.equals("HeadObject") && !op.equals("ListObjectsV2"))
                .containsExactly("GetObject", "PutObject");
    }
}
