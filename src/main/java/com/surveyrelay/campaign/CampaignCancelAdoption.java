package com.surveyrelay.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run of a campaign on this instance ({@link CampaignRunner}) does when the campaign's stored status is no
 * longer the one it last wrote: a cancel ({@link CampaignCancels}, on this instance or another) wrote over that write,
 * and the run adopts it (starts no more rows, and writes its own results and status over the cancel's, as cancelled);
 * else another instance took the campaign up while this one was paused or stalled, and the run is lost (no more rows,
 * no more writes). Exists apart from the runner, which runs the rows, so that how a cancel reaches a run changes here
 * alone.
 *
 * <p>The cancel keeps with its status the ETag it replaced ({@link CampaignStore#cancelStatus}): a run adopts only a
 * cancel written over its own last write. A cancel reaches the run at once when made on this instance
 * ({@link #cancelHere}), else before its next row, within {@link #CANCEL_CHECK} ({@link #lookForCancel}), or at its
 * next progress write ({@link #adoptCancel}).
 */
final class CampaignCancelAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignCancelAdoption.class);
    /**
     * How often, at most, a lane looks before its next row whether the campaign was cancelled (one S3 {@code HEAD}):
     * a cancel on another instance stops the run within about this long.
     */
    static final Duration CANCEL_CHECK = Duration.ofSeconds(1);

    private final CampaignStore store;
    private final Clock clock;
    private final ReentrantLock storing;

    /**
     * @param storing the runner's lock over a run's status writes: a run's last ETag is its own only once the write
     *     that returned it did, so a cancel is adopted under it ({@link #adoptCancel} is called holding it)
     */
    CampaignCancelAdoption(CampaignStore store, Clock clock, ReentrantLock storing) {
        this.store = store;
        this.clock = clock;
        this.storing = storing;
    }

    /**
     * Stops the run of a campaign this instance runs, as its cancel's status (written with {@code etag} over the status
     * with ETag {@code replaced}) says: no more rows start, and the run's end records the rest. Only when that status
     * was this run's last write: else another instance took the campaign up while this one stalled, and this run stops
     * without writing anything more.
     *
     * @param progress the run's progress, the campaign's as this instance runs it
     * @return true when the run is still this instance's, now cancelled; false when it had lost the campaign to
     *     another instance
     */
    boolean cancelHere(CampaignProgress progress, String replaced, String etag) {
        // Not while a lane writes: its new ETag is this run's last write only once that write returned.
        storing.lock();
        try {
            if (progress.isLost()) {
                return false;
            }
            if (progress.isCancelled() && progress.statusEtag().equals(etag)) {
                // A lane looked for a cancel (or had a write refused) between the cancel's write and now, and adopted
                // this very cancel: its ETag is this run's last status already, and the run is this instance's still.
                return true;
            }
            if (!progress.statusEtag().equals(replaced)) {
                return lose(progress);
            }
            if (progress.cancelled(etag)) {
                LOG.info("Campaign {} cancelled: no more rows start here", progress.id());
            }
        } finally {
            storing.unlock();
        }
        return true;
    }

    /**
     * Before a row starts, at most every {@link #CANCEL_CHECK}: whether the stored status is still the one this
     * instance wrote. A cancel on any instance changes it, and the run stops within that time instead of at its next
     * progress write, which comes after the next row's start. Skipped while another lane writes (that write looks).
     * Never throws: a failed look is logged at DEBUG, and the next progress write looks again.
     */
    void lookForCancel(CampaignProgress progress) {
        Instant now = clock.instant();
        if (!progress.cancelCheckDue(now, CANCEL_CHECK) || !storing.tryLock()) {
            return;
        }
        try {
            if (!progress.isLost() && !progress.isCancelled()
                    && !progress.statusEtag().equals(store.statusEtag(progress.id())) && !adoptCancel(progress)) {
                lose(progress);
            }
        } catch (RuntimeException e) {
            LOG.debug("Campaign {}: looking for a cancel failed ({}); the next progress write looks again",
                    progress.id(), e.toString());
        } finally {
            storing.unlock();
        }
    }

    /**
     * The stored status changed under this run: when a cancel wrote it over this run's last write, this run now writes
     * over that one and starts no more rows. A cancelled status written over another instance's write (it took the
     * campaign up while this one stalled), or by another run's end, is not this run's: adopted, it had this run write
     * its results over the other's. Called holding the runner's lock over status writes.
     *
     * @return true when the campaign was cancelled over this run's last write; false when another instance took it up
     * @throws RuntimeException as S3 failed reading the status (an {@code SdkException})
     */
    boolean adoptCancel(CampaignProgress progress) {
        Optional<CampaignStore.TaggedStatus> stored = store.taggedStatus(progress.id());
        if (stored.isEmpty() || !stored.get().status().isCancelled()
                || !progress.statusEtag().equals(stored.get().replaced())) {
            return false;
        }
        if (progress.cancelled(stored.get().etag())) {
            LOG.info("Campaign {} was cancelled: no more rows start here", progress.id());
        } else {
            progress.statusEtag(stored.get().etag());
        }
        return true;
    }

    /**
     * Stops this instance's run of a campaign another instance took up (its status changed, and not by a cancel of
     * this run's last write): no more rows, no more writes.
     *
     * @return false, for a write or a look that lost the campaign to answer with
     */
    boolean lose(CampaignProgress progress) {
        progress.lost();
        LOG.warn("Campaign {} was taken up by another instance (this one was paused or stalled for over {} min); "
                + "its run here stops, and its rows started here meet their claims there", progress.id(),
                CampaignRunner.ABANDONED_AFTER.toMinutes());
        return false;
    }
}
