package com.surveyrelay.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The relay's I/O threads ({@code outbox-relay-io-<n>}, daemon): a batch's PutEvents calls, results copies and
 * removals go out at once on them, each a round trip that one thread would make in turn, and the relay thread
 * waits for them all, stopping included. Idle threads end after 30 s; the pool lives as long as the relay bean.
 */
final class RelayIo {

    private final ThreadPoolExecutor threads;

    /** @param size how many calls run at once (the relay's {@value OutboxRelay#IO_THREADS}); more wait in a queue */
    RelayIo(int size) {
        AtomicInteger named = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "outbox-relay-io-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the tasks at once and returns when every one has ended. A task that throws is reported to {@code failed}
     * and does not stop the others; a single task runs on the caller's thread, and what it throws propagates.
     * Interrupted, it still waits for the tasks under way (they end within their calls' timeouts) and returns with the
     * interrupt flag set.
     */
    void runAll(List<Runnable> tasks, Consumer<Throwable> failed) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<Future<?>> running = new ArrayList<>(tasks.size());
        tasks.forEach(task -> running.add(threads.submit(task)));
        boolean interrupted = false;
        for (Future<?> each : running) {
            while (true) {
                try {
                    each.get();
                    break;
                } catch (ExecutionException e) {
                    failed.accept(e.getCause());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the task on an I/O thread, for a caller that must not wait for it. */
    void execute(Runnable task) {
        threads.execute(task);
    }
}
