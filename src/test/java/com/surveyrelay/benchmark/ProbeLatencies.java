package com.surveyrelay.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A liveness probe sent to the service once a second during a run, as Kubernetes sends one ({@code periodSeconds}),
 * on the port the webhooks use: how long a probe waits when every request thread is busy, the figure behind the
 * README's advice for {@code timeoutSeconds}. Each probe's time runs from its send to its answer, in milliseconds;
 * one that fails or takes longer than {@value #TIMEOUT_SECONDS} s counts as failed. Started with
 * {@link #start(URI, Duration)}, read with {@link #stop()}.
 */
final class ProbeLatencies {

    static final String PATH = "/actuator/health/liveness";
    /** Longer than any wait a run has shown, so that a slow probe is timed, not cut. */
    private static final int TIMEOUT_SECONDS = 30;

    /**
     * The probes of one run.
     *
     * @param count probes answered 200
     * @param failed probes refused, unanswered within {@value #TIMEOUT_SECONDS} s, or answered otherwise
     * @param p50Millis the median answered probe's time, in ms; NaN when none was answered
     * @param maxMillis the slowest answered probe's time, in ms; NaN when none was answered
     */
    record Figures(int count, int failed, double p50Millis, double maxMillis) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .build();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
    private final List<Double> millis = new ArrayList<>();
    private int failed;

    private ProbeLatencies() {
    }

    /** Probes {@code baseUrl}'s liveness once a second from {@code after} on, each after the one before answered. */
    static ProbeLatencies start(URI baseUrl, Duration after) {
        ProbeLatencies probes = new ProbeLatencies();
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(PATH))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).GET().build();
        probes.prober.scheduleWithFixedDelay(() -> probes.probe(request), after.toMillis(), 1000,
                TimeUnit.MILLISECONDS);
        return probes;
    }

    private void probe(HttpRequest request) {
        long sent = System.nanoTime();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            record(status == 200 ? (System.nanoTime() - sent) / 1e6 : Double.NaN);
        } catch (IOException e) {
            record(Double.NaN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(double probeMillis) {
        if (Double.isNaN(probeMillis)) {
            failed++;
        } else {
            millis.add(probeMillis);
        }
    }

    /** Stops probing (a probe in flight is abandoned, not counted) and answers the run's figures. */
    synchronized Figures stop() {
        prober.shutdownNow();
        List<Double> sorted = millis.stream().sorted().toList();
        return new Figures(sorted.size(), failed,
                sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
    }
}
