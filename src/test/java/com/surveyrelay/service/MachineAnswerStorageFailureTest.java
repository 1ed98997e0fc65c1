package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call answered by a voicemail whose end could not be stored (S3 answering 503 to the session's write): the call is
 * hung up on and the end tried again a second later, but Twilio's {@code completed} status callback comes at once,
 * before that retry. The session ended {@code hangup}, as a respondent who hung up in the welcome, and the machine's
 * end, tried afterwards, found it over. Twilio plays its part by hand here ({@code setManual}), so the callback is
 * posted between the failed write and its retry.
 */
class MachineAnswerStorageFailureTest extends ServiceTest {

    /** This class's numbers: +15550142600 to +15550142649. */
    private static final AtomicInteger NUMBERS = new AtomicInteger(2600);
    private static final String HANG_UP = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>";

    @BeforeEach
    void ownNumber() {
        respondent = "+1555014" + NUMBERS.getAndIncrement();
    }

    private String resultsKey(String sessionId) {
        return "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
    }

    @Test
    void aMachineAnswerStorageFailedStillEndsTheCallAsAMachineWhenTheCallsEndComesFirst() throws Exception {
        PlacedCall placed = placeManualCall();
        String sessionId = placed.sessionId();
        Map<String, String> machine = callParams(respondent, placed.call().sid());
        machine.put("AnsweredBy", "machine_start");

        SERVICES.s3().faults().setOnWrites(Faults.Mode.ERROR, "/" + resultsKey(sessionId));
        HttpResponse<String> hungUp;
        try {
            hungUp = twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", machine);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(hungUp.statusCode()).as(hungUp.body()).isEqualTo(200);
        assertThat(hungUp.body()).isEqualTo(HANG_UP);
        assertThat(json(object(resultsKey(sessionId))).get("surveyStatus").asText()).as("the end was not stored")
                .isEqualTo("STARTED");

        Map<String, String> completed = callParams(respondent, placed.call().sid());
        completed.put("CallStatus", "completed");
        completed.put("CallDuration", "3");
        assertThat(twilio("/voice/status?sessionId=" + sessionId, completed).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode ended = json(object(resultsKey(sessionId)));
            assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
            assertThat(ended.get("endReason").asText()).isEqualTo("machine");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents().stream()
                .filter(event -> sessionId.equals(event.detail().path("sessionId").asText())))
                .extracting(event -> event.detailType() + " " + event.detail().path("reason").asText(""))
                .containsExactly("Survey Started ", "Survey Abandoned machine"));
    }
}
