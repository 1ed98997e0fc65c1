package com.surveyrelay.schedule;

/**
 * A start deferred by quiet hours fell due and ended for good, published (as a Spring application event) once its
 * outcome is in the trigger ledger: whoever deferred it may note how it went. Published by the instance that fired
 * it, once per start; a start released to try again later (a failure on our side) publishes nothing yet. A respondent's
 * erasure that deletes a deferred start publishes it too, not started, with the code {@code respondent_erased}, and so
 * does a cancel ({@code DELETE /scheduled-starts/{id}}), with {@code schedule_cancelled}.
 *
 * @param idempotencyKey the deferred request's key ({@code campaign-row:<campaignId>:<row>} for a campaign's row);
 *     null when the request had none
 * @param channel the deferred start's channel, {@code sms}, {@code voice} or {@code whatsapp}, as it was stored
 * @param started true when the survey started (or may have: Twilio did not answer, {@code twilio_outcome_unknown})
 * @param code the refusal's error code when it did not start ({@code recipient_opted_out}, ...); null otherwise
 * @param sessionId the session the start opened, when it started; null otherwise
 */
public record ScheduledStartEnded(String idempotencyKey, String channel, boolean started, String code,
        String sessionId) {

    /** An end with no session: a refusal, a cancel or an erasure. */
    public ScheduledStartEnded(String idempotencyKey, String channel, boolean started, String code) {
        this(idempotencyKey, channel, started, code, null);
    }
}
