package com.surveyrelay.campaign;

import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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
 * the rows itself, as {@link CancelledRowSettles} says: at once for a campaign no instance took up, in the
 * background on this instance for one an instance took up (a ledger read or two a row: minutes for 10,000 rows,
 * longer than an HTTP client waits).
 *
 * <p>The campaign's {@code campaign-queue/<id>} marker stays until its rows are recorded: a background settle
 * stores the cancelled status every {@link CampaignRunner#HEARTBEAT} ({@link CancelledRowSettles#heartbeat}), so no
 * other instance settles it meanwhile ({@link CampaignStatus#settlingElsewhere}); should this instance die or stop
 * mid-settle, the status goes stale and the next resume look of any instance ({@link CampaignRunner#resumable}, which
 * never runs a cancelled campaign) or a repeat of the cancel settles it again, from the stored results and the
 * ledger.
 */
@Component("campaignCancels")
public class CampaignCancels {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignCancels.class);
    /** Tries at the conditional write: each lost one means the runner wrote its progress in between. */
    static final int ATTEMPTS = 5;

    private final CampaignRunner runner;
    private final CampaignStore store;
    private final CampaignStatuses statuses;
    private final Clock clock;
    /** Records the rows of the cancelled campaigns no instance runs. */
    private final CancelledRowSettles settles;
    /** Told of each cancel made here, so that this instance's deferred rows of the campaign never fire. */
    private final CampaignRowsCancelled rowsCancelled;

    /** As the constructor below, with deferred rows told of a cancel only by the campaign's stored status. */
    public CampaignCancels(CampaignRunner runner, CampaignStore store, CampaignStatuses statuses,
            CampaignProperties settings, Clock clock, TriggerLedger ledger) {
        this(runner, store, statuses, settings, clock, ledger, new CampaignRowsCancelled(store));
    }

    /**
     * Also hands the {@code runner}'s resume look the cancelled campaigns whose rows nobody records
     * ({@link #settleOrphan}), and starts the heartbeat of this instance's background settles.
     *
     * @param rowsCancelled what this instance's firing of deferred rows asks: told at once of a cancel made here,
     *     where it would otherwise take the campaign for not cancelled for up to
     *     {@link CampaignRowsCancelled#NOT_CANCELLED_FOR} after its last read
     */
    @Autowired
    public CampaignCancels(CampaignRunner runner, CampaignStore store, CampaignStatuses statuses,
            CampaignProperties settings, Clock clock, TriggerLedger ledger, CampaignRowsCancelled rowsCancelled) {
        this.runner = runner;
        this.store = store;
        this.statuses = statuses;
        this.clock = clock;
        this.settles = new CancelledRowSettles(store, settings, clock, ledger);
        this.rowsCancelled = rowsCancelled;
        runner.settleCancelledWith(this::settleOrphan);
    }

    /**
     * Cancels the campaign, or answers its cancelled status again when it was cancelled before.
     *
     * @return the campaign's status, as {@code GET /campaigns/{id}} answers it, with state {@code cancelled}: its rows
     *     still {@code pending} while an instance records them (the one running it, within seconds; this one, in the
     *     background, for a campaign whose instance died after taking it up), 0 once recorded
     * @throws HttpProblem 404 {@code unknown_campaign}; 409 {@code campaign_finished} when the campaign was refused,
     *     or finished with no row deferred by quiet hours still waiting to fall due (nothing left to cancel; a
     *     finished campaign with such rows is cancelled, and they are refused when due); 500
     *     {@code campaign_status_unreadable} when its stored status is not one; 503 {@code survey_unavailable} when
     *     its status changed under every try
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
            boolean deferredRowsOnly = status.isFinished() && deferredRowsWaiting(status);
            if (status.isOver() && !deferredRowsOnly) {
                throw new HttpProblem(409, "campaign_finished", "The campaign is " + status.state()
                        + ": there is nothing left to cancel.");
            }
            if (status.isCancelled()) {
                // Its instance may have died before recording the rows it had not started.
                settleIfOrphaned(stored);
                return statuses.status(campaignId);
            }
            boolean runElsewhere = status.runningElsewhere(now, CampaignRunner.ABANDONED_AFTER);
            CampaignStatus cancelled = status.cancelled(now);
            Optional<String> etag = store.cancelStatus(cancelled, stored.etag());
            if (etag.isEmpty()) {
                continue;
            }
            LOG.info("Campaign {} cancelled (it was {}); no more of its rows start", campaignId, status.state());
            rowsCancelled.cancelledHere(campaignId);
            if (deferredRowsOnly) {
                // Every row has its result and no marker is left: the rows deferred to quiet hours are refused
                // campaign_cancelled as they fall due (CampaignRowsCancelled), as a cancelled run's are.
                return statuses.status(campaignId);
            }
            // Its marker stays until its rows are recorded: by the run that adopts the cancel, or by settle.
            if (!runner.cancelHere(campaignId, stored.etag(), etag.get()) && !runElsewhere) {
                settles.settle(campaignId, cancelled, etag.get());
            }
            return statuses.status(campaignId);
        }
        throw new HttpProblem(503, "survey_unavailable", "The campaign's status kept changing while it was being "
                + "cancelled; try again.", 1);
    }

    /**
     * True when some of a finished campaign's rows deferred by quiet hours (outcome {@code scheduled}) have not fallen
     * due yet: fewer noted {@code started} or {@code refused} ({@code campaigns/<id>/deferred/}) than deferred. Such a
     * campaign's run is over, but it will still text or call those respondents, so it can still be cancelled: until
     * 2026-12-06 a campaign whose rows were all put off overnight answered {@code 409 campaign_finished} within
     * seconds, and nothing but erasing each number stopped its morning's texts.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails listing the notes
     */
    private boolean deferredRowsWaiting(CampaignStatus status) {
        if (status.scheduled() == 0) {
            return false;
        }
        DeferredRows fellDue = store.deferredRows(status.id());
        return fellDue.started() + fellDue.refused() < status.scheduled();
    }

    private CampaignStore.TaggedStatus read(String campaignId) {
        try {
            return store.taggedStatus(campaignId).orElseThrow(CampaignStatuses::unknown);
        } catch (UnreadableCampaignStatus unreadable) {
            throw CampaignStatuses.unreadable("POST /campaigns/" + campaignId + "/cancel", campaignId, unreadable);
        }
    }

    /**
     * The resume look's hand-over ({@link CampaignRunner#resumable}): a cancelled campaign whose marker is left and
     * whose rows nobody records is settled here, as {@link #settleIfOrphaned} says. Never throws: a failure is logged
     * as a warning, and the next look tries again.
     */
    void settleOrphan(String campaignId) {
        try {
            store.taggedStatus(campaignId).ifPresent(this::settleIfOrphaned);
        } catch (RuntimeException e) {
            LOG.warn("Campaign {}: its cancelled rows were not recorded ({}); the next resume look tries again",
                    campaignId, e.toString());
        }
    }

    /**
     * Settles a cancelled campaign with rows pending that no instance records: not run here, its status stored longer
     * than {@link CampaignRunner#ABANDONED_AFTER} ago (a settle or a run stores it more often), and not settled here
     * already. Takes it first with a conditional write of its status, so of two instances asked at once only one
     * settles it.
     *
     * @throws RuntimeException as S3 failed (an {@code SdkException}): nothing was recorded
     */
    private void settleIfOrphaned(CampaignStore.TaggedStatus stored) {
        CampaignStatus status = stored.status();
        String campaignId = status.id();
        Instant now = clock.instant();
        if (!status.isCancelled() || status.pending() == 0 || settles.underWay(campaignId)
                || status.settlingElsewhere(now, CampaignRunner.ABANDONED_AFTER)
                || runner.live(campaignId).isPresent()) {
            return;
        }
        CampaignStatus taken = status.cancelled(now);
        store.replaceStatus(taken, stored.etag()).ifPresentOrElse(etag -> settles.settle(campaignId, taken, etag),
                () -> LOG.info("Campaign {}: another instance took its cancelled rows up first", campaignId));
    }

    /**
     * Called on this instance's stop by Spring: its background settles stop, as {@link CancelledRowSettles#stop} says.
     */
    @PreDestroy
    void stop() {
        settles.stop();
    }

    /** Stores the status of each background settle under way here: {@link CancelledRowSettles#heartbeat}. */
    void heartbeat() {
        settles.heartbeat();
    }
}
