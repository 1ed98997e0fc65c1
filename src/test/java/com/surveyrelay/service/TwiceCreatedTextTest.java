package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A text Twilio accepted and then answered 5xx (its front door failing after the message was queued) was sent again
 * by the retry, and the respondent got the welcome twice; calls were guarded against it, texts were not (Twilio
 * failure probe, 2026-12-05). Before the retry the gateway now asks Twilio's message list for the same text.
 */
class TwiceCreatedTextTest extends ServiceTest {

    private List<RecordedMessage> textsToRespondent() {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(respondent)).toList();
    }

    @Test
    void aTextAcceptedBeforeA5xxIsNotSentAgain() throws Exception {
        SERVICES.twilio().failNextAfterServing(500, 20500, "Internal Server Error");
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        // On a machine so loaded that the 500 took two seconds, the gateway rightly did not send it again.
        assumeThat(started.statusCode()).as("the 500 came within two seconds: " + started.body()).isEqualTo(201);

        List<RecordedMessage> texts = textsToRespondent();
        assertThat(texts).as("the first attempt was accepted; the retry found it and sent nothing").hasSize(1);
        assertThat(json(started.body()).get("twilioSid").asText()).isEqualTo(texts.get(0).sid());
    }

    @Test
    void aTextTwilioRefusedWith5xxIsSentAgainOnce() throws Exception {
        SERVICES.twilio().failNext(500, 20500, "Internal Server Error");
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

        assertThat(textsToRespondent()).as("nothing was accepted at the first attempt: the retry sends it").hasSize(1);
    }
}
