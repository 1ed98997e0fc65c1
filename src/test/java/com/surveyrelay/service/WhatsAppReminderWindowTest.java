package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.outbox.OutboxRelay;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * WhatsApp's 24-hour window at the moment a reminder goes out, on a clock the test moves forward: a reminder that
 * fell due inside the respondent's window but is looked at only after it closed (the instance was down, the sweep
 * late) is not sent as free-form text, which WhatsApp refuses (Twilio error 63016). The emulator keeps the window
 * on the real clock, so it would accept such a text: only the service can hold it back.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.consent.sms-reminder-after=2h",
        // Longer than the window: a session outlives it, so its reminder can be looked at after it closed.
        "survey-relay.sms-conversation-timeout=72h",
        // Only the test sweeps, once its clock has moved.
        "survey-relay.outbox.sweep-interval=1h"})
class WhatsAppReminderWindowTest extends ServiceTest {

    @Autowired
    TestClock clock;

    @Autowired
    OutboxRelay relay;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /**
     * Starts a WhatsApp survey to {@code number} and answers its first question: the answer's event hands the relay
     * the session as it now is, at the second question.
     */
    private String startAndAnswerOne(String number) throws Exception {
        HttpResponse<String> started = startSurvey("/whatsapp/initiate-whatsapp", "{\"To\": \"" + number + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        SERVICES.emulator().phone(number).whatsApp("continue");
        SERVICES.emulator().phone(number).whatsApp("4");
        return json(started.body()).get("sessionId").asText();
    }

    private static List<String> messagesTo(String number) {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals("whatsapp:" + number))
                .map(RecordedMessage::body).toList();
    }

    @Test
    void aReminderDueInsideTheWindowIsNotSentOnceTheWindowHasClosed() throws Exception {
        String late = respondent;
        String lateSession = startAndAnswerOne(late);
        // Delivered on the real clock: the relay's timers do not follow the test's clock.
        awaitOutboxDelivered("survey-results/" + late.substring(1) + "/" + lateSession + ".json");

        // Its reminder fell due 2 h after its reply, inside the window; nobody looked until 25 h after it.
        clock.advance(Duration.ofHours(25));
        String onTime = newRespondent();
        startAndAnswerOne(onTime);
        clock.advance(Duration.ofHours(2));
        SERVICES.twilio().clear();
        relay.sweep();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messagesTo(onTime))
                .as("the sweep reminds a session whose window is open").singleElement().asString()
                .startsWith("A quick reminder: we would still like your answer."));
        relay.sweep();
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(messagesTo(late)).as("no free-form text after the window closed").isEmpty());
        JsonNode session = json(object("survey-results/" + late.substring(1) + "/" + lateSession + ".json"));
        assertThat(session.has("remindedAt")).as("a reminder not sent is not recorded").isFalse();
        assertThat(session.get("surveyStatus").asText()).isEqualTo("STARTED");
    }
}
