package com.surveyrelay.outbox;

import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.conversation.SmsReminders;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at one session as a batch is assembled: what the batch is to do for it now, if anything. In: a session
 * that fell due or was swept; out: at most one {@link RelayWork} added to the batch (its oldest undelivered entry, or
 * the removal of what it delivered), or the session's next look scheduled (a lease held elsewhere, a removal not yet
 * due, a call's grace), or the session marked idle for the sweep. On the way it reads the document when the relay
 * holds no copy (an S3 GET), ends a session nobody will finish ({@link SessionClosing}, through a step), sends a
 * reminder that is due, and takes the lease of entries nobody is delivering in a conditional write. On a storage
 * failure it adds nothing and the session is looked at again later ({@link RelayRetries}); on a write conflict, at
 * once. Runs on the relay thread only.
 */
final class SessionLooks {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its closings too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final SessionStore store;
    private final OpenSessionMarkers markers;
    private final SessionSteps steps;
    private final SessionClosing closing;
    private final SmsReminders reminders;
    private final OutboxLeases leases;
    private final DeliveredEntries delivered;
    private final KnownDocuments known;
    private final RelaySweep sweep;
    private final RelayRetries retries;
    private final EntryRemovals removals;
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final Consumer<SessionRef> forget;

    /**
     * @param stopping true once the relay is stopping: a removal is then written at once, not when it is due
     * @param forget forgets the session everywhere in the relay (it is gone, or was closed and is gone)
     */
    SessionLooks(SessionStore store, OpenSessionMarkers markers, SessionSteps steps, SessionClosing closing,
            SmsReminders reminders, OutboxLeases leases, DeliveredEntries delivered, KnownDocuments known,
            RelaySweep sweep, RelayRetries retries, EntryRemovals removals, RelayBacklog backlog, RelayBatches batches,
            Clock clock, BooleanSupplier stopping, Consumer<SessionRef> forget) {
        this.store = store;
        this.markers = markers;
        this.steps = steps;
        this.closing = closing;
        this.reminders = reminders;
        this.leases = leases;
        this.delivered = delivered;
        this.known = known;
        this.sweep = sweep;
        this.retries = retries;
        this.removals = removals;
        this.backlog = backlog;
        this.batches = batches;
        this.clock = clock;
        this.stopping = stopping;
        this.forget = forget;
    }

    /** Adds the session's next entry to the batch, if it has one to deliver now; answers 1 if that is an event. */
    int addWork(SessionRef ref, List<RelayWork> batch) {
        try {
            Optional<RelayWork> work = prepare(ref);
            work.ifPresent(batch::add);
            return work.isPresent() && work.get().isEvent() ? 1 : 0;
        } catch (RuntimeException e) {
            // Storage trouble: look again later, as for a failed delivery.
            known.drop(ref);
            retries.retryLater(ref, e);
            return 0;
        }
    }

    /** The session's oldest entry, once this instance may deliver it; empty when there is nothing to do now. */
    private Optional<RelayWork> prepare(SessionRef ref) {
        StoredSession document = known.take(ref);
        if (document == null) {
            document = store.find(ref).orElse(null);
        }
        if (document == null) {
            if (sweep.hasOldMarker(ref)) {
                markers.unmarkOpen(ref);
            }
            forget.accept(ref);
            return Optional.empty();
        }
        document = close(ref, document);
        if (document == null) {
            forget.accept(ref);
            return Optional.empty();
        }
        Instant now = clock.instant();
        Outbox outbox = document.outbox();
        if (outbox.isEmpty()) {
            backlog.clear(ref);
            if (document.session().surveyStatus().isFinal()) {
                return Optional.of(RelayWork.removal(ref, document));
            }
            if (!document.session().awaitingLateAnswer()) {
                // Waiting for the respondent: only a step adds entries, and a step here wakes the relay itself.
                sweep.markIdle(ref, document.session(), now);
            }
            return Optional.empty();
        }
        sweep.changed(ref);
        DeliveredEntries.Sequences sent = delivered.of(ref);
        Optional<OutboxEntry> next = outbox.entries().stream().filter(entry -> !sent.contains(entry)).findFirst();
        if (next.isPresent() && next.get().kind() == OutboxEntry.Kind.EVENT && retries.eventsFailing(ref)) {
            // The events' sink is failing (the bus down, or refusing): the finished session's results copy, another
            // sink, goes ahead of them, so the results API and the dashboard show the session meanwhile. Until
            // 2026-12-07 an outage of the bus held every finished session out of the results for as long as it
            // lasted (an operator's probe). The events keep their order among themselves; should the copy fail in
            // turn, the events go first again (RelayRetries).
            Optional<OutboxEntry> resultsCopy = outbox.entries().stream().filter(entry -> !sent.contains(entry)
                    && entry.kind() == OutboxEntry.Kind.RESULT).findFirst();
            if (resultsCopy.isPresent()) {
                next = resultsCopy;
            }
        }
        if (next.isEmpty()) {
            // Everything delivered: its removal rides on the session's next step, or is written once that is due.
            backlog.clear(ref);
            Instant due = removals.dueAt(ref);
            if (due != null && due.isAfter(now) && !document.session().surveyStatus().isFinal()
                    && !stopping.getAsBoolean()) {
                known.keepUnlessWokenSince(document);
                batches.schedule(ref, due);
                return Optional.empty();
            }
            return Optional.of(RelayWork.removal(ref, document));
        }
        removals.cancel(ref);
        backlog.waiting(ref, outbox.entries().size(), outbox.oldest());
        if (!leases.holds(outbox, now)) {
            if (!outbox.deliverableBy(leases.owner(), now)) {
                // Another instance delivers these; look again should its lease lapse.
                backlog.clear(ref);
                batches.schedule(ref, outbox.lease().until().plusMillis(500));
                return Optional.empty();
            }
            try {
                // The write takes out what this instance delivered before its lease lapsed, as a renewal does.
                Outbox kept = delivered.removeFrom(ref, outbox);
                document = store.replace(document, document.session(), leases.claim(kept, now), document.inbox());
            } catch (SessionConflictException e) {
                batches.schedule(ref, now);
                return Optional.empty();
            }
        }
        return Optional.of(new RelayWork(ref, document, next.get()));
    }

    /**
     * Ends a session nobody will finish: a call whose grace for a late answer is over (a hang-up), a session idle
     * past its expiry. Returns the document as it is now, or null when it is gone.
     */
    private StoredSession close(SessionRef ref, StoredSession document) {
        SessionClosing.Verdict verdict = closing.judge(document.session(), clock.instant());
        if (verdict instanceof SessionClosing.GraceUntil grace) {
            batches.schedule(ref, grace.at());
        } else if (verdict instanceof SessionClosing.Open) {
            reminders.remindIfDue(ref, document.session()).ifPresent(due -> batches.schedule(ref, due));
        } else if (verdict instanceof SessionClosing.End end) {
            LOG.info("Session {}: {}", ref.sessionId(), end.why());
            StoredSession closed = steps.apply(ref, end.ending()).map(SessionSteps.Step::stored).orElse(null);
            return closed != null ? closed : store.find(ref).orElse(null);
        }
        return document;
    }
}
