package com.surveyrelay.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.FallbackFrom;
import java.time.Instant;

/**
 * How a deferred start ended, kept under {@code scheduled-start-outcomes/<scheduleId>.json} for
 * {@code GET /scheduled-starts/{scheduleId}} once the start itself is gone (it is deleted when it ends). Written by the
 * instance that ended it: where {@link ScheduledStartEnded} is published by the firing, and by a cancel. It names the
 * respondent's number, so a respondent's access lists it and erasure deletes it; the poll deletes it
 * {@code SCHEDULED_START_OUTCOMES_KEPT} (30 days unless set) after it was written.
 *
 * @param scheduleId the start's id (a UUID)
 * @param state {@code started}, {@code refused} or {@code cancelled} ({@link ScheduledStartState})
 * @param channel {@code sms}, {@code voice} or {@code whatsapp}, as stored
 * @param to the respondent's E.164 number, for access and erasure only: never answered by the lookup
 * @param surveyId the requested survey, or null (the default survey)
 * @param campaignId the campaign of a campaign row's start, else null
 * @param scheduledFor when it was due to fire
 * @param endedAt when it ended
 * @param sessionId the session it started, for {@code started}; else null
 * @param code {@code twilio_outcome_unknown} for a start whose text or call left without Twilio's answer, the
 *     refusal's error code for {@code refused} ({@code recipient_opted_out}, {@code contacted_recently},
 *     {@code contact_hours_never_open}, {@code campaign_cancelled}, ...), {@code schedule_cancelled} for
 *     {@code cancelled}; else null
 * @param message the refusal's message (the service's own text, no number), or null
 * @param fallbackFrom for a call's deferred SMS fallback, the call it fell back from; else null, left out of the
 *     document (and null in one kept before 2026-12-05)
 */
public record ScheduledStartOutcome(String scheduleId, String state, String channel, String to, String surveyId,
        String campaignId, Instant scheduledFor, Instant endedAt, String sessionId, String code, String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) FallbackFrom fallbackFrom) {

    /** The outcome of {@code start}, ended at {@code endedAt}. */
    static ScheduledStartOutcome of(ScheduledStart start, String state, Instant endedAt, String sessionId, String code,
            String message) {
        return new ScheduledStartOutcome(start.id(), state, start.channel(), start.to(), start.surveyId(),
                start.campaignId(), start.scheduledFor(), endedAt, sessionId, code, message, start.fallbackFrom());
    }
}
