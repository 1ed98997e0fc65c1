package com.surveyrelay.outbox;

import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the relay looks again at a session whose delivery or storage write failed: after
 * {@link OutboxProperties#retryDelay} for the session's consecutive failures (200 ms, doubling to 30 s by default),
 * for as long as it takes; an entry is never given up. In: the session and why it failed (a sink's refusal, a
 * storage error); out: the session's next look, scheduled, the failure noted in the backlog ({@code lastError}), and,
 * when the wait would outlast this instance's lease, the lease renewed so no other instance sends the same entry
 * meanwhile. A renewal that fails only drops the relay's copy of the document: the next look reads the bucket.
 * Thread-safe: the relay thread and its I/O threads report failures at once.
 */
final class RelayRetries {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its retries too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final SessionStore store;
    private final OutboxLeases leases;
    private final OutboxProperties settings;
    private final DeliveredEntries delivered;
    private final KnownDocuments known;
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    private final Clock clock;
    private final Map<SessionRef, Integer> failures = new ConcurrentHashMap<>();
    /** The sessions whose last failed delivery was of an event: their results copy may go first. */
    private final java.util.Set<SessionRef> eventsFailing = ConcurrentHashMap.newKeySet();

    RelayRetries(SessionStore store, OutboxLeases leases, OutboxProperties settings, DeliveredEntries delivered,
            KnownDocuments known, RelayBacklog backlog, RelayBatches batches, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.settings = settings;
        this.delivered = delivered;
        this.known = known;
        this.backlog = backlog;
        this.batches = batches;
        this.clock = clock;
    }

    /** The work failed: its document is kept for the next look, which comes after the session's retry delay. */
    void retryLater(RelayWork work, Throwable why) {
        known.remember(work.document());
        if (work.head() != null && work.head().kind() == com.surveyrelay.storage.OutboxEntry.Kind.EVENT) {
            eventsFailing.add(work.ref());
        } else {
            // A results copy (or a removal) failed: the events go first again, so a results sink that fails never
            // holds back events the bus takes (a breaker's probe of the results-first rule, 2026-12-07).
            eventsFailing.remove(work.ref());
        }
        retryLater(work.ref(), why);
    }

    /** Something failed for the session: it is looked at again after its retry delay, its lease kept meanwhile. */
    void retryLater(SessionRef ref, Throwable why) {
        int failed = failures.merge(ref, 1, Integer::sum);
        Duration wait = settings.retryDelay(failed);
        backlog.failed(why);
        LOG.debug("Session {}: delivery failed ({}); try {} in {} ms", ref.sessionId(), why.getMessage(),
                failed + 1, wait.toMillis());
        StoredSession document = known.get(ref);
        Instant now = clock.instant();
        if (document != null && leases.holds(document.outbox(), now)
                && document.outbox().lease().until().isBefore(now.plus(wait).plus(settings.lease().dividedBy(2)))) {
            renewLease(ref, document, now.plus(wait));
        }
        batches.schedule(ref, now.plus(wait));
    }

    /** True while the session's last failed delivery was of an event, and nothing has gone through since. */
    boolean eventsFailing(SessionRef ref) {
        return eventsFailing.contains(ref);
    }

    /** The session's delivery went through, or the relay forgets it: its next failure waits the first delay. */
    void reset(SessionRef ref) {
        failures.remove(ref);
        eventsFailing.remove(ref);
    }

    /**
     * Keeps the lease over a long wait, so no other instance sends the same entry meanwhile. The write takes out
     * what was delivered too: should this instance die during the wait, the next one would send those again.
     */
    private void renewLease(SessionRef ref, StoredSession document, Instant retryAt) {
        try {
            Outbox kept = delivered.removeFrom(ref, document.outbox());
            // Everything delivered (a removal's write failed): nothing to lease; the write is that removal.
            Outbox renewed = kept.isEmpty() ? kept : kept.leasedTo(leases.owner(), retryAt.plus(settings.lease()));
            known.remember(store.replace(document, document.session(), renewed, document.inbox()));
        } catch (RuntimeException e) {
            // The lease lapses at its time: another instance may then deliver these entries too, once each there.
            LOG.warn("Session {}: its outbox lease could not be renewed over the wait ({}); another instance may "
                    + "deliver its entries", ref.sessionId(), e.toString());
            known.drop(ref);
        }
    }
}
