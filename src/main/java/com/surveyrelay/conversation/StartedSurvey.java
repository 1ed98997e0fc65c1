package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveySession;
import java.util.List;
import java.util.Map;

/**
 * A survey that was started: the JSON answer for the caller and the events to publish.
 *
 * @param finished always empty; present so the outcome route treats starts and webhooks alike
 */
public record StartedSurvey(Map<String, Object> response, List<SurveyEvent> events,
        List<SurveySession> finished) {
}
