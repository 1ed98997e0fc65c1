package com.surveyrelay.campaign;

/**
 * How one campaign row deferred by quiet hours ended when it fell due, as noted under
 * {@code campaigns/<id>/deferred/} ({@link CampaignStore#noteDeferredRow}).
 *
 * @param started true when its survey started (or may have: Twilio did not answer)
 * @param detail the session it started, or the refusal's code ({@code recipient_opted_out}, ...); null when the note
 *     has none (written before 2026-12-07)
 */
record DeferredRowEnd(boolean started, String detail) {
}
