package com.surveyrelay.campaign;

import java.util.List;

/**
 * One run of a campaign on this instance: the lanes that start its rows, and the progress they record. A
 * campaign asked to run while it already runs (its file dropped again, a resume racing the intake) gets a run
 * with no lanes, which ends without touching the real one.
 *
 * @param rows every row of the campaign's file, so that a cancelled run records those it did not start
 */
public record CampaignRun(String campaignId, List<Iterable<RowTask>> lanes, CampaignProgress progress,
        List<CampaignRow> rows) {

    static CampaignRun none(String campaignId) {
        return new CampaignRun(campaignId, List.of(), null, List.of());
    }
}
