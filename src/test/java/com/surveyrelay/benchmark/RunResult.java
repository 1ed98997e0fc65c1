package com.surveyrelay.benchmark;

import com.surveyrelay.benchmark.StoreCounts.S3Cost;
import java.util.Map;

/**
 * One measured run of a scenario: its turns per second, load, latencies by route, audit findings and what the local
 * servers counted; for SMS runs, the storage floor measured before it; the steady-state S3 cost after it.
 *
 * @param floor the storage floor in GET + conditional PUT pairs per second; 0 when not measured (calls)
 * @param s3 the steady-state S3 cost per answered question; null until measured
 */
record RunResult(int concurrency, double turnsPerSecond, Load load,
        Map<String, RouteLatencies.Summary> routes, AnswerAudit.Findings findings, StoreCounts counts,
        double floor, S3Cost s3) {

    RunResult withFloor(double pairsPerSecond) {
        return new RunResult(concurrency, turnsPerSecond, load, routes, findings, counts, pairsPerSecond, s3);
    }

    RunResult withS3(S3Cost cost) {
        return new RunResult(concurrency, turnsPerSecond, load, routes, findings, counts, floor, cost);
    }

    /** The run's turns over its time and the drain after it (until every survey's last event is on the bus). */
    double deliveredTurnsPerSecond() {
        return turnsPerSecond * load.seconds() / (load.seconds() + findings.drainSeconds());
    }

    /** Over the whole run: its start, its load, and the last surveys finishing at a falling rate. */
    double putEventsPerEvent() {
        return counts.putEventsCalls() / (double) Math.max(1, counts.events());
    }

    /** While every respondent was busy ({@link Load#underLoad()}); the whole run's figure if that is unknown. */
    double putEventsPerEventUnderLoad() {
        return load.underLoad() == null ? putEventsPerEvent() : load.underLoad().putEventsPerEvent();
    }

    String oneLine() {
        RouteLatencies.Summary webhooks = routes.getOrDefault(SurveyTraffic.SMS_WEBHOOK,
                routes.get(SurveyTraffic.VOICE_CALL));
        HarnessPauses.Figures harness = load.harness();
        return String.format("run: %d at a time, %.1f s, %d surveys, %.1f turns/s%s, webhook p99 %.1f ms (service: "
                + "%.0f young collections, %.0f full; benchmark JVM: %d pauses, %d ms in all, longest %d ms), "
                + "outbox left %.0f entries (oldest %.1f s), all delivered %.1f s later, liveness probe p50 %.1f ms, "
                + "max %.1f ms (%d probes, %d failed), %d errors%s",
                concurrency, load.seconds(), load.surveys(), turnsPerSecond,
                floor > 0 ? String.format(" (floor %.0f pairs/s)", floor) : "",
                webhooks == null ? Double.NaN : webhooks.p99(), load.collections().young(),
                load.collections().full(), harness.pauses(), harness.totalMillis(), harness.longestMillis(),
                load.backlogAtEnd().entries(), load.backlogAtEnd().oldestSeconds(), findings.drainSeconds(),
                load.probes().p50Millis(), load.probes().maxMillis(), load.probes().count(), load.probes().failed(),
                load.errors(),
                load.firstError() == null ? "" : " (first: " + load.firstError() + ")");
    }
}
