package com.surveyrelay.schedule;

import java.time.Instant;

/**
 * A start deferred to the respondent's contact hours, as stored.
 *
 * @param id the schedule's id (a UUID), part of its object key
 * @param channel {@code sms} or {@code voice}
 * @param to the respondent's E.164 number (in the document, never in the key)
 * @param language the requested language tag, or null
 * @param surveyId the requested survey, or null
 * @param timeZone the requested IANA zone, or null
 * @param idempotencyKey the request's idempotency key, or null
 * @param scheduledFor when it fires
 * @param requestedAt when it was deferred
 */
public record ScheduledStart(String id, String channel, String to, String language, String surveyId, String timeZone,
        String idempotencyKey, Instant scheduledFor, Instant requestedAt) {

    /** How a campaign row's idempotency key starts ({@code RowTask.KEY_PREFIX}). */
    static final String CAMPAIGN_ROW_KEY = "campaign-row:";

    /** True for a campaign row's start (its key is {@code campaign-row:...}), which keeps the campaign pace. */
    boolean campaignRow() {
        return idempotencyKey != null && idempotencyKey.startsWith(CAMPAIGN_ROW_KEY);
    }
}
