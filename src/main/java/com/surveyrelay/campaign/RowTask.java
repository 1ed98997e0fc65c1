package com.surveyrelay.campaign;

/** One row of a campaign on its way through a lane of the {@code campaign-run} route. */
public record RowTask(String campaignId, CampaignRow row, CampaignProgress progress) {

    /** The row's start request key: a restarted campaign meets the same keys and sends nothing twice. */
    String idempotencyKey() {
        return campaignId + ":" + row.row();
    }
}
