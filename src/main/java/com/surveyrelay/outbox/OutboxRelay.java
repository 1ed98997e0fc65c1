package com.surveyrelay.outbox;

import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.events.EventBridgeEntries;
import com.surveyrelay.events.EventRejectedException;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers what sessions' outboxes hold, after the webhook that stored them has answered: lifecycle events to
 * {@code direct:survey-events} and finished sessions to {@code direct:survey-results}, each entry until its sink
 * accepts it, then removed from the outbox by a conditional write.
 *
 * <p>Order per session: only a session's oldest entry is ever in flight, so its events arrive in the order the
 * session produced them. Batching across sessions: one PutEvents call carries the oldest entry of up to ten
 * sessions ({@link EventBridgeEntries#MAX_ENTRIES}). A refused or failed entry is retried after 200 ms, doubling
 * to 30 s ({@link OutboxProperties}), for as long as it takes; the others in its batch are not held back.
 *
 * <p>Who delivers: the instance holding the outbox's lease, taken by the step that filled it. Entries nobody is
 * delivering (the holder died, or the service restarted) are found by {@link #sweep()}, which the
 * {@code outbox-sweep} route runs, through the open-session markers, and taken over once the lease has lapsed.
 * Each entry carries a stable id ({@code eventId} in the event), so a consumer drops the rare repeat, which only
 * an instance dying between a sink's acceptance and the removal can cause.
 *
 * <p>One thread delivers; webhooks only wake it ({@link #wake}) and never wait for a sink.
 */
@Component("outboxRelay")
public class OutboxRelay implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final String EVENTS = "direct:survey-events";
    static final String RESULTS = "direct:survey-results";
    private static final String BATCHING_SINK = "direct:event-bridge-put";
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final Duration BACKLOG_CHECK_EVERY = Duration.ofSeconds(1);
    /** A marker this old without its session is left by a start that failed to store it: removed. */
    private static final Duration ORPHAN_MARKER = Duration.ofMinutes(5);

    private final SessionStore store;
    private final SessionSteps steps;
    private final OutboxLeases leases;
    private final OutboxProperties settings;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final int batchSize;

    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final Map<SessionRef, Due> scheduled = new ConcurrentHashMap<>();
    /** The newest document this relay wrote or read per session, to spare a read. */
    private final Map<SessionRef, StoredSession> known = new ConcurrentHashMap<>();
    private final Map<SessionRef, Integer> failures = new ConcurrentHashMap<>();
    private final Map<SessionRef, Pending> pending = new ConcurrentHashMap<>();
    private final Set<SessionRef> oldMarkers = ConcurrentHashMap.newKeySet();
    private volatile String lastError;
    private volatile Instant lastWarning = Instant.EPOCH;
    private Instant lastBacklogCheck = Instant.EPOCH;
    private volatile Thread worker;

    public OutboxRelay(SessionStore store, SessionSteps steps, OutboxLeases leases, OutboxProperties settings,
            ProducerTemplate producer, Clock clock, @Value("${survey-relay.events.endpoint}") String eventsEndpoint) {
        this.store = store;
        this.steps = steps;
        this.leases = leases;
        this.settings = settings;
        this.producer = producer;
        this.clock = clock;
        // Only the EventBridge sink takes a batch; any other endpoint gets one event an exchange, as documented.
        this.batchSize = BATCHING_SINK.equals(eventsEndpoint.strip()) ? EventBridgeEntries.MAX_ENTRIES : 1;
    }

    /** What this instance is delivering: entries pending, the oldest one's age, and the last sink error. */
    public record Backlog(int sessions, int entries, Duration oldestAge, String lastError) {
    }

    private record Pending(int entries, Instant oldest) {
    }

    // ---- waking ----

    /** A step stored this document; deliver what its outbox holds, now. Never blocks. */
    public void wake(StoredSession written) {
        SessionRef ref = written.ref();
        known.put(ref, written);
        schedule(ref, clock.instant());
    }

    /** Looks at the session again at {@code at}: a call waiting for a late answer, a lease about to lapse. */
    public void wakeAt(SessionRef ref, Instant at) {
        schedule(ref, at);
    }

    /**
     * Queues every open session for a look: delivers what nobody is delivering, closes calls whose grace
     * period is over, and removes the markers of sessions with nothing left. Run by the {@code outbox-sweep}
     * route, first at start-up.
     *
     * @return how many open sessions were found
     */
    public int sweep() {
        List<SessionStore.OpenSession> open = store.openSessions();
        Instant now = clock.instant();
        for (SessionStore.OpenSession session : open) {
            if (session.markedAt().plus(ORPHAN_MARKER).isBefore(now)) {
                oldMarkers.add(session.ref());
            }
            schedule(session.ref(), now);
        }
        return open.size();
    }

    public Backlog backlog() {
        Instant now = clock.instant();
        int entries = 0;
        Instant oldest = null;
        for (Pending each : pending.values()) {
            entries += each.entries();
            oldest = oldest == null || each.oldest().isBefore(oldest) ? each.oldest() : oldest;
        }
        return new Backlog(pending.size(), entries, oldest == null ? Duration.ZERO : Duration.between(oldest, now),
                lastError);
    }

    private void schedule(SessionRef ref, Instant at) {
        scheduled.compute(ref, (key, existing) -> {
            if (existing != null && !existing.at().isAfter(at)) {
                return existing;
            }
            Due due = new Due(key, at);
            queue.add(due);
            return due;
        });
    }

    // ---- the delivery loop ----

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Due first = queue.poll(1, TimeUnit.SECONDS);
                warnWhenBehind();
                if (first == null || !scheduled.remove(first.ref(), first)) {
                    continue;
                }
                List<Work> batch = new ArrayList<>();
                addWork(first.ref(), batch);
                while (batch.size() < batchSize) {
                    Due next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (scheduled.remove(next.ref(), next)) {
                        addWork(next.ref(), batch);
                    }
                }
                deliver(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warn("Outbox relay: {}", e.toString());
            }
        }
    }

    private record Work(SessionRef ref, StoredSession document, OutboxEntry head) {
    }

    private void addWork(SessionRef ref, List<Work> batch) {
        try {
            prepare(ref).ifPresent(batch::add);
        } catch (RuntimeException e) {
            // Storage trouble: look again later, as for a failed delivery.
            known.remove(ref);
            retryLater(ref, e);
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
        Instant now = clock.instant();
        if (document.session().awaitingLateAnswer()) {
            Instant graceOver = document.session().callEndedAt().plus(settings.callEndGrace());
            if (now.isBefore(graceOver)) {
                schedule(ref, graceOver);
            } else {
                LOG.info("Session {}: no answer came after the call ended; closing it as a hang-up", ref.sessionId());
                Optional<SessionSteps.Step> closed =
                        steps.apply(ref, new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"));
                document = closed.map(SessionSteps.Step::stored).orElse(null);
                document = document != null ? document : store.find(ref).orElse(null);
                if (document == null) {
                    forget(ref);
                    return Optional.empty();
                }
            }
        }
        Outbox outbox = document.outbox();
        if (outbox.isEmpty()) {
            pending.remove(ref);
            if (document.session().surveyStatus().isFinal()) {
                store.unmarkOpen(ref);
                forget(ref);
            }
            return Optional.empty();
        }
        pending.put(ref, new Pending(outbox.entries().size(), outbox.oldest()));
        if (!leases.holds(outbox, now)) {
            if (!outbox.deliverableBy(leases.owner(), now)) {
                // Another instance delivers these; look again should its lease lapse.
                pending.remove(ref);
                schedule(ref, outbox.lease().until().plusMillis(500));
                return Optional.empty();
            }
            try {
                document = store.replace(document, document.session(), leases.claim(outbox, now), document.inbox());
            } catch (SessionConflictException e) {
                schedule(ref, now);
                return Optional.empty();
            }
        }
        return Optional.of(new Work(ref, document, document.outbox().entries().get(0)));
    }

    private void deliver(List<Work> batch) {
        List<Work> events = new ArrayList<>();
        for (Work work : batch) {
            if (work.head().kind() == OutboxEntry.Kind.RESULT) {
                deliverResult(work);
            } else {
                events.add(work);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        if (batchSize == 1) {
            for (Work work : events) {
                deliverOneEvent(work);
            }
            return;
        }
        List<String> jsons = events.stream().map(work -> SurveyJson.write(work.head().event())).toList();
        try {
            producer.requestBody(EVENTS, jsons);
            events.forEach(this::delivered);
        } catch (CamelExecutionException e) {
            Set<Integer> refused = e.getCause() instanceof EventRejectedException rejected ? rejected.refused() : null;
            for (int i = 0; i < events.size(); i++) {
                if (refused == null || refused.contains(i)) {
                    retryLater(events.get(i), e.getCause() == null ? e : e.getCause());
                } else {
                    delivered(events.get(i));
                }
            }
        }
    }

    private void deliverOneEvent(Work work) {
        OutboxEntry head = work.head();
        try {
            producer.requestBodyAndHeaders(EVENTS, SurveyJson.write(head.event()), Map.of(
                    "SurveyRelaySessionId", work.ref().sessionId(),
                    "SurveyRelayEventFile", "%06d-%s".formatted(head.sequence(), head.event().eventType())));
            delivered(work);
        } catch (CamelExecutionException e) {
            retryLater(work, e.getCause() == null ? e : e.getCause());
        }
    }

    private void deliverResult(Work work) {
        try {
            producer.requestBody(RESULTS, work.document().session());
            delivered(work);
        } catch (CamelExecutionException e) {
            retryLater(work, e.getCause() == null ? e : e.getCause());
        }
    }

    /** Removes the delivered entry; the next one goes out right away. */
    private void delivered(Work work) {
        SessionRef ref = work.ref();
        failures.remove(ref);
        StoredSession document = work.document();
        try {
            for (int attempt = 1; ; attempt++) {
                Instant now = clock.instant();
                Outbox left = document.outbox().without(Set.of(work.head().id()));
                if (!left.isEmpty()) {
                    left = left.leasedTo(leases.owner(), now.plus(settings.lease()));
                }
                try {
                    document = store.replace(document, document.session(), left, document.inbox());
                    break;
                } catch (SessionConflictException e) {
                    document = store.find(ref).orElse(null);
                    if (document == null || attempt == 8) {
                        schedule(ref, now);
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Delivered but not yet removed: it goes out again later, with the same id.
            retryLater(ref, e);
            return;
        }
        known.put(ref, document);
        schedule(ref, clock.instant());
    }

    private void retryLater(Work work, Throwable why) {
        known.put(work.ref(), work.document());
        retryLater(work.ref(), why);
    }

    private void retryLater(SessionRef ref, Throwable why) {
        int failed = failures.merge(ref, 1, Integer::sum);
        Duration wait = settings.retryDelay(failed);
        lastError = why.getMessage();
        LOG.debug("Session {}: delivery failed ({}); try {} in {} ms", ref.sessionId(), why.getMessage(),
                failed + 1, wait.toMillis());
        StoredSession document = known.get(ref);
        Instant now = clock.instant();
        if (document != null && document.outbox().lease() != null
                && document.outbox().lease().until().isBefore(now.plus(wait).plus(settings.lease().dividedBy(2)))) {
            renewLease(ref, document, now.plus(wait));
        }
        schedule(ref, now.plus(wait));
    }

    /** Keeps the lease over a long wait, so no other instance sends the same entry meanwhile. */
    private void renewLease(SessionRef ref, StoredSession document, Instant retryAt) {
        try {
            known.put(ref, store.replace(document, document.session(),
                    document.outbox().leasedTo(leases.owner(), retryAt.plus(settings.lease())), document.inbox()));
        } catch (RuntimeException e) {
            known.remove(ref);
        }
    }

    private void forget(SessionRef ref) {
        oldMarkers.remove(ref);
        known.remove(ref);
        failures.remove(ref);
        pending.remove(ref);
    }

    private void warnWhenBehind() {
        Instant now = clock.instant();
        if (Duration.between(lastBacklogCheck, now).compareTo(BACKLOG_CHECK_EVERY) < 0) {
            return;
        }
        lastBacklogCheck = now;
        Backlog backlog = backlog();
        if (backlog.entries() > 0 && backlog.oldestAge().compareTo(settings.warnAge()) > 0
                && Duration.between(lastWarning, now).compareTo(WARN_EVERY) >= 0) {
            lastWarning = now;
            LOG.warn("Outbox: {} entries of {} sessions not yet delivered, the oldest for {} s; last error: {}",
                    backlog.entries(), backlog.sessions(), backlog.oldestAge().toSeconds(), backlog.lastError());
        }
    }

    // ---- lifecycle ----

    @Override
    public synchronized void start() {
        if (worker == null) {
            worker = new Thread(this::run, "outbox-relay");
            worker.setDaemon(true);
            worker.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Starts after, and stops before, the web server and Camel: nothing is sent to a stopped route. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }

    private record Due(SessionRef ref, Instant at) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(Instant.now(), at));
        }

        @Override
        public int compareTo(Delayed other) {
            return other instanceof Due due ? at.compareTo(due.at) : Long.compare(getDelay(TimeUnit.NANOSECONDS),
                    other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
