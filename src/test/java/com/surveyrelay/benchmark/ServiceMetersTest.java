package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.surveyrelay.benchmark.ServiceMeters.GcPauses;
import com.surveyrelay.benchmark.ServiceMeters.OutboxBacklog;
import org.junit.jupiter.api.Test;

/** The figures the benchmark reads from a scrape in the text format Micrometer's Prometheus registry writes. */
class ServiceMetersTest {

    /** Two causes of young collections, one of full ones, as the serial collector reports them. */
    private static final String SCRAPE = """
            # HELP jvm_gc_pause_seconds Time spent in GC pause
            # TYPE jvm_gc_pause_seconds summary
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 12.0
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 0.072
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="System.gc()",gc="Copy"} 3.0
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="System.gc()",gc="Copy"} 0.018
            jvm_gc_pause_seconds_count{action="end of major GC",cause="Allocation Failure",gc="MarkSweepCompact"} 1.0
            jvm_gc_pause_seconds_sum{action="end of major GC",cause="Allocation Failure",gc="MarkSweepCompact"} 0.171
            # HELP jvm_gc_pause_seconds_max Time spent in GC pause
            jvm_gc_pause_seconds_max{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 0.009
            survey_relay_outbox_entries 2224.0
            survey_relay_outbox_entries_waiting_sessions 310.0
            survey_relay_outbox_oldest_age_seconds 4.7
            """;

    @Test
    void addsUpEveryCauseOfYoungAndFullCollections() {
        GcPauses pauses = GcPauses.of(SCRAPE);

        assertThat(pauses.young()).isEqualTo(15.0);
        assertThat(pauses.youngSeconds()).isCloseTo(0.090, within(1e-9));
        assertThat(pauses.full()).isEqualTo(1.0);
        assertThat(pauses.fullMillisEach()).isCloseTo(171.0, within(1e-9));
        assertThat(pauses.youngMillisEach()).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void aRunsCollectionsAreTheDifferenceOfTwoScrapes() {
        GcPauses before = new GcPauses(10, 0.050, 1, 0.171);

        GcPauses during = GcPauses.of(SCRAPE).minus(before);

        assertThat(during.young()).isEqualTo(5.0);
        assertThat(during.youngMillisEach()).isCloseTo(8.0, within(1e-9));
        assertThat(during.full()).isZero();
        assertThat(during.fullMillisEach()).isZero();
    }

    @Test
    void noCollectionsYetIsZeroNotNaN() {
        GcPauses none = GcPauses.of("survey_relay_outbox_entries 0.0\n");

        assertThat(none).isEqualTo(new GcPauses(0, 0, 0, 0));
        assertThat(none.youngMillisEach()).isZero();
    }

    @Test
    void theBacklogIsReadFromItsOwnGaugesOnly() {
        OutboxBacklog backlog = OutboxBacklog.of(SCRAPE);

        assertThat(backlog).isEqualTo(new OutboxBacklog(2224.0, 4.7));
    }
}
