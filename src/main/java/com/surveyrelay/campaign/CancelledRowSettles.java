package com.surveyrelay.campaign;

import com.surveyrelay.storage.TriggerLedger;
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

/**
 * Records the rows of a cancelled campaign that no instance runs ({@link CampaignCancels} decides which): each row
 * without a result gets {@code skipped, cancelled}, or what its key's claim in the trigger ledger records; then the
 * results, the final status and the queue marker's removal. A campaign no instance took up is settled at once, in the
 * caller's thread; one an instance took up (a ledger read or two a row: minutes for 10,000 rows) in the background on
 * this instance, one campaign at a time, its status stored every {@link CampaignRunner#HEARTBEAT} meanwhile so that no
 * other instance settles it too ({@link CampaignStatus#settlingElsewhere}).
 *
 * <p>Exists apart from {@link CampaignCancels}, which answers the request, because its threads, heartbeat and
 * shutdown change for other reasons than the rules of a cancel.
 */
final class CancelledRowSettles {

    private static final Logger LOG = LoggerFactory.getLogger(CancelledRowSettles.class);

    private final CampaignStore store;
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

    /** Starts the heartbeat of this instance's background settles; {@link #stop} ends it. */
    CancelledRowSettles(CampaignStore store, CampaignProperties settings, Clock clock, TriggerLedger ledger) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.claims = new CampaignRowClaims(ledger);
        long beat = CampaignRunner.HEARTBEAT.toMillis();
        beats.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** Whether this instance is settling the campaign in the background now. */
    boolean underWay(String campaignId) {
        return settling.containsKey(campaignId);
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
    void settle(String campaignId, CampaignStatus cancelled, String etag) {
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
     * rows) gets what its claim records, as a resumed run's row does ({@link CampaignRowClaims}): {@code started,
     * already_started} with its session, {@code skipped, start_interrupted}, {@code scheduled} or {@code failed}; it
     * was recorded {@code skipped, cancelled} although its respondent may have been texted. Every other row without a
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
        long skipped = CampaignProgress.skippedAsCancelled(progress.skipUnstarted(file.rows()));
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
