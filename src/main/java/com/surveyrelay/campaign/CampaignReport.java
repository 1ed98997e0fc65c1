package com.surveyrelay.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * What {@code GET /campaigns/{id}} answers: the campaign's status, where to download its results, and for a campaign
 * with rows deferred by quiet hours, what became of those that fell due ({@code deferredRows}; absent when none was
 * deferred).
 *
 * @param status the campaign's status, its fields written at the top level of the answer
 * @param deferredRows the deferred rows' outcomes so far; null (left out) when the campaign deferred none
 * @param resultsDownload the API path of the results file ({@code /campaigns/<id>/results.csv}, which answers
 *     {@code 404 no_results_yet} until the run's first write); null (left out) for a refused campaign, which has none
 */
public record CampaignReport(@JsonUnwrapped CampaignStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) DeferredRows deferredRows,
        @JsonInclude(JsonInclude.Include.NON_NULL) String resultsDownload) {

    /** The report of {@code status}, its download path there when the campaign has a results file to come. */
    static CampaignReport of(CampaignStatus status, DeferredRows deferredRows) {
        return new CampaignReport(status, deferredRows,
                status.results() == null ? null : "/campaigns/" + status.id() + "/results.csv");
    }
}
