package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveyEvent;
import java.util.List;

/**
 * Published (as a Spring application event, on the thread that wrote them) when a start or a step has just stored
 * lifecycle events in a session's outbox: once per event, by the instance whose conditional write stored it. The
 * outbox relay delivers them to the bus later; this is for what counts them now (metrics).
 *
 * <p>A start's {@code SURVEY_STARTED} is stored before Twilio is asked to send the first text or place the call, and
 * published only once Twilio took it (or did not answer, or took part of a welcome in several texts: the session then
 * stays open for a reply), so that a start Twilio refused is never counted as started. That start's end is published
 * with {@code startRefused}.
 *
 * @param events the events as stored, in order; never empty
 * @param startRefused true for the end a start stored because its first text or call never went out (Twilio refused
 *     it or was not reached; the number opted out meanwhile), whose {@code SURVEY_STARTED} was never published
 */
public record SurveyEventsStored(List<SurveyEvent> events, boolean startRefused) {

    /** Events stored by a step, or a start whose first contact Twilio took. */
    public SurveyEventsStored(List<SurveyEvent> events) {
        this(events, false);
    }
}
