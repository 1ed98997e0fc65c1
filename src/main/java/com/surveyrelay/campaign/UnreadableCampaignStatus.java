package com.surveyrelay.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A campaign's stored {@code campaigns/<id>/status.json} is not a status: not JSON, or not its shape (edited by hand,
 * or written by something else). It stays so until someone mends or deletes it, so a caller handles it as that one
 * campaign's problem: the resume look skips the campaign with a warning, and {@code GET /campaigns/{id}} answers
 * {@code 500 campaign_status_unreadable}.
 */
class UnreadableCampaignStatus extends RuntimeException {

    private final String campaignId;

    /** @param cause Jackson's parse or mapping error, which names where the document went wrong */
    UnreadableCampaignStatus(String campaignId, Throwable cause) {
        super("The stored status of campaign " + campaignId + " (campaigns/" + campaignId + "/status.json) is not "
                + "readable: " + (cause instanceof JsonProcessingException json ? json.getOriginalMessage()
                : cause.getMessage()), cause);
        this.campaignId = campaignId;
    }

    String campaignId() {
        return campaignId;
    }
}
