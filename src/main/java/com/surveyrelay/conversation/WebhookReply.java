package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveySession;
import java.util.List;

/**
 * What a webhook route answers and publishes once the session is safely stored.
 *
 * @param twiml the TwiML document to answer Twilio with
 * @param finished the session, when this webhook ended it (for the results sink); empty otherwise
 */
public record WebhookReply(String twiml, List<SurveyEvent> events, List<SurveySession> finished) {
}
