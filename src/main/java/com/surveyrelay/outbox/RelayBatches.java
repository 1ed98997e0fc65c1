package com.surveyrelay.outbox;

import com.surveyrelay.storage.SessionRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sessions {@link OutboxRelay} looks at in one batch, and when the batch goes: sessions in the order they fall
 * due (a webhook's wake is due at once, a retry or a lease's end later), then swept ones behind them, until the batch
 * holds a PutEvents call's worth of events ({@code batchSize}: {@link EventBridgeEntries#MAX_ENTRIES}, the AWS
 * limit, or 1 for any other sink) or its linger is over. Results copies and removals take no place in a call.
 *
 * <p>A batch that is not full waits {@link #BATCH_LINGER} for more, and again, up to {@link #MAX_LINGERS} in all,
 * while the pace so far would fill it by the last one ({@link #fillsInTime}), or up to {@link #LOADED_LINGERS} when
 * the call before went out full: under load, events come in waves (callers listen to a prompt before they answer),
 * and a batch begun between two would otherwise go with one or two. A full batch then takes the sessions already
 * due, up to {@value #CALLS_AT_ONCE} calls' worth. Once the relay is stopping, a batch waits no more.
 *
 * <p>Thread-safety: {@link #schedule} and {@link #sweep} are called from any thread (webhooks, the sweep route),
 * {@link #hasWorkDueNow} from the thread stopping the relay; everything else from the relay's one thread.
 */
final class RelayBatches {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its batches too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * How long a batch that is not full waits for more sessions to fall due. 50 calls make about 45 events a second
     * (the benchmark); a PutEvents call (10 entries at most, the AWS limit) then carried about 5 events at 100 ms, 8
     * at 200 ms and 9.4 at 300 ms, which every event would wait for at low load. So a batch waits this long, and
     * more only while it fills fast enough to be full by {@link #MAX_LINGERS} lingers (load). Under the benchmark's
     * 50 calls, waiting again only when half full left about one call in ten part-full.
     */
    static final Duration BATCH_LINGER = Duration.ofMillis(200);
    /**
     * Lingers a batch may wait in all while its own pace would fill it ({@link #fillsInTime}): after a part-full
     * call an event waits at most this many {@link #BATCH_LINGER}s (800 ms) for its call. After a full one (load,
     * or a backlog whose last full call it was past, {@link #CALLS_AT_ONCE}), {@link #LOADED_LINGERS}.
     */
    static final int MAX_LINGERS = 4;
    /**
     * Lingers a batch may wait in all when the call before it went out full: under load an event waits at most this
     * many {@link #BATCH_LINGER}s (2 s) for a full call. Load comes in waves (callers listen to a prompt before they
     * answer): with four lingers (800 ms), a batch begun between two waves of the benchmark's 50 callers went with 8
     * or 9 events, and two such calls in about 90 took its PutEvents calls per event from 0.100 to 0.101. The price:
     * when the load ends, its last events wait up to this long for a call that does not fill. At low load the call
     * before is part-full and a lone event waits one linger.
     */
    static final int LOADED_LINGERS = 10;
    /**
     * PutEvents calls a batch may make at once when sessions are already due for more than one: a relay making one
     * call at a time fell behind under load (4,892 entries, the oldest 19 s old, when 200 benchmark respondents
     * stopped), since a session's entries go one a call. Ten calls let a backlog of 100 sessions each move on by one
     * entry a batch; with four, one benchmark run at 200 respondents left 5,423 entries (13.6 s), with ten 908 (6.6 s).
     */
    static final int CALLS_AT_ONCE = 10;
    /** How often a lingering batch looks whether the relay is stopping: it then goes at once. */
    private static final Duration STOP_CHECK = Duration.ofMillis(50);
    /** A swept session whose scheduled look is this far past is looked at anyway: a safety net. */
    private static final Duration OVERDUE = Duration.ofMinutes(1);
    /** Queued by {@link #nudge}: no session, only a wake for the relay thread. */
    private static final Due NUDGE = new Due(null, Instant.EPOCH, Clock.systemUTC());

    private final int batchSize;
    private final Duration sweepInterval;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final Map<SessionRef, Due> scheduled = new ConcurrentHashMap<>();
    private final Queue<SessionRef> swept = new ConcurrentLinkedQueue<>();
    private final Set<SessionRef> sweptQueued = ConcurrentHashMap.newKeySet();
    /** Whether the last batch holding an event filled its call: load, so the next waits its lingers out to fill. */
    private boolean lastCallFull;

    /**
     * @param batchSize events a PutEvents call carries, 1 to {@link EventBridgeEntries#MAX_ENTRIES}
     * @param sweepInterval how often the sweep runs: a swept session whose look is further ahead is looked at now
     * @param stopping true once the relay is stopping: a batch then lingers no more, and takes no swept session
     */
    RelayBatches(int batchSize, Duration sweepInterval, Clock clock, BooleanSupplier stopping) {
        this.batchSize = batchSize;
        this.sweepInterval = sweepInterval;
        this.clock = clock;
        this.stopping = stopping;
    }

    /** Looks at the session at {@code at}, or at its earlier look already scheduled. Never blocks. */
    void schedule(SessionRef ref, Instant at) {
        scheduled.compute(ref, (key, existing) -> {
            if (existing != null && !existing.at().isAfter(at)) {
                return existing;
            }
            Due due = new Due(key, at, clock);
            queue.add(due);
            return due;
        });
    }

    /** Queues a swept session behind everything scheduled, unless it is queued from the last sweep still. */
    void sweep(SessionRef ref) {
        if (sweptQueued.add(ref)) {
            swept.add(ref);
        }
    }

    boolean hasSwept() {
        return !swept.isEmpty();
    }

    /** Wakes the relay thread waiting in {@link #next} at once: a stopping relay then sees whether it is done. */
    void nudge() {
        queue.add(NUDGE);
    }

    /** The sessions whose look is scheduled at or before {@code at}. */
    Set<SessionRef> scheduledBy(Instant at) {
        Set<SessionRef> refs = new LinkedHashSet<>();
        scheduled.forEach((ref, due) -> {
            if (!due.at().isAfter(at)) {
                refs.add(ref);
            }
        });
        return refs;
    }

    /** When the session's next look is scheduled, if one is. */
    Optional<Instant> scheduledLook(SessionRef ref) {
        Due planned = scheduled.get(ref);
        return planned == null ? Optional.empty() : Optional.of(planned.at());
    }

    /**
     * True while a session is due now and not yet in a batch. Asks {@code scheduled}, not the queue: a Due the relay
     * thread has taken off the queue stays there until its batch takes it. Only the relay thread may conclude from it
     * that nothing is left to do: another thread could look between the relay thread taking a Due and handling it.
     */
    boolean hasWorkDueNow() {
        return scheduled.values().stream().anyMatch(due -> due.getDelay(TimeUnit.MILLISECONDS) <= 0);
    }

    /**
     * The first session to fall due within {@code waitMillis}, or null (none did, or {@link #nudge} woke the relay);
     * the relay then begins a batch with it.
     */
    Due next(long waitMillis) throws InterruptedException {
        Due due = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        return due == NUDGE ? null : due;
    }

    /**
     * Assembles one batch, beginning with {@code first} (null: swept sessions only), looking at each session once
     * through {@code look}, which adds the session's work to the caller's batch and answers 1 when that work is an
     * event, 0 otherwise.
     *
     * @return the sessions woken again while in the batch (their own look may have scheduled them): look at them
     *     once more after it
     */
    Set<SessionRef> assemble(Due first, ToIntFunction<SessionRef> look) throws InterruptedException {
        Set<SessionRef> refs = new LinkedHashSet<>();
        Set<SessionRef> again = new LinkedHashSet<>();
        int events = 0;
        Due due = first;
        long begun = System.nanoTime();
        long lingerUntil = begun + BATCH_LINGER.toNanos();
        int lingers = 1;
        while (true) {
            while (due != null) {
                events += take(due, refs, again, look);
                // Take the next one only if it fits this call (more calls' worth are added once it is full): a Due
                // taken off the queue must be handled.
                due = events < batchSize ? queue.poll() : null;
            }
            if (!stopping.getAsBoolean()) {
                // A stopping relay leaves swept sessions to the other instances' sweeps: it only drains what is due.
                events += addSwept(refs, look, events);
            }
            if (events >= batchSize || batchSize == 1 || first == null && events == 0 || stopping.getAsBoolean()) {
                // Full, or nothing to wait for: a stopping relay drains what is due, and no webhook fills a batch.
                break;
            }
            // A batch not yet full waits a moment for more sessions: one PutEvents call for up to ten events.
            due = pollUntil(lingerUntil);
            if (due == null && lingers < MAX_LINGERS && fillsInTime(events, lingers)) {
                // Filling at a pace that ends full within the last linger means load: wait on (a session's events
                // go one a call, so only other sessions fill it).
                lingers++;
                lingerUntil = System.nanoTime() + BATCH_LINGER.toNanos();
                due = pollUntil(lingerUntil);
            }
            if (due == null && lingers < LOADED_LINGERS && lastCallFull && events > 0) {
                // Load, between two waves: the call before went out full, so this one waits for the next wave.
                lingers = LOADED_LINGERS;
                lingerUntil = begun + BATCH_LINGER.toNanos() * LOADED_LINGERS;
                due = pollUntil(lingerUntil);
            }
            if (due == null) {
                break;
            }
        }
        if (events > 0) {
            if (events < batchSize && batchSize > 1 && LOG.isDebugEnabled()) {
                LOG.debug("Outbox relay: a PutEvents call of {} event(s) after {} ms ({} linger(s); the call before "
                        + "was {}full)", events, (System.nanoTime() - begun) / 1_000_000, lingers,
                        lastCallFull ? "" : "not ");
            }
            lastCallFull = events >= batchSize;
        }
        if (events >= batchSize && batchSize > 1) {
            // A backlog: the sessions already due fill more calls, which go out at once.
            addDueNow(refs, again, look, batchSize * (CALLS_AT_ONCE - 1));
        }
        return again;
    }

    /**
     * True when {@code events} gathered over {@code lingers} lingers would, at that pace, reach {@code batchSize} by
     * the end of {@link #MAX_LINGERS}: 3 events after the first 200 ms, 5 after two, 8 after three, for ten.
     */
    boolean fillsInTime(int events, int lingers) {
        return (long) events * MAX_LINGERS >= (long) batchSize * lingers;
    }

    /** Adds sessions already due, without waiting for any, until {@code most} more events are in the batch. */
    private void addDueNow(Set<SessionRef> refs, Set<SessionRef> again, ToIntFunction<SessionRef> look, int most) {
        int events = 0;
        Due due;
        while (events < most && (due = queue.poll()) != null) {
            events += take(due, refs, again, look);
        }
    }

    /**
     * Handles a session taken off the queue: it is looked at, unless the Due is stale (rescheduled since) or the
     * session is in the batch already, woken again meanwhile, in which case it is looked at once more after.
     *
     * @return the events added: 1 or 0
     */
    private int take(Due due, Set<SessionRef> refs, Set<SessionRef> again, ToIntFunction<SessionRef> look) {
        if (due == NUDGE || !scheduled.remove(due.ref(), due)) {
            return 0;
        }
        if (!refs.add(due.ref())) {
            again.add(due.ref());
            return 0;
        }
        return look.applyAsInt(due.ref());
    }

    /**
     * Fills the batch with swept sessions, behind the ones webhooks woke, up to {@code batchSize} events; a swept
     * session already waiting for its turn is left to it unless that turn is long past (a safety net) or more than a
     * sweep away (a reminder hours ahead: the look rebooks it, and the sweep may have come for a rewritten marker).
     * Ends once the relay is stopping: sessions with nothing to deliver add no event, so one batch could otherwise
     * read a whole sweep.
     *
     * @return the events added
     */
    private int addSwept(Set<SessionRef> refs, ToIntFunction<SessionRef> look, int eventsBefore) {
        int events = eventsBefore;
        while (events < batchSize && !swept.isEmpty() && !stopping.getAsBoolean()) {
            SessionRef ref = swept.poll();
            if (ref != null) {
                sweptQueued.remove(ref);
                Due waiting = scheduled.get(ref);
                Instant now = clock.instant();
                if ((waiting == null || waiting.at().plus(OVERDUE).isBefore(now)
                        || waiting.at().isAfter(now.plus(sweepInterval))) && !refs.contains(ref)) {
                    if (waiting != null) {
                        scheduled.remove(ref, waiting);
                    }
                    refs.add(ref);
                    events += look.applyAsInt(ref);
                }
            }
        }
        return events - eventsBefore;
    }

    /** The next session falling due before {@code deadline} ({@link System#nanoTime()}), or null. */
    private Due pollUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        while (left > 0 && !stopping.getAsBoolean()) {
            // In slices, so a batch lingering when the relay stops goes out at once rather than after its lingers.
            Due due = queue.poll(Math.min(left, STOP_CHECK.toNanos()), TimeUnit.NANOSECONDS);
            if (due != null) {
                return due;
            }
            left = deadline - System.nanoTime();
        }
        return null;
    }

    /**
     * A session's look, due at {@code at} on {@code clock}, the relay's: the queue counts its delay on the clock its
     * times come from. Counted on the system's, a look scheduled on a clock moved hours ahead (tests skip waiting so)
     * waited those hours, and the sweep left such a session to it ({@link #addSwept}): CI's
     * {@code ContactRulesTest.anUnansweredQuestionGetsOneReminderThenTheSessionExpires} saw a session never closed.
     */
    record Due(SessionRef ref, Instant at, Clock clock) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), at));
        }

        @Override
        public int compareTo(Delayed other) {
            return other instanceof Due due ? at.compareTo(due.at) : Long.compare(getDelay(TimeUnit.NANOSECONDS),
                    other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
