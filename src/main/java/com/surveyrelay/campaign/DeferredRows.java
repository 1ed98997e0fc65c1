package com.surveyrelay.campaign;

/**
 * What became of a campaign's rows that quiet hours deferred (outcome {@code scheduled} in its results file), once
 * they fell due: the results file keeps {@code scheduled}, written when the campaign ran; these counts follow.
 *
 * @param started rows whose survey started when due (or may have: Twilio did not answer)
 * @param refused rows refused when due (the number opted out meanwhile, say); the code is in the trigger ledger
 */
public record DeferredRows(int started, int refused) {
}
