package com.surveyrelay.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * What {@code GET /campaigns/{id}} answers: the campaign's status, and for a campaign with rows deferred by quiet
 * hours, what became of those that fell due ({@code deferredRows}; absent when none was deferred).
 *
 * @param status the campaign's status, its fields written at the top level of the answer
 * @param deferredRows the deferred rows' outcomes so far; null (left out) when the campaign deferred none
 */
public record CampaignReport(@JsonUnwrapped CampaignStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) DeferredRows deferredRows) {
}
