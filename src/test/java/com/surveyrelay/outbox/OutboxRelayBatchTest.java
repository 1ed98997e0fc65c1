package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.events.EventBridgeEntries;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyEventType;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * How the relay forms PutEvents batches: a session woken again while the batch it is in is being assembled (another
 * session's read is slow) is delivered once, not twice; and only events fill a batch. The store is a mock because
 * the race needs a read that blocks on cue, and the batch sizes need sessions due at one instant.
 */
class OutboxRelayBatchTest {

    static SurveySession session(String phone) {
        return session(phone, SurveyStatus.STARTED);
    }

    static SurveySession session(String phone, SurveyStatus status) {
        Instant now = Instant.now();
        return new SurveySession(UUID.randomUUID().toString(), "customer-satisfaction", null, phone, Channel.SMS,
                "en-US",
                status, SessionStep.LANGUAGE_OFFER, 0, 0, 0, 0, now, now, null, null, null, List.of(),
                null, null, null, null, null, null, null, null);
    }

    static SurveyEvent started(SurveySession s) {
        return new SurveyEvent(SurveyEventType.SURVEY_STARTED, s.sessionId(), s.surveyId(), s.surveyTo(),
                s.surveyMedium(), s.languageSet(), s.surveyStatus(), s.updatedAt(), null, null, null, null, null, null);
    }

    /**
     * A relay batching for EventBridge over this store, these open-session markers and this producer, with the other
     * collaborators mocked.
     */
    static OutboxRelay relay(SessionStore store, OpenSessionMarkers markers, ProducerTemplate producer,
            OutboxLeases leases, OutboxProperties settings, Clock clock) {
        return relay(store, markers, producer, leases, settings, clock,
                mock(com.surveyrelay.conversation.SmsReminders.class));
    }

    /** As the relay above, with these SMS reminders. */
    static OutboxRelay relay(SessionStore store, OpenSessionMarkers markers, ProducerTemplate producer,
            OutboxLeases leases, OutboxProperties settings, Clock clock,
            com.surveyrelay.conversation.SmsReminders reminders) {
        SurveyRelayProperties service = new SurveyRelayProperties(java.net.URI.create("https://relay.example.com"),
                List.of(), "bucket", "bucket", "bus", "us-east-1", null, null, null, null, 0, null, null);
        return new OutboxRelay(store, markers, mock(SessionSteps.class), leases, settings, service, producer, clock,
                "direct:event-bridge-put", reminders, new DeliveredEntries());
    }

    // A new instance per test: each test has its own store and producer mocks.
    private final Clock clock = Clock.systemUTC();
    private final OutboxProperties settings = new OutboxProperties(null, null, null, null, null, null, null, null);
    private final OutboxLeases leases = new OutboxLeases(settings);
    private final SessionStore store = mock(SessionStore.class);
    private final OpenSessionMarkers markers = mock(OpenSessionMarkers.class);
    private final ProducerTemplate producer = mock(ProducerTemplate.class);

    /** The session's document with one undelivered "Survey Started", its lease held by this instance. */
    private StoredSession withEvent(SurveySession session, String etag) {
        Instant now = clock.instant();
        return new StoredSession(session, leases.claim(Outbox.EMPTY.append(List.of(started(session)), null, now), now),
                Inbox.EMPTY, etag);
    }

    /** A finished session's document whose only entry is its results copy, its lease held by this instance. */
    private StoredSession withResultsCopy(SurveySession finished, String etag) {
        Instant now = clock.instant();
        return new StoredSession(finished, leases.claim(Outbox.EMPTY.append(List.of(), finished, now), now),
                Inbox.EMPTY, etag);
    }

    /** A relay over this test's store, producer, leases and settings. */
    private OutboxRelay newRelay() {
        return relay(store, markers, producer, leases, settings, clock);
    }

    /** Every conditional write succeeds; answers the outboxes written, in order. */
    private List<Outbox> writesSucceed() {
        List<Outbox> written = new CopyOnWriteArrayList<>();
        when(store.replace(any(), any(), any(), any())).thenAnswer(call -> {
            written.add(call.getArgument(2));
            return new StoredSession(call.getArgument(1), call.getArgument(2), call.getArgument(3),
                    UUID.randomUUID().toString());
        });
        return written;
    }

    @Test
    void aSessionWokenAgainWhileItsBatchFormsIsDeliveredOnce() throws Exception {
        List<Object> sent = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            sent.addAll((List<?>) call.getArgument(1));
            return null;
        });
        writesSucceed();

        SurveySession one = session("+15550109001");
        SurveySession two = session("+15550109002");
        StoredSession oneStored = withEvent(one, "e1");
        StoredSession twoStored = withEvent(two, "e2");
        CountDownLatch readingTwo = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        when(store.find(SessionRef.of(two))).thenAnswer(call -> {
            readingTwo.countDown();
            goOn.await(5, TimeUnit.SECONDS); // an S3 GET, slow as GETs are
            return Optional.of(twoStored);
        });

        OutboxRelay relay = newRelay();
        relay.wake(oneStored);                                 // a webhook stored session one
        relay.wakeAt(SessionRef.of(two), clock.instant());     // the sweep found session two
        relay.start();
        try {
            assertThat(readingTwo.await(5, TimeUnit.SECONDS)).isTrue();
            // Meanwhile the respondent of session one texts again (no new entries; the lease is held): wake.
            relay.wake(new StoredSession(one, oneStored.outbox(), Inbox.EMPTY, "e1b"));
            goOn.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> sent.size() == 2);
        } finally {
            relay.stop();
        }
        assertThat(sent).as("each event once").doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void resultsCopiesDueAlongsideTakeNoPlaceInAPutEventsBatch() throws Exception {
        List<Integer> putEventsBatches = new CopyOnWriteArrayList<>();
        List<Object> results = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            putEventsBatches.add(((List<?>) call.getArgument(1)).size());
            return null;
        });
        when(producer.requestBody(eq(OutboxSinks.RESULTS), any(Object.class))).thenAnswer(call -> {
            results.add(call.getArgument(1));
            return null;
        });
        writesSucceed();
        OutboxRelay relay = newRelay();
        // Four finished sessions whose only entry left is their results copy, woken first...
        for (int i = 0; i < 4; i++) {
            SurveySession finished = session("+1555010910" + i, SurveyStatus.COMPLETED);
            relay.wake(withResultsCopy(finished, "r" + i));
        }
        // ...then twelve sessions with one event each.
        for (int i = 0; i < 12; i++) {
            SurveySession open = session("+155501092" + String.format("%02d", i));
            relay.wake(withEvent(open, "e" + i));
        }
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> putEventsBatches.stream().mapToInt(Integer::intValue)
                    .sum() == 12 && results.size() == 4);
        } finally {
            relay.stop();
        }
        assertThat(putEventsBatches).as("ten events in the first call, the other two in the next")
                .containsExactly(10, 2);
    }

    /**
     * A batch's storage and bus calls go out at once, on the relay's I/O threads: each call here waits (up to 5 s)
     * for all of its batch's calls to have begun, which they only do when none waits for another to end. One
     * relay thread making them in turn fell behind under load: 4,892 entries, the oldest 19 s old, when a
     * benchmark's 200 respondents stopped.
     */
    @Test
    void aBatchsResultsCopiesRemovalsAndPutEventsCallGoOutAtOnce() throws Exception {
        int finishedSessions = 4;
        // The first batch: four results copies and one PutEvents call; the next: the four sessions' removals.
        CountDownLatch deliveries = new CountDownLatch(finishedSessions + 1);
        CountDownLatch removals = new CountDownLatch(finishedSessions);
        List<Boolean> allAtOnce = new CopyOnWriteArrayList<>();
        when(producer.requestBody(any(String.class), any(Object.class))).thenAnswer(call -> {
            deliveries.countDown();
            allAtOnce.add(deliveries.await(5, TimeUnit.SECONDS));
            return null;
        });
        when(store.replace(any(), any(), any(), any())).thenAnswer(call -> {
            removals.countDown();
            allAtOnce.add(removals.await(5, TimeUnit.SECONDS));
            return new StoredSession(call.getArgument(1), call.getArgument(2), call.getArgument(3),
                    UUID.randomUUID().toString());
        });
        OutboxRelay relay = newRelay();
        for (int i = 0; i < finishedSessions; i++) {
            SurveySession finished = session("+1555010930" + i, SurveyStatus.COMPLETED);
            relay.wake(withResultsCopy(finished, "r" + i));
        }
        for (int i = 0; i < EventBridgeEntries.MAX_ENTRIES; i++) {
            SurveySession open = session("+155501094" + i);
            relay.wake(withEvent(open, "e" + i));
        }
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> allAtOnce.size() >= 2 * finishedSessions + 1);
        } finally {
            relay.stop();
        }
        assertThat(allAtOnce).as("each call saw all of its batch's calls begun").containsOnly(true);
    }

    /**
     * With a backlog, a batch makes up to {@link RelayBatches#CALLS_AT_ONCE} PutEvents calls at once, each full: 11
     * calls' worth of sessions and five more, due together, go as {@code CALLS_AT_ONCE} calls of ten at once (each
     * waits, up to 5 s, for all of them to have begun), then one of ten, whose batch carries the five left over to
     * the next rather than send a part-full call alongside, then those five.
     */
    @Test
    void aBacklogGoesOutInFullCallsAtOnce() throws Exception {
        CountDownLatch firstBatch = new CountDownLatch(RelayBatches.CALLS_AT_ONCE);
        List<Integer> calls = new CopyOnWriteArrayList<>();
        List<Boolean> together = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            calls.add(((List<?>) call.getArgument(1)).size());
            firstBatch.countDown();
            together.add(firstBatch.await(5, TimeUnit.SECONDS));
            return null;
        });
        OutboxRelay relay = newRelay();
        int full = EventBridgeEntries.MAX_ENTRIES;
        int sessions = (RelayBatches.CALLS_AT_ONCE + 1) * full + 5;
        for (int i = 0; i < sessions; i++) {
            SurveySession open = session("+15550195" + String.format("%03d", i));
            relay.wake(withEvent(open, "e" + i));
        }
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().mapToInt(Integer::intValue).sum()
                    == sessions);
        } finally {
            relay.stop();
        }
        List<Integer> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(RelayBatches.CALLS_AT_ONCE + 1,
                full));
        expected.add(5);
        assertThat(calls).containsExactlyElementsOf(expected);
        assertThat(together).as("the first batch's calls were under way at once").containsOnly(true);
    }

    /**
     * A delivery that fails with something other than a sink's refusal (here an {@code IllegalStateException} from
     * the results sink) sends its session to be retried, as a refusal does, rather than leave it until a sweep.
     */
    @Test
    void aDeliveryThatThrowsIsRetried() throws Exception {
        List<Object> attempts = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.RESULTS), any(Object.class))).thenAnswer(call -> {
            attempts.add(call.getArgument(1));
            if (attempts.size() == 1) {
                throw new IllegalStateException("the results sink broke");
            }
            return null;
        });
        List<Outbox> written = writesSucceed();
        OutboxRelay relay = newRelay();
        SurveySession finished = session("+15550196001", SurveyStatus.COMPLETED);
        StoredSession stored = withResultsCopy(finished, "r1");
        when(store.find(SessionRef.of(finished))).thenReturn(Optional.of(stored)); // a retry reads it again
        relay.wake(stored);
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> written.stream().anyMatch(Outbox::isEmpty));
        } finally {
            relay.stop();
        }
        assertThat(attempts).as("the copy that threw, then the retry").hasSize(2);
    }

    /**
     * The bus fails once, and the finished session's results copy goes ahead of its event; the results sink fails
     * too, for good: the event still goes once the bus takes it. For a few hours on 2026-12-07 a results copy that
     * went ahead and failed kept going ahead, and the events waited for the results sink (a breaker's probe).
     */
    @Test
    void aResultsCopyThatWentAheadAndFailsHoldsNoEventBack() throws Exception {
        List<Object> events = new CopyOnWriteArrayList<>();
        List<Object> copies = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            events.add(call.getArgument(1));
            if (events.size() == 1) {
                throw new IllegalStateException("the bus is down");
            }
            return null;
        });
        when(producer.requestBody(eq(OutboxSinks.RESULTS), any(Object.class))).thenAnswer(call -> {
            copies.add(call.getArgument(1));
            throw new IllegalStateException("the results sink is down");
        });
        writesSucceed();
        SurveySession finished = session("+15550196301", SurveyStatus.COMPLETED);
        Instant now = clock.instant();
        StoredSession stored = new StoredSession(finished, leases.claim(Outbox.EMPTY.append(
                List.of(started(finished)), finished, now), now), Inbox.EMPTY, "f1");
        when(store.find(SessionRef.of(finished))).thenReturn(Optional.of(stored));
        OutboxRelay relay = newRelay();
        relay.wake(stored);
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
        } finally {
            relay.stop();
        }
        assertThat(copies).as("the copy went ahead once the bus failed").isNotEmpty();
    }

    /**
     * A finished session whose events went out but whose results copy keeps failing: the relay renews its lease over
     * the wait, and that write takes the delivered events out, so a successor of an instance dying meanwhile has
     * only the results copy left to deliver, not the events again.
     */
    @Test
    void aLeaseRenewedWhileTheResultsCopyFailsTakesOutTheDeliveredEvents() throws Exception {
        assertFirstWriteKeepsOnlyTheResultsCopy(new org.apache.camel.CamelExecutionException(
                "the results sink is down", null, new IllegalStateException("503")));
    }

    /**
     * As above, but the failure is one the relay does not renew the lease over (thrown outside Camel): once the lease
     * lapses, the write that takes it again takes the delivered events out too.
     */
    @Test
    void aLeaseTakenAgainAfterItLapsedTakesOutTheDeliveredEvents() throws Exception {
        assertFirstWriteKeepsOnlyTheResultsCopy(new IllegalStateException("the results sink broke"));
    }

    private void assertFirstWriteKeepsOnlyTheResultsCopy(RuntimeException resultsFailure) throws Exception {
        OutboxProperties shortLease = new OutboxProperties(Duration.ofSeconds(3), null, null, null, null, null, null,
                null);
        OutboxLeases shortLeases = new OutboxLeases(shortLease);
        when(producer.requestBody(eq(OutboxSinks.RESULTS), any(Object.class))).thenThrow(resultsFailure);
        List<Outbox> written = writesSucceed();
        SurveySession finished = session("+15550196201", SurveyStatus.COMPLETED);
        Instant now = clock.instant();
        StoredSession stored = new StoredSession(finished, shortLeases.claim(
                Outbox.EMPTY.append(List.of(started(finished)), finished, now), now), Inbox.EMPTY, "f1");
        when(store.find(SessionRef.of(finished))).thenReturn(Optional.of(stored));
        OutboxRelay relay = relay(store, markers, producer, shortLeases, shortLease, clock);
        relay.wake(stored);
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !written.isEmpty());
        } finally {
            relay.stop();
        }
        assertThat(written.get(0).entries()).extracting(com.surveyrelay.storage.OutboxEntry::kind)
                .containsExactly(com.surveyrelay.storage.OutboxEntry.Kind.RESULT);
        assertThat(written.get(0).lease().owner()).isEqualTo(shortLeases.owner());
    }

    /**
     * Stopping while the bus refuses a session's event: the event stays in its outbox for the other instances, and
     * its open marker is written again, so that their sweeps read the session at once even if they had found it
     * idle (waiting for its respondent) before, instead of after their {@code idle-sweep-interval}.
     */
    @Test
    void aSessionLeftWithAnUndeliveredEventAtStopHasItsMarkerWrittenAgain() throws Exception {
        List<Object> attempts = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            attempts.add(call.getArgument(1));
            throw new IllegalStateException("the bus is down");
        });
        writesSucceed();
        SurveySession refused = session("+15550196101");
        SurveySession idle = session("+15550196102");
        // A retry falling due before the relay stops reads it again, its event still there (the mock's default, no
        // document, made the relay forget the session: no marker, once, on a loaded machine).
        StoredSession stored = withEvent(refused, "u1");
        when(store.find(SessionRef.of(refused))).thenReturn(Optional.of(stored));
        OutboxRelay relay = newRelay();
        relay.wake(stored);
        relay.wake(new StoredSession(idle, Outbox.EMPTY, Inbox.EMPTY, "i1"));
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !attempts.isEmpty());
        } finally {
            relay.stop();
        }
        verify(markers).markOpen(SessionRef.of(refused));
        verify(markers, never()).markOpen(SessionRef.of(idle));
    }

    /**
     * Stopping while a PutEvents call is under way: once the call returns, the entry's removal is written before
     * {@link OutboxRelay#stop()} returns, instead of waiting its {@code removal-delay} (2 s) for a next step that
     * will not come here, which would have the next instance send the event again.
     */
    @Test
    void whatIsDeliveredWhileStoppingIsRemovedBeforeTheRelayStops() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            inCall.countDown();
            answer.await(5, TimeUnit.SECONDS);
            return null;
        });
        List<Outbox> written = writesSucceed();
        OutboxRelay relay = newRelay();
        SurveySession open = session("+15550196002");
        relay.wake(withEvent(open, "e1"));
        relay.start();
        assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(relay::stop, "stopping-the-relay");
        stopper.start();
        // stop() has begun once it waits for the relay thread to finish the batch under way (it joins it).
        await().atMost(Duration.ofSeconds(5)).until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
        answer.countDown();
        stopper.join(10_000);

        assertThat(stopper.isAlive()).isFalse();
        assertThat(written).as("the removal, written by the stopping relay").anyMatch(Outbox::isEmpty);
    }

    /**
     * A webhook's step that wakes the relay once it is stopping (Camel's consumers outlive it by a moment at
     * shutdown) writes the session's marker again: the relay thread may be gone, and the other instances' sweeps
     * would otherwise leave a session they found idle unread for {@code idle-sweep-interval}.
     */
    @Test
    void aSessionWokenOnceTheRelayStopsIsMarkedForTheOtherInstances() {
        OutboxRelay relay = newRelay();
        relay.start();
        relay.stop();
        SurveySession late = session("+15550199001");

        relay.wake(withEvent(late, "e1"));

        // On an I/O thread: the waker never waits for S3.
        verify(markers, org.mockito.Mockito.timeout(5_000)).markOpen(SessionRef.of(late));
    }

    /**
     * Stopping an idle relay whose delivered entry waits for its removal: {@link OutboxRelay#stop()} queues the
     * removal, which wakes the relay thread, and waits for it to be written. Each write takes 20 ms, as an S3 PUT does
     * here, and an interrupt aborts it, as the SDK's does; the sink takes one event an exchange, so no batch lingers.
     *
     * <p>The stop once took the relay for idle when the relay thread, woken, began its batch and took the removal
     * out of the schedule between the stop's look at the one and at the other; it then interrupted the write, and
     * the next instance would have sent the event again. That showed in about one run in two of
     * {@code StorageBudgetTest.aGracefulStopWritesTheRemovalsStillWaitingForAStep} on its own (its stop the JVM's
     * first, slower between the two looks), but not here, in ten stops or a hundred: this test holds the behaviour,
     * that one the race.
     */
    @Test
    void aStopWaitsForTheRemovalItWokeTheRelayFor() throws Exception {
        OutboxProperties slowRemovals = new OutboxProperties(null, null, null, null, null, null,
                Duration.ofSeconds(9), null);
        SurveyRelayProperties service = new SurveyRelayProperties(java.net.URI.create("https://relay.example.com"),
                List.of(), "bucket", "bucket", "bus", "us-east-1", null, null, null, null, 0, null, null);
        for (int stop = 1; stop <= 10; stop++) {
            List<Outbox> written = new CopyOnWriteArrayList<>();
            SessionStore slowStore = mock(SessionStore.class);
            when(slowStore.replace(any(), any(), any(), any())).thenAnswer(call -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("the write was aborted: the relay was interrupted");
                }
                written.add(call.getArgument(2));
                return new StoredSession(call.getArgument(1), call.getArgument(2), call.getArgument(3), "e2");
            });
            CountDownLatch delivered = new CountDownLatch(1);
            ProducerTemplate sink = mock(ProducerTemplate.class);
            when(sink.requestBodyAndHeaders(eq(OutboxSinks.EVENTS), any(Object.class), any())).thenAnswer(call -> {
                delivered.countDown();
                return null;
            });
            OutboxRelay relay = new OutboxRelay(slowStore, mock(OpenSessionMarkers.class), mock(SessionSteps.class),
                    leases, slowRemovals, service, sink, clock, "direct:one-at-a-time",
                    mock(com.surveyrelay.conversation.SmsReminders.class), new DeliveredEntries());
            relay.wake(withEvent(session("+15550197%03d".formatted(stop)), "e1"));
            relay.start();
            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
            // Idle: the relay thread waits for the removal due in nine seconds.
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() ->
                    relay.relayThread().getState() == Thread.State.TIMED_WAITING);
            relay.stop();
            assertThat(written).as("stop " + stop + ": the removal, written before stop() returned")
                    .anyMatch(Outbox::isEmpty);
        }
    }

    /**
     * A stop while the relay reads a large sweep (200 idle sessions, 10 ms a read): the relay stops reading it and
     * ends by itself, leaving the rest to the other instances' sweeps. It once read on until the 5 s drain was over,
     * and was then interrupted in the middle of whatever it was writing.
     */
    @Test
    void aStopLeavesTheRestOfASweepToTheOtherInstances() throws Exception {
        List<OpenSessionMarkers.OpenSession> open = new ArrayList<>();
        Map<SessionRef, StoredSession> idle = new ConcurrentHashMap<>();
        for (int i = 0; i < 200; i++) {
            SurveySession waiting = session("+15550198%03d".formatted(i));
            idle.put(SessionRef.of(waiting), new StoredSession(waiting, Outbox.EMPTY, Inbox.EMPTY, "e1"));
            open.add(new OpenSessionMarkers.OpenSession(SessionRef.of(waiting), clock.instant()));
        }
        when(markers.openSessions()).thenReturn(open);
        AtomicInteger reads = new AtomicInteger();
        when(store.find(any())).thenAnswer(call -> {
            reads.incrementAndGet();
            Thread.sleep(10); // an S3 GET; an interrupt ends it with an exception, as the SDK's does
            return Optional.ofNullable(idle.get(call.getArgument(0)));
        });
        OutboxRelay relay = newRelay();
        relay.start();
        relay.sweep();
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 5);

        relay.stop();

        assertThat(reads.get()).as("sessions read of the 200 swept").isLessThan(50);
    }

    /** Batch sizes of PutEvents calls when {@code first} sessions are due at once and {@code later} 300 ms after. */
    private List<Integer> batchesWhenMoreFallDueAfterOneLinger(int first, int later) throws Exception {
        return batchesOfWaves(new int[] {first, later}, RelayBatches.BATCH_LINGER.toMillis() * 3 / 2);
    }

    /** Each PutEvents call's size, in call order, every storage write succeeding. */
    private List<Integer> recordPutEventsBatches() {
        List<Integer> putEventsBatches = new CopyOnWriteArrayList<>();
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            putEventsBatches.add(((List<?>) call.getArgument(1)).size());
            return null;
        });
        writesSucceed();
        return putEventsBatches;
    }

    /** When each wave of the last {@link #batchesOfWaves} call was woken, in ms after the first. */
    private final List<Long> waveOffsetsMillis = new java.util.ArrayList<>();

    /**
     * Batch sizes of PutEvents calls when {@code waves[i]} sessions fall due at once, one wave every
     * {@code apartMillis} ms.
     */
    private List<Integer> batchesOfWaves(int[] waves, long apartMillis) throws Exception {
        int total = java.util.Arrays.stream(waves).sum();
        List<Integer> putEventsBatches = recordPutEventsBatches();
        OutboxRelay relay = newRelay();
        relay.start();
        waveOffsetsMillis.clear();
        long first = System.nanoTime();
        try {
            int i = 0;
            for (int wave = 0; wave < waves.length; wave++) {
                if (wave > 0) {
                    Thread.sleep(apartMillis); // a fixed gap between waves: what the linger is measured against
                }
                waveOffsetsMillis.add((System.nanoTime() - first) / 1_000_000);
                for (int n = 0; n < waves[wave]; n++, i++) {
                    SurveySession open = session("+155501093" + String.format("%02d", i));
                    relay.wake(withEvent(open, "e" + i));
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> putEventsBatches.stream().mapToInt(Integer::intValue)
                    .sum() == total);
        } finally {
            relay.stop();
        }
        return putEventsBatches;
    }

    @Test
    void aBatchHalfFullAfterItsLingerWaitsOnceMoreToFillTheCall() throws Exception {
        assertThat(batchesWhenMoreFallDueAfterOneLinger(6, 4)).as("six, then four more 300 ms later: one call")
                .containsExactly(10);
    }

    @Test
    void aBatchFillingTooSlowlyGoesAfterOneLinger() throws Exception {
        assertThat(batchesWhenMoreFallDueAfterOneLinger(2, 4)).as("two, then four more 300 ms later: two calls")
                .containsExactly(2, 4);
    }

    @Test
    void aBatchStillHalfFullAfterTwoLingersWaitsAThird() throws Exception {
        // Six, two more at 250 ms (inside the second linger), two more at 500 ms (inside the third): one call.
        List<Integer> batches = batchesOfWaves(new int[] {6, 2, 2}, RelayBatches.BATCH_LINGER.toMillis() * 5 / 4);
        // On a loaded machine (CI beside four other builds, load 30) the third wave's sleep once overshot past the
        // third linger's end, and the eight rightly went without it. Ten is required whenever it came in time.
        long thirdWaveAt = waveOffsetsMillis.get(2);
        if (thirdWaveAt > 3 * RelayBatches.BATCH_LINGER.toMillis()) {
            // The relay's thread, starved as the test's was, may also have ended the third linger late, and taken
            // the late wave in (CI at 1f7e5b9, helpers building beside it: woken at 714 ms, one call of ten).
            assertThat(batches).as("the third wave woken late, at %d ms", thirdWaveAt).isIn(List.of(8, 2),
                    List.of(10));
        } else {
            assertThat(batches).as("a batch filling fast enough keeps waiting (third wave woken at %d ms)",
                    thirdWaveAt).containsExactly(10);
        }
    }

    @Test
    void noBatchWaitsLongerThanItsLastLinger() throws Exception {
        // Eight, then one more at 900 ms: the fourth linger ends at 800 ms, and the eight go without it.
        assertThat(batchesOfWaves(new int[] {8, 1}, RelayBatches.BATCH_LINGER.toMillis() * 9 / 2))
                .as("four lingers at most").containsExactly(8, 1);
    }

    @Test
    void aBatchFillingSlowerThanItsLingersAllowGoesPartFull() throws Exception {
        // Six, then one every 350 ms: seven at 400 ms would fill ten by 800 ms, seven at 600 ms would not.
        List<Integer> batches = batchesOfWaves(new int[] {6, 1, 1, 1}, RelayBatches.BATCH_LINGER.toMillis() * 7 / 4);
        // Seven on time; on a loaded machine (a CI run beside other builds) the batch once went 350 ms late, with
        // eight. Nine, the last wave's too, would be a batch that waited on although the pace could not fill it.
        // Six is right only when the seventh came after the second linger had ended (a sleep overshot under load).
        long seventhAt = waveOffsetsMillis.get(1);
        assertThat(batches.get(0)).as("waits only while the pace fills it in time, then goes part-full (the "
                + "seventh woken at %d ms)", seventhAt)
                .isBetween(seventhAt > 2 * RelayBatches.BATCH_LINGER.toMillis() ? 6 : 7, 8);
    }

    @Test
    void afterAFullCallABatchBegunInALullWaitsItsLingersOut() throws Exception {
        // Ten (a full call), then one at 500 ms and one at 1,000 ms: the lone event waits for the next.
        assertThat(batchesOfWaves(new int[] {10, 1, 1}, RelayBatches.BATCH_LINGER.toMillis() * 5 / 2))
                .as("under load a lull does not send a call of one").containsExactly(10, 2);
    }

    @Test
    void afterAFullCallABatchWaitsPastFourLingersForTheNextWave() throws Exception {
        // Ten (a full call), two at 1,000 ms, eight at 2,000 ms: the two wait for the wave, up to ten lingers (2 s).
        assertThat(batchesOfWaves(new int[] {10, 2, 8}, RelayBatches.BATCH_LINGER.toMillis() * 5))
                .as("under load a part-full batch waits for the next wave").containsExactly(10, 10);
    }

    @Test
    void afterAFullCallABatchWaitsNoLongerThanItsLoadedLingers() throws Exception {
        // Ten, two at 500 ms, one at 3,000 ms: ten lingers from 500 ms end at 2,500 ms, and the two go without it.
        assertThat(batchesOfWaves(new int[] {10, 2, 0, 0, 0, 0, 1}, RelayBatches.BATCH_LINGER.toMillis() * 5 / 2))
                .as("ten lingers at most").containsExactly(10, 2, 1);
    }

    @Test
    void aBatchLingeringAfterAFullCallGoesAtOnceWhenTheRelayStops() throws Exception {
        List<Integer> putEventsBatches = recordPutEventsBatches();
        OutboxRelay relay = newRelay();
        for (int i = 0; i < 12; i++) {
            relay.wake(withEvent(session("+155501094" + String.format("%02d", i)), "e" + i));
        }
        long stopMillis;
        relay.start();
        try {
            // The first batch sends one full call and leaves two for the next, which follows a full call.
            await().atMost(Duration.ofSeconds(5)).until(() -> !putEventsBatches.isEmpty());
            Thread.sleep(300); // into the linger of the two left over, which after a full call may last 2 s
        } finally {
            long before = System.nanoTime();
            relay.stop();
            stopMillis = (System.nanoTime() - before) / 1_000_000;
        }

        assertThat(putEventsBatches).as("the two, sent by the stopping relay").containsExactly(10, 2);
        assertThat(stopMillis).as("stopping does not wait the linger out").isLessThan(1_000);
    }

    @Test
    void afterAPartFullCallALoneEventGoesAfterOneLinger() throws Exception {
        // Two (too few to fill a call in time), then one at 1 s and one at 2 s: no load, no waiting on. (Waves 500 ms
        // apart left a lone event 300 ms after its linger, and a relay thread starved that long on a loaded machine
        // sent the last two together: CI at 1f7e5b9, [2, 2].)
        assertThat(batchesOfWaves(new int[] {2, 1, 1}, RelayBatches.BATCH_LINGER.toMillis() * 5))
                .as("at low load an event waits one linger").containsExactly(2, 1, 1);
    }
}
