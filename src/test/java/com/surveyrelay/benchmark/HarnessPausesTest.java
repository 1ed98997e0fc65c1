package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The benchmark JVM's own pauses, counted from the collectors' notifications of this very JVM. */
class HarnessPausesTest {

    @Test
    void aCollectionInThisJvmIsCountedWithItsDuration() {
        try (HarnessPauses pauses = new HarnessPauses()) {
            System.gc();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pauses.figures().pauses() >= 1);
            HarnessPauses.Figures figures = pauses.figures();
            assertThat(figures.totalMillis()).isGreaterThanOrEqualTo(figures.longestMillis());
            assertThat(figures.heapUsedMiB()).isPositive();
        }
    }

    @Test
    void closedItCountsNoMore() {
        HarnessPauses closed = new HarnessPauses();
        closed.close();
        try (HarnessPauses witness = new HarnessPauses()) {
            System.gc();

            // The collector tells every listener of one collection at once: once the witness heard, so would have it.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> witness.figures().pauses() >= 1);
            assertThat(closed.figures().pauses()).isZero();
        }
    }
}
