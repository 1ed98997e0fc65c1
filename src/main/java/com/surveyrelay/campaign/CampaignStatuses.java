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

    /**
     * The campaign's status, and for one with rows deferred by quiet hours what became of those that fell due (one
     * listing of its {@code deferred/} folder per 1,000 rows).
     *
     * @throws HttpProblem 404 {@code unknown_campaign}
     */
    public CampaignReport status(String campaignId) {
        if (!CampaignId.isValid(campaignId)) {
            throw unknown();
        }
        CampaignStatus status = runner.live(campaignId)
                .or(() -> store.status(campaignId).map(stored -> stored.at(settings)))
                .orElseThrow(CampaignStatuses::unknown);
        return CampaignReport.of(status, status.scheduled() > 0 ? store.deferredRows(campaignId) : null);
    }

    public Map<String, List<String>> list() {
        return Map.of("campaigns", store.ids());
    }

    static HttpProblem unknown() {
        return new HttpProblem(404, "unknown_campaign", "There is no campaign with that id.");
    }
}
