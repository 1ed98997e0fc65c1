package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The relay's I/O threads: a batch's calls run at once, and the relay thread waits for every one. */
class RelayIoTest {

    /**
     * A call that counts {@code started} down, if given, then ends once {@code go} is open (10 s at most), and only
     * then notes its thread's name in {@code ended}.
     */
    private static Runnable call(CountDownLatch started, CountDownLatch go, List<String> ended) {
        return () -> {
            if (started != null) {
                started.countDown();
            }
            try {
                if (go.await(10, TimeUnit.SECONDS)) {
                    ended.add(Thread.currentThread().getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aBatchsCallsRunAtOnceAndAllHaveEndedWhenItReturns() {
        RelayIo io = new RelayIo(4);
        int calls = 4;
        CountDownLatch allStarted = new CountDownLatch(calls);
        List<String> ended = new CopyOnWriteArrayList<>();
        // Each call ends only once every one has started: one at a time, the first would wait in vain.
        Runnable call = call(allStarted, allStarted, ended);
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        io.runAll(List.of(call, call, call, call), failures::add);

        assertThat(ended).hasSize(calls).allMatch(name -> name.startsWith("outbox-relay-io-"));
        assertThat(failures).isEmpty();
    }

    @Test
    void aCallThatThrowsIsReportedAndTheOthersStillRunToTheirEnd() {
        RelayIo io = new RelayIo(3);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AssertionError thrown = new AssertionError("a bug in a task");
        CountDownLatch thrownSoon = new CountDownLatch(1);
        // The other two end only after the first has thrown: a runAll that returned at the first failure would
        // return before they ran.
        Runnable afterTheFailure = call(null, thrownSoon, ran);

        io.runAll(List.of(() -> {
            thrownSoon.countDown();
            throw thrown;
        }, afterTheFailure, afterTheFailure), failures::add);

        assertThat(ran).hasSize(2);
        assertThat(failures).containsExactly(thrown);
    }

    @Test
    void aSingleCallThatThrowsThrowsToTheCaller() {
        RelayIo io = new RelayIo(2);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("storage down");

        assertThatThrownBy(() -> io.runAll(List.of(() -> {
            throw thrown;
        }), failures::add)).isSameAs(thrown);
        assertThat(failures).isEmpty();
    }

    @Test
    void anInterruptedCallerStillWaitsForEveryCallAndKeepsItsInterrupt() throws InterruptedException {
        RelayIo io = new RelayIo(2);
        CountDownLatch go = new CountDownLatch(1);
        List<String> ended = new CopyOnWriteArrayList<>();
        Runnable call = call(null, go, ended);
        Thread caller = Thread.currentThread();
        // The calls end only once the caller is parked waiting for them: a runAll that gave up waiting when
        // interrupted would return with neither ended.
        Thread releaser = new Thread(() -> {
            try {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.WAITING);
            } finally {
                go.countDown();
            }
        }, "releaser");
        releaser.start();
        // Stopping: the relay thread is interrupted while its batch's calls are under way.
        caller.interrupt();
        try {
            io.runAll(List.of(call, call), failure -> { });

            assertThat(ended).hasSize(2);
            assertThat(caller.isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            releaser.join(10_000);
        }
    }

    @Test
    void aSingleCallRunsOnTheCallersThread() {
        RelayIo io = new RelayIo(2);
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        io.runAll(List.of(() -> ranOn.add(Thread.currentThread())), failure -> { });

        assertThat(ranOn).containsExactly(Thread.currentThread());
    }
}
