package com.surveyrelay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.campaign.CampaignId;
import com.surveyrelay.local.LocalServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The largest campaign the production launch takes, run to its end: the packaged jar with the README's memory flags
 * ({@code -Xmx144m}, the serial collector) and {@code CAMPAIGN_MAX_ROWS=1000000}, against the local default's
 * servers. It checks that the start warns that the heap, not the setting, limits a campaign; that a file one row over
 * that limit is refused and its status names the heap; and that a file of exactly the limit runs to its end with no
 * {@code OutOfMemoryError}. It prints the rows a second, the live heap (after a full collection, sampled every
 * {@value #SAMPLE_SECONDS} s), the resident memory and the collections' pauses.
 *
 * <p>Run: {@code mvn -B -ntp -Pbenchmark verify -Dit.test=CampaignMemoryBenchmark} (about ten minutes on two cores;
 * kept out of {@code mvn verify}). {@code -Dbenchmark.campaign-rate=N} sets the campaign rate (default 1000).
 */
@Tag("benchmark")
class CampaignMemoryBenchmark {

    private static final String PUBLIC_BASE_URL = "https://relay.example.com";
    private static final String API_KEY = "campaign-memory-api-key";
    private static final int SAMPLE_SECONDS = 10;
    private static final Duration LONGEST_RUN = Duration.ofMinutes(30);
    private static final Pattern HEAP_LIMIT = Pattern.compile("holds campaigns of up to (\\d+) rows");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalServices services;

    @AfterEach
    void stopLocalServers() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theLargestCampaignTheProductionHeapTakesRunsToItsEnd(@TempDir Path data) throws Exception {
        Path jar = Path.of(System.getProperty("benchmark.jar", "target/survey-relay-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (mvn -Pbenchmark verify packages it first)").exists();
        int port = ServiceProcess.freePort();
        LocalServices.useLocalCredentials();
        services = LocalServices.onDisk(data, Path.of("config-files"), 0, 0, 0);
        services.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + port));
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Map<String, String> properties = new LinkedHashMap<>(
                services.serviceProperties(URI.create(PUBLIC_BASE_URL), API_KEY));
        properties.put("server.port", Integer.toString(port));
        properties.put("survey-relay.campaigns.enabled", "true");
        properties.put("survey-relay.campaigns.inbox", inbox.toString());
        properties.put("survey-relay.campaigns.max-rows", "1000000");
        properties.put("survey-relay.campaigns.rate-per-second", System.getProperty("benchmark.campaign-rate", "1000"));
        properties.put("survey-relay.campaigns.concurrency", "16");
        properties.put("survey-relay.campaigns.progress-every", "5000");
        Path log = Path.of("target", "campaign-memory", "service.log");
        Files.deleteIfExists(log);
        List<String> flags = List.of(ProductionBenchmark.DEFAULT_JVM_FLAGS.split(" "));

        try (ServiceProcess service = ServiceProcess.start(jar, flags, properties, ServiceProcess.localEnvironment(),
                port, log)) {
            Matcher warned = HEAP_LIMIT.matcher(Files.readString(log));
            assertThat(warned.find()).as("the start says the heap limits a campaign (see %s)", log).isTrue();
            int limit = Integer.parseInt(warned.group(1));
            System.out.printf("Campaign memory: flags %s; the heap holds campaigns of up to %d rows%n",
                    ProductionBenchmark.DEFAULT_JVM_FLAGS, limit);

            byte[] overLimit = file(limit + 1, 0);
            String refused = drop(inbox, "one-row-over.csv", overLimit);
            JsonNode refusal = awaitState(service, refused, Duration.ofMinutes(2));
            assertThat(refusal.get("state").asText()).isEqualTo("refused");
            assertThat(refusal.get("reason").asText()).contains("This instance's heap (139 MiB) sets that limit");
            System.out.printf("Campaign memory: %d rows refused: %s%n", limit + 1, refusal.get("reason").asText());

            byte[] atLimit = file(limit, 1);
            long started = System.nanoTime();
            String id = drop(inbox, "at-the-limit.csv", atLimit);
            Samples samples = new Samples();
            Duration every = Duration.ofSeconds(SAMPLE_SECONDS);
            await().atMost(LONGEST_RUN).pollDelay(every).pollInterval(every).until(() -> {
                assertThat(service.isAlive()).as("the service is running (see %s)", log).isTrue();
                return samples.take(service, campaign(service, id), limit);
            });
            JsonNode status = samples.status;
            long peakLiveMiB = samples.peakLiveMiB;
            long peakResidentMiB = samples.peakResidentMiB;
            double seconds = (System.nanoTime() - started) / 1e9;
            ServiceMeters.GcPauses pauses = ServiceMeters.GcPauses.of(ServiceMeters.scrape(service.baseUrl()));
            String serviceLog = Files.readString(log);
            System.out.printf("Campaign memory: %d rows in %.0f s (%.0f rows/s): %d started, %d scheduled, %d failed, "
                    + "%d skipped; peak live heap %d MiB of 139, peak resident %d MiB; %.0f young collections "
                    + "(%.1f s), %.0f full (%.1f s, %d of them the samples'); OutOfMemoryError in the log: %s%n",
                    limit, seconds, limit / seconds, status.path("done").asInt(), status.path("scheduled").asInt(),
                    status.path("failed").asInt(), status.path("skipped").asInt(), peakLiveMiB, peakResidentMiB,
                    pauses.young(), pauses.youngSeconds(), pauses.full(), pauses.fullSeconds(), samples.count,
                    serviceLog.contains("OutOfMemoryError"));
            assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("finished");
            assertThat(status.path("pending").asInt()).isZero();
            assertThat(serviceLog).doesNotContain("OutOfMemoryError");
        }
    }

    /** A campaign file of {@code rows} SMS rows, numbers {@code +1555<series><6 digits>}. */
    private static byte[] file(int rows, int series) {
        StringBuilder csv = new StringBuilder("phone,channel\n");
        for (int i = 0; i < rows; i++) {
            csv.append("+1555").append(series).append(String.format("%06d", i)).append(",sms\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Drops the file in the inbox (written aside, then moved in whole); answers its campaign id. */
    private static String drop(Path inbox, String name, byte[] content) throws Exception {
        Path partial = inbox.getParent().resolve(name + ".part");
        Files.write(partial, content);
        Files.move(partial, inbox.resolve(name));
        return CampaignId.of(name, content);
    }

    private JsonNode awaitState(ServiceProcess service, String id, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> campaign(service, id), status -> status.has("state"));
    }

    /** The samples taken while the campaign runs: their peaks, their count, and the last status read. */
    private static final class Samples {
        private long peakLiveMiB;
        private long peakResidentMiB;
        private int count;
        private JsonNode status;

        /** Samples the service's memory beside the campaign's {@code status}; true once the campaign is finished. */
        boolean take(ServiceProcess service, JsonNode campaign, int rows) {
            count++;
            long liveMiB = service.liveHeapMiB();
            long residentMiB = service.residentMiB();
            peakLiveMiB = Math.max(peakLiveMiB, liveMiB);
            peakResidentMiB = Math.max(peakResidentMiB, residentMiB);
            status = campaign;
            System.out.printf("Campaign memory: %s, %d of %d rows; live heap %d MiB, resident %d MiB%n",
                    campaign.path("state").asText(), rows - campaign.path("pending").asInt(rows), rows, liveMiB,
                    residentMiB);
            return "finished".equals(campaign.path("state").asText());
        }
    }

    /** {@code GET /campaigns/{id}}, or an empty object before the campaign has a status. */
    private JsonNode campaign(ServiceProcess service, String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.baseUrl().resolve("/campaigns/" + id))
                .header("x-api-key", API_KEY).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }
}
