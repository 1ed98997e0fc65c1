package com.surveyrelay.campaign;

/**
 * A campaign file that is refused as a whole (no header, too many rows); the message says why, for the status, the
 * log and {@code GET /campaigns/{id}}. A phone number the message quotes from the file (a header cell such as
 * {@code call John at 5550170181}) keeps its last four digits only ({@link CampaignId#withNumbersMasked}): until
 * 2026-12-07 it was quoted whole there, where neither access nor erasure reaches (a compliance officer's probe).
 */
final class CampaignRefusedException extends RuntimeException {

    CampaignRefusedException(String reason) {
        super(CampaignId.withNumbersMasked(reason), null, false, false);
    }
}
