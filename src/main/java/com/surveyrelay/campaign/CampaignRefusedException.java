package com.surveyrelay.campaign;

/** A campaign file that is refused as a whole (no header, too many rows); the message says why, for the status. */
final class CampaignRefusedException extends RuntimeException {

    CampaignRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
