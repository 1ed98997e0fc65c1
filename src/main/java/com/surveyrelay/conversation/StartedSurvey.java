package com.surveyrelay.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import java.time.Duration;
import java.time.Instant;

/**
 * What a start request came to, as the caller reads it (the initiation routes marshal it as the JSON answer): a
 * survey started, a start deferred to the respondent's contact hours, or a repeat of a request already handled.
 * What a start publishes is in the new session's outbox, delivered by the outbox relay. Absent fields are left out
 * of the JSON.
 *
 * @param success true when a survey was started or scheduled (for a repeat: when the first delivery's was)
 * @param duplicate true for a repeat of an idempotency key; null otherwise
 * @param scheduled true when deferred by quiet hours; null otherwise
 * @param sessionId the started session (for a repeat: the first delivery's, if it started one)
 * @param scheduleId the deferred start's id, when scheduled (for a repeat: the first delivery's schedule)
 * @param scheduledFor when a deferred start fires, ISO-8601 UTC
 * @param surveyId, channel, language the survey, {@code sms} or {@code voice}, and the language tag
 * @param status {@code STARTED} or {@code SCHEDULED}, for a repeat too (a deferral's claim whose deferred start
 *     was stored is {@code SCHEDULED}); for a repeat whose first request has no outcome yet or was refused, the
 *     ledger's state, {@code claimed} or {@code failed}, which the HTTP endpoints answer with an error instead
 *     ({@link #orFirstRefusal})
 * @param twilioSid the first text's {@code MessageSid} or the call's {@code CallSid}
 * @param firstRefusal for a repeat of a request that was refused, the error it was answered (never in the JSON);
 *     otherwise null
 * @param claimTakeoverAt for a repeat whose first request has no outcome yet ({@link #firstOutcomePending}), when a
 *     repeat may take the key's claim over as abandoned ({@link AbandonedClaims#abandonedAt}), or, for a key freed
 *     since it was found claimed, when it was read: a repeat then is a new start. Null for a claim never taken over
 *     (kept before claims named their session), and for any other answer. Never in the JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"success", "duplicate", "scheduled", "sessionId", "scheduleId", "scheduledFor", "surveyId",
    "channel", "language", "status", "twilioSid"})
public record StartedSurvey(boolean success, Boolean duplicate, Boolean scheduled, String sessionId,
        String scheduleId, String scheduledFor, String surveyId, String channel, String language, String status,
        String twilioSid, @JsonIgnore HttpProblem firstRefusal, @JsonIgnore Instant claimTakeoverAt) {

    /** An answer that is no repeat of a claim without an outcome: {@code claimTakeoverAt} null. */
    public StartedSurvey(boolean success, Boolean duplicate, Boolean scheduled, String sessionId, String scheduleId,
            String scheduledFor, String surveyId, String channel, String language, String status, String twilioSid,
            HttpProblem firstRefusal) {
        this(success, duplicate, scheduled, sessionId, scheduleId, scheduledFor, surveyId, channel, language, status,
                twilioSid, firstRefusal, null);
    }

    static StartedSurvey started(String sessionId, String surveyId, String channel, String language, String status,
            String twilioSid) {
        return new StartedSurvey(true, null, null, sessionId, null, null, surveyId, channel, language, status,
                twilioSid, null);
    }

    static StartedSurvey deferred(String scheduleId, String scheduledFor, String surveyId, String channel) {
        return new StartedSurvey(true, null, true, null, scheduleId, scheduledFor, surveyId, channel, null,
                SCHEDULED, null, null);
    }

    /**
     * A repeat: {@code firstState} is the ledger's state of the first delivery, {@code firstId} its id, and
     * {@code refusal} the error it was answered when it was refused ({@code failed}), else null. A repeat of a start
     * still deferred is deferred too ({@code "scheduled": true}, so {@link #httpStatus} 202, as the first request was
     * answered: draft-ietf-httpapi-idempotency-key-header, section 2.6), without its {@code scheduledFor}, which
     * the ledger does not keep. Until 2026-12-05 it was answered 201, as if it had started.
     */
    static StartedSurvey repeat(String firstState, String firstId, HttpProblem refusal) {
        return repeat(firstState, firstId, refusal, null, null);
    }

    /**
     * As {@link #repeat(String, String, HttpProblem)}: {@code claimTakeoverAt} for a {@code claimed} first (see the
     * record's field), else null; {@code firstAnswer} what a started or deferred first request was answered, as its
     * key keeps it (null: not kept, as before 2026-12-07; a deferral's has its survey and channel only). A started or
     * deferred first is answered {@code STARTED} or {@code SCHEDULED}, as it was (until 2026-12-07 {@code started}
     * and {@code scheduled}, the ledger's own words, and without the first answer's {@code surveyId}, {@code channel},
     * {@code language} and {@code twilioSid}).
     */
    static StartedSurvey repeat(String firstState, String firstId, HttpProblem refusal, Instant claimTakeoverAt,
            TriggerLedger.FirstAnswer firstAnswer) {
        boolean scheduledBefore = "scheduled".equals(firstState);
        boolean startedBefore = "started".equals(firstState);
        String status = startedBefore ? STARTED : scheduledBefore ? SCHEDULED : firstState;
        TriggerLedger.FirstAnswer as = (startedBefore || scheduledBefore) && firstAnswer != null ? firstAnswer
                : new TriggerLedger.FirstAnswer(null, null, null, null);
        return new StartedSurvey(startedBefore || scheduledBefore, true, scheduledBefore ? true : null,
                scheduledBefore ? null : firstId, scheduledBefore ? firstId : null, null, as.surveyId(), as.channel(),
                as.language(), status, as.twilioSid(), refusal, claimTakeoverAt);
    }

    /** {@link #status} of a survey started, first or repeated. */
    public static final String STARTED = "STARTED";

    /** {@link #status} of a start deferred by quiet hours, first or repeated. */
    public static final String SCHEDULED = "SCHEDULED";

    /**
     * What the ledger keeps of this answer to a started request, for a repeat to be answered alike
     * ({@link #repeat(String, String, HttpProblem, Instant, TriggerLedger.FirstAnswer)}).
     */
    TriggerLedger.FirstAnswer firstAnswer() {
        return new TriggerLedger.FirstAnswer(surveyId, channel, language, twilioSid);
    }

    /** A row that started nothing (for campaigns, which publish per started row). */
    public static final StartedSurvey NOTHING = new StartedSurvey(false, null, null, null, null, null, null, null,
            null, null, null, null);

    /** True for a repeat of a request already handled (named so that JSON has only the {@code duplicate} field). */
    public boolean repeatsEarlierRequest() {
        return Boolean.TRUE.equals(duplicate);
    }

    /**
     * True for a repeat whose first request has no outcome yet: its key's claim is still {@code claimed} (the first
     * request is still starting, or storage failed to record its outcome or to free its key after a failure), and
     * names no deferred start that was stored (that one is answered as deferred).
     */
    public boolean firstOutcomePending() {
        return repeatsEarlierRequest() && "claimed".equals(status);
    }

    /**
     * This answer as the HTTP initiation endpoints give it: a repeat of a refused request is answered with the
     * refusal its first request was answered ({@link #firstRefusal}), with a message saying so, so that a client's
     * retry as it answered the first request; a repeat whose first request has no outcome yet
     * ({@link #firstOutcomePending}) with {@link #keyInUse(Instant)}; anything else as it is.
     *
     * @param now this instance's clock, to tell how long the key's claim has left
     * @throws HttpProblem the refusal (status 400 to 499, its code, its message after one saying it is a repeat's), or
     *     {@code 409 idempotency_key_in_use}
     */
    StartedSurvey orFirstRefusal(Instant now) {
        if (firstRefusal != null) {
            throw firstRefusal;
        }
        if (firstOutcomePending()) {
            throw keyInUse(now);
        }
        return this;
    }

    /** The error code of {@link #keyInUse}. */
    public static final String KEY_IN_USE = "idempotency_key_in_use";

    /** {@code Retry-After} of {@link #keyInUse()}, in seconds: a start under way takes a second or two. */
    static final int KEY_IN_USE_RETRY_SECONDS = 5;

    /**
     * How old a claim may be and still be taken for a start under way, answered {@code Retry-After}
     * {@value #KEY_IN_USE_RETRY_SECONDS} s: a start claims its key, stores its session and texts or calls within the
     * webhook budget (10 s) and Twilio's timeouts (3 attempts of 5 s). An older claim had its outcome lost (its
     * instance stopped, or storage failed recording it) and settles only when it may be taken over.
     */
    static final Duration UNDER_WAY_FOR_AT_MOST = Duration.ofSeconds(30);

    /**
     * The answer to a repeat whose first request has no outcome yet ({@link #firstOutcomePending}):
     * {@code 409 idempotency_key_in_use} with {@code Retry-After} {@value #KEY_IN_USE_RETRY_SECONDS} s, as
     * draft-ietf-httpapi-idempotency-key-header (section 2.7) answers a request whose key's first request is still
     * being processed. Until 2026-12-05 a {@code 201} with {@code "success": false, "status": "claimed"}, which a
     * client checking only the status read as started (probe H51).
     */
    public static HttpProblem keyInUse() {
        return new HttpProblem(409, KEY_IN_USE, "A request under this idempotency key is still being started, or its "
                + "outcome could not be stored; nothing more was sent. Ask again under the same key in a few seconds "
                + "(a claim still unsettled after " + AbandonedClaims.ABANDONED_AFTER.toMinutes() + " minutes is "
                + "settled by the next request under it), or send a new request under a new key.",
                KEY_IN_USE_RETRY_SECONDS);
    }

    /**
     * As {@link #keyInUse()}, for this repeat at {@code now}. Its {@code Retry-After} is
     * {@value #KEY_IN_USE_RETRY_SECONDS} s while the key's claim is at most {@link #UNDER_WAY_FOR_AT_MOST} old, or when
     * it is never taken over ({@link #claimTakeoverAt} null); an older claim's is the time left until it may be taken
     * over, plus a second (as a bus request waits: {@code BusTriggers}), and its message says so; 1 s once that time
     * is past (or the key was freed since it was found claimed). Until
     * 2026-12-05 always 5 s: a client following it asked some sixty times during an abandoned claim's five minutes.
     */
    HttpProblem keyInUse(Instant now) {
        Duration left = claimTakeoverAt == null ? null : Duration.between(now, claimTakeoverAt);
        if (left == null || left.compareTo(AbandonedClaims.ABANDONED_AFTER.minus(UNDER_WAY_FOR_AT_MOST)) > 0) {
            return keyInUse();
        }
        if (left.isNegative() || left.isZero()) {
            // Freed since it was found claimed, or about to be taken over: the next request under the key settles it.
            return new HttpProblem(409, KEY_IN_USE, keyInUse().getMessage(), 1);
        }
        int seconds = (int) (left.toSeconds() + 1);
        return new HttpProblem(409, KEY_IN_USE, "A request under this idempotency key has had no outcome for more "
                + "than " + UNDER_WAY_FOR_AT_MOST.toSeconds() + " s (its instance stopped, or storage failed recording "
                + "it); nothing more was sent. Ask again under the same key in " + seconds + " s, when its claim may "
                + "be taken over and the survey started (unless the first request had stored it), or send a new "
                + "request under a new key now (refused 409 survey_in_progress while a survey the first request "
                + "stored holds the number).", seconds);
    }

    /** True when quiet hours deferred the start. */
    public boolean deferredByQuietHours() {
        return Boolean.TRUE.equals(scheduled);
    }

    /** 201 when started (or a repeat of any but a deferred start), 202 when deferred: the initiation routes' status. */
    @JsonIgnore
    public int httpStatus() {
        return deferredByQuietHours() ? 202 : 201;
    }
}
