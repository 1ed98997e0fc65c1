package com.surveyrelay.campaign;

import com.surveyrelay.storage.TriggerLedger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the trigger ledger says of a campaign row that an earlier run may have started: a run that stopped (a
 * restart, an instance that died) can leave rows claimed under their keys whose results it never stored. Exists
 * apart from the runner because two readers must record such rows alike: a resumed run, and a cancel settling a
 * campaign no instance runs ({@link CampaignCancels}), which recorded them {@code skipped, cancelled} although their
 * respondents had been texted or called.
 */
final class CampaignRowClaims {

    private final TriggerLedger ledger;

    CampaignRowClaims(TriggerLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The row's result as an earlier run's claim records it: under its key ({@link RowTask#idempotencyKey()}), else
     * under the key rows had before their prefix ({@link #legacyClaim}). Sends nothing, and takes no claim over.
     *
     * @return empty when no run ever claimed the row: it never started
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    Optional<RowResult> earlierStart(RowTask task) {
        return ledger.find(task.idempotencyKey()).or(() -> legacyClaim(task))
                .map(claim -> startedBefore(task.row(), claim.state(), claim.sessionId(), claim::error));
    }

    /**
     * Records, for each row of {@code rows} still without a result in {@code progress} and not decided by the file
     * alone, the result its earlier claim records ({@link #earlierStart}): one or two ledger reads a row.
     *
     * @return how many rows had a claim, and so a result now
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails: the rows read until then are recorded
     */
    int recordEarlierStarts(String campaignId, Iterable<CampaignRow> rows, CampaignProgress progress) {
        int claimed = 0;
        for (CampaignRow row : rows) {
            if (row.verdict() == null && !progress.has(row.row())) {
                Optional<RowResult> earlier = earlierStart(new RowTask(campaignId, row, progress, true));
                if (earlier.isPresent() && progress.record(earlier.get()) >= 0) {
                    claimed++;
                }
            }
        }
        return claimed;
    }

    /**
     * The row's claim under the key rows had before their prefix ({@link RowTask#legacyKey()}), if the old runner wrote
     * it. Only a claim without a request's fingerprint is the old runner's: every claim written since keeps one.
     */
    Optional<TriggerLedger.Entry> legacyClaim(RowTask task) {
        return ledger.find(task.legacyKey()).filter(entry -> entry.request() == null);
    }

    /**
     * A row whose key was claimed by an earlier run of this campaign: its outcome then ({@code state}, a ledger
     * entry's, or a repeat's {@link com.surveyrelay.conversation.StartedSurvey#status}, which says {@code STARTED} and
     * {@code SCHEDULED} in capitals since 2026-12-07: read in any case, as a resumed run's rows read
     * {@code start_interrupted} for a few hours that day, a reliability engineer's kill -9) is its outcome now, a
     * start's {@code started, already_started} with its session; {@code error} is read only for a row that failed
     * then. A claim still {@code claimed} is a start cut short, which
     * may have reached Twilio: never tried again, its row keeping the session the claim names.
     */
    static RowResult startedBefore(CampaignRow row, String state, String sessionId, Supplier<String> error) {
        if ("started".equalsIgnoreCase(state)) {
            // Started, as it was: until 2026-12-07 such a row counted skipped ("not sent, on purpose"), so a
            // campaign's done fell short of the respondents texted after every crash (a breaker's kill -9).
            return row.result(RowResult.Outcome.STARTED, "already_started",
                    "Started before a restart, and recorded after it; not sent again.", sessionId);
        }
        if ("scheduled".equalsIgnoreCase(state)) {
            return row.result(RowResult.Outcome.SCHEDULED, "quiet_hours",
                    "Deferred to the respondent's contact hours before a restart.", null);
        }
        if ("failed".equals(state)) {
            String code = error.get();
            return row.result(code == null ? RowResult.Outcome.FAILED : RowResult.refusalOutcome(code),
                    code == null ? "failed" : code, "Refused before a restart; not tried again.", null);
        }
        // The claim names the session the start was opening: kept with the row, as the respondent may be answering
        // it (until 2026-12-07 the row named none, though its respondent had the survey: a breaker's kill -9).
        return row.result(RowResult.Outcome.SKIPPED, "start_interrupted", sessionId == null
                ? "A restart cut this row's start short; it is not tried again, as the first try may have reached "
                        + "Twilio."
                : "A restart cut this row's start short; it is not tried again, as the first try may have reached "
                        + "Twilio: sessionId names the session it opened, if it got as far as storing it.", sessionId);
    }
}
