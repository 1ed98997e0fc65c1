package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveyEvent;
import java.util.List;

/**
 * Published (as a Spring application event, on the thread that wrote them) when a start or a step has just stored
 * lifecycle events in a session's outbox: once per event, by the instance whose conditional write stored it. The
 * outbox relay delivers them to the bus later; this is for what counts them now (metrics).
 *
 * @param events the events as stored, in order; never empty
 */
public record SurveyEventsStored(List<SurveyEvent> events) {
}
