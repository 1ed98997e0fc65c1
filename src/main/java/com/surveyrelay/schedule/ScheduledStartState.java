package com.surveyrelay.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.FallbackFrom;
import java.time.Instant;

/**
 * What {@code GET} and {@code DELETE /scheduled-starts/{scheduleId}} answer: a deferred start's state, without the
 * respondent's number (as the {@code 202} that deferred it has none). Fields that do not apply are left out.
 *
 * @param scheduleId the start's id, as the {@code 202} named it
 * @param state {@value #SCHEDULED} (waiting for {@code scheduledFor}), {@value #STARTING} (an instance is firing it
 *     now), {@value #STARTED} (with {@code sessionId}), {@value #REFUSED} (it did not start when due: {@code code}
 *     and {@code message}), {@value #CANCELLED} ({@code DELETE}), or {@value #UNKNOWN} (an instance stopped while
 *     firing it and it was removed unfinished, {@code start_abandoned}: it may or may not have reached the
 *     respondent)
 * @param scheduledFor when it fires or was due (ISO-8601 UTC); null when only the trigger ledger still knows the start
 * @param surveyId the requested survey; null for the default one, or when only the ledger knows the start
 * @param channel {@code sms}, {@code voice} or {@code whatsapp}; null when only the ledger knows the start
 * @param campaignId the campaign of a campaign row's start (cancel the campaign, not the row); else null
 * @param fallbackFrom for a call's SMS fallback deferred by quiet hours, the call it falls back from
 *     ({@code sessionId}, {@code reason}); else null, and null when only the ledger knows the start
 * @param sessionId the session it started, for {@value #STARTED}
 * @param code {@code twilio_outcome_unknown} for a start whose text or call left without Twilio's answer; the
 *     refusal's error code for {@value #REFUSED}; {@code schedule_cancelled}; {@code start_abandoned}
 * @param message the refusal's message, when kept
 * @param endedAt when it ended, when kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledStartState(String scheduleId, String state, Instant scheduledFor, String surveyId,
        String channel, String campaignId, FallbackFrom fallbackFrom, String sessionId, String code, String message,
        Instant endedAt) {

    public static final String SCHEDULED = "scheduled";
    public static final String STARTING = "starting";
    public static final String STARTED = "started";
    public static final String REFUSED = "refused";
    public static final String CANCELLED = "cancelled";
    public static final String UNKNOWN = "unknown";

    /** A start still stored under {@code scheduled-starts/}, in {@code state} (scheduled or starting). */
    static ScheduledStartState pending(ScheduledStart start, String state) {
        return new ScheduledStartState(start.id(), state, start.scheduledFor(), start.surveyId(), start.channel(),
                start.campaignId(), start.fallbackFrom(), null, null, null, null);
    }

    /** An ended start, as its outcome keeps it. */
    static ScheduledStartState ended(ScheduledStartOutcome outcome) {
        return new ScheduledStartState(outcome.scheduleId(), outcome.state(), outcome.scheduledFor(),
                outcome.surveyId(), outcome.channel(), outcome.campaignId(), outcome.fallbackFrom(),
                outcome.sessionId(), outcome.code(), outcome.message(), outcome.endedAt());
    }
}
