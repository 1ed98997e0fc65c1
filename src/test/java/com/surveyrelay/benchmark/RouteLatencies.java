package com.surveyrelay.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Webhook and API latency per route, as the client measured it (request sent to response read), in HdrHistogram
 * histograms of microseconds from 1 µs to 60 s at three significant digits. Safe for many recording threads.
 */
final class RouteLatencies {

    private static final long HIGHEST_MICROS = 60_000_000L;

    private final Map<String, Histogram> byRoute = new ConcurrentHashMap<>();

    /** Records one request to {@code route} that took {@code nanos} nanoseconds. */
    void record(String route, long nanos) {
        byRoute.computeIfAbsent(route, any -> new ConcurrentHistogram(HIGHEST_MICROS, 3))
                .recordValue(Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1_000)));
    }

    /**
     * One route's figures in milliseconds.
     *
     * @param count requests recorded
     */
    record Summary(long count, double p50, double p95, double p99, double max) {
    }

    /** Every route's figures, by route id. */
    Map<String, Summary> summaries() {
        Map<String, Summary> summaries = new TreeMap<>();
        byRoute.forEach((route, histogram) -> summaries.put(route, new Summary(histogram.getTotalCount(),
                millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(95)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()))));
        return summaries;
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
