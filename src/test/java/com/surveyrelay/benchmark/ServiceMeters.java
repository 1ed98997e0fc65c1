package com.surveyrelay.benchmark;

import java.io.IOException;
import java.net.URI;

/**
 * What the benchmark reads from the service's own meters ({@code /actuator/prometheus}): its outbox's backlog and its
 * garbage collections. One scrape is one HTTP GET; the figures are read from its text.
 */
final class ServiceMeters {

    private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();

    private ServiceMeters() {
    }

    /** The service's meters now, in Prometheus' text format ({@code /actuator/prometheus} under {@code service}). */
    static String scrape(URI service) throws IOException, InterruptedException {
        return CLIENT.send(java.net.http.HttpRequest.newBuilder(
                service.resolve("/actuator/prometheus")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a meter's series whose labels include {@code label} ("" for every series); NaN when none. */
    static double sum(String scrape, String name, String label) {
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(Double.NaN);
    }

    /**
     * The outbox's backlog as the service's own gauges give it ({@code survey_relay_outbox_entries} and
     * {@code survey_relay_outbox_oldest_age_seconds}): entries its relay has yet to deliver, and the oldest one's age
     * in seconds. A backlog that is still there when the respondents stop is work the run's turns left for later.
     */
    record OutboxBacklog(double entries, double oldestSeconds) {
        static OutboxBacklog of(String scrape) {
            return new OutboxBacklog(sum(scrape, "survey_relay_outbox_entries", ""),
                    sum(scrape, "survey_relay_outbox_oldest_age_seconds", ""));
        }
    }

    /**
     * The service's garbage collections, from Micrometer's {@code jvm_gc_pause_seconds} (every cause added up): young
     * ({@code end of minor GC}) and full ({@code end of major GC}) collections, how many and their pauses' total in
     * seconds. Every request in flight waits out a pause: they are the first suspects for a latency's tail.
     */
    record GcPauses(double young, double youngSeconds, double full, double fullSeconds) {
        private static final String YOUNG = "action=\"end of minor GC\"";
        private static final String FULL = "action=\"end of major GC\"";

        static GcPauses of(String scrape) {
            return new GcPauses(orZero(sum(scrape, "jvm_gc_pause_seconds_count", YOUNG)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_sum", YOUNG)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_count", FULL)),
                    orZero(sum(scrape, "jvm_gc_pause_seconds_sum", FULL)));
        }

        private static double orZero(double value) {
            return Double.isNaN(value) ? 0 : value;
        }

        GcPauses minus(GcPauses earlier) {
            return new GcPauses(young - earlier.young, youngSeconds - earlier.youngSeconds, full - earlier.full,
                    fullSeconds - earlier.fullSeconds);
        }

        /** The average young pause in ms; 0 when there was none. */
        double youngMillisEach() {
            return young == 0 ? 0 : 1000 * youngSeconds / young;
        }

        /** The average full pause in ms; 0 when there was none. */
        double fullMillisEach() {
            return full == 0 ? 0 : 1000 * fullSeconds / full;
        }
    }
}
