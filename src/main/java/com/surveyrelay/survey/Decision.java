package com.surveyrelay.survey;

import com.twilio.twiml.VoiceResponse;
import java.util.List;

/**
 * What the processor decided: the session to store, what to answer (TwiML for a voice webhook, texts to send
 * for SMS) and the events to publish. A voice decision always has a response; an SMS decision may send nothing.
 */
public record Decision(
        SurveySession session, VoiceResponse voiceResponse, List<String> messages, List<SurveyEvent> events) {

    public Decision {
        messages = List.copyOf(messages);
        events = List.copyOf(events);
    }

    public String twiml() {
        return voiceResponse == null ? null : voiceResponse.toXml();
    }
}
