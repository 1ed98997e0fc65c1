package com.surveyrelay.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A scenario's runs, and how its figures are printed: each the median of the runs. */
record Scenario(String name, List<RunResult> runs) {

    /** The median of one figure over the runs (the mean of the middle two for an even number of runs). */
    double median(ToDoubleFunction<RunResult> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The median of one latency figure of {@code route} over the runs; a run without the route counts 0. */
    double medianOfRoute(String route, ToDoubleFunction<RouteLatencies.Summary> figure) {
        return median(run -> run.routes().containsKey(route) ? figure.applyAsDouble(run.routes().get(route)) : 0);
    }

    /** Each run's steady-state S3 cost per answered question, with the outbox sweeps that fell in its count. */
    private String s3EachRun() {
        return runs.stream().map(run -> String.format("%.2f GET / %.2f PUT (%d outbox sweeps)", run.s3().gets(),
                run.s3().puts(), run.s3().sweeps())).collect(java.util.stream.Collectors.joining("; "));
    }

    /** Prints every figure of the scenario, a line each, to standard output. */
    void print() {
        RunResult first = runs.get(0);
        System.out.printf("%s: median of %d runs%n", name, runs.size());
        System.out.printf("  turns per second      %.1f%n", median(RunResult::turnsPerSecond));
        if (first.floor() > 0) {
            System.out.printf("  storage floor         %.1f GET + conditional PUT pairs/s at %d threads; the "
                    + "service reaches %.0f%% of it%n", median(RunResult::floor), first.concurrency(),
                    100 * median(run -> run.turnsPerSecond() / run.floor()));
        }
        if (first.floor() > 0) {
            // What a turn asks of the store, against the floor's two requests (one GET, one PUT) a pair.
            ToDoubleFunction<RunResult> turns = run -> Math.max(1, run.turnsPerSecond() * run.load().seconds());
            System.out.printf("  S3 requests per turn  %.2f (%.2f GET, %.2f PUT, %.2f other), whole surveys with "
                    + "their starts; a floor pair is 2 (1 GET, 1 PUT)%n",
                    median(run -> (run.counts().gets() + run.counts().puts() + run.counts().other())
                            / turns.applyAsDouble(run)),
                    median(run -> run.counts().gets() / turns.applyAsDouble(run)),
                    median(run -> run.counts().puts() / turns.applyAsDouble(run)),
                    median(run -> run.counts().other() / turns.applyAsDouble(run)));
            RunResult middle = runs.get(runs.size() / 2);
            StringBuilder folders = new StringBuilder();
            middle.counts().byFolder().forEach((folder, count) -> folders.append(String.format("%s %.2f; ",
                    folder, count / turns.applyAsDouble(middle))));
            System.out.printf("    by folder (one run): %s%n", folders);
            System.out.printf("    each run: %s%n", s3EachRun());
        }
        System.out.println("  latency (ms)          route             requests     p50     p95     p99     max");
        for (String route : first.routes().keySet()) {
            System.out.printf("                        %-16s %9.0f %7.1f %7.1f %7.1f %7.1f%n", route,
                    medianOfRoute(route, RouteLatencies.Summary::count),
                    medianOfRoute(route, RouteLatencies.Summary::p50),
                    medianOfRoute(route, RouteLatencies.Summary::p95),
                    medianOfRoute(route, RouteLatencies.Summary::p99),
                    medianOfRoute(route, RouteLatencies.Summary::max));
        }
        if (first.s3() != null) {
            System.out.printf("  S3 per answered question, steady state: %.2f GET, %.2f PUT, %.2f other%n",
                    median(run -> run.s3().gets()), median(run -> run.s3().puts()),
                    median(run -> run.s3().other()));
            StringBuilder folders = new StringBuilder();
            runs.get(runs.size() / 2).s3().byFolder().forEach((folder, perAnswer) ->
                    folders.append(String.format("%s %.2f; ", folder, perAnswer)));
            System.out.printf("    by folder (one run): %s%n", folders);
            System.out.printf("    each run: %s%n", s3EachRun());
        }
        double answered = Math.max(1, first.findings().answers());
        System.out.printf("  S3 per answered question, whole surveys with their starts: %.2f GET, %.2f PUT%n",
                median(run -> run.counts().gets() / (double) Math.max(1, run.findings().answers())),
                median(run -> run.counts().puts() / (double) Math.max(1, run.findings().answers())));
        String window = first.load().underLoad() == null ? "the whole run: the run is too short to leave out "
                + "its start" : String.format("%.1f s in to the end of the run's time",
                first.load().rampUp().toMillis() / 1000.0);
        System.out.printf("  EventBridge           %.3f PutEvents calls per event under load (%s), %.3f over the "
                + "whole run (with its start and the last surveys finishing)%n",
                median(RunResult::putEventsPerEventUnderLoad), window, median(RunResult::putEventsPerEvent));
        RunResult middle = runs.get(runs.size() / 2);
        if (middle.load().underLoad() != null) {
            System.out.printf("    calls under load (one run): %s%n", middle.load().underLoad().callsByEntries());
        }
        System.out.printf("  answers               %d given (first run), lost %d, duplicated %d (all runs)%n",
                (long) answered, runs.stream().mapToInt(run -> run.findings().lost()).sum(),
                runs.stream().mapToInt(run -> run.findings().duplicated()).sum());
        System.out.printf("  errors                %d surveys failed (all runs)%n",
                runs.stream().mapToInt(run -> run.load().errors()).sum());
        System.out.printf("  outbox at the end     %.0f entries not yet delivered, the oldest %.1f s old, when the "
                + "respondents stopped; every survey's last event on the bus %.1f s later%n",
                median(run -> run.load().backlogAtEnd().entries()),
                median(run -> run.load().backlogAtEnd().oldestSeconds()),
                median(run -> run.findings().drainSeconds()));
        if (first.floor() > 0) {
            // Turns whose events are out, over the run and its drain: what the service delivers end to end.
            System.out.printf("  delivered end to end  %.1f turns/s (the run's turns over its time and the drain), "
                    + "%.0f%% of the floor%n", median(RunResult::deliveredTurnsPerSecond),
                    100 * median(run -> run.deliveredTurnsPerSecond() / run.floor()));
        }
        System.out.printf("  collections           %.0f young, %.1f ms each on average; %.0f full, %.0f ms each "
                + "(during the run, medians of runs)%n", median(run -> run.load().collections().young()),
                median(run -> run.load().collections().youngMillisEach()),
                median(run -> run.load().collections().full()),
                median(run -> run.load().collections().fullMillisEach()));
        System.out.printf("  benchmark JVM pauses  %.0f, %.0f ms in all, the longest %.0f ms (medians of runs: the "
                + "respondents' clock and the local servers stop with them)%n",
                median(run -> run.load().harness().pauses()), median(run -> run.load().harness().totalMillis()),
                median(run -> run.load().harness().longestMillis()));
        System.out.printf("  liveness probes       p50 %.1f ms, max %.1f ms, %.0f failed (medians of runs; one a second on "
                + "the webhooks' port, under load)%n", median(run -> run.load().probes().p50Millis()),
                median(run -> run.load().probes().maxMillis()), median(run -> run.load().probes().failed()));
        System.out.printf("  memory under load     resident %.0f MiB (peak), heap in use %.0f MiB%n%n",
                median(run -> run.load().maxResidentMiB()), median(run -> run.load().heapMiB()));
    }

    /** The README's table: one row a scenario, medians of its runs, then the production launch's time to ready. */
    static void printTable(List<Scenario> scenarios, double productionReady) {
        System.out.println("| Scenario | Turns/s | Storage floor (pairs/s) | Fraction "
                + "| Delivered end to end: turns/s, fraction (drain) "
                + "| Webhook p50 / p95 / p99 / max (ms) | S3 GET / PUT per answer "
                + "| PutEvents per event (under load / run) "
                + "| Lost / duplicated | Peak RSS (MiB) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Scenario scenario : scenarios) {
            RunResult first = scenario.runs().get(0);
            String route = first.routes().containsKey(SurveyTraffic.SMS_WEBHOOK) ? SurveyTraffic.SMS_WEBHOOK
                    : SurveyTraffic.VOICE_CALL;
            System.out.printf("| %s | %.1f | %s | %s | %s | %s: %.1f / %.1f / %.1f / %.1f | %s | %.3f / %.3f "
                    + "| %d / %d | %.0f |%n",
                    scenario.name(), scenario.median(RunResult::turnsPerSecond),
                    first.floor() > 0 ? String.format("%.1f", scenario.median(RunResult::floor)) : "",
                    first.floor() > 0 ? String.format("%.0f%%",
                            100 * scenario.median(run -> run.turnsPerSecond() / run.floor())) : "",
                    first.floor() > 0 ? String.format("%.1f, %.0f%% (%.1f s)",
                            scenario.median(RunResult::deliveredTurnsPerSecond),
                            100 * scenario.median(run -> run.deliveredTurnsPerSecond() / run.floor()),
                            scenario.median(run -> run.findings().drainSeconds()))
                            : String.format("(%.1f s)", scenario.median(run -> run.findings().drainSeconds())),
                    route, scenario.medianOfRoute(route, RouteLatencies.Summary::p50),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::p95),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::p99),
                    scenario.medianOfRoute(route, RouteLatencies.Summary::max),
                    first.s3() == null ? "" : String.format("%.2f / %.2f", scenario.median(run -> run.s3().gets()),
                            scenario.median(run -> run.s3().puts())),
                    scenario.median(RunResult::putEventsPerEventUnderLoad),
                    scenario.median(RunResult::putEventsPerEvent),
                    scenario.runs().stream().mapToInt(run -> run.findings().lost()).sum(),
                    scenario.runs().stream().mapToInt(run -> run.findings().duplicated()).sum(),
                    scenario.median(run -> run.load().maxResidentMiB()));
        }
        System.out.printf("%nready in %.2f s (production launch, median); idle resident memory measured above%n",
                productionReady);
    }
}
