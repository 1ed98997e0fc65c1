package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.results.ResultsExport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The CSV export of a survey with ten thousand finished sessions, and the JSON Lines export of three thousand of
 * them: streamed (chunked, no length known up front), every session exactly once, never more than one batch of
 * session documents held at once, and not cut short by Spring's async timeout (30 s by default, which an export of
 * 10,000 sessions on a busy machine outlasts);
 * and an export that storage fails midway reaches the client as a broken download, not a complete-looking one.
 */
class ResultsExportTest extends ServiceTest {

    private static final int SESSIONS = 10_000;
    private static final int DAYS = 10;
    /** The days the JSON Lines export covers, from the first. */
    private static final int JSONL_DAYS = 3;
    /** Days long past, so no other test's sessions share them, and no other test reads them (they stay). */
    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");
    /** The day of the sessions whose export storage fails midway; no other test uses it. */
    private static final LocalDate CUT_SHORT_DAY = LocalDate.parse("2024-03-01");
    private static final int CUT_SHORT_SESSIONS = 300;
    private static final String[] STATUSES = {"COMPLETED", "ABANDONED", "OPTED_OUT"};
    private static final String[] CHANNELS = {"sms", "voice", "whatsapp"};

    @Autowired
    ResultsExport export;

    /** Stores a finished session document under each key (session id to key), straight into the local S3. */
    private static void store(Map<String, String> keys) {
        keys.forEach((sessionId, key) -> {
            String[] name = key.substring(key.lastIndexOf('/') + 1).split("\\.");
            String day = key.split("/")[2];
            SERVICES.s3().putDirect(LocalServices.BUCKET, key, ResultsMigrationTest.document(sessionId,
                    "customer-satisfaction", name[0], name[1], name[2], day + "T12:00:00Z"));
        });
    }

    /** The keys of {@code count} sessions spread over {@code days} days from {@code first}, every status and channel. */
    private static Map<String, String> sessions(int count, LocalDate first, int days) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String sessionId = UUID.randomUUID().toString();
            LocalDate day = first.plusDays(i % days);
            String status = STATUSES[i % 3];
            String channel = CHANNELS[(i / 3) % 3];
            keys.put(sessionId, "finished-sessions/customer-satisfaction/" + day + "/" + status + "." + channel
                    + ".en-US." + sessionId + ".json");
        }
        return keys;
    }

    private HttpResponse<InputStream> export(String format, LocalDate from, LocalDate to) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/surveys/customer-satisfaction/results." + format + "?from=" + from + "&to=" + to))
                .header("X-Api-Key", API_KEY).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void streamsTenThousandSessionsEachOnceHoldingOneBatchAtATime() throws Exception {
        Map<String, String> keys = sessions(SESSIONS, FIRST_DAY, DAYS);
        long writing = System.nanoTime();
        store(keys);
        // Printed below, not asserted: a timed assertion would fail on a busy machine.
        double writeSeconds = (System.nanoTime() - writing) / 1e9;

        long reading = System.nanoTime();
        HttpResponse<InputStream> response = export("csv", FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).as("streamed, so no length up front").isEmpty();
        Map<String, Integer> seen = new HashMap<>();
        String lastDay = null;
        InputStreamReader csv = new InputStreamReader(response.body(), StandardCharsets.UTF_8);
        try (CSVParser rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(csv)) {
            assertThat(rows.getHeaderNames()).startsWith("sessionId", "surveyVersion", "surveyTo", "channel");
            for (CSVRecord row : rows) {
                seen.merge(row.get("sessionId"), 1, Integer::sum);
                String day = row.get("started").substring(0, 10);
                assertThat(lastDay == null || day.compareTo(lastDay) <= 0).as("newest day first").isTrue();
                lastDay = day;
                assertThat(row.get("questionServiceRate")).isEqualTo("4");
                assertThat(row.get("questionServiceRate.state")).isEqualTo("answered");
            }
        }
        double csvSeconds = (System.nanoTime() - reading) / 1e9;
        assertThat(seen).hasSize(SESSIONS).containsOnlyKeys(keys.keySet());
        assertThat(seen.values()).as("each session exactly once").containsOnly(1);

        reading = System.nanoTime();
        // JSON Lines over three of the days (3,000 sessions, 30 batches): the same stream, in half the time.
        LocalDate lastJsonlDay = FIRST_DAY.plusDays(JSONL_DAYS - 1);
        Set<String> inJsonlDays = new HashSet<>();
        keys.forEach((sessionId, key) -> {
            if (key.split("/")[2].compareTo(lastJsonlDay.toString()) <= 0) {
                inJsonlDays.add(sessionId);
            }
        });
        HttpResponse<InputStream> lines = export("jsonl", FIRST_DAY, lastJsonlDay);
        assertThat(lines.statusCode()).isEqualTo(200);
        assertThat(lines.headers().firstValue("Content-Length")).as("streamed, so no length up front").isEmpty();
        Map<String, Integer> seenInLines = new HashMap<>();
        lastDay = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(lines.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode document = json(line);
                String sessionId = document.get("sessionId").asText();
                seenInLines.merge(sessionId, 1, Integer::sum);
                String day = document.get("surveyStarted").asText().substring(0, 10);
                assertThat(lastDay == null || day.compareTo(lastDay) <= 0).as("newest day first").isTrue();
                lastDay = day;
                assertThat(keys.get(sessionId)).as("stored under its day").contains("/" + day + "/");
                assertThat(document.at("/questions/0/answer").asInt()).isEqualTo(4);
            }
        }
        assertThat(seenInLines).hasSize(SESSIONS * JSONL_DAYS / DAYS).containsOnlyKeys(inJsonlDays);
        assertThat(seenInLines.values()).as("each session exactly once").containsOnly(1);
        double jsonlSeconds = (System.nanoTime() - reading) / 1e9;
        assertThat(export.mostSessionsHeld()).as("sessions held at once").isPositive()
                .isLessThanOrEqualTo(ResultsExport.BATCH);
        System.out.printf("ResultsExportTest: wrote %d sessions in %.1f s, exported them as CSV in %.1f s and %d of "
                + "them as JSON Lines in %.1f s, at most %d held at once%n", SESSIONS, writeSeconds, csvSeconds,
                inJsonlDays.size(), jsonlSeconds, export.mostSessionsHeld());
    }

    @Test
    void anExportThatStorageFailsMidwayEndsAsABrokenDownload() throws Exception {
        store(sessions(CUT_SHORT_SESSIONS, CUT_SHORT_DAY, 1));
        // The listing is served; the reads of the day's documents fail from the second batch on, or within the
        // first (before Tomcat's buffer fills and sends the status).
        for (int readsServed : List.of(ResultsExport.BATCH, 5)) {
            for (String format : List.of("csv", "jsonl")) {
                cutShortAfter(readsServed, format);
            }
        }
    }

    private void cutShortAfter(int readsServed, String format) throws Exception {
        String failure = format + " failing after " + readsServed + " reads";
        SERVICES.s3().faults().setAfter(Faults.Mode.INTERNAL_ERROR, readsServed, "/finished-sessions/customer-satisfaction/"
                + CUT_SHORT_DAY + "/");
        try {
            HttpResponse<InputStream> response = export(format, CUT_SHORT_DAY, CUT_SHORT_DAY);
            assertThat(response.statusCode()).as(failure).isEqualTo(200);
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                assertThatThrownBy(() -> {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                }).as(failure + ": the download must not end cleanly").isInstanceOf(IOException.class);
            }
            assertThat(lines).as(failure + ": what arrived before it").hasSizeLessThan(CUT_SHORT_SESSIONS);
        } finally {
            SERVICES.s3().faults().clear();
        }
    }
}
