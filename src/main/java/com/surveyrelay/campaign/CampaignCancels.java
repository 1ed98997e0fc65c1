package com.surveyrelay.campaign;

import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers {@code POST /campaigns/{id}/cancel}: the off switch for a campaign file dropped by mistake. Exists apart
 * from the runner because any instance may be asked, not only the one running the campaign.
 *
 * <p>The cancel writes the campaign's status {@code cancelled} over the one it read ({@code If-Match}), so it never
 * overwrites a progress write it did not see (it reads and tries again), and removes the queue marker, so no instance
 * resumes the campaign. It keeps with the status the ETag it replaced ({@link CampaignStore#cancelStatus}): the
 * instance whose last write that was finds its own status replaced, at once when it is this one, else before its next
 * row, within {@link CampaignCancelAdoption#CANCEL_CHECK}, and adopts the cancel ({@link CampaignCancelAdoption}): it
 * starts no more rows, lets the rows under way finish, records the rest {@code skipped, cancelled} and writes the final
 * counts. An instance that had lost the campaign to another while it stalled does not adopt the cancel, and writes
 * nothing. When no instance runs the campaign (queued, paused by a shutdown, or its instance gone), this one records
 * the rows itself, as {@link #settle} says.
 */
@Component("campaignCancels")
public class CampaignCancels {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignCancels.class);
    /** Tries at the conditional write: each lost one means the runner wrote its progress in between. */
    static final int ATTEMPTS = 5;

    private final CampaignRunner runner;
    private final CampaignStore store;
    private final CampaignStatuses statuses;
    private final CampaignProperties settings;
    private final Clock clock;
    private final CampaignRowClaims claims;

    public CampaignCancels(CampaignRunner runner, CampaignStore store, CampaignStatuses statuses,
            CampaignProperties settings, Clock clock, TriggerLedger ledger) {
        this.runner = runner;
        this.claims = new CampaignRowClaims(ledger);
        this.store = store;
        this.statuses = statuses;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Cancels the campaign, or answers its cancelled status again when it was cancelled before.
     *
     * @return the campaign's status, as {@code GET /campaigns/{id}} answers it, with state {@code cancelled}: its rows
     *     still {@code pending} while the instance running it records them (within seconds), 0 once recorded
     * @throws HttpProblem 404 {@code unknown_campaign}; 409 {@code campaign_finished} when the campaign finished or
     *     was refused (nothing left to cancel); 500 {@code campaign_status_unreadable} when its stored status is not
     *     one; 503 {@code survey_unavailable} when its status changed under every try
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503 by the route): the
     *     campaign is cancelled or not, as a repeat of the request shows
     */
    public CampaignReport cancel(String campaignId) {
        if (!CampaignId.isValid(campaignId)) {
            throw CampaignStatuses.unknown();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CampaignStore.TaggedStatus stored = read(campaignId);
            CampaignStatus status = stored.status();
            Instant now = clock.instant();
            if (status.isOver()) {
                throw new HttpProblem(409, "campaign_finished", "The campaign is " + status.state()
                        + ": there is nothing left to cancel.");
            }
            if (status.isCancelled()) {
                if (status.pending() > 0 && !status.settlingElsewhere(now, CampaignRunner.ABANDONED_AFTER)
                        && runner.live(campaignId).isEmpty()) {
                    // Its instance died before recording the rows it had not started.
                    settle(campaignId, status, stored.etag());
                }
                return statuses.status(campaignId);
            }
            boolean runElsewhere = status.runningElsewhere(now, CampaignRunner.ABANDONED_AFTER);
            CampaignStatus cancelled = status.cancelled(now);
            Optional<String> etag = store.cancelStatus(cancelled, stored.etag());
            if (etag.isEmpty()) {
                continue;
            }
            LOG.info("Campaign {} cancelled (it was {}); no more of its rows start", campaignId, status.state());
            store.dequeue(campaignId);
            if (!runner.cancelHere(campaignId, stored.etag(), etag.get()) && !runElsewhere) {
                settle(campaignId, cancelled, etag.get());
            }
            return statuses.status(campaignId);
        }
        throw new HttpProblem(503, "survey_unavailable", "The campaign's status kept changing while it was being "
                + "cancelled; try again.", 1);
    }

    private CampaignStore.TaggedStatus read(String campaignId) {
        try {
            return store.taggedStatus(campaignId).orElseThrow(CampaignStatuses::unknown);
        } catch (UnreadableCampaignStatus unreadable) {
            throw CampaignStatuses.unreadable("POST /campaigns/" + campaignId + "/cancel", campaignId, unreadable);
        }
    }

    /**
     * Records the rows of a cancelled campaign no instance runs, then writes the results and the status, the status
     * over the one written with {@code etag}; should another write have come in between, that one stands. A row without a
     * result whose key an instance claimed in the trigger ledger (one that died in the middle of its rows) gets what
     * its claim records, as a resumed run's row does ({@link CampaignRowClaims}): {@code skipped, already_started}
     * with its session, {@code start_interrupted}, {@code scheduled} or {@code failed}; it was recorded {@code skipped,
     * cancelled} although its respondent may have been texted. Every other row without a result is {@code skipped,
     * cancelled} (a row the file alone decided keeps that verdict). The ledger is read only for a campaign an instance
     * took up ({@code startedAt}): one or two reads a row left.
     */
    private void settle(String campaignId, CampaignStatus cancelled, String etag) {
        CampaignCsv.CampaignFile file = CampaignCsv.read(store.file(campaignId), Integer.MAX_VALUE);
        Map<Integer, RowResult> earlier = store.results(campaignId).map(CampaignCsv::readResults).orElse(Map.of());
        Instant now = clock.instant();
        CampaignProgress progress = new CampaignProgress(cancelled, earlier, settings, now);
        progress.cancelled(etag);
        int claimed = cancelled.startedAt() == null ? 0 : claims.recordEarlierStarts(campaignId, file.rows(), progress);
        int skipped = progress.skipUnstarted(file.rows());
        progress.finished(now);
        CampaignProgress.Snapshot snapshot = progress.snapshot(now);
        store.putResults(campaignId, snapshot.resultsCsv());
        if (store.replaceStatus(snapshot.status(), etag).isEmpty()) {
            LOG.info("Campaign {}: its cancelled rows were recorded by another write; that one stands", campaignId);
            return;
        }
        LOG.info("Campaign {} cancelled while no instance ran it: {} rows not started recorded skipped, {} rows an "
                + "instance had claimed recorded as their claims say", campaignId, skipped, claimed);
    }
}
