package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relay's I/O threads: a batch's calls run at once, and the relay thread waits for every one. */
class RelayIoTest {

    @Test
    void aBatchsCallsRunAtOnceAndAllHaveEndedWhenItReturns() {
        RelayIo io = new RelayIo(4);
        int calls = 4;
        CountDownLatch allStarted = new CountDownLatch(calls);
        List<String> ended = new CopyOnWriteArrayList<>();
        Runnable call = () -> {
            allStarted.countDown();
            try {
                // Each call ends only once every one has started: one at a time, the first would wait in vain.
                if (allStarted.await(10, TimeUnit.SECONDS)) {
                    ended.add(Thread.currentThread().getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        io.runAll(List.of(call, call, call, call), failures::add);

        assertThat(ended).hasSize(calls).allMatch(name -> name.startsWith("outbox-relay-io-"));
        assertThat(failures).isEmpty();
    }

    @Test
    void aCallThatThrowsIsReportedAndTheOthersStillRun() {
        RelayIo io = new RelayIo(2);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AssertionError thrown = new AssertionError("a bug in a task");

        io.runAll(List.of(() -> {
            throw thrown;
        }, () -> ran.add("second"), () -> ran.add("third")), failures::add);

        assertThat(ran).containsExactlyInAnyOrder("second", "third");
        assertThat(failures).containsExactly(thrown);
    }

    @Test
    void aSingleCallRunsOnTheCallersThread() {
        RelayIo io = new RelayIo(2);
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        io.runAll(List.of(() -> ranOn.add(Thread.currentThread())), failure -> { });

        assertThat(ranOn).containsExactly(Thread.currentThread());
    }
}
