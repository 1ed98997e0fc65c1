package com.surveyrelay.schedule;

/**
 * Whether a campaign row's deferred start belongs to a cancelled campaign ({@code POST /campaigns/{id}/cancel}): such
 * a row is refused {@code campaign_cancelled} when it falls due, never fired. Kept as a question the firing asks, not
 * a deletion at cancel time: a row under way when the campaign was cancelled may be deferred after it, and a night's
 * rows of every campaign would have to be read to find one campaign's.
 */
@FunctionalInterface
public interface CancelledCampaignRows {

    /** Never refuses: for firings without campaigns (tests of other starts). */
    CancelledCampaignRows NONE = idempotencyKey -> false;

    /**
     * @param idempotencyKey the deferred start's key; a campaign row's is {@code campaign-row:<campaignId>:<row>}
     * @return true when it is a campaign row's and its campaign is cancelled; false otherwise
     * @throws RuntimeException when that could not be read (storage failing): the poll ends, and the row waits for
     *     the next, rather than fire while its campaign may be cancelled
     */
    boolean isCancelled(String idempotencyKey);
}
