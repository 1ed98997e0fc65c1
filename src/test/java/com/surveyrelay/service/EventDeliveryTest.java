package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A refused or unreachable bus never costs an answer, and a refused entry is retried, not taken for sent. */
class EventDeliveryTest extends ServiceTest {

    @AfterEach
    void busBack() {
        SERVICES.eventBridge().setUnavailable(false);
        SERVICES.eventBridge().rejectNext(0);
    }

    @Test
    void anEntryTheBusRefusedIsSentAgain() throws Exception {
        SERVICES.eventBridge().rejectNext(1);
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started"));
    }

    @Test
    void anUnreachableBusDoesNotFailTheWebhookThatStoredTheAnswer() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "continue"));
        SERVICES.eventBridge().setUnavailable(true);
        HttpResponse<String> answer = twilio("/sms/webhook", Map.of("From", respondent,
                "To", LocalServices.PHONE_NUMBER, "Body", "5"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Thanks. Next question.");
        assertThat(json(object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"))
                .get("questions").get(0).get("answer").asInt()).isEqualTo(5);
    }
}
