package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.SurveySession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/** The relay stopped and started again in one process, as a Spring context's lifecycle may. */
class OutboxRelayRestartTest {

    private final Clock clock = Clock.systemUTC();
    private final OutboxProperties settings = new OutboxProperties(null, null, null, null, null, null, null, null);
    private final OutboxLeases leases = new OutboxLeases(settings);

    /**
     * A stop gives up on a relay thread stuck in a sink call that swallows its interrupt (5 s of drain, then 5 s
     * after the interrupt: this test takes about 10 s). Started again, the relay has a new thread; once the old
     * call returns at last, the old thread ends, after the batch it was in, instead of running batches beside the
     * new one.
     */
    @Test
    void aThreadThatOutlivedTheStopEndsOnceItsCallReturnsAndTheNewThreadRunsAlone() throws Exception {
        CountDownLatch inTheCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProducerTemplate producer = mock(ProducerTemplate.class);
        when(producer.requestBody(eq(OutboxSinks.EVENTS), any(Object.class))).thenAnswer(call -> {
            inTheCall.countDown();
            while (true) {
                try {
                    if (release.await(100, TimeUnit.MILLISECONDS)) {
                        return null;
                    }
                } catch (InterruptedException swallowed) {
                    // As a client library that retries on interrupt may: the flag is gone.
                }
            }
        });
        SessionStore store = mock(SessionStore.class);
        when(store.replace(any(), any(), any(), any())).thenAnswer(call -> new StoredSession(call.getArgument(1),
                call.getArgument(2), call.getArgument(3), "e2"));
        OutboxRelay relay = OutboxRelayBatchTest.relay(store, mock(OpenSessionMarkers.class), producer, leases,
                settings, clock);
        SurveySession session = OutboxRelayBatchTest.session("+15550109501");
        Instant now = clock.instant();
        relay.wake(new StoredSession(session, leases.claim(Outbox.EMPTY.append(
                List.of(OutboxRelayBatchTest.started(session)), null, now), now), Inbox.EMPTY, "e1"));
        relay.start();
        Thread first = relay.relayThread();
        assertThat(inTheCall.await(5, TimeUnit.SECONDS)).isTrue();

        relay.stop();
        assertThat(first.isAlive()).as("still in its call after both joins").isTrue();
        relay.start();
        Thread second = relay.relayThread();
        release.countDown();

        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.isAlive());
            assertThat(second).isNotSameAs(first);
            assertThat(second.isAlive()).isTrue();
        } finally {
            relay.stop();
        }
    }
}
