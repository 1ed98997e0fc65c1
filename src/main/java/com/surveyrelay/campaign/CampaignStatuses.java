package com.surveyrelay.campaign;

import com.surveyrelay.web.HttpProblem;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /campaigns} and {@code GET /campaigns/{id}}: live counts for a campaign running on this
 * instance, the bucket's copy for any other (finished, queued, or running elsewhere).
 */
@Component("campaignStatuses")
public class CampaignStatuses {

    private final CampaignRunner runner;
    private final CampaignStore store;
    private final CampaignProperties settings;

    public CampaignStatuses(CampaignRunner runner, CampaignStore store, CampaignProperties settings) {
        this.runner = runner;
        this.store = store;
        this.settings = settings;
    }

    public CampaignStatus status(String campaignId) {
        if (!CampaignId.isValid(campaignId)) {
            throw unknown();
        }
        return runner.live(campaignId)
                .or(() -> store.status(campaignId).map(status -> status.at(settings)))
                .orElseThrow(CampaignStatuses::unknown);
    }

    public Map<String, List<String>> list() {
        return Map.of("campaigns", store.ids());
    }

    private static HttpProblem unknown() {
        return new HttpProblem(404, "unknown_campaign", "There is no campaign with that id.");
    }
}
