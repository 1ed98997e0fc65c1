package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.surveyrelay.conversation.SmsReminders;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.SurveySession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the sweep reads: an open session waiting for its respondent with nothing to deliver costs one S3 GET per
 * {@code idle-sweep-interval}, not one per sweep, and is still read when it is due to expire. The store is a mock
 * because what is checked is how often it is read.
 */
class OutboxRelaySweepTest {

    private final Clock clock = Clock.systemUTC();
    private final SessionStore store = mock(SessionStore.class);
    private final OpenSessionMarkers markers = mock(OpenSessionMarkers.class);
    private final AtomicInteger reads = new AtomicInteger();
    /** The session's open marker's time, as the bucket's listing gives it. */
    private final AtomicReference<Instant> markedAt = new AtomicReference<>(Instant.now().minusSeconds(60));
    private final SmsReminders reminders = mock(SmsReminders.class);
    private OutboxRelay relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.stop();
        }
    }

    /**
     * Starts a relay over the mock store and markers, whose one open session is {@code waiting}, with nothing in its
     * outbox.
     */
    private void relayWithOneIdleSession(SurveySession waiting, Duration idleSweepInterval) {
        SessionRef ref = SessionRef.of(waiting);
        when(markers.openSessions()).thenAnswer(call -> List.of(new OpenSessionMarkers.OpenSession(ref,
                markedAt.get())));
        when(store.find(ref)).thenAnswer(call -> {
            reads.incrementAndGet();
            return Optional.of(new StoredSession(waiting, Outbox.EMPTY, Inbox.EMPTY, "e" + reads.get()));
        });
        OutboxProperties settings = new OutboxProperties(null, null, null, null, null, null, null, idleSweepInterval);
        relay = OutboxRelayBatchTest.relay(store, markers, mock(ProducerTemplate.class), new OutboxLeases(settings),
                settings, clock, reminders);
        relay.start();
    }

    /** Sweeps once and waits for the relay to have read the session and found it idle; answers its ref. */
    private SessionRef sweptAndFoundIdle(SurveySession waiting) {
        relay.sweep();
        SessionRef ref = SessionRef.of(waiting);
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.nextIdleLook(ref).isPresent());
        assertThat(reads).hasValue(1);
        return ref;
    }

    /** The same session, its last step {@code ago}. */
    private static SurveySession lastStepped(SurveySession session, Duration ago) {
        Instant at = Instant.now().minus(ago);
        return new SurveySession(session.sessionId(), session.surveyId(), session.surveyVersion(),
                session.surveyTo(), session.surveyMedium(), session.languageSet(), session.surveyStatus(),
                session.currentState(), session.questionIndex(), session.turn(), session.invalidAnswers(),
                session.silences(), at, at, null, null, null, List.of(), null, null, null, null, null, null, null, null);
    }

    @Test
    void anIdleSessionIsReadOnceAndNotAtEverySweep() {
        SurveySession waiting = OutboxRelayBatchTest.session("+15550109101");
        relayWithOneIdleSession(waiting, Duration.ofHours(1));
        sweptAndFoundIdle(waiting);
        for (int sweep = 0; sweep < 5; sweep++) {
            relay.sweep();
        }
        // The relay takes swept sessions within a second of a sweep: a read would come well within this.
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(() -> reads.get() == 1);
    }

    @Test
    void anIdleSessionIsReadAgainOnceItsIntervalIsOver() {
        SurveySession waiting = OutboxRelayBatchTest.session("+15550109102");
        relayWithOneIdleSession(waiting, Duration.ofMillis(400));
        Instant nextLook = relay.nextIdleLook(sweptAndFoundIdle(waiting)).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            relay.sweep();
            return reads.get() == 2;
        });
        assertThat(clock.instant()).isAfterOrEqualTo(nextLook);
    }

    @Test
    void zeroReadsAnIdleSessionAtEverySweep() {
        relayWithOneIdleSession(OutboxRelayBatchTest.session("+15550109103"), Duration.ZERO);
        relay.sweep();
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() == 1);
        relay.sweep();
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() == 2);
    }

    @Test
    void anIdleSessionDueToExpireIsReadWhenItExpiresRatherThanAfterTheInterval() {
        // Its last step 24 h less three seconds ago: the SMS conversation timeout (24 h) is over in three seconds.
        SurveySession waiting = lastStepped(OutboxRelayBatchTest.session("+15550109104"),
                Duration.ofHours(24).minusSeconds(3));
        relayWithOneIdleSession(waiting, Duration.ofHours(1));
        SessionRef ref = sweptAndFoundIdle(waiting);
        assertThat(relay.nextIdleLook(ref)).contains(waiting.updatedAt().plus(Duration.ofHours(24)));
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100)).until(() -> {
            relay.sweep();
            return reads.get() >= 2;
        });
    }

    @Test
    void anIdleSessionWhoseMarkerIsWrittenAgainIsReadAtTheNextSweep() {
        // What an instance that stops with entries undelivered does to their sessions' markers.
        SurveySession waiting = OutboxRelayBatchTest.session("+15550109105");
        relayWithOneIdleSession(waiting, Duration.ofHours(1));
        sweptAndFoundIdle(waiting);
        relay.sweep();
        markedAt.set(Instant.now());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            relay.sweep();
            return reads.get() == 2;
        });
    }

    @Test
    void anIdleSessionDueForAReminderIsReadWhenTheReminderIsDue() {
        SurveySession waiting = OutboxRelayBatchTest.session("+15550109106");
        Instant reminderDue = Instant.now().plus(Duration.ofMinutes(2));
        when(reminders.remindIfDue(any(), any())).thenReturn(Optional.of(reminderDue));
        relayWithOneIdleSession(waiting, Duration.ofHours(1));
        assertThat(relay.nextIdleLook(sweptAndFoundIdle(waiting))).contains(reminderDue);
    }

    @Test
    void anIdleSessionWhoseMarkerChangedIsReadAlthoughItsReminderIsHoursAhead() {
        SurveySession waiting = OutboxRelayBatchTest.session("+15550109107");
        when(reminders.remindIfDue(any(), any())).thenReturn(Optional.of(Instant.now().plus(Duration.ofHours(2))));
        relayWithOneIdleSession(waiting, Duration.ofHours(1));
        sweptAndFoundIdle(waiting);
        markedAt.set(Instant.now());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            relay.sweep();
            return reads.get() == 2;
        });
    }
}
