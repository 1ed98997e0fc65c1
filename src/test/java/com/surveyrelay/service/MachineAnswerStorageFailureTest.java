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
 * posted between the failed write and its retry, to this instance or to another one.
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

    /** Posts Twilio's machine answer to the call's first request, with the session's write failing; hung up on. */
    private void machineAnswerNotStored(PlacedCall placed) throws Exception {
        Map<String, String> machine = callParams(respondent, placed.call().sid());
        machine.put("AnsweredBy", "machine_start");
        SERVICES.s3().faults().setOnWrites(Faults.Mode.ERROR, "/" + resultsKey(placed.sessionId()));
        HttpResponse<String> hungUp;
        try {
            hungUp = twilio("/voice/webhook?sessionId=" + placed.sessionId() + "&turn=0", machine);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(hungUp.statusCode()).as(hungUp.body()).isEqualTo(200);
        assertThat(hungUp.body()).isEqualTo(HANG_UP);
        assertThat(json(object(resultsKey(placed.sessionId()))).get("surveyStatus").asText())
                .as("the end was not stored").isEqualTo("STARTED");
    }

    private Map<String, String> completed(PlacedCall placed) {
        Map<String, String> completed = callParams(respondent, placed.call().sid());
        completed.put("CallStatus", "completed");
        completed.put("CallDuration", "3");
        return completed;
    }

    private void awaitEndedAsAMachine(String sessionId) {
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

    @Test
    void aMachineAnswerStorageFailedStillEndsTheCallAsAMachineWhenTheCallsEndComesFirst() throws Exception {
        PlacedCall placed = placeManualCall();
        machineAnswerNotStored(placed);

        assertThat(twilio("/voice/status?sessionId=" + placed.sessionId(), completed(placed)).statusCode())
                .isEqualTo(200);

        awaitEndedAsAMachine(placed.sessionId());
    }

    /**
     * The same with the call's {@code completed} status callback reaching another instance, which keeps no machine
     * answer: Twilio's {@code AnsweredBy} on the callback (answering-machine detection's verdict, which Twilio adds to
     * the status callbacks of a call placed with it) ends the session {@code machine} there. Until 2026-12-06 that
     * instance ended it {@code hangup} at once, and the first instance's retry found it over.
     */
    @Test
    void aMachineAnswerStorageFailedEndsTheCallAsAMachineWhenTheCallsEndReachesAnotherInstance() throws Exception {
        try (ServiceInstance other = ServiceInstance.start(Map.of())) {
            // Started first: the kept answer's retry, a second after the failed write, must not come before the callback.
            PlacedCall placed = placeManualCall();
            machineAnswerNotStored(placed);
            Map<String, String> completed = completed(placed);
            completed.put("AnsweredBy", "machine_start");

            assertThat(twilio(other.port(), "/voice/status?sessionId=" + placed.sessionId(), completed)
                    .statusCode()).isEqualTo(200);
            JsonNode ended = json(object(resultsKey(placed.sessionId())));
            assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
            assertThat(ended.get("endReason").asText()).as("ended by the other instance's callback")
                    .isEqualTo("machine");
            awaitEndedAsAMachine(placed.sessionId());
        }
    }
}
