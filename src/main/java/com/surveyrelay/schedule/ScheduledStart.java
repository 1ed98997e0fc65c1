package com.surveyrelay.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.FallbackFrom;
import java.time.Instant;
import java.util.Optional;

/**
 * A start deferred to the respondent's contact hours, as stored: a request's, a campaign row's, or the SMS fallback
 * of a call that went unanswered outside those hours ({@code fallbackFrom}).
 *
 * @param id the schedule's id (a UUID), part of its object key
 * @param channel {@code sms} or {@code voice}
 * @param to the respondent's E.164 number (in the document, never in the key)
 * @param language the survey's language tag the request resolved to ({@code en-US} for {@code en}), which the start
 *     runs in, or null
 * @param surveyId the requested survey, or null
 * @param timeZone the requested IANA zone, or null
 * @param idempotencyKey the request's idempotency key, or null
 * @param scheduledFor when it fires
 * @param requestedAt when it was deferred
 * @param requestedLanguage the language tag as the request asked it, canonical ({@code en}), which the fingerprint
 *     kept under its idempotency key is of; null when it asked none, or for a start deferred before it was kept
 *     (then {@code language} is what its fingerprint is of: {@link #askedLanguage})
 * @param fallbackFrom for a call's SMS fallback, the call it falls back from (its {@code sessionId}, a session id,
 *     and {@code reason}: {@code busy}, {@code no-answer} or {@code failed}); the start then goes on from that call
 *     when it fires, under the idempotency key {@code fallback:<call's sessionId>}. Null for any other start, and
 *     left out of the stored document then, so a start stored before 2026-12-05 reads and fires as it did
 */
public record ScheduledStart(String id, String channel, String to, String language, String surveyId, String timeZone,
        String idempotencyKey, Instant scheduledFor, Instant requestedAt, String requestedLanguage,
        @JsonInclude(JsonInclude.Include.NON_NULL) FallbackFrom fallbackFrom) {

    /** A start that is no call's fallback. */
    public ScheduledStart(String id, String channel, String to, String language, String surveyId, String timeZone,
            String idempotencyKey, Instant scheduledFor, Instant requestedAt, String requestedLanguage) {
        this(id, channel, to, language, surveyId, timeZone, idempotencyKey, scheduledFor, requestedAt,
                requestedLanguage, null);
    }

    /** A start whose request asked for {@code language} as the survey spells it (or for none), as one read back. */
    public ScheduledStart(String id, String channel, String to, String language, String surveyId, String timeZone,
            String idempotencyKey, Instant scheduledFor, Instant requestedAt) {
        this(id, channel, to, language, surveyId, timeZone, idempotencyKey, scheduledFor, requestedAt, null);
    }

    /** The language tag the request asked for, as its idempotency key's fingerprint keeps it; null for none. */
    public String askedLanguage() {
        return requestedLanguage != null ? requestedLanguage : language;
    }

    /** This start, to fire at {@code later} instead. */
    ScheduledStart firingAt(Instant later) {
        return new ScheduledStart(id, channel, to, language, surveyId, timeZone, idempotencyKey, later, requestedAt,
                requestedLanguage, fallbackFrom);
    }

    /**
     * How a log line names this start: its id, the campaign row it is ({@code campaign-row:<campaignId>:<row>}, the
     * service's own key) and its number masked to its last four digits: {@code d562702b-... (campaign-row:spring-
     * promo-5ee6df7a1ac5:12, to ***0431)}. Until 2026-12-07 refusals named the id alone, and finding the row meant
     * reading the bucket (an operator's probe). A caller's own key is not logged: it may hold anything.
     */
    public String described() {
        String number = com.surveyrelay.survey.E164.parse(to).map(Object::toString).orElse("an unreadable number");
        return id + " (" + (campaignRow() ? idempotencyKey + ", " : "") + "to " + number + ")";
    }

    /** How a campaign row's idempotency key starts ({@code RowTask.KEY_PREFIX}). */
    static final String CAMPAIGN_ROW_KEY = "campaign-row:";

    /** True for a campaign row's start (its key is {@code campaign-row:...}), which keeps the campaign pace. */
    public boolean campaignRow() {
        return campaignRow(idempotencyKey);
    }

    /** True for a campaign row's idempotency key ({@code campaign-row:...}); false for another, or null. */
    static boolean campaignRow(String idempotencyKey) {
        return idempotencyKey != null && idempotencyKey.startsWith(CAMPAIGN_ROW_KEY);
    }

    /** The campaign a campaign row's start belongs to ({@link #campaignOf}); null for another start. */
    String campaignId() {
        return campaignOf(idempotencyKey).orElse(null);
    }

    /**
     * The campaign id a campaign row's key names, {@code campaign-row:<campaignId>:<row>}, not checked as a campaign
     * id; empty for any other key (or null).
     */
    public static Optional<String> campaignOf(String idempotencyKey) {
        if (idempotencyKey == null || !idempotencyKey.startsWith(CAMPAIGN_ROW_KEY)) {
            return Optional.empty();
        }
        String rest = idempotencyKey.substring(CAMPAIGN_ROW_KEY.length());
        int colon = rest.lastIndexOf(':');
        return colon > 0 ? Optional.of(rest.substring(0, colon)) : Optional.empty();
    }
}
