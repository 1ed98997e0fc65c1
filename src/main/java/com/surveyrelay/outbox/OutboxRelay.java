package com.surveyrelay.outbox;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.conversation.SmsReminders;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * {@code removal-delay} ({@link DeliveredEntries}), or else the relay's own ({@link EntryRemovals}).
 *
 * <p>Order per session: only one entry of a session is ever in flight, its oldest, so its events arrive in the order
 * the session produced them; but while the events' sink fails, a finished session's results copy goes ahead of them
 * ({@link SessionLooks}), so the results show the session through a bus outage.
 * Batching across sessions: one PutEvents call carries the oldest event of up to ten
 * sessions ({@link com.surveyrelay.events.EventBridgeEntries#MAX_ENTRIES}); {@link RelayBatches} decides which
 * sessions a batch looks at and how long one that is not full waits for more. Results copies and removals in the
 * same round take no place in it. A refused or failed entry is retried after 200 ms, doubling to 30 s
 * ({@link OutboxProperties}, {@link RelayRetries}), for as long as it takes; the others in its batch are not held
 * back.
 *
 * <p>Who delivers: the instance holding the outbox's lease, taken by the step that filled it. Entries nobody is
 * delivering (the holder died, or the service restarted) are found by {@link #sweep()}, which the
 * {@code outbox-sweep} route runs, through the open-session markers ({@link RelaySweep}), and taken over once the
 * lease has lapsed. The sweep also closes sessions idle past their expiry and calls whose grace for a late answer is
 * over ({@link SessionClosing}).
 * Swept sessions wait behind everything a webhook woke, so a large sweep never delays a fresh event.
 *
 * <p>Each entry carries a stable id ({@code eventId} in the event), so a consumer drops the rare repeat, which only
 * an instance dying, or a storage failure, between a sink's acceptance and the removal can cause.
 *
 * <p>One thread assembles the batches and hands each batch's calls to {@value #IO_THREADS} I/O threads, waiting
 * for them all before the next; webhooks only wake it ({@link #wake}) and never wait for a sink. This class is the
 * relay's entry points (wakes, the sweep, the backlog) and the life of that thread: what a look at a session finds
 * to do is {@link SessionLooks}'s, carrying a batch out {@link BatchDelivery}'s, and what a stopping relay leaves is
 * handed over by {@link RelayHandOver}. A failure inside a batch is logged and noted in the backlog; the thread goes
 * on with the next.
 */
@Component("outboxRelay")
public class OutboxRelay implements SmartLifecycle {

    /**
     * The endpoint lifecycle events are sent to, one PutEvents batch or one event an exchange ({@code
     * routes/survey-events.camel.yaml} reads it); the start is refused when no route does ({@code CalledRoutesCheck}).
     */
    public static final String EVENTS_ENDPOINT = "direct:survey-events";
    /** The endpoint finished sessions are sent to ({@code routes/survey-results.camel.yaml} reads it). */
    public static final String RESULTS_ENDPOINT = "direct:survey-results";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);
    /** How long a stopping relay waits for a session to fall due before it looks whether it is done. */
    private static final long STOP_LOOK_MILLIS = 50;
    /**
     * Storage and sink calls a batch makes at once: under load a batch holds sessions' results copies and removals
     * besides its PutEvents calls ({@link RelayBatches#CALLS_AT_ONCE}), each a round trip that one thread would make
     * in turn.
     */
    static final int IO_THREADS = 16;

    private final Clock clock;
    private final RelayIo io = new RelayIo(IO_THREADS);
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    /** The newest document this relay wrote or a webhook stored, per session, to spare a read. */
    private final KnownDocuments known = new KnownDocuments();
    private final DeliveredEntries delivered;
    private final RelaySweep sweep;
    private final RelayRetries retries;
    private final EntryRemovals removals;
    private final SessionLooks looks;
    private final BatchDelivery delivery;
    private final RelayHandOver handOver;
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

    public OutboxRelay(SessionStore store, OpenSessionMarkers markers, SessionSteps steps, OutboxLeases leases,
            OutboxProperties settings, SurveyRelayProperties service, ProducerTemplate producer, Clock clock,
            @Value("${survey-relay.events.endpoint}") String eventsEndpoint, SmsReminders reminders,
            DeliveredEntries delivered) {
        this.delivered = delivered;
        this.clock = clock;
        SessionClosing closing = new SessionClosing(service.smsConversationTimeout(), settings.callEndGrace());
        OutboxSinks sinks = new OutboxSinks(producer, eventsEndpoint);
        this.backlog = new RelayBacklog(settings.warnAge());
        // A thread no longer the relay's (replaced by a later start) assembles as a stopping one: no lingering and no
        // swept sessions.
        this.batches = new RelayBatches(sinks.batchSize(), settings.sweepInterval(), clock,
                () -> stopping || worker != Thread.currentThread());
        this.sweep = new RelaySweep(markers, batches, closing, settings.idleSweepInterval(), clock);
        this.retries = new RelayRetries(store, leases, settings, delivered, known, backlog, batches, clock);
        this.removals = new EntryRemovals(store, markers, leases, settings.lease(), delivered, known, retries, batches,
                clock, this::forget, this::forgetAllButDelivered);
        this.looks = new SessionLooks(store, markers, steps, closing, reminders, leases, delivered, known, sweep,
                retries, removals, backlog, batches, clock, () -> stopping, this::forget);
        this.delivery = new BatchDelivery(sinks, io, delivered, known, retries, removals, backlog, batches,
                settings.removalDelay(), clock, () -> stopping);
        this.handOver = new RelayHandOver(markers, io, backlog, batches, known, settings.lease(), clock);
    }

    // ---- waking ----

    /** A step stored this document; deliver what its outbox holds, now. Never blocks. */
    public void wake(StoredSession written) {
        SessionRef ref = written.ref();
        sweep.changed(ref);
        known.remember(written);
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
        known.drop(ref);
        sweep.changed(ref);
        schedule(ref, at);
        handOverIfStopping(ref);
    }

    /**
     * The session's document was deleted (its respondent's erasure): the relay drops its copy for good, so that a
     * batch in flight at that moment (a call the bus fails, to be retried; a delivered entry, the next to follow) does
     * not put it back and publish the erased entries from it; the look this schedules reads the bucket, finds no
     * document and forgets the session. Never blocks.
     */
    public void erased(SessionRef ref, Instant at) {
        known.forgetDeleted(ref);
        wakeFromBucket(ref, at);
    }

    /**
     * A session woken once the relay is stopping (Camel's consumers, a bus trigger or a text's retry, outlive the
     * relay by a moment at shutdown): the relay thread may have ended, so its marker is written again for the other
     * instances' sweeps, as {@link RelayHandOver#markLeftovers} does, on an I/O thread (the waker never waits for S3);
     * should the drain deliver it after all, the rewrite costs them a read. Checked after the wake is noted: a wake
     * that finds the relay not yet stopping is in the schedule or the copies that the drain and
     * {@link RelayHandOver#markLeftovers} go through.
     */
    private void handOverIfStopping(SessionRef ref) {
        if (!stopping) {
            return;
        }
        handOver.markWokenWhileStopping(ref);
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
        return sweep.sweep();
    }

    /** When the sweep reads the session again, if it was last found idle; empty otherwise. For tests. */
    Optional<Instant> nextIdleLook(SessionRef ref) {
        return sweep.nextIdleLook(ref);
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
     * Assembles a batch ({@link RelayBatches#assemble}), each session's work prepared as it joins
     * ({@link SessionLooks}), delivers it ({@link BatchDelivery}), and looks once more at the sessions woken again
     * meanwhile.
     */
    private void runBatch(RelayBatches.Due first) throws InterruptedException {
        backlog.warnWhenBehind(clock.instant());
        List<RelayWork> batch = new ArrayList<>();
        Set<SessionRef> again = batches.assemble(first, ref -> looks.addWork(ref, batch));
        if (worker != Thread.currentThread()) {
            // Replaced while it assembled: the relay's thread now delivers these, each from its stored copy.
            Instant now = clock.instant();
            batch.forEach(work -> schedule(work.ref(), now));
            again.forEach(ref -> schedule(ref, now));
            return;
        }
        delivery.deliver(batch);
        again.forEach(ref -> schedule(ref, clock.instant()));
    }

    // ---- forgetting a session ----

    /** Forgets the session everywhere in the relay, what it delivered for it included. */
    private void forget(SessionRef ref) {
        forgetAllButDelivered(ref);
        delivered.forget(ref);
    }

    /** Forgets the session everywhere in the relay but what it delivered for it (see {@link EntryRemovals}). */
    private void forgetAllButDelivered(SessionRef ref) {
        sweep.forget(ref);
        known.drop(ref);
        removals.cancel(ref);
        retries.reset(ref);
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
     * again so that the other instances' sweeps read them at once ({@link RelayHandOver#markLeftovers}). The relay
     * thread ends by itself once nothing is due now; it is interrupted only past the drain, its batch's calls under
     * way still ending within their timeouts.
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
        removals.waiting().forEach(ref -> schedule(ref, clock.instant()));
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
        handOver.markLeftovers(Instant.now().plus(DRAIN_ON_STOP));
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
