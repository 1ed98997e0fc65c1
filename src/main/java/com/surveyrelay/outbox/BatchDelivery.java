package com.surveyrelay.outbox;

import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out an assembled batch and records what came of each piece of work. In: a list of {@link RelayWork}, one
 * per session; out: its events in calls of {@link OutboxSinks#batchSize()} entries (PutEvents: 10 entries and 256 KB a
 * call at most, {@link OutboxSinks#publish} splitting a heavier call; 1 for any other sink), each results copy and
 * each removal ({@link EntryRemovals}) as a task of its own, all run at once on the relay's I/O threads
 * ({@link RelayIo}); it returns when every one is done. An entry a sink took is noted delivered and its session's next
 * one scheduled at once; one refused or failed, and every session of a task that threw, is looked at again after its
 * retry delay ({@link RelayRetries}), the others in its call not held back.
 */
final class BatchDelivery {

    /** Under the relay's name: {@code logging.level.com.surveyrelay.outbox.OutboxRelay} covers its batches too. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxSinks sinks;
    private final RelayIo io;
    private final DeliveredEntries delivered;
    private final KnownDocuments known;
    private final RelayRetries retries;
    private final EntryRemovals removals;
    private final RelayBacklog backlog;
    private final RelayBatches batches;
    private final Duration removalDelay;
    private final Clock clock;
    private final BooleanSupplier stopping;

    /**
     * @param removalDelay {@code survey-relay.outbox.removal-delay}: how long a removal waits for the session's step
     * @param stopping true once the relay is stopping: a removal is then written at once, not delayed
     */
    BatchDelivery(OutboxSinks sinks, RelayIo io, DeliveredEntries delivered, KnownDocuments known,
            RelayRetries retries, EntryRemovals removals, RelayBacklog backlog, RelayBatches batches,
            Duration removalDelay, Clock clock, BooleanSupplier stopping) {
        this.sinks = sinks;
        this.io = io;
        this.delivered = delivered;
        this.known = known;
        this.retries = retries;
        this.removals = removals;
        this.backlog = backlog;
        this.batches = batches;
        this.removalDelay = removalDelay;
        this.clock = clock;
        this.stopping = stopping;
    }

    /**
     * Delivers a batch: its events in calls of {@link OutboxSinks#batchSize()} ({@value RelayBatches#CALLS_AT_ONCE}
     * at most, every one full when there is more than one), and each results copy and each removal on its own, all at
     * once on the relay's I/O threads ({@value OutboxRelay#IO_THREADS}); returns when every one is done. Each session
     * has one piece of work in a batch, so its entries still go one at a time, in order; a batch with one piece of
     * work runs it on the relay's own thread.
     */
    void deliver(List<RelayWork> batch) {
        List<RelayWork> events = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        for (RelayWork work : batch) {
            if (work.head() == null) {
                tasks.add(guarded(List.of(work), () -> removals.write(work)));
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
                List<RelayWork> entries = events.subList(call * batchSize,
                        Math.min(events.size(), (call + 1) * batchSize));
                tasks.add(guarded(entries, () -> deliverEvents(entries)));
            }
            Instant now = clock.instant();
            for (RelayWork left : events.subList(Math.min(events.size(), calls * batchSize), events.size())) {
                known.keepUnlessWokenSince(left.document());
                batches.schedule(left.ref(), now);
            }
        }
        io.runAll(tasks, failure -> {
            backlog.failed(failure);
            LOG.warn("Outbox relay: {}", failure.toString());
        });
    }

    /** Runs one task of a batch; anything it throws sends its sessions to be looked at again later. */
    private Runnable guarded(List<RelayWork> works, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                works.forEach(work -> {
                    known.drop(work.ref());
                    retries.retryLater(work.ref(), e);
                });
            }
        };
    }

    private void deliverEvents(List<RelayWork> events) {
        OutboxSinks.SinkResult outcome = sinks.publish(events.stream().map(RelayWork::head).toList());
        for (int i = 0; i < events.size(); i++) {
            if (outcome.took(i)) {
                delivered(events.get(i));
            } else {
                retries.retryLater(events.get(i), outcome.failure());
            }
        }
    }

    private void deliverOneEvent(RelayWork work) {
        settle(work, sinks.publishOne(work.ref(), work.head()));
    }

    private void deliverResult(RelayWork work) {
        settle(work, sinks.copyResult(work.document().session()));
    }

    private void settle(RelayWork work, OutboxSinks.SinkResult outcome) {
        if (outcome.took(0)) {
            delivered(work);
        } else {
            retries.retryLater(work, outcome.failure());
        }
    }

    /**
     * Notes the entry delivered; the session's next entry goes out right away. Once all are delivered, their
     * removal waits up to {@code removal-delay} for the session's next step to write it (see
     * {@link DeliveredEntries}); a finished session's is written at once.
     */
    private void delivered(RelayWork work) {
        SessionRef ref = work.ref();
        retries.reset(ref);
        backlog.delivered();
        delivered.add(ref, work.head());
        StoredSession document = work.document();
        Instant now = clock.instant();
        DeliveredEntries.Sequences sent = delivered.of(ref);
        boolean more = document.outbox().entries().stream().anyMatch(entry -> !sent.contains(entry));
        known.keepUnlessWokenSince(document);
        if (!more && !removalDelay.isZero() && !document.session().surveyStatus().isFinal()
                && !stopping.getAsBoolean()) {
            // Looked at again only when the removal is due: a slot in the next batch goes to a session with an event.
            batches.schedule(ref, removals.dueBy(ref, now.plus(removalDelay)));
            if (!stopping.getAsBoolean()) {
                return;
            }
            // stop() began meanwhile and may have gone through the removals due before this one was added.
        }
        batches.schedule(ref, now);
    }
}
