package com.surveyrelay.campaign;

import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * the rows itself, as {@link #settle} says: at once for a campaign no instance took up, in the background on this
 * instance for one an instance took up (a ledger read or two a row: minutes for 10,000 rows, longer than an HTTP
 * client waits).
 *
 * <p>The campaign's {@code campaign-queue/<id>} marker stays until its rows are recorded: a background settle
 * stores the cancelled status every {@link CampaignRunner#HEARTBEAT} ({@link #heartbeat}), so no other instance
 * settles it meanwhile ({@link CampaignStatus#settlingElsewhere}); should this instance die or stop mid-settle, the
 * status goes stale and the next resume look of any instance ({@link CampaignRunner#resumable}, which never runs a
 * cancelled campaign) or a repeat of the cancel settles it again, from the stored results and the ledger.
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
    /** The background settles under way on this instance, by campaign id. */
    private final Map<String, Settle> settling = new ConcurrentHashMap<>();
    /** Runs the background settles, one at a time: each is S3 reads, one after the other. */
    private final ExecutorService settler = Executors.newSingleThreadExecutor(daemon("campaign-settle"));
    /** Stores the status of each settle under way every {@link CampaignRunner#HEARTBEAT}. */
    private final ScheduledExecutorService beats =
            Executors.newSingleThreadScheduledExecutor(daemon("campaign-settle-heartbeat"));

    /**
     * Also hands the {@code runner}'s resume look the cancelled campaigns whose rows nobody records
     * ({@link #settleOrphan}), and starts the heartbeat of this instance's background settles.
     */
    public CampaignCancels(CampaignRunner runner, CampaignStore store, CampaignStatuses statuses,
            CampaignProperties settings, Clock clock, TriggerLedger ledger) {
        this.runner = runner;
        this.claims = new CampaignRowClaims(ledger);
        this.store = store;
        this.statuses = statuses;
        this.settings = settings;
        this.clock = clock;
        long beat = CampaignRunner.HEARTBEAT.toMillis();
        beats.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        runner.settleCancelledWith(this::settleOrphan);
    }

    /**
     * Cancels the campaign, or answers its cancelled status again when it was cancelled before.
     *
     * @return the campaign's status, as {@code GET /campaigns/{id}} answers it, with state {@code cancelled}: its rows
     *     still {@code pending} while an instance records them (the one running it, within seconds; this one, in the
     *     background, for a campaign whose instance died after taking it up), 0 once recorded
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
            // Its marker stays until its rows are recorded: by the run that adopts the cancel, or by settle.
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
        if (!status.isCancelled() || status.pending() == 0 || settling.containsKey(campaignId)
                || status.settlingElsewhere(now, CampaignRunner.ABANDONED_AFTER)
                || runner.live(campaignId).isPresent()) {
            return;
        }
        CampaignStatus taken = status.cancelled(now);
        store.replaceStatus(taken, stored.etag()).ifPresentOrElse(etag -> settle(campaignId, taken, etag),
                () -> LOG.info("Campaign {}: another instance took its cancelled rows up first", campaignId));
    }

    /**
     * Records the rows of a cancelled campaign no instance runs, as {@link #record} says: at once for a campaign no
     * instance took up ({@code startedAt} null: the file and the results are read, no ledger), else in the background
     * on this instance, the status stored every {@link CampaignRunner#HEARTBEAT} meanwhile. A background settle that
     * fails (S3, or this instance stopping) is logged as a warning, without its stack trace, and left: the status goes
     * stale, and the next resume look or a repeat of the cancel settles the campaign again.
     *
     * @param etag the ETag of {@code cancelled} as stored
     * @throws RuntimeException as S3 failed settling a campaign never taken up (an {@code SdkException})
     */
    private void settle(String campaignId, CampaignStatus cancelled, String etag) {
        Settle settle = new Settle(cancelled, etag);
        if (cancelled.startedAt() == null) {
            record(settle);
            return;
        }
        if (settling.putIfAbsent(campaignId, settle) != null) {
            return;
        }
        try {
            settler.execute(() -> {
                try {
                    record(settle);
                } catch (RuntimeException e) {
                    LOG.warn("Campaign {}: its cancelled rows were not recorded ({}); the next resume look of any "
                            + "instance, or a repeat of the cancel, records them in about {} min", campaignId,
                            e.toString(), CampaignRunner.ABANDONED_AFTER.toMinutes());
                } finally {
                    settling.remove(campaignId, settle);
                }
            });
            LOG.info("Campaign {}: its {} rows left are being recorded in the background", campaignId,
                    cancelled.pending());
        } catch (RejectedExecutionException stopping) {
            settling.remove(campaignId, settle);
            LOG.warn("Campaign {}: its cancelled rows are not recorded here, as this instance stops; another one "
                    + "records them", campaignId);
        }
    }

    /**
     * Records the rows of a cancelled campaign no instance runs, then writes the results and the status, the status
     * over the settle's last write; should another write have come in between, that one stands and nothing is written.
     * A row without a result whose key an instance claimed in the trigger ledger (one that died in the middle of its
     * rows) gets what its claim records, as a resumed run's row does ({@link CampaignRowClaims}): {@code skipped,
     * already_started} with its session, {@code start_interrupted}, {@code scheduled} or {@code failed}; it was
     * recorded {@code skipped, cancelled} although its respondent may have been texted. Every other row without a
     * result is {@code skipped, cancelled} (a row the file alone decided keeps that verdict). The ledger is read only
     * for a campaign an instance took up ({@code startedAt}): one or two reads a row left. Once written, the queue
     * marker goes.
     *
     * @throws RuntimeException as S3 failed (an {@code SdkException})
     */
    private void record(Settle settle) {
        CampaignStatus cancelled = settle.status;
        String campaignId = cancelled.id();
        CampaignCsv.CampaignFile file = CampaignCsv.read(store.file(campaignId), Integer.MAX_VALUE);
        Map<Integer, RowResult> earlier = store.results(campaignId).map(CampaignCsv::readResults).orElse(Map.of());
        CampaignProgress progress = new CampaignProgress(cancelled, earlier, settings, clock.instant());
        progress.cancelled(settle.etag);
        int claimed = cancelled.startedAt() == null ? 0 : claims.recordEarlierStarts(campaignId, file.rows(), progress);
        int skipped = progress.skipUnstarted(file.rows());
        Instant now = clock.instant();
        progress.finished(now);
        CampaignProgress.Snapshot snapshot = progress.snapshot(now);
        settle.lock.lock();
        try {
            // Results only over this settle's own status: another write's results are not overwritten.
            if (settle.over || !settle.etag.equals(store.statusEtag(campaignId))) {
                settle.over = true;
                LOG.info("Campaign {}: its cancelled rows were recorded by another write; that one stands",
                        campaignId);
                return;
            }
            store.putResults(campaignId, snapshot.resultsCsv());
            settle.over = true;
            if (store.replaceStatus(snapshot.status(), settle.etag).isEmpty()) {
                LOG.info("Campaign {}: its cancelled rows were recorded by another write; that one stands",
                        campaignId);
                return;
            }
        } finally {
            settle.lock.unlock();
        }
        store.dequeue(campaignId);
        LOG.info("Campaign {} cancelled while no instance ran it: {} rows not started recorded skipped, {} rows an "
                + "instance had claimed recorded as their claims say", campaignId, skipped, claimed);
    }

    /**
     * Stores the status of each background settle under way here, {@code updatedAt} now: every
     * {@link CampaignRunner#HEARTBEAT}, so other instances leave the campaign to this one
     * ({@link CampaignStatus#settlingElsewhere}). A settle whose status another write replaced stops writing (that
     * write stands). Never throws: a failed write is logged as a warning and tried again at the next beat.
     */
    void heartbeat() {
        settling.forEach((campaignId, settle) -> {
            if (!settle.lock.tryLock()) {
                return; // its final write is under way
            }
            try {
                if (settle.over) {
                    return;
                }
                Optional<String> etag = store.replaceStatus(settle.status.cancelled(clock.instant()), settle.etag);
                if (etag.isPresent()) {
                    settle.etag = etag.get();
                } else {
                    settle.over = true;
                    LOG.warn("Campaign {}: its status changed while its cancelled rows were recorded here; that "
                            + "write stands, and this instance writes nothing", campaignId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Campaign {}: its settle's status not stored ({}); trying again in {} s", campaignId,
                        e.toString(), CampaignRunner.HEARTBEAT.toSeconds());
            } finally {
                settle.lock.unlock();
            }
        });
    }

    /**
     * On shutdown: background settles under way stop (their S3 reads are interrupted) and write nothing; their
     * campaigns are settled again by the next resume look of another instance, or a repeat of the cancel.
     */
    @PreDestroy
    void stop() {
        beats.shutdownNow();
        settler.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One settle: the cancelled status it writes over, and that status's ETag; guarded by {@code lock}. */
    private static final class Settle {

        final CampaignStatus status;
        final ReentrantLock lock = new ReentrantLock();
        volatile String etag;
        volatile boolean over;

        Settle(CampaignStatus status, String etag) {
            this.status = status;
            this.etag = etag;
        }
    }
}
