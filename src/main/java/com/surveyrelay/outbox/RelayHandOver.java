package com.surveyrelay.outbox;

import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.SessionRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a stopping relay leaves undelivered to the other instances: writes again the open marker
 * ({@link OpenSessionMarkers#markOpen}, one S3 PUT a session) of each session with entries left, so that every other
 * instance's next sweep reads it at once, even one it had found idle, instead of after its
 * {@code idle-sweep-interval}. In: the relay's backlog, its scheduled looks and its copies of documents; out: the
 * markers written, and a log line saying how many. A storage failure is logged, never thrown: the others then find
 * those sessions at their next look at them.
 */
final class RelayHandOver {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its hand-over too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final OpenSessionMarkers markers;
    private final RelayIo io;
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    private final KnownDocuments known;
    private final Duration lease;
    private final Clock clock;

    /** @param lease {@code survey-relay.outbox.lease}: looks due within one are sessions left to hand over */
    RelayHandOver(OpenSessionMarkers markers, RelayIo io, RelayBacklog backlog, RelayBatches batches,
            KnownDocuments known, Duration lease, Clock clock) {
        this.markers = markers;
        this.io = io;
        this.backlog = backlog;
        this.batches = batches;
        this.known = known;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Marks a session woken once the relay is stopping, on an I/O thread (the waker never waits for S3): the relay
     * thread may have ended; should the drain deliver it after all, the rewrite costs the others a read.
     */
    void markWokenWhileStopping(SessionRef ref) {
        io.execute(() -> {
            try {
                markers.markOpen(ref);
            } catch (RuntimeException e) {
                LOG.warn("Outbox relay: stopping, and could not mark a session woken since for the other instances "
                        + "({}); they find it at their next look", e.toString());
            }
        });
    }

    /**
     * Writes again the open marker of each session whose entries this instance leaves undelivered (the sink refusing
     * them, or more than the drain got through): a changed marker makes every other instance's sweep read the
     * session, even one it found idle, instead of after its {@code idle-sweep-interval}. Stops at {@code deadline}
     * or at the first storage failure, and says how many were left.
     */
    void markLeftovers(Instant deadline) {
        Set<SessionRef> left = new LinkedHashSet<>(backlog.sessions());
        // Looks due within a lease: a session woken from the bucket (its entries in no copy here), a retry.
        left.addAll(batches.scheduledBy(clock.instant().plus(lease)));
        left.addAll(known.withEntries());
        int handed = 0;
        for (SessionRef ref : left) {
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            try {
                markers.markOpen(ref);
                handed++;
            } catch (RuntimeException e) {
                LOG.warn("Outbox relay: could not mark a session with undelivered entries for the other instances "
                        + "({}); they find it at their next look", e.toString());
                break;
            }
        }
        if (!left.isEmpty()) {
            LOG.info("Outbox relay: stopped with {} session(s) holding undelivered entries; {} marked for the other "
                    + "instances' next sweep", left.size(), handed);
        }
    }
}
