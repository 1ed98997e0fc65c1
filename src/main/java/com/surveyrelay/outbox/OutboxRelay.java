package com.surveyrelay.outbox;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.conversation.SmsReminders;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SurveySession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers what sessions' outboxes hold, after the webhook that stored them has answered: lifecycle events to
 * {@code direct:survey-events} and finished sessions to {@code direct:survey-results}, each entry until its sink
 * accepts it, then removed from the outbox by a conditional write: the session's next step's, when one comes within
 * {@code removal-delay} ({@link DeliveredEntries}), or else the relay's own.
 *
 * <p>Order per session: only a session's oldest entry is ever in flight, so its events arrive in the order the
 * session produced them. Batching across sessions: one PutEvents call carries the oldest event of up to ten
 * sessions ({@link com.surveyrelay.events.EventBridgeEntries#MAX_ENTRIES}); {@link RelayBatches} decides which
 * sessions a batch looks at and how long one that is not full waits for more. Results copies and removals in the
 * same round take no place in it. A refused or failed entry is retried after 200 ms, doubling to 30 s
 * ({@link OutboxProperties}), for as long as it takes; the others in its batch are not held back.
 *
 * <p>Who delivers: the instance holding the outbox's lease, taken by the step that filled it. Entries nobody is
 * delivering (the holder died, or the service restarted) are found by {@link #sweep()}, which the
 * {@code outbox-sweep} route runs, through the open-session markers, and taken over once the lease has lapsed.
 * The sweep also closes sessions idle past their expiry and calls whose grace for a late answer is over
 * ({@link SessionClosing}).
 * Swept sessions wait behind everything a webhook woke, so a large sweep never delays a fresh event.
 *
 * <p>Each entry carries a stable id ({@code eventId} in the event), so a consumer drops the rare repeat, which only
 * an instance dying, or a storage failure, between a sink's acceptance and the removal can cause.
 *
 * <p>One thread assembles the batches and hands each batch's calls to {@value #IO_THREADS} I/O threads, waiting
 * for them all before the next; webhooks only wake it ({@link #wake}) and never wait for a sink.
 */
@Component("outboxRelay")
public class OutboxRelay implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** A marker this old without its session is left by a start that failed to store it: removed. */
    private static final Duration ORPHAN_MARKER = Duration.ofMinutes(5);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);
    /** How long a stopping relay waits for a session to fall due before it looks whether it is done. */
    private static final long STOP_LOOK_MILLIS = 50;
    private static final int MAX_CONFLICTS = 8;
    /**
     * Storage and sink calls a batch makes at once: under load a batch holds sessions' results copies and removals
     * besides its PutEvents calls ({@link RelayBatches#CALLS_AT_ONCE}), each a round trip that one thread would make
     * in turn.
     */
    static final int IO_THREADS = 16;

    private final SessionStore store;
    private final SessionSteps steps;
    private final OutboxLeases leases;
    private final OutboxProperties settings;
    private final SessionClosing closing;
    private final OutboxSinks sinks;
    private final Clock clock;
    private final RelayIo io = new RelayIo(IO_THREADS);
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    /** The newest document this relay wrote or a webhook stored, per session, to spare a read. */
    private final Map<SessionRef, StoredSession> known = new ConcurrentHashMap<>();
    private final DeliveredEntries delivered;
    /** Sessions whose every entry is delivered: when their removal is written, should no step take it first. */
    private final Map<SessionRef, Instant> removalDue = new ConcurrentHashMap<>();
    private final Map<SessionRef, Integer> failures = new ConcurrentHashMap<>();
    private final Set<SessionRef> oldMarkers = ConcurrentHashMap.newKeySet();
    /** Open sessions last found waiting for their respondent, which sweeps leave unread for a while. */
    private final IdleSessions idle = new IdleSessions();
    private volatile Thread worker;
    /**
     * Set by {@link #stop()}: removals of what is delivered while draining are written at once, not delayed; the
     * relay thread takes no swept sessions; a session woken from then on is handed over by the waker
     * ({@link #handOverIfStopping}).
     */
    private volatile boolean stopping;
    /**
     * Set by {@link #stop()} once it has queued the waiting removals: the relay thread may end from then on, when
     * nothing is due now. Set before them, it could end between {@code stopping} and their queueing.
     */
    private volatile boolean draining;
    private final SmsReminders reminders;

    public OutboxRelay(SessionStore store, SessionSteps steps, OutboxLeases leases, OutboxProperties settings,
            SurveyRelayProperties service, ProducerTemplate producer, Clock clock,
            @Value("${survey-relay.events.endpoint}") String eventsEndpoint, SmsReminders reminders,
            DeliveredEntries delivered) {
        this.reminders = reminders;
        this.delivered = delivered;
        this.store = store;
        this.steps = steps;
        this.leases = leases;
        this.settings = settings;
        this.closing = new SessionClosing(service.smsConversationTimeout(), settings.callEndGrace());
        this.sinks = new OutboxSinks(producer, eventsEndpoint);
        this.clock = clock;
        this.backlog = new RelayBacklog(settings.warnAge());
        // A thread no longer the relay's (replaced by a later start) assembles as a stopping one: no lingering and no
        // swept sessions.
        this.batches = new RelayBatches(sinks.batchSize(), settings.sweepInterval(), clock,
                () -> stopping || worker != Thread.currentThread());
    }

    // ---- waking ----

    /** A step stored this document; deliver what its outbox holds, now. Never blocks. */
    public void wake(StoredSession written) {
        SessionRef ref = written.ref();
        idle.forget(ref);
        remember(written);
        schedule(ref, clock.instant());
        handOverIfStopping(ref);
    }

    /** A session a step just ended (an opt-out on another channel, say): deliver what its end published, now. */
    @org.springframework.context.event.EventListener
    public void onSessionEnded(com.surveyrelay.conversation.SessionEnded ended) {
        wake(ended.stored());
    }

    /**
     * Looks at the session at {@code at}, as the bucket has it then rather than from a copy this relay kept: a step
     * that wrote nothing (a repeated text) may have found entries that a write of its own put there, one whose answer
     * was lost on the way back, and that nobody woke the relay for; entries a step here added under another
     * instance's lease are looked at when it lapses, should that instance have died.
     */
    public void wakeFromBucket(SessionRef ref, Instant at) {
        known.remove(ref);
        idle.forget(ref);
        schedule(ref, at);
        handOverIfStopping(ref);
    }

    /**
     * A session woken once the relay is stopping (Camel's consumers, a bus trigger or a text's retry, outlive the
     * relay by a moment at shutdown): the relay thread may have ended, so its marker is written again for the other
     * instances' sweeps, as {@link #handOver} does, on an I/O thread (the waker never waits for S3); should the drain
     * deliver it after all, the rewrite costs them a read. Checked after the wake is noted: a wake that finds the
     * relay not yet stopping is in the schedule or the copies that the drain and {@link #handOver} go through.
     */
    private void handOverIfStopping(SessionRef ref) {
        if (!stopping) {
            return;
        }
        io.execute(() -> {
            try {
                store.markOpen(ref);
            } catch (RuntimeException e) {
                LOG.warn("Outbox relay: stopping, and could not mark a session woken since for the other instances "
                        + "({}); they find it at their next look", e.toString());
            }
        });
    }

    /** Looks at the session again at {@code at}: a call waiting for a late answer, a lease about to lapse. */
    public void wakeAt(SessionRef ref, Instant at) {
        schedule(ref, at);
    }

    /**
     * Queues every open session for a look, behind whatever webhooks woke: delivers what nobody is delivering,
     * closes calls whose grace period is over and sessions idle past their expiry, and removes the markers of
     * finished sessions with nothing left. Run by the {@code outbox-sweep} route, first at start-up. A session
     * still queued from the last sweep is not queued twice, and one last found idle (waiting for its respondent,
     * nothing to deliver) is left until its {@code idle-sweep-interval} is over, it is due to expire or to be
     * reminded, or its marker is written again (an instance that stops with entries undelivered rewrites theirs):
     * each look is an S3 GET.
     *
     * @return how many open sessions were found, idle ones included
     */
    public int sweep() {
        List<SessionStore.OpenSession> open = store.openSessions();
        Instant now = clock.instant();
        oldMarkers.clear();
        Set<SessionRef> stillOpen = new HashSet<>();
        for (SessionStore.OpenSession session : open) {
            SessionRef ref = session.ref();
            stillOpen.add(ref);
            if (session.markedAt().plus(ORPHAN_MARKER).isBefore(now)) {
                oldMarkers.add(ref);
            }
            if (idle.leaveUnread(ref, session.markedAt(), now)) {
                continue;
            }
            batches.sweep(ref);
        }
        idle.retainOnly(stillOpen);
        return open.size();
    }

    /** When the sweep reads the session again, if it was last found idle; empty otherwise. For tests. */
    Optional<Instant> nextIdleLook(SessionRef ref) {
        return idle.until(ref);
    }

    /** What this instance has yet to deliver, now, and the last failure it met. */
    public OutboxBacklog backlog() {
        return backlog.at(clock.instant());
    }

    private void schedule(SessionRef ref, Instant at) {
        batches.schedule(ref, at);
    }

    // ---- the delivery loop ----

    /**
     * Runs batches until interrupted, or, once draining, until nothing is due now: the relay thread decides that
     * itself, between two batches, as no other thread could without racing it for the schedule. A thread that is no
     * longer the relay's {@code worker} ends too: one that outlived {@link #stop()}'s joins in a call that swallowed
     * its interrupt must not run beside the thread of a later {@link #start()}. Should it have been assembling a
     * batch, it hands the batch's sessions to the schedule for that thread rather than deliver them
     * ({@link #runBatch}), and then ends.
     */
    private void run() {
        while (worker == Thread.currentThread() && !Thread.currentThread().isInterrupted()) {
            try {
                if (draining && !batches.hasWorkDueNow()) {
                    return;
                }
                runOnce(stopping ? STOP_LOOK_MILLIS : batches.hasSwept() ? 0 : 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                backlog.failed(e);
                LOG.warn("Outbox relay: {}", e.toString());
            }
        }
    }

    /** One batch: sessions due now, or else swept ones; waits up to {@code waitMillis} for one to fall due. */
    private void runOnce(long waitMillis) throws InterruptedException {
        runBatch(batches.next(waitMillis));
    }

    /**
     * Assembles a batch ({@link RelayBatches#assemble}), each session's work prepared as it joins, delivers it, and
     * looks once more at the sessions woken again meanwhile.
     */
    private void runBatch(RelayBatches.Due first) throws InterruptedException {
        backlog.warnWhenBehind(clock.instant());
        List<Work> batch = new ArrayList<>();
        Set<SessionRef> again = batches.assemble(first, ref -> addWork(ref, batch));
        if (worker != Thread.currentThread()) {
            // Replaced while it assembled: the relay's thread now delivers these, each from its stored copy.
            Instant now = clock.instant();
            batch.forEach(work -> schedule(work.ref(), now));
            again.forEach(ref -> schedule(ref, now));
            return;
        }
        deliver(batch);
        again.forEach(ref -> schedule(ref, clock.instant()));
    }

    /**
     * What the batch does for one session: deliver its oldest undelivered entry ({@code head}), or, with no
     * {@code head}, write the removal of what it delivered (and, for a finished session with nothing left, take
     * its open marker away).
     */
    private record Work(SessionRef ref, StoredSession document, OutboxEntry head) {

        static Work removal(SessionRef ref, StoredSession document) {
            return new Work(ref, document, null);
        }

        boolean isEvent() {
            return head != null && head.kind() == OutboxEntry.Kind.EVENT;
        }
    }

    /** Adds the session's next entry to the batch, if it has one to deliver now; answers 1 if that is an event. */
    private int addWork(SessionRef ref, List<Work> batch) {
        try {
            Optional<Work> work = prepare(ref);
            work.ifPresent(batch::add);
            return work.isPresent() && work.get().isEvent() ? 1 : 0;
        } catch (RuntimeException e) {
            // Storage trouble: look again later, as for a failed delivery.
            known.remove(ref);
            retryLater(ref, e);
            return 0;
        }
    }

    /** The session's oldest entry, once this instance may deliver it; empty when there is nothing to do now. */
    private Optional<Work> prepare(SessionRef ref) {
        StoredSession document = known.remove(ref);
        if (document == null) {
            document = store.find(ref).orElse(null);
        }
        if (document == null) {
            if (oldMarkers.contains(ref)) {
                store.unmarkOpen(ref);
            }
            forget(ref);
            return Optional.empty();
        }
        document = close(ref, document);
        if (document == null) {
            forget(ref);
            return Optional.empty();
        }
        Instant now = clock.instant();
        Outbox outbox = document.outbox();
        if (outbox.isEmpty()) {
            backlog.clear(ref);
            if (document.session().surveyStatus().isFinal()) {
                return Optional.of(Work.removal(ref, document));
            }
            if (!document.session().awaitingLateAnswer()) {
                // Waiting for the respondent: only a step adds entries, and a step here wakes the relay itself.
                markIdle(ref, document.session(), now);
            }
            return Optional.empty();
        }
        idle.forget(ref);
        Set<String> sent = delivered.of(ref);
        Optional<OutboxEntry> next = outbox.entries().stream().filter(entry -> !sent.contains(entry.id())).findFirst();
        if (next.isEmpty()) {
            // Everything delivered: its removal rides on the session's next step, or is written once that is due.
            backlog.clear(ref);
            Instant due = removalDue.get(ref);
            if (due != null && due.isAfter(now) && !document.session().surveyStatus().isFinal() && !stopping) {
                keepUnlessWokenSince(document);
                schedule(ref, due);
                return Optional.empty();
            }
            return Optional.of(Work.removal(ref, document));
        }
        removalDue.remove(ref);
        backlog.waiting(ref, outbox.entries().size(), outbox.oldest());
        if (!leases.holds(outbox, now)) {
            if (!outbox.deliverableBy(leases.owner(), now)) {
                // Another instance delivers these; look again should its lease lapse.
                backlog.clear(ref);
                schedule(ref, outbox.lease().until().plusMillis(500));
                return Optional.empty();
            }
            try {
                // The write takes out what this instance delivered before its lease lapsed, as a renewal does.
                Outbox kept = delivered.removeFrom(ref, outbox);
                document = store.replace(document, document.session(), leases.claim(kept, now), document.inbox());
            } catch (SessionConflictException e) {
                schedule(ref, now);
                return Optional.empty();
            }
        }
        return Optional.of(new Work(ref, document, next.get()));
    }

    /**
     * Ends a session nobody will finish: a call whose grace for a late answer is over (a hang-up), a session idle
     * past its expiry. Returns the document as it is now, or null when it is gone.
     */
    private StoredSession close(SessionRef ref, StoredSession document) {
        SessionClosing.Verdict verdict = closing.judge(document.session(), clock.instant());
        if (verdict instanceof SessionClosing.GraceUntil grace) {
            schedule(ref, grace.at());
        } else if (verdict instanceof SessionClosing.Open) {
            reminders.remindIfDue(ref, document.session()).ifPresent(due -> schedule(ref, due));
        } else if (verdict instanceof SessionClosing.End end) {
            LOG.info("Session {}: {}", ref.sessionId(), end.why());
            StoredSession closed = steps.apply(ref, end.ending()).map(SessionSteps.Step::stored).orElse(null);
            return closed != null ? closed : store.find(ref).orElse(null);
        }
        return document;
    }

    /**
     * Removes a finished session's marker, then looks again: a text (a STOP after completion) may have added an
     * entry meanwhile, and its step marks the session open before and after writing, so the marker is back
     * whenever the entry is there. What this instance delivered for the session stays noted
     * ({@link DeliveredEntries} keeps the last sessions): that step's own wake may come after all this, with the
     * document it wrote, and must find its entry delivered rather than send it again.
     */
    private void unmark(SessionRef ref) {
        store.unmarkOpen(ref);
        Optional<StoredSession> now = store.find(ref);
        if (now.isPresent() && !now.get().outbox().isEmpty()) {
            store.markOpen(ref);
            schedule(ref, clock.instant());
            return;
        }
        forgetAllButDelivered(ref);
    }

    /**
     * Delivers a batch: its events in calls of {@link OutboxSinks#batchSize()} ({@value RelayBatches#CALLS_AT_ONCE}
     * at most, every one full when there is more than one), and each results copy and each removal on its own, all at
     * once on the relay's I/O threads ({@value #IO_THREADS}); returns when every one is done. Each session has one
     * piece of work in a batch, so its entries still go one at a time, in order; a batch with one piece of work runs it
     * on the relay's own thread.
     */
    private void deliver(List<Work> batch) {
        List<Work> events = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        for (Work work : batch) {
            if (work.head() == null) {
                tasks.add(guarded(List.of(work), () -> writeRemoval(work)));
            } else if (work.head().kind() == OutboxEntry.Kind.RESULT) {
                tasks.add(guarded(List.of(work), () -> deliverResult(work)));
            } else {
                events.add(work);
            }
        }
        int batchSize = sinks.batchSize();
        if (batchSize == 1) {
            if (!events.isEmpty()) {
                tasks.add(guarded(events, () -> events.forEach(this::deliverOneEvent)));
            }
        } else {
            // Full calls only, besides a batch's one call: the events past the last full one wait for the next batch.
            int calls = events.size() <= batchSize ? 1 : events.size() / batchSize;
            for (int call = 0; call < calls && call * batchSize < events.size(); call++) {
                List<Work> entries = events.subList(call * batchSize, Math.min(events.size(), (call + 1) * batchSize));
                tasks.add(guarded(entries, () -> deliverEvents(entries)));
            }
            Instant now = clock.instant();
            for (Work left : events.subList(Math.min(events.size(), calls * batchSize), events.size())) {
                keepUnlessWokenSince(left.document());
                schedule(left.ref(), now);
            }
        }
        io.runAll(tasks, failure -> {
            backlog.failed(failure);
            LOG.warn("Outbox relay: {}", failure.toString());
        });
    }

    /** Runs one task of a batch; anything it throws sends its sessions to be looked at again later. */
    private Runnable guarded(List<Work> works, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                works.forEach(work -> {
                    known.remove(work.ref());
                    retryLater(work.ref(), e);
                });
            }
        };
    }

    /**
     * Writes the removal of what the session delivered, or takes a finished, emptied session's marker away; storage
     * trouble is left to {@link #guarded}, which looks again later.
     */
    private void writeRemoval(Work work) {
        if (work.document().outbox().isEmpty()) {
            unmark(work.ref());
        } else {
            removeDelivered(work.ref(), work.document());
        }
    }

    private void deliverEvents(List<Work> events) {
        OutboxSinks.Outcome outcome = sinks.publish(events.stream().map(Work::head).toList());
        for (int i = 0; i < events.size(); i++) {
            if (outcome.took(i)) {
                delivered(events.get(i));
            } else {
                retryLater(events.get(i), outcome.failure());
            }
        }
    }

    private void deliverOneEvent(Work work) {
        settle(work, sinks.publishOne(work.ref(), work.head()));
    }

    private void deliverResult(Work work) {
        settle(work, sinks.copyResult(work.document().session()));
    }

    private void settle(Work work, OutboxSinks.Outcome outcome) {
        if (outcome.took(0)) {
            delivered(work);
        } else {
            retryLater(work, outcome.failure());
        }
    }

    /**
     * Notes the entry delivered; the session's next entry goes out right away. Once all are delivered, their
     * removal waits up to {@code removal-delay} for the session's next step to write it (see
     * {@link DeliveredEntries}); a finished session's is written at once.
     */
    private void delivered(Work work) {
        SessionRef ref = work.ref();
        failures.remove(ref);
        delivered.add(ref, work.head().id());
        StoredSession document = work.document();
        Instant now = clock.instant();
        Set<String> sent = delivered.of(ref);
        boolean more = document.outbox().entries().stream().anyMatch(entry -> !sent.contains(entry.id()));
        keepUnlessWokenSince(document);
        if (!more && !settings.removalDelay().isZero() && !document.session().surveyStatus().isFinal() && !stopping) {
            // Looked at again only when the removal is due: a slot in the next batch goes to a session with an event.
            schedule(ref, removalDue.computeIfAbsent(ref, key -> now.plus(settings.removalDelay())));
            if (!stopping) {
                return;
            }
            // stop() began meanwhile and may have gone through the removals due before this one was added.
        }
        schedule(ref, now);
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
                    left = left.leasedTo(leases.owner(), now.plus(settings.lease()));
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
                        schedule(ref, now);
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Delivered but not yet removed: this instance will not send them again; another might, with the same id.
            retryLater(ref, e);
            return;
        }
        if (!ours) {
            LOG.info("Session {}: another instance took over its delivery", ref.sessionId());
            forget(ref);
            return;
        }
        if (document.outbox().isEmpty() && document.session().surveyStatus().isFinal()) {
            unmark(ref);
            return;
        }
        remember(document);
        // Looked at once more: the document written may be newer than the one read (a conflict re-read it), and only
        // a look at it schedules what it needs, such as a call's late-answer grace.
        schedule(ref, clock.instant());
    }

    private void retryLater(Work work, Throwable why) {
        remember(work.document());
        retryLater(work.ref(), why);
    }

    /**
     * Keeps a document this relay read or wrote, unless a webhook handed over a newer one meanwhile (more
     * entries numbered); a stale one would only cost a conflict and a read, but would misstate the backlog.
     */
    private void remember(StoredSession document) {
        known.merge(document.ref(), document, (theirs, ours) ->
                theirs.outbox().nextSequence() > ours.outbox().nextSequence() ? theirs : ours);
    }

    /**
     * Keeps a document this relay read and did not write, unless a webhook handed over one since: that one is
     * newer even with as many entries (a call's end, say, which only a look at the newer document schedules).
     */
    private void keepUnlessWokenSince(StoredSession document) {
        known.putIfAbsent(document.ref(), document);
    }

    private void retryLater(SessionRef ref, Throwable why) {
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
        schedule(ref, now.plus(wait));
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
            remember(store.replace(document, document.session(), renewed, document.inbox()));
        } catch (RuntimeException e) {
            known.remove(ref);
        }
    }

    private void forget(SessionRef ref) {
        forgetAllButDelivered(ref);
        delivered.forget(ref);
    }

    /**
     * Leaves the session out of sweeps until {@code idle-sweep-interval} from now, or sooner when it expires or a
     * look is scheduled for it (a reminder), the marker time the last sweep saw kept to notice a rewrite.
     */
    private void markIdle(SessionRef ref, SurveySession session, Instant now) {
        Instant until = now.plus(settings.idleSweepInterval());
        Instant expires = session.updatedAt().plus(closing.expiry(session));
        if (expires.isBefore(until)) {
            until = expires;
        }
        Optional<Instant> planned = batches.scheduledLook(ref);
        if (planned.isPresent() && planned.get().isBefore(until)) {
            until = planned.get();
        }
        idle.foundIdle(ref, until);
    }

    private void forgetAllButDelivered(SessionRef ref) {
        idle.forget(ref);
        oldMarkers.remove(ref);
        known.remove(ref);
        removalDue.remove(ref);
        failures.remove(ref);
        backlog.clear(ref);
    }

    // ---- lifecycle ----

    @Override
    public synchronized void start() {
        if (worker == null) {
            stopping = false;
            draining = false;
            worker = new Thread(this::run, "outbox-relay");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /**
     * Gives what is due now (the last webhooks' events) up to {@code DRAIN_ON_STOP} (5 s) to go out, then stops;
     * whatever is left stays in the outboxes for the next instance to deliver, their sessions' open markers written
     * again so that the other instances' sweeps read them at once ({@link #handOver}). The relay thread ends by
     * itself once nothing is due now; it is interrupted only past the drain, its batch's calls under way still ending
     * within their timeouts.
     */
    @Override
    public synchronized void stop() {
        Thread running = worker;
        if (running == null) {
            return;
        }
        stopping = true;
        // Removals waiting for a step are written now (a stopping relay's look writes them whatever their time): the
        // next instance would otherwise send those entries again.
        removalDue.keySet().forEach(ref -> schedule(ref, clock.instant()));
        draining = true;
        batches.nudge();
        try {
            running.join(DRAIN_ON_STOP.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
        handOver(Instant.now().plus(DRAIN_ON_STOP));
    }

    /**
     * Writes again the open marker of each session whose entries this instance leaves undelivered (the sink refusing
     * them, or more than the drain got through): a changed marker makes every other instance's sweep read the
     * session, even one it found idle, instead of after its {@code idle-sweep-interval}. Stops at {@code deadline}
     * or at the first storage failure, and says how many were left.
     */
    private void handOver(Instant deadline) {
        Set<SessionRef> left = new LinkedHashSet<>(backlog.sessions());
        // Looks due within a lease: a session woken from the bucket (its entries in no copy here), a retry.
        left.addAll(batches.scheduledBy(clock.instant().plus(settings.lease())));
        known.forEach((ref, document) -> {
            if (!document.outbox().isEmpty()) {
                left.add(ref);
            }
        });
        int handed = 0;
        for (SessionRef ref : left) {
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            try {
                store.markOpen(ref);
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

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** The relay thread, while the relay runs; null otherwise. For tests. */
    Thread relayThread() {
        return worker;
    }

    /**
     * Starts after Camel and the web server; stops after the web server's graceful shutdown has let the last
     * webhooks finish (so their events are woken, and drained by {@link #stop()}) but before Camel, so nothing
     * is sent to a stopped route. (Camel: {@code Integer.MAX_VALUE - 2049}; graceful shutdown:
     * {@code SmartLifecycle.DEFAULT_PHASE - 1024}.)
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1536;
    }
}
