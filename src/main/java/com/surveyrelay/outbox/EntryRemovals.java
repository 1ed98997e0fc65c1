package com.surveyrelay.outbox;

import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes delivered entries out of their sessions' documents, and finished, emptied sessions' open markers away: the
 * relay's own conditional write ({@link SessionStore#replace}, S3 {@code If-Match}), made when the session's next step
 * has not made it within {@code removal-delay} ({@link DeliveredEntries}), or at once for a finished session or a
 * stopping relay. In: a {@link RelayWork} with no head; out: the document written (kept for the next look), or the
 * marker removed. On a conflict it reads the session again and retries, {@value #MAX_CONFLICTS} writes at most, then
 * looks at the session again; on a storage failure it leaves the entries delivered-but-not-removed (this instance
 * will not send them again; another might, with the same id) and retries later ({@link RelayRetries}). It also keeps
 * when each session's removal is due. Thread-safe: removals run on the relay's I/O threads.
 */
final class EntryRemovals {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its removals too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_CONFLICTS = 8;

    private final SessionStore store;
    private final OpenSessionMarkers markers;
    private final OutboxLeases leases;
    private final Duration lease;
    private final DeliveredEntries delivered;
    private final KnownDocuments known;
    private final RelayRetries retries;
    private final RelayBatches batches;
    private final Clock clock;
    private final Consumer<SessionRef> forget;
    private final Consumer<SessionRef> forgetAllButDelivered;
    /** Sessions whose every entry is delivered: when their removal is written, should no step take it first. */
    private final Map<SessionRef, Instant> removalDue = new ConcurrentHashMap<>();

    /**
     * @param lease {@code survey-relay.outbox.lease}: how long a lease the write renews, when entries are left
     * @param forget forgets the session everywhere in the relay, what it delivered included (another instance took
     *     over its delivery)
     * @param forgetAllButDelivered forgets the session everywhere in the relay but what it delivered (its marker is
     *     gone)
     */
    EntryRemovals(SessionStore store, OpenSessionMarkers markers, OutboxLeases leases, Duration lease,
            DeliveredEntries delivered, KnownDocuments known, RelayRetries retries, RelayBatches batches, Clock clock,
            Consumer<SessionRef> forget, Consumer<SessionRef> forgetAllButDelivered) {
        this.store = store;
        this.markers = markers;
        this.leases = leases;
        this.lease = lease;
        this.delivered = delivered;
        this.known = known;
        this.retries = retries;
        this.batches = batches;
        this.clock = clock;
        this.forget = forget;
        this.forgetAllButDelivered = forgetAllButDelivered;
    }

    /** When the session's removal is due, if it waits for one; null otherwise. */
    Instant dueAt(SessionRef ref) {
        return removalDue.get(ref);
    }

    /** The session's removal, due at {@code at} unless one is due already: answers when it is due. */
    Instant dueBy(SessionRef ref, Instant at) {
        return removalDue.computeIfAbsent(ref, key -> at);
    }

    /** The session has entries to deliver again, or is forgotten: no removal waits for it. */
    void cancel(SessionRef ref) {
        removalDue.remove(ref);
    }

    /** The sessions whose removal waits for a step, a live view. */
    Set<SessionRef> waiting() {
        return Collections.unmodifiableSet(removalDue.keySet());
    }

    /**
     * Writes the removal of what the session delivered, or takes a finished, emptied session's marker away; storage
     * trouble is left to the caller ({@link BatchDelivery}'s guard), which looks again later.
     */
    void write(RelayWork work) {
        if (work.document().outbox().isEmpty()) {
            unmark(work.ref());
        } else {
            removeDelivered(work.ref(), work.document());
        }
    }

    /**
     * Removes the delivered entries from the session's document. Should another instance have taken the lease
     * meanwhile (this one's lapsed during a long sink call), the entries are still removed but the lease stays
     * theirs, and this instance stops delivering for the session.
     */
    private void removeDelivered(SessionRef ref, StoredSession read) {
        removalDue.remove(ref);
        StoredSession document = read;
        boolean ours = true;
        try {
            for (int attempt = 1; ; attempt++) {
                Instant now = clock.instant();
                Outbox left = delivered.removeFrom(ref, document.outbox());
                ours = leases.holds(document.outbox(), now) || document.outbox().deliverableBy(leases.owner(), now);
                if (!left.isEmpty() && ours) {
                    left = left.leasedTo(leases.owner(), now.plus(lease));
                }
                if (left.equals(document.outbox())) {
                    break; // removed already
                }
                try {
                    document = store.replace(document, document.session(), left, document.inbox());
                    break;
                } catch (SessionConflictException e) {
                    document = store.find(ref).orElse(null);
                    if (document == null || attempt == MAX_CONFLICTS) {
                        batches.schedule(ref, now);
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Delivered but not yet removed: this instance will not send them again; another might, with the same id.
            retries.retryLater(ref, e);
            return;
        }
        if (!ours) {
            LOG.info("Session {}: another instance took over its delivery", ref.sessionId());
            forget.accept(ref);
            return;
        }
        if (document.outbox().isEmpty() && document.session().surveyStatus().isFinal()) {
            unmark(ref);
            return;
        }
        known.remember(document);
        // Looked at once more: the document written may be newer than the one read (a conflict re-read it), and only
        // a look at it schedules what it needs, such as a call's late-answer grace.
        batches.schedule(ref, clock.instant());
    }

    /**
     * Removes a finished session's marker, then looks again: a text (a STOP after completion) may have added an
     * entry meanwhile, and its step marks the session open before and after writing, so the marker is back
     * whenever the entry is there. What this instance delivered for the session stays noted
     * ({@link DeliveredEntries} keeps the last sessions): that step's own wake may come after all this, with the
     * document it wrote, and must find its entry delivered rather than send it again.
     */
    private void unmark(SessionRef ref) {
        markers.unmarkOpen(ref);
        Optional<StoredSession> now = store.find(ref);
        if (now.isPresent() && !now.get().outbox().isEmpty()) {
            markers.markOpen(ref);
            batches.schedule(ref, clock.instant());
            return;
        }
        forgetAllButDelivered.accept(ref);
    }
}
