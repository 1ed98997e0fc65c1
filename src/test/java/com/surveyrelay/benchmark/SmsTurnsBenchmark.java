package com.surveyrelay.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.surveyrelay.SurveyRelayApplication;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TwilioSignature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SMS turns per second: concurrent virtual respondents each take complete SMS surveys (one start, five signed
 * texts) against the service and the local default's embedded S3, EventBridge endpoint and Twilio emulator, in
 * this JVM. Prints turns per second and webhook latency per concurrency. Not part of {@code mvn verify}; run it
 * with {@code mvn test -Dtest=SmsTurnsBenchmark -DexcludedGroups= -Dgroups=benchmark} (settings:
 * {@code -Dbenchmark.concurrency=8,50 -Dbenchmark.seconds=20}). A first look, until the production-like
 * benchmark of the performance issue replaces it.
 */
@Tag("benchmark")
class SmsTurnsBenchmark {

    private static final String PUBLIC_BASE_URL = "https://relay.example.com";
    private static final String API_KEY = "benchmark-api-key";
    private static final List<String> REPLIES = List.of("continue", "4", "the app", "5", "nothing");

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(64)).build();
    private final AtomicInteger numbers = new AtomicInteger(1_000_000);
    private int port;

    @Test
    void smsTurnsPerSecond() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 20);
        List<Integer> concurrencies = java.util.Arrays.stream(System.getProperty("benchmark.concurrency", "8,50")
                .split(",")).map(String::strip).map(Integer::valueOf).toList();
        LocalServices.useLocalCredentials();
        try (LocalServices services = LocalServices.inMemory(Path.of("config-files"))) {
            Map<String, String> properties = new LinkedHashMap<>(
                    services.serviceProperties(URI.create(PUBLIC_BASE_URL), API_KEY));
            properties.put("server.port", "0");
            properties.put("survey-relay.campaigns.enabled", "false");
            properties.put("survey-relay.triggers.enabled", "false");
            properties.put("survey-relay.initiation.rate-limit", "100000");
            properties.put("logging.level.com.surveyrelay", "WARN");
            properties.put("logging.level.com.surveyrelay.local", "WARN");
            String[] arguments = properties.entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SurveyRelayApplication.class)
                    .run(arguments)) {
                port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
                services.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + port));
                run(services, 8, 5); // warm-up
                for (int concurrency : concurrencies) {
                    run(services, concurrency, seconds);
                }
            }
        }
    }

    private void run(LocalServices services, int concurrency, int seconds) throws Exception {
        Map<String, Long> s3Before = services.s3().requestCounts();
        long putEventsBefore = services.eventBridge().putEventsCalls();
        int eventsBefore = services.eventBridge().events().size();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger turns = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService respondents = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            running.add(respondents.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String phone = "+1555" + numbers.incrementAndGet();
                    try {
                        if (start(phone) != 201) {
                            errors.incrementAndGet();
                            continue;
                        }
                        for (String reply : REPLIES) {
                            long sent = System.nanoTime();
                            int status = text(phone, reply);
                            latencies.add((System.nanoTime() - sent) / 1_000_000);
                            if (status == 200) {
                                turns.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> each : running) {
            each.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        respondents.shutdown();
        List<Long> sorted = latencies.stream().sorted().collect(Collectors.toList());
        System.out.printf("benchmark: %d respondents, %.1f s: %d SMS turns, %.1f turns/s, webhook p50 %d ms, "
                + "p95 %d ms, max %d ms, %d errors%n", concurrency, elapsed, turns.get(), turns.get() / elapsed,
                percentile(sorted, 50), percentile(sorted, 95), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                errors.get());
        // Counted by the local servers themselves, start and outbox included; the last of each survey's events and
        // results may still be on their way when the run ends.
        Map<String, Long> s3After = services.s3().requestCounts();
        long gets = s3After.getOrDefault("GET", 0L) - s3Before.getOrDefault("GET", 0L);
        long puts = s3After.getOrDefault("PUT", 0L) - s3Before.getOrDefault("PUT", 0L);
        double answered = turns.get() * (REPLIES.size() - 1) / (double) REPLIES.size();
        long putEvents = services.eventBridge().putEventsCalls() - putEventsBefore;
        int events = services.eventBridge().events().size() - eventsBefore;
        System.out.printf("benchmark: %d respondents: S3 %.2f GETs and %.2f PUTs per answered question; "
                + "EventBridge %d PutEvents calls for %d events (%.2f per event)%n", concurrency,
                gets / Math.max(answered, 1), puts / Math.max(answered, 1), putEvents, events,
                putEvents / (double) Math.max(events, 1));
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private int start(String phone) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sms/initiate-sms"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"To\": \"" + phone + "\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int text(String phone, String body) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("From", phone);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Body", body);
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + "/sms/webhook", params);
        String form = params.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sms/webhook"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
