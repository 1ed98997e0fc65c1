package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalServices;
import com.surveyrelay.results.ResultsExport;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CSV export of a survey with ten thousand finished sessions: streamed (chunked, no length known up front),
 * every session exactly once, and never more than one batch of session documents held at once.
 */
class ResultsExportTest extends ServiceTest {

    private static final int SESSIONS = 10_000;
    private static final int DAYS = 10;
    /** Days long past, so no other test's sessions share them, and no other test reads them (they stay). */
    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");
    private static final String[] STATUSES = {"COMPLETED", "ABANDONED", "OPTED_OUT"};
    private static final String[] CHANNELS = {"sms", "voice", "whatsapp"};

    @Autowired
    ResultsExport export;

    @Test
    void streamsTenThousandSessionsEachOnceHoldingOneBatchAtATime() throws Exception {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String sessionId = UUID.randomUUID().toString();
            LocalDate day = FIRST_DAY.plusDays(i % DAYS);
            String status = STATUSES[i % 3];
            String channel = CHANNELS[(i / 3) % 3];
            keys.put(sessionId, "finished-sessions/customer-satisfaction/" + day + "/" + status + "." + channel
                    + ".en-US." + sessionId + ".json");
        }
        long writing = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try (S3Client s3 = s3()) {
            List<Future<?>> puts = new ArrayList<>();
            for (Map.Entry<String, String> session : keys.entrySet()) {
                String key = session.getValue();
                String[] name = key.substring(key.lastIndexOf('/') + 1).split("\\.");
                String day = key.split("/")[2];
                String document = ResultsMigrationTest.document(session.getKey(), "customer-satisfaction", name[0],
                        name[1], name[2], day + "T12:00:00Z");
                puts.add(writers.submit(() -> s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key)
                        .contentType("application/json"), RequestBody.fromString(document))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            writers.shutdown();
        }
        // Printed below, not asserted: a timed assertion would fail on a busy machine.
        double writeSeconds = (System.nanoTime() - writing) / 1e9;

        long reading = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/surveys/customer-satisfaction/results.csv?from=" + FIRST_DAY + "&to="
                + FIRST_DAY.plusDays(DAYS - 1))).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).as("streamed, so no length up front").isEmpty();
        Map<String, Integer> seen = new HashMap<>();
        String lastDay = null;
        try (CSVParser rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(rows.getHeaderNames()).startsWith("sessionId", "surveyVersion", "surveyTo", "channel");
            for (CSVRecord row : rows) {
                seen.merge(row.get("sessionId"), 1, Integer::sum);
                String day = row.get("started").substring(0, 10);
                assertThat(lastDay == null || day.compareTo(lastDay) <= 0).as("newest day first").isTrue();
                lastDay = day;
                assertThat(row.get("questionServiceRate")).isEqualTo("4");
            }
        }
        double readSeconds = (System.nanoTime() - reading) / 1e9;
        assertThat(seen).hasSize(SESSIONS).containsOnlyKeys(keys.keySet());
        assertThat(seen.values()).as("each session exactly once").containsOnly(1);
        assertThat(export.mostSessionsHeld()).as("sessions held at once").isPositive().isLessThanOrEqualTo(1000);
        System.out.printf("ResultsExportTest: wrote %d sessions in %.1f s, exported them in %.1f s, "
                + "at most %d held at once%n", SESSIONS, writeSeconds, readSeconds, export.mostSessionsHeld());
    }
}
