package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The benchmark JVM's own pauses, counted from the collectors' notifications of this very JVM. */
class HarnessPausesTest {

    @Test
    void everyCollectionInThisJvmIsCountedWithItsDuration() {
        try (HarnessPauses pauses = new HarnessPauses()) {
            long before = collectionsSoFar();
            System.gc();

            // Collections of this JVM's other threads may come too, and every one is counted: one between the
            // listener's start and the count above makes the figure one more than the collectors' difference.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> collectionsSoFar() - before >= 1
                    && pauses.figures().pauses() >= collectionsSoFar() - before);
            long lastFull = fullCollector().getLastGcInfo().getDuration();
            HarnessPauses.Figures figures = pauses.figures();
            assertThat(figures.pauses()).isPositive();
            assertThat(figures.longestMillis()).isGreaterThanOrEqualTo(lastFull);
            assertThat(figures.totalMillis()).isGreaterThanOrEqualTo(lastFull);
        }
    }

    @Test
    void closedItCountsNoMore() {
        HarnessPauses closed = new HarnessPauses();
        closed.close();
        long countedWhenClosed = closed.figures().pauses();
        try (HarnessPauses witness = new HarnessPauses()) {
            System.gc();

            // The collector tells every listener of one collection at once: once the witness heard, so would have it.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> witness.figures().pauses() >= 1);
            assertThat(closed.figures().pauses()).isEqualTo(countedWhenClosed);
        }
    }

    private static long collectionsSoFar() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** The collector that {@code System.gc()} runs: G1's or the serial collector's old generation. */
    private static com.sun.management.GarbageCollectorMXBean fullCollector() {
        return ManagementFactory.getPlatformMXBeans(com.sun.management.GarbageCollectorMXBean.class).stream()
                .filter(collector -> collector.getName().contains("Old") || collector.getName().contains("MarkSweep"))
                .findFirst().orElseThrow();
    }
}
