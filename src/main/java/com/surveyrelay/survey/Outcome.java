package com.surveyrelay.survey;

import com.twilio.twiml.VoiceResponse;
import java.util.List;

/**
 * What the processor decided: the session to store, what to answer (TwiML for a voice webhook, texts to send
 * for SMS) and the events to publish. A voice outcome always has a response; an SMS outcome may send nothing.
 */
public record Outcome(
        SurveySession session, VoiceResponse voiceResponse, List<String> messages, List<SurveyEvent> events) {

    public Outcome {
        messages = List.copyOf(messages);
        events = List.copyOf(events);
    }

    public String twiml() {
        return voiceResponse == null ? null : voiceResponse.toXml();
    }
}
