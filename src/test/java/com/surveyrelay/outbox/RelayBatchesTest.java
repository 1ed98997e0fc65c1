package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.E164;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which sessions a relay batch looks at, in what order, and how many. The relay is stopping in most of these tests,
 * so a batch goes with what is due and never lingers (the lingers are {@code OutboxRelayBatchTest}'s); the tests of
 * swept sessions need a running relay, as a stopping one takes none, and their batches linger 200 ms.
 */
class RelayBatchesTest {

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final Clock clock = Clock.systemUTC();
    private final List<SessionRef> looked = new ArrayList<>();

    private static SessionRef session() {
        return new SessionRef(E164.parse("+15550100200").orElseThrow(), UUID.randomUUID().toString());
    }

    private RelayBatches batches(int batchSize) {
        return new RelayBatches(batchSize, SWEEP_INTERVAL, clock, () -> true);
    }

    /** Batches of a relay that is running, not stopping: they take swept sessions. */
    private RelayBatches runningBatches(int batchSize) {
        return new RelayBatches(batchSize, SWEEP_INTERVAL, clock, () -> false);
    }

    /** A look that adds an event for every session. */
    private int lookAddingAnEvent(SessionRef ref) {
        looked.add(ref);
        return 1;
    }

    @Test
    void aSessionScheduledTwiceIsLookedAtOnceAtTheEarlierTime() throws InterruptedException {
        RelayBatches batches = batches(10);
        SessionRef ref = session();
        Instant now = clock.instant();
        batches.schedule(ref, now.plusMillis(100));
        batches.schedule(ref, now);
        batches.schedule(ref, now.plus(Duration.ofMinutes(5)));
        assertThat(batches.scheduledLook(ref)).contains(now);

        Set<SessionRef> again = batches.assemble(batches.next(0), this::lookAddingAnEvent);

        assertThat(looked).containsExactly(ref);
        assertThat(again).isEmpty();
        assertThat(batches.scheduledLook(ref)).as("the later looks were folded into the first").isEmpty();
        RelayBatches.Due stale = batches.next(2_000);
        assertThat(stale).as("the look first asked for, 100 ms on, is still on the queue").isNotNull();
        batches.assemble(stale, this::lookAddingAnEvent);
        assertThat(looked).as("but is stale: the session is not looked at again").containsExactly(ref);
    }

    @Test
    void sweptSessionsComeBehindScheduledOnes() throws InterruptedException {
        RelayBatches batches = runningBatches(10);
        SessionRef swept = session();
        SessionRef woken = session();
        batches.sweep(swept);
        batches.schedule(woken, clock.instant());

        batches.assemble(batches.next(0), this::lookAddingAnEvent);

        assertThat(looked).containsExactly(woken, swept);
        assertThat(batches.hasSwept()).isFalse();
    }

    /**
     * A stopping relay drains what is due and leaves swept sessions to the other instances' sweeps: each is an S3
     * read, and a sweep of hundreds would keep the relay busy past its drain, to be interrupted mid-write.
     */
    @Test
    void aStoppingRelaysBatchTakesNoSweptSession() throws InterruptedException {
        RelayBatches batches = batches(10);
        SessionRef swept = session();
        SessionRef woken = session();
        batches.sweep(swept);
        batches.schedule(woken, clock.instant());

        batches.assemble(batches.next(0), this::lookAddingAnEvent);

        assertThat(looked).containsExactly(woken);
        assertThat(batches.hasWorkDueNow()).isFalse();
    }

    /** A nudge wakes a relay thread waiting for a session at once, with none: it then sees whether it is stopping. */
    @Test
    void aNudgeEndsTheWaitForASessionWithNone() throws InterruptedException {
        RelayBatches batches = batches(10);
        batches.schedule(session(), clock.instant().plusSeconds(60));
        batches.nudge();
        long begun = System.nanoTime();

        assertThat(batches.next(10_000)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(5));
        assertThat(batches.hasWorkDueNow()).as("the session's look is still to come").isFalse();
        SessionRef due = session();
        batches.schedule(due, clock.instant());
        RelayBatches.Due first = batches.next(0);
        batches.nudge();
        batches.assemble(first, this::lookAddingAnEvent);
        assertThat(looked).as("a nudge taken in a batch is no session").containsExactly(due);
    }

    /**
     * A look is due on the relay's clock, not the system's: on a clock moved a day ahead (as tests move the service's),
     * a session woken now is due now. Counted on the system's clock it waited the day, and the sweep, finding its look
     * scheduled within the sweep interval, left the session to it: CI saw a session never closed as expired.
     */
    @Test
    void aLookIsDueOnTheRelaysClock() throws InterruptedException {
        com.surveyrelay.service.TestClock moved = new com.surveyrelay.service.TestClock();
        moved.advance(Duration.ofHours(25));
        RelayBatches batches = new RelayBatches(10, SWEEP_INTERVAL, moved, () -> false);
        SessionRef woken = session();
        SessionRef later = session();
        batches.schedule(woken, moved.instant());
        batches.schedule(later, moved.instant().plusSeconds(60));

        assertThat(batches.hasWorkDueNow()).isTrue();
        RelayBatches.Due due = batches.next(0);
        assertThat(due).isNotNull();
        assertThat(due.ref()).isEqualTo(woken);
        assertThat(batches.next(0)).as("a minute ahead on that clock").isNull();

        moved.advance(Duration.ofMinutes(2));
        assertThat(batches.next(2_000)).as("due once that clock passes it").isNotNull()
                .extracting(RelayBatches.Due::ref).isEqualTo(later);
    }

    @Test
    void aSessionSweptTwiceBeforeItsLookIsQueuedOnce() throws InterruptedException {
        RelayBatches batches = runningBatches(1);
        SessionRef swept = session();
        batches.sweep(swept);
        batches.sweep(swept);

        batches.assemble(null, this::lookAddingAnEvent);

        assertThat(looked).containsExactly(swept);
        assertThat(batches.hasSwept()).as("a batch of one event took it; nothing is left queued").isFalse();
    }

    @Test
    void aSweptSessionIsLeftToALookDueWithinASweepButNotToOneHoursAhead() throws InterruptedException {
        RelayBatches batches = runningBatches(10);
        SessionRef soon = session();
        SessionRef reminderHoursAhead = session();
        Instant now = clock.instant();
        batches.schedule(soon, now.plusSeconds(10));
        batches.schedule(reminderHoursAhead, now.plus(Duration.ofHours(3)));
        batches.sweep(soon);
        batches.sweep(reminderHoursAhead);

        batches.assemble(null, this::lookAddingAnEvent);

        assertThat(looked).containsExactly(reminderHoursAhead);
        assertThat(batches.scheduledLook(soon)).contains(now.plusSeconds(10));
        assertThat(batches.scheduledLook(reminderHoursAhead)).as("its look is taken now; the look rebooks it")
                .isEmpty();
    }

    @Test
    void aSessionWokenAgainWhileInTheBatchIsLookedAtOnceMoreAfter() throws InterruptedException {
        RelayBatches batches = batches(10);
        SessionRef ref = session();
        batches.schedule(ref, clock.instant());
        RelayBatches[] self = {batches};

        Set<SessionRef> again = batches.assemble(batches.next(0), looking -> {
            looked.add(looking);
            // The look itself wakes the session (a write of the relay's own, say), while it is in the batch.
            self[0].schedule(looking, clock.instant());
            return 1;
        });

        assertThat(looked).containsExactly(ref);
        assertThat(again).containsExactly(ref);
    }

    @Test
    void aFullBatchTakesTheSessionsAlreadyDueUpToTenCallsWorth() throws InterruptedException {
        RelayBatches batches = batches(2);
        Instant now = clock.instant();
        for (int i = 0; i < 25; i++) {
            batches.schedule(session(), now);
        }

        batches.assemble(batches.next(0), this::lookAddingAnEvent);

        assertThat(looked).hasSize(2 * RelayBatches.CALLS_AT_ONCE);
        assertThat(batches.hasWorkDueNow()).as("five sessions left for the next batch").isTrue();
        batches.assemble(batches.next(0), this::lookAddingAnEvent);
        assertThat(looked).hasSize(25).doesNotHaveDuplicates();
        assertThat(batches.hasWorkDueNow()).isFalse();
    }

    @Test
    void sessionsWithoutAnEventTakeNoPlaceInTheCall() throws InterruptedException {
        RelayBatches batches = batches(2);
        Instant now = clock.instant();
        for (int i = 0; i < 25; i++) {
            batches.schedule(session(), now);
        }

        batches.assemble(batches.next(0), ref -> {
            looked.add(ref);
            return 0;
        });

        assertThat(looked).as("removals and results copies only: every due session joins, past ten calls' worth")
                .hasSize(25);
    }

    @Test
    void aBatchFillsInTimeWhenItsPaceWouldFillItByTheLastLinger() {
        RelayBatches batches = batches(10);
        assertThat(batches.fillsInTime(3, 1)).isTrue();
        assertThat(batches.fillsInTime(2, 1)).isFalse();
        assertThat(batches.fillsInTime(5, 2)).isTrue();
        assertThat(batches.fillsInTime(4, 2)).isFalse();
        assertThat(batches.fillsInTime(8, 3)).isTrue();
        assertThat(batches.fillsInTime(7, 3)).isFalse();
    }
}
