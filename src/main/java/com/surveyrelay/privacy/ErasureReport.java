package com.surveyrelay.privacy;

import java.util.List;

/**
 * What a respondent's erasure removed, and what it left and why: the answer to {@code POST /respondents/erasure}. A
 * second erasure of the same number removes nothing more and answers zeros.
 *
 * @param sessions session documents deleted ({@code survey-results/<digits>/}: answers, transcript, times), those
 *     that no longer read as a session (empty, cut short) too
 * @param resultsCopies copies of finished sessions deleted from the results bucket, in either layout; for a document
 *     that no longer reads as a session, those that what is left of it names (its survey and day)
 * @param pointers the number's SMS and call pointers deleted (0 to 2)
 * @param deferredStarts starts deferred by quiet hours for the number, deleted before they fired
 * @param deferredStartOutcomes outcomes kept of the number's deferred starts that ended
 *     ({@code scheduled-start-outcomes/<scheduleId>.json}), deleted; their lookup then reads only the trigger ledger's
 *     claim, which holds no number
 * @param campaignFiles the campaign files whose rows naming the number were redacted
 *     ({@code campaigns/<id>/campaign.csv}, {@code campaigns/<id>/results.csv}), in campaign id order; empty when none
 *     names it any more
 * @param unfinishedCampaigns the campaigns, still queued or running, whose rows naming the number were left as they
 *     are: their run rewrites its results file whole; their rows naming the number start nothing more (recorded
 *     skipped, {@code respondent_erased}). The same request
 *     again, once they have finished ({@code GET /campaigns/{id}}), redacts them; empty when none
 * @param consentRecordKept true when the number has a consent record, which is kept (see {@code notErased})
 * @param startedMeanwhile surveys started to the number while it was being erased; they are not erased, and their
 *     data is there until a later erasure
 * @param surveysEnded surveys of the number that were running and that the erasure ended first ({@code ABANDONED},
 *     reason {@code erased}, no event published) before erasing them with the rest; counted in {@code sessions} too
 * @param notErased what holds the number or its answers and this request does not remove, one sentence each
 */
public record ErasureReport(int sessions, int resultsCopies, int pointers, int deferredStarts,
        int deferredStartOutcomes, List<String> campaignFiles, List<String> unfinishedCampaigns, boolean consentRecordKept, int startedMeanwhile,
        int surveysEnded, List<String> notErased) {
}
