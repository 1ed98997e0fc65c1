package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.conversation.SessionSteps;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The results sink's layout and the results API over it: real SMS surveys (completed in two languages, opted out)
 * land under {@code finished-sessions/<surveyId>/<day>/<STATUS>.<channel>.<language>.<sessionId>.json}, and
 * {@code GET /surveys/{surveyId}/sessions}, {@code results.csv} and {@code results.jsonl} find them by those names.
 */
class ResultsApiTest extends ServiceTest {

    private static final String SURVEY = "customer-satisfaction";

    @Autowired
    SessionSteps steps;

    @Autowired
    OutboxRelay relay;

    @Autowired
    SurveyCatalog catalog;

    private record Finished(String sessionId, String to, String key) {
    }

    private HttpResponse<String> get(String pathAndQuery, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery));
        if (withKey) {
            request.header("X-Api-Key", API_KEY);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void text(String from, String body) throws Exception {
        HttpResponse<String> reply = twilio("/sms/webhook", Map.of("From", from, "To", LocalServices.PHONE_NUMBER,
                "Body", body, "MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", "")));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    }

    /** Runs one SMS survey to its end with these replies and waits for the sink's copy, named as expected. */
    private Finished survey(String language, String status, String... replies) throws Exception {
        return surveyIn(SURVEY, language, status, replies);
    }

    /** {@link #survey(String, String, String...)} of the survey {@code surveyId}. */
    private Finished surveyIn(String surveyId, String language, String status, String... replies) throws Exception {
        SessionRef started = textedSurvey(surveyId, language, replies);
        return sinkCopy(surveyId, started.phone().value(), started.sessionId(), language, status);
    }

    /**
     * Runs one SMS survey with these replies (none: the welcome is never answered), then expires it as the relay's
     * sweep does once {@code SMS_CONVERSATION_TIMEOUT} has passed (here at once); waits for the sink's copy.
     */
    private Finished expiredSurvey(String... replies) throws Exception {
        SessionRef started = textedSurvey(SURVEY, null, replies);
        steps.apply(started, new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"))
                .map(SessionSteps.Step::stored).ifPresent(relay::wake);
        return sinkCopy(SURVEY, started.phone().value(), started.sessionId(), null, "ABANDONED");
    }

    /**
     * Starts one SMS survey of {@code surveyId} to a new number (in {@code language}, or the default) and texts these
     * replies.
     */
    private SessionRef textedSurvey(String surveyId, String language, String... replies) throws Exception {
        String to = newRespondent();
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + to + "\""
                + (surveyId.equals(SURVEY) ? "" : ", \"surveyId\": \"" + surveyId + "\"")
                + (language == null ? "" : ", \"defaultLanguage\": \"" + language + "\"") + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        for (String reply : replies) {
            text(to, reply);
        }
        return new SessionRef(new E164(to), json(started.body()).get("sessionId").asText());
    }

    /** Waits for the sink's copy of a session, named as expected. */
    private Finished sinkCopy(String surveyId, String to, String sessionId, String language, String status)
            throws Exception {
        return new Finished(sessionId, to, awaitFinishedCopy(surveyId, status + ".sms."
                + (language == null ? "en-US" : language), sessionId));
    }

    private static List<String> ids(JsonNode sessions) {
        List<String> ids = new ArrayList<>();
        sessions.forEach(session -> ids.add(session.get("sessionId").asText()));
        return ids;
    }

    /**
     * What S3 itself lists for the survey from {@code from} to today (UTC), day by day, filtered by the names: the
     * truth the API is checked against.
     */
    private static List<String> listedSince(LocalDate from, String status, String channel, String language) {
        List<String> ids = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(LocalDate.now(ZoneOffset.UTC)); day = day.plusDays(1)) {
            String folder = "finished-sessions/" + SURVEY + "/" + day + "/";
            for (String key : keys(folder)) {
                String[] parts = key.substring(folder.length(), key.length() - ".json".length()).split("\\.", 4);
                if ((status == null || parts[0].equals(status)) && (channel == null || parts[1].equals(channel))
                        && (language == null || parts[2].equals(language))) {
                    ids.add(parts[3]);
                }
            }
        }
        return ids;
    }

    /** The session ids S3 lists under the survey's folders for the API's default range, today and 29 days back. */
    private static Set<String> finishedInDefaultRange() {
        Set<String> ids = new HashSet<>();
        for (int day = 0; day < 30; day++) {
            String folder = "finished-sessions/" + SURVEY + "/" + LocalDate.now(ZoneOffset.UTC).minusDays(day) + "/";
            keys(folder).forEach(key -> ids.add(key.substring(key.lastIndexOf('.', key.length() - 6) + 1,
                    key.length() - 5)));
        }
        return ids;
    }

    /**
     * Checks an answer of the API against what S3 listed just before and just after it: sessions of other tests may
     * finish in between (the bucket is shared), so the answer holds everything listed before, nothing not listed
     * after, and keeps the listing's name order.
     */
    private static void assertListedInNameOrder(List<String> before, List<String> answered, List<String> after) {
        assertThat(answered).containsAll(before);
        assertThat(answered).isEqualTo(after.stream().filter(answered::contains).toList());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return response.statusCode() + " " + json(response.body()).get("error").asText();
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("X-Api-Key", API_KEY);
        headers.forEach(request::header);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two sessions on a day long past that no other test uses, one completed and one opted out; their ids. */
    private static List<String> storeTwoSessionsOn(LocalDate day) {
        List<String> ids = new ArrayList<>();
        try (S3Client s3 = s3()) {
            for (String status : List.of("COMPLETED", "OPTED_OUT")) {
                String sessionId = UUID.randomUUID().toString();
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day + "/"
                        + status + ".sms.en-US." + sessionId + ".json").contentType("application/json"),
                        RequestBody.fromString(ResultsMigrationTest.document(sessionId, SURVEY, status, "sms", "en-US",
                                day + "T12:00:00Z")));
                ids.add(sessionId);
            }
        }
        return ids;
    }

    /** The session ids of a CSV export's rows (its first column), without the header. */
    private static List<String> csvIds(String csv) {
        return Stream.of(csv.split("\r\n")).skip(1).map(row -> row.substring(0, row.indexOf(','))).toList();
    }

    /**
     * from and to are days in the timeZone asked (UTC without one): a session started at 2026-11-10T23:30Z is on the
     * 10th in UTC and in Los Angeles (15:30), on the 11th in Tokyo (08:30). The sessions page, both exports and the
     * summary count it so, and the sessions around it on the days they started there. Until 2026-12-05 every day was
     * a UTC day, and a researcher in Tokyo asking for the 11th got the 11th in UTC.
     */
    @Test
    void fromAndToAreDaysInTheTimeZoneAskedOnEveryResultsEndpoint() throws Exception {
        Map<String, String> startedAt = new LinkedHashMap<>();
        startedAt.put(UUID.randomUUID().toString(), "2026-11-10T23:30:00Z"); // Tokyo 11th, Los Angeles 10th
        startedAt.put(UUID.randomUUID().toString(), "2026-11-10T14:00:00Z"); // Tokyo 10th 23:00, Los Angeles 10th
        startedAt.put(UUID.randomUUID().toString(), "2026-11-10T07:30:00Z"); // Tokyo 10th, Los Angeles 9th 23:30
        startedAt.put(UUID.randomUUID().toString(), "2026-11-11T08:30:00Z"); // Tokyo 11th, Los Angeles 11th 00:30
        List<String> ids = List.copyOf(startedAt.keySet());
        List<String> keys = new ArrayList<>();
        try (S3Client s3 = s3()) {
            startedAt.forEach((sessionId, started) -> {
                String key = "finished-sessions/" + SURVEY + "/" + started.substring(0, 10) + "/COMPLETED.sms.en-US."
                        + sessionId + ".json";
                keys.add(key);
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key).contentType("application/json"),
                        RequestBody.fromString(ResultsMigrationTest.document(sessionId, SURVEY, "COMPLETED", "sms",
                                "en-US", started)));
            });
        }
        try {
            Map<String, List<String>> expected = new LinkedHashMap<>();
            expected.put("?from=2026-11-10&to=2026-11-10", List.of(ids.get(0), ids.get(1), ids.get(2)));
            expected.put("?from=2026-11-10&to=2026-11-10&timeZone=America%2FLos_Angeles", List.of(ids.get(0),
                    ids.get(1)));
            expected.put("?from=2026-11-11&to=2026-11-11&timeZone=Asia%2FTokyo", List.of(ids.get(0), ids.get(3)));
            expected.put("?from=2026-11-11&to=2026-11-11", List.of(ids.get(3)));
            String base = "/surveys/" + SURVEY;
            for (Map.Entry<String, List<String>> days : expected.entrySet()) {
                String query = days.getKey();
                HttpResponse<String> page = get(base + "/sessions" + query, true);
                assertThat(page.statusCode()).as(query + ": " + page.body()).isEqualTo(200);
                assertThat(ids(json(page.body()).get("sessions"))).as("sessions" + query)
                        .containsExactlyInAnyOrderElementsOf(days.getValue());
                HttpResponse<String> csv = get(base + "/results.csv" + query, true);
                assertThat(csv.statusCode()).as(query + ": " + csv.body()).isEqualTo(200);
                assertThat(csvIds(csv.body())).as("results.csv" + query)
                        .containsExactlyInAnyOrderElementsOf(days.getValue());
                HttpResponse<String> jsonl = get(base + "/results.jsonl" + query, true);
                assertThat(jsonl.statusCode()).as(query + ": " + jsonl.body()).isEqualTo(200);
                List<String> lines = new ArrayList<>();
                for (String line : jsonl.body().split("\n")) {
                    lines.add(json(line).get("sessionId").asText());
                }
                assertThat(lines).as("results.jsonl" + query).containsExactlyInAnyOrderElementsOf(days.getValue());
                HttpResponse<String> summary = get(base + "/summary" + query, true);
                assertThat(summary.statusCode()).as(query + ": " + summary.body()).isEqualTo(200);
                assertThat(json(summary.body()).get("sessions").asInt()).as("summary" + query)
                        .isEqualTo(days.getValue().size());
            }

            // A walk in Tokyo, a page of one: its cursor walks on in Tokyo only.
            String tokyo = base + "/sessions?from=2026-11-11&to=2026-11-11&timeZone=Asia%2FTokyo&limit=1";
            JsonNode first = json(get(tokyo, true).body());
            String cursor = first.get("nextCursor").asText();
            JsonNode second = json(get(tokyo + "&cursor=" + cursor, true).body());
            assertThat(ids(first.get("sessions"))).hasSize(1).doesNotContainAnyElementsOf(ids(second.get("sessions")));
            for (String other : List.of("", "&timeZone=Asia%2FSeoul", "&timeZone=UTC")) {
                String query = base + "/sessions?from=2026-11-11&to=2026-11-11&limit=1" + other + "&cursor=" + cursor;
                assertThat(error(get(query, true))).as(other).isEqualTo("400 invalid_cursor");
            }

            // A zone no one has, or one given as an offset, is refused saying what is taken.
            for (String endpoint : List.of("/sessions", "/results.csv", "/results.jsonl", "/summary")) {
                for (String notAZone : List.of("Mars%2FOlympus_Mons", "%2B09:00", "PST", "Asia%2FTokio")) {
                    HttpResponse<String> refused = get(base + endpoint + "?from=2026-11-11&timeZone=" + notAZone,
                            true);
                    assertThat(error(refused)).as(endpoint + " " + notAZone).isEqualTo("400 invalid_time_zone");
                    assertThat(json(refused.body()).get("message").asText())
                            .isEqualTo("timeZone must be an IANA time zone like America/Chicago.");
                }
                // Etc/GMT+9 is UTC-09:00: refused as a start refuses it, rather than days 18 hours off Tokyo's.
                HttpResponse<String> inverted = get(base + endpoint + "?from=2026-11-11&timeZone=Etc%2FGMT%2B9", true);
                assertThat(error(inverted)).as(endpoint + " Etc/GMT+9").isEqualTo("400 invalid_time_zone");
                assertThat(json(inverted.body()).get("message").asText()).isEqualTo("timeZone must be an IANA time "
                        + "zone like America/Chicago, not Etc/GMT+9, which is UTC-09:00 (the IANA database inverts the "
                        + "sign of its Etc/GMT zones): give the place whose days you mean.");
            }
        } finally {
            try (S3Client s3 = s3()) {
                keys.forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
        }
    }

    /** A respondent's line or paragraph separator stays inside its document's line of the JSON Lines export. */
    @Test
    void theJsonLinesExportEscapesWhatReadersTakeForLineEnds() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-03");
        String sessionId = UUID.randomUUID().toString();
        String words = "one\u2028two\u2029three\u0085four";
        com.fasterxml.jackson.databind.node.ObjectNode document = (com.fasterxml.jackson.databind.node.ObjectNode)
                json(ResultsMigrationTest.document(sessionId, SURVEY, "COMPLETED", "sms", "en-US", day + "T12:00:00Z"));
        document.put("note", words);
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/COMPLETED.sms.en-US." + sessionId + ".json").contentType("application/json"),
                    RequestBody.fromString(document.toString()));
        }
        HttpResponse<String> jsonl = get("/surveys/" + SURVEY + "/results.jsonl?from=" + day + "&to=" + day, true);
        assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
        assertThat(jsonl.body()).doesNotContain("\u2028", "\u2029", "\u0085").contains("one\\u2028two");
        List<String> lines = List.of(jsonl.body().split("[\n\u2028\u2029\u0085]"));
        assertThat(lines).hasSize(1);
        assertThat(json(lines.get(0)).get("note").asText()).isEqualTo(words);
    }

    /** Stores one completed SMS session of that day whose first question's rawInput is {@code raw}. */
    private void storeWithFirstRawInput(LocalDate day, String raw) throws Exception {
        String sessionId = UUID.randomUUID().toString();
        com.fasterxml.jackson.databind.node.ObjectNode document = (com.fasterxml.jackson.databind.node.ObjectNode)
                json(ResultsMigrationTest.document(sessionId, SURVEY, "COMPLETED", "sms", "en-US", day + "T12:00:00Z"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.get("questions").get(0)).put("rawInput", raw);
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/COMPLETED.sms.en-US." + sessionId + ".json").contentType("application/json"),
                    RequestBody.fromString(document.toString()));
        }
    }

    /** A NUL ends a cell for many CSV readers, and an escape sequence recolours a terminal: neither is exported. */
    @Test
    void theCsvExportCarriesNoControlCharacterButLineEndsAndTabs() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-04");
        storeWithFirstRawInput(day, "4\u0000 stars\u001b[31m\tred\nok");
        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv?from=" + day + "&to=" + day, true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).doesNotContain("\u0000", "\u001b").contains("\"4 stars[31m\tred\nok\"");
    }

    /**
     * Excel reads a CSV file without a byte order mark in the system's ANSI code page: a respondent's {@code Línea}
     * showed as {@code LÃ­nea}. With {@code bom=true} the export starts with one; by default it does not, as a
     * program reading columns by name would find its first one named with U+FEFF before {@code sessionId}.
     */
    @Test
    void theCsvExportStartsWithAByteOrderMarkWhenAskedSoSpreadsheetsReadItAsUtf8() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-07");
        storeWithFirstRawInput(day, "Línea café");
        String range = "?from=" + day + "&to=" + day;
        HttpResponse<byte[]> plain = csvBytes(range);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("sessionId,");
        assertThat(csvBytes(range + "&bom=false").body()).isEqualTo(plain.body());
        HttpResponse<String> refused = get("/surveys/" + SURVEY + "/results.csv" + range + "&bom=yes", true);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_bom");
        HttpResponse<byte[]> csv = csvBytes(range + "&bom=TRUE");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(java.util.Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text.substring(1)).startsWith("sessionId,").contains("Línea café");
        HttpResponse<String> jsonl = get("/surveys/" + SURVEY + "/results.jsonl" + range, true);
        assertThat(jsonl.body()).startsWith("{");
    }

    private HttpResponse<byte[]> csvBytes(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/surveys/" + SURVEY
                + "/results.csv" + query)).header("X-Api-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A dropped call that went on by text leaves two finished sessions with the call's answers: the call's and the
     * text's. The text's row names the call, so a reader counting answers skips the call's row.
     */
    @Test
    void aTextSessionThatWentOnFromACallNamesItInTheCsv() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-05");
        String call = UUID.randomUUID().toString();
        String text = UUID.randomUUID().toString();
        com.fasterxml.jackson.databind.node.ObjectNode continued = (com.fasterxml.jackson.databind.node.ObjectNode)
                json(ResultsMigrationTest.document(text, SURVEY, "COMPLETED", "sms", "en-US", day + "T12:05:00Z"));
        continued.putObject("fallbackFrom").put("sessionId", call).put("reason", "hangup");
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/ABANDONED.voice.en-US." + call + ".json").contentType("application/json"),
                    RequestBody.fromString(ResultsMigrationTest.document(call, SURVEY, "ABANDONED", "voice", "en-US",
                            day + "T12:00:00Z")));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/COMPLETED.sms.en-US." + text + ".json").contentType("application/json"),
                    RequestBody.fromString(continued.toString()));
        }
        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv?from=" + day + "&to=" + day, true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        List<String> lines = List.of(csv.body().split("\r\n"));
        int column = List.of(lines.get(0).split(",")).indexOf("fallbackFrom");
        assertThat(lines).filteredOn(line -> line.startsWith(text)).singleElement()
                .satisfies(line -> assertThat(line.split(",", -1)[column]).isEqualTo(call));
        assertThat(lines).filteredOn(line -> line.startsWith(call)).singleElement()
                .satisfies(line -> assertThat(line.split(",", -1)[column]).isEmpty());
    }

    /**
     * Stores one session of that day: the four questions of the survey given as {@code questionName} to the fields
     * of its entry (a question left out has no entry), {@code questionIndex} where the session ended.
     */
    private static void storeWithQuestions(LocalDate day, String sessionId, String status, int questionIndex,
                                           Map<String, Map<String, Object>> questions) {
        com.fasterxml.jackson.databind.node.ObjectNode document = JSON.createObjectNode().put("sessionId", sessionId)
                .put("surveyId", SURVEY).put("surveyTo", "+15550100000").put("surveyMedium", "sms")
                .put("languageSet", "en-US").put("surveyStatus", status).put("questionIndex", questionIndex)
                .put("surveyStarted", day + "T12:00:00Z").put("surveyEnded", day + "T12:05:00Z");
        com.fasterxml.jackson.databind.node.ArrayNode results = document.putArray("questions");
        questions.forEach((name, fields) -> results.addObject().put("questionName", name)
                .setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(fields)));
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day + "/"
                    + status + ".sms.en-US." + sessionId + ".json").contentType("application/json"),
                    RequestBody.fromString(document.toString()));
        }
    }

    /**
     * An empty answer cell meant a skip (invalid answers until maxRetries), a question skip logic passed over, one the
     * respondent never reached, or one the session's survey version did not have: {@code <questionName>.state} says
     * which, in the session document's words. Older documents, stored before the notAsked marks, read the same.
     */
    @Test
    void theCsvTellsAnsweredSkippedNotAskedAndNotReachedApart() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-08");
        Map<String, Map<String, Object>> completed = new LinkedHashMap<>();
        completed.put("questionServiceRate", Map.of("answer", 4, "rawInput", "4"));
        completed.put("questionProduct", Map.of("skipped", true, "rawInput", "no idea"));
        completed.put("questionAgentRate", Map.of("notAsked", true));
        completed.put("questionFeedback", Map.of("answer", "fine", "rawInput", "fine"));
        storeWithQuestions(day, "a-completed", "COMPLETED", 3, completed);
        Map<String, Map<String, Object>> hungUp = new LinkedHashMap<>();
        hungUp.put("questionServiceRate", Map.of("answer", 2, "rawInput", "2"));
        hungUp.put("questionProduct", Map.of());
        hungUp.put("questionAgentRate", Map.of());
        hungUp.put("questionFeedback", Map.of());
        storeWithQuestions(day, "b-hung-up-before-2026-12-04", "ABANDONED", 2, hungUp);
        Map<String, Map<String, Object>> older = new LinkedHashMap<>();
        older.put("questionServiceRate", Map.of("answer", 1, "rawInput", "1"));
        older.put("questionProduct", Map.of("answer", "the app", "rawInput", "the app"));
        older.put("questionAgentRate", Map.of());
        storeWithQuestions(day, "c-older-version", "COMPLETED", 1, older);

        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv?from=" + day + "&to=" + day, true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        Map<String, List<String>> states = new LinkedHashMap<>();
        try (org.apache.commons.csv.CSVParser rows = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(csv.body()))) {
            List<String> header = rows.getHeaderNames();
            assertThat(header.subList(header.indexOf("questionServiceRate"), header.size())).containsExactly(
                    "questionServiceRate", "questionServiceRate.raw", "questionServiceRate.state",
                    "questionProduct", "questionProduct.raw", "questionProduct.state",
                    "questionAgentRate", "questionAgentRate.raw", "questionAgentRate.state",
                    "questionFeedback", "questionFeedback.raw", "questionFeedback.state", "otherAnswers");
            for (org.apache.commons.csv.CSVRecord row : rows) {
                states.put(row.get("sessionId"), List.of(row.get("questionServiceRate.state"),
                        row.get("questionProduct.state"), row.get("questionAgentRate.state"),
                        row.get("questionFeedback.state")));
                if (row.get("sessionId").equals("a-completed")) {
                    assertThat(row.get("questionProduct")).isEmpty();
                    assertThat(row.get("questionProduct.raw")).isEqualTo("no idea");
                }
            }
        }
        assertThat(states).containsOnly(
                Map.entry("a-completed", List.of("answered", "skipped", "notAsked", "answered")),
                Map.entry("b-hung-up-before-2026-12-04", List.of("answered", "notAsked", "notReached", "notReached")),
                Map.entry("c-older-version", List.of("answered", "answered", "notAsked", "notInVersion")));
    }

    /**
     * Uploads a two-question English survey, {@code questionServiceRate} then a free-text question named
     * {@code productQuestion}, and waits until it runs; its version.
     */
    private String uploadProductSurvey(String surveyId, String productQuestion) throws Exception {
        String folder = SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
        String before = runningVersion(catalog, surveyId);
        String prompts = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "config-files/voice-prompts/survey-en-US.env")).stream()
                .filter(line -> !line.startsWith("questionAgentRate=") && !line.startsWith("questionFeedback="))
                .map(line -> line.startsWith("questionProduct=") ? productQuestion + line.substring(15) : line)
                .collect(java.util.stream.Collectors.joining("\n"));
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "voice-prompts/survey-en-US.env"),
                    RequestBody.fromString(prompts));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "survey-config.json"),
                    RequestBody.fromString("{\"surveyId\": \"" + surveyId + "\", \"defaultLanguage\": \"en-US\", "
                            + "\"questions\": ["
                            + "{\"questionName\": \"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1, "
                            + "\"max\": 5}, {\"questionName\": \"" + productQuestion + "\", \"questionType\": "
                            + "\"speech\"}]}"));
        }
        return awaitNewVersion(catalog, surveyId, before);
    }

    /**
     * A survey of two versions with a session each: {@code before} asked {@code questionProduct}, which
     * {@code after} renamed {@code questionProductName}.
     */
    private record RenamedQuestion(String before, Finished old, String after, Finished renamed) {
    }

    /** Uploads {@code surveyId} as {@link RenamedQuestion} tells, and completes one SMS survey on each version. */
    private RenamedQuestion renamedQuestion(String surveyId) throws Exception {
        String before = uploadProductSurvey(surveyId, "questionProduct");
        Finished old = surveyIn(surveyId, null, "COMPLETED", "continue", "4", "the app");
        String after = uploadProductSurvey(surveyId, "questionProductName");
        Finished renamed = surveyIn(surveyId, null, "COMPLETED", "continue", "5", "the website");
        return new RenamedQuestion(before, old, after, renamed);
    }

    /** Takes the survey's folder out of the bucket and waits until it no longer runs. */
    private void removeSurvey(String surveyId) {
        try (S3Client s3 = s3()) {
            keys(SurveyCatalog.SURVEYS_FOLDER + surveyId + "/").forEach(key ->
                    s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runningVersion(catalog, surveyId) == null);
    }

    /** The survey's CSV export, each row by its sessionId: the header's names to the row's cells. */
    private Map<String, Map<String, String>> csvRows(String surveyId, List<String> header) throws Exception {
        HttpResponse<String> csv = get("/surveys/" + surveyId + "/results.csv", true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (org.apache.commons.csv.CSVParser parsed = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(csv.body()))) {
            header.addAll(parsed.getHeaderNames());
            parsed.forEach(row -> rows.put(row.get("sessionId"), row.toMap()));
        }
        return rows;
    }

    /**
     * A question renamed after people answered it: the CSV had a column for the new name only, and the answers given
     * under the old one were not in the file. Both names have their columns, the current one's first, and each row
     * says {@code notInVersion} under the name its version did not have. Once the old version's copy is gone (a
     * lifecycle rule expired it) the old name has no column, and its answers are in {@code otherAnswers} instead.
     */
    @Test
    void theCsvKeepsTheAnswersToARenamedQuestionUnderEachName() throws Exception {
        String surveyId = "export-renamed-question";
        try {
            RenamedQuestion survey = renamedQuestion(surveyId);
            String before = survey.before();
            Finished old = survey.old();
            String after = survey.after();
            Finished renamed = survey.renamed();

            List<String> header = new ArrayList<>();
            Map<String, Map<String, String>> rows = csvRows(surveyId, header);
            assertThat(header).containsExactly("sessionId", "surveyVersion", "surveyTo", "channel", "language",
                    "status", "started", "ended", "endReason", "fallbackFrom", "endedAtWelcome", "noResponse",
                    "optedOutAfterEnd",
                    "questionServiceRate", "questionServiceRate.raw", "questionServiceRate.state",
                    "questionProductName", "questionProductName.raw", "questionProductName.state",
                    "questionProduct", "questionProduct.raw", "questionProduct.state", "otherAnswers");
            assertThat(rows).containsOnlyKeys(old.sessionId(), renamed.sessionId());
            assertThat(rows.get(old.sessionId())).containsEntry("surveyVersion", before)
                    .containsEntry("questionServiceRate", "4").containsEntry("questionServiceRate.state", "answered")
                    .containsEntry("questionProductName", "").containsEntry("questionProductName.raw", "")
                    .containsEntry("questionProductName.state", "notInVersion")
                    .containsEntry("questionProduct", "the app").containsEntry("questionProduct.raw", "the app")
                    .containsEntry("questionProduct.state", "answered").containsEntry("otherAnswers", "");
            assertThat(rows.get(renamed.sessionId())).containsEntry("surveyVersion", after)
                    .containsEntry("questionServiceRate", "5").containsEntry("questionServiceRate.state", "answered")
                    .containsEntry("questionProductName", "the website")
                    .containsEntry("questionProductName.raw", "the website")
                    .containsEntry("questionProductName.state", "answered")
                    .containsEntry("questionProduct", "").containsEntry("questionProduct.raw", "")
                    .containsEntry("questionProduct.state", "notInVersion").containsEntry("otherAnswers", "");

            try (S3Client s3 = s3()) {
                keys(SurveyCatalog.VERSIONS_FOLDER + surveyId + "/" + before + "/").forEach(key ->
                        s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
            header.clear();
            rows = csvRows(surveyId, header);
            assertThat(header).endsWith("questionServiceRate", "questionServiceRate.raw", "questionServiceRate.state",
                    "questionProductName", "questionProductName.raw", "questionProductName.state", "otherAnswers");
            assertThat(rows.get(old.sessionId())).containsEntry("questionProductName.state", "notInVersion")
                    .containsEntry("otherAnswers", "{\"questionProduct\":{\"answer\":\"the app\",\"raw\":\"the app\","
                            + "\"state\":\"answered\"}}");
            assertThat(rows.get(renamed.sessionId())).containsEntry("questionProductName", "the website")
                    .containsEntry("otherAnswers", "");
        } finally {
            removeSurvey(surveyId);
        }
    }

    /**
     * A researcher comparing "before and after we changed the question": the summary showed today's questions only,
     * so the answers to a question a newer version removed (here renamed) were nowhere in it. With {@code version}
     * the summary answers as that version asked it, and the exports and the sessions list (since 2026-12-05, its
     * cursor bound to the version) keep that version's sessions; every summary lists the versions, with their
     * sessions, for a client to offer; a version the survey never had is a 400 that names the kept ones.
     */
    @Test
    void theSummaryAndExportsAnswerAVersionAsItAskedIt() throws Exception {
        String surveyId = "summary-by-version";
        try {
            RenamedQuestion edited = renamedQuestion(surveyId);
            String before = edited.before();
            String after = edited.after();
            String summary = "/surveys/" + surveyId + "/summary";

            HttpResponse<String> asked = get(summary + "?version=" + before.toUpperCase(java.util.Locale.ROOT), true);
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
            JsonNode v1 = json(asked.body());
            assertThat(v1.get("version").asText()).isEqualTo(before);
            assertThat(v1.get("sessions").asInt()).isOne();
            assertThat(v1.get("questions").findValuesAsText("questionName"))
                    .containsExactly("questionServiceRate", "questionProduct");
            assertThat(v1.at("/questions/0/distribution/4").asInt()).isOne();
            assertThat(v1.at("/questions/0/distribution/5").asInt()).as("the other version's session").isZero();
            assertThat(v1.at("/questions/1/answered").asInt()).isOne();
            assertThat(v1.get("recentTexts").findValuesAsText("answer")).containsExactly("the app");

            JsonNode today = json(get(summary, true).body());
            assertThat(today.path("version").isNull()).as("no version asked for").isTrue();
            assertThat(today.get("sessions").asInt()).isEqualTo(2);
            assertThat(today.get("questions").findValuesAsText("questionName"))
                    .as("today's questions; the app in none of them").doesNotContain("questionProduct")
                    .contains("questionServiceRate", "questionProductName");
            assertThat(today.at("/questions/0/answered").asInt()).isEqualTo(2);
            assertThat(today.get("versions")).hasSize(2);
            JsonNode first = today.at("/versions/0");
            assertThat(first.get("version").asText()).isEqualTo(before);
            assertThat(first.get("current").asBoolean()).isFalse();
            assertThat(first.get("available").asBoolean()).isTrue();
            assertThat(first.get("sessions").asInt()).isOne();
            assertThat(first.get("keptAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(first.get("firstStarted").asText()).isEqualTo(first.get("lastStarted").asText())
                    .startsWith(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(today.at("/versions/1/version").asText()).isEqualTo(after);
            assertThat(today.at("/versions/1/current").asBoolean()).isTrue();
            assertThat(today.at("/versions/1/sessions").asInt()).isOne();
            assertThat(v1.get("versions")).as("listed whichever version is asked for").isEqualTo(today.get("versions"));
            // The versions alone (since 2026-12-05), as the dashboard lists them before a Show: one listing of S3.
            HttpResponse<String> listed = get("/surveys/" + surveyId + "/versions", true);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(json(listed.body()).get("surveyId").asText()).isEqualTo(surveyId);
            JsonNode versions = json(listed.body()).get("versions");
            assertThat(versions).as("the summary's, without their sessions").hasSize(2);
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.get(i)).isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode)
                        today.get("versions").get(i).deepCopy()).retain("version", "current", "keptAt"));
            }
            assertThat(error(get("/surveys/" + surveyId + "/versions?version=" + before, true)))
                    .isEqualTo("400 unknown_parameter");
            assertThat(error(get("/surveys/no-such-survey/versions", true))).isEqualTo("404 unknown_survey");
            assertThat(get("/surveys/" + surveyId + "/versions", false).statusCode()).isEqualTo(401);
            JsonNode v2 = json(get(summary + "?version=" + after, true).body());
            assertThat(v2.get("recentTexts").findValuesAsText("answer")).containsExactly("the website");

            HttpResponse<String> never = get(summary + "?version=00000000000000ff", true);
            assertThat(error(never)).isEqualTo("400 unknown_version");
            assertThat(json(never.body()).get("message").asText()).contains(before, after, "GET /surveys/" + surveyId
                    + "/summary lists them");
            for (String export : List.of("results.csv", "results.jsonl", "sessions")) {
                assertThat(error(get("/surveys/" + surveyId + "/" + export + "?version=00000000000000ff", true)))
                        .as(export).isEqualTo("400 unknown_version");
                assertThat(error(get("/surveys/" + surveyId + "/" + export + "?version=v1", true)))
                        .as(export).isEqualTo("400 invalid_version");
            }
            for (String malformed : List.of("v1", "00000000000000f", "../../x", "00000000000000fg")) {
                HttpResponse<String> refused = get(summary + "?version=" + java.net.URLEncoder.encode(malformed,
                        StandardCharsets.UTF_8), true);
                assertThat(error(refused)).as(malformed).isEqualTo("400 invalid_version");
            }

            HttpResponse<String> csv = get("/surveys/" + surveyId + "/results.csv?version=" + before, true);
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).as("that version's questions").endsWith(",questionServiceRate,questionServiceRate.raw,"
                    + "questionServiceRate.state,questionProduct,questionProduct.raw,questionProduct.state,"
                    + "otherAnswers");
            assertThat(lines[1]).startsWith(edited.old().sessionId() + "," + before + ",");
            HttpResponse<String> jsonl = get("/surveys/" + surveyId + "/results.jsonl?version=" + after, true);
            assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
            assertThat(jsonl.body().split("\n")).singleElement().satisfies(line ->
                    assertThat(json(line).get("sessionId").asText()).isEqualTo(edited.renamed().sessionId()));

            // The sessions list takes version too (since 2026-12-05), a page at a time past the other version's.
            String sessions = "/surveys/" + surveyId + "/sessions?limit=1";
            for (Map.Entry<String, String> version : Map.of(before, edited.old().sessionId(), after,
                    edited.renamed().sessionId()).entrySet()) {
                List<String> walked = new ArrayList<>();
                String cursor = null;
                do {
                    HttpResponse<String> page = get(sessions + "&version=" + version.getKey()
                            + (cursor == null ? "" : "&cursor=" + cursor), true);
                    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                    walked.addAll(ids(json(page.body()).get("sessions")));
                    cursor = json(page.body()).path("nextCursor").asText(null);
                } while (cursor != null);
                assertThat(walked).as(version.getKey()).containsExactly(version.getValue());
            }
            String unversioned = json(get(sessions, true).body()).get("nextCursor").asText();
            assertThat(error(get(sessions + "&version=" + before + "&cursor=" + unversioned, true)))
                    .as("a cursor made without a version").isEqualTo("400 invalid_cursor");

            // Its copy expired: refused on this instance too, which read it a moment ago (a breaker's probe,
            // 2026-12-08: 200 with its data from memory, while another instance refused it and the summary said
            // available: false). The current version needs no copy.
            try (S3Client s3 = s3()) {
                keys(SurveyCatalog.VERSIONS_FOLDER + surveyId + "/" + before + "/").forEach(key ->
                        s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
            assertThat(error(get(summary + "?version=" + before, true))).isEqualTo("400 unknown_version");
            for (String export : List.of("results.csv", "results.jsonl", "sessions")) {
                assertThat(error(get("/surveys/" + surveyId + "/" + export + "?version=" + before, true)))
                        .as(export).isEqualTo("400 unknown_version");
            }
            assertThat(get(summary + "?version=" + after, true).statusCode()).isEqualTo(200);
        } finally {
            removeSurvey(surveyId);
        }
    }

    /** A truncated results object failed every summary and export of its day, for good (a 500 each time). */
    @Test
    void aResultsObjectThatIsNoJsonIsLeftOutOfEveryRead() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-06");
        String good = UUID.randomUUID().toString();
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/COMPLETED.sms.en-US." + UUID.randomUUID() + ".json").contentType("application/json"),
                    RequestBody.fromString("{\"sessionId\": \"trunc"));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                    + "/COMPLETED.sms.en-US." + good + ".json").contentType("application/json"),
                    RequestBody.fromString(ResultsMigrationTest.document(good, SURVEY, "COMPLETED", "sms", "en-US",
                            day + "T12:00:00Z")));
        }
        String range = "?from=" + day + "&to=" + day;
        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv" + range, true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith(good);
        HttpResponse<String> summary = get("/surveys/" + SURVEY + "/summary" + range, true);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        assertThat(json(summary.body()).at("/byStatus/COMPLETED").asInt()).isOne();
        HttpResponse<String> sessions = get("/surveys/" + SURVEY + "/sessions" + range, true);
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
        assertThat(json(sessions.body()).get("sessions")).hasSize(1);
    }

    /**
     * A texted survey nobody replied to is no response in the summary, not a drop-off at the first question; one whose
     * respondent replied to the welcome and then went silent dropped off there. Both are real sessions, expired as the
     * sweep expires them; the sink's copies are summed up on a day long past that no other test uses.
     */
    @Test
    void theSummaryCountsATextedSurveyNobodyRepliedToAsNoResponse() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-09");
        List<Finished> expired = List.of(expiredSurvey(), expiredSurvey("continue"));
        try (S3Client s3 = s3()) {
            for (Finished finished : expired) {
                String name = finished.key().substring(finished.key().lastIndexOf('/') + 1);
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("finished-sessions/" + SURVEY + "/" + day
                        + "/" + name).contentType("application/json"), RequestBody.fromString(object(finished.key())));
            }
        }
        HttpResponse<String> summary = get("/surveys/" + SURVEY + "/summary?from=" + day + "&to=" + day, true);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        JsonNode body = json(summary.body());
        assertThat(body.get("sessions").asInt()).isEqualTo(2);
        assertThat(body.at("/byStatus/ABANDONED").asInt()).isEqualTo(2);
        assertThat(body.get("noResponse").asInt()).isOne();
        List<Integer> dropped = new ArrayList<>();
        body.get("questions").forEach(question -> dropped.add(question.get("droppedHere").asInt()));
        assertThat(dropped).containsExactly(1, 0, 0, 0);
    }

    /** A question named as a session column gets a column name of its own: no header names two columns. */
    @Test
    void aQuestionNamedAsASessionColumnHasAColumnOfItsOwn() throws Exception {
        String survey = "export-column-names";
        String folder = com.surveyrelay.storage.SurveyCatalog.SURVEYS_FOLDER + survey + "/";
        java.nio.file.Path source = java.nio.file.Path.of("config-files");
        java.util.function.UnaryOperator<String> renamed = text -> text.replace("questionServiceRate", "status")
                .replace("questionProduct", "sessionId");
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "voice-prompts/survey-en-US.env"),
                    RequestBody.fromString(renamed.apply(java.nio.file.Files.readString(
                            source.resolve("voice-prompts/survey-en-US.env")))));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "survey-config.json"),
                    RequestBody.fromString(renamed.apply(java.nio.file.Files.readString(
                            source.resolve("survey-config.json"))).replace("\"customer-satisfaction\"",
                            "\"" + survey + "\"")));
        }
        try {
            // Until the catalog's refresh (every 200 ms here) loaded it: 10 s ran out twice with builds beside it.
            HttpResponse<String> csv = await().atMost(Duration.ofSeconds(30)).until(
                    () -> get("/surveys/" + survey + "/results.csv", true), answer -> answer.statusCode() == 200);
            assertThat(csv.body().split("\r\n")[0]).isEqualTo("sessionId,surveyVersion,surveyTo,channel,language,"
                    + "status,started,ended,endReason,fallbackFrom,endedAtWelcome,noResponse,optedOutAfterEnd,"
                    + "status.answer,status.raw,status.state,"
                    + "sessionId.answer,sessionId.raw,sessionId.state,questionAgentRate,questionAgentRate.raw,"
                    + "questionAgentRate.state,questionFeedback,questionFeedback.raw,questionFeedback.state,"
                    + "otherAnswers");
        } finally {
            try (S3Client s3 = s3()) {
                keys(folder).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key)));
            }
        }
    }

    /**
     * Summaries read one S3 object a session: past {@code summaries-at-once} at a time, the next is refused at once
     * ({@code 503 busy}, {@code Retry-After}), not queued on a request thread; the room comes back when one ends.
     */
    @Test
    void summariesBeyondTheLimitAreRefusedBusyNotQueued() throws Exception {
        try (ServiceInstance limited = ServiceInstance.start(Map.of("survey-relay.results.summaries-at-once", "1"))) {
            String summary = "http://localhost:" + limited.port() + "/surveys/" + SURVEY + "/summary";
            HttpRequest request = HttpRequest.newBuilder(URI.create(summary)).header("X-Api-Key", API_KEY).build();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            SERVICES.s3().faults().hangFor(Duration.ofSeconds(3));
            SERVICES.s3().faults().setAfter(com.surveyrelay.local.Faults.Mode.HANG, 0, "prefix=finished-sessions/");
            try {
                for (int i = 0; i < 4; i++) {
                    answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                }
                java.util.concurrent.CompletableFuture.allOf(answers.toArray(
                        java.util.concurrent.CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                SERVICES.s3().faults().clear();
            }
            List<HttpResponse<String>> busy = new ArrayList<>();
            for (var answer : answers) {
                if (answer.get().body().contains("\"busy\"")) {
                    busy.add(answer.get());
                }
            }
            assertThat(busy).as("one at a time: the others refused").hasSizeBetween(1, 3).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            });
            HttpResponse<String> after = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as("the room came back: " + after.body()).isEqualTo(200);
        }
    }

    /** What carries respondents' numbers and words is never kept by a browser or proxy, nor sniffed as script. */
    @Test
    void resultsAreNotStoredByCachesAndTheDashboardMayNotBeFramed() throws Exception {
        for (String path : List.of("/surveys/" + SURVEY + "/sessions", "/surveys/" + SURVEY + "/results.csv",
                "/surveys/" + SURVEY + "/results.jsonl", "/surveys/" + SURVEY + "/summary", "/surveys")) {
            HttpResponse<String> answer = get(path, Map.of());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        // The same page by other spellings of its path, which Tomcat serves as it: until 2026-12-05 they came
        // without the policy, so the dashboard could be framed, and the page ran any inline script.
        for (String path : List.of("/dashboard/index.html", "//dashboard/index.html", "/dashboard;x=1/index.html",
                "/%64ashboard/index.html", "/./dashboard/index.html")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<title>Survey Relay results</title>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(policy ->
                    assertThat(policy).contains("frame-ancestors 'none'").contains("script-src 'self';"));
            assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
    }

    /** The short addresses lead to the page: both answered 404 not_found until 2026-12-06 (a newcomer's probe). */
    @Test
    void theDashboardsShortAddressesLeadToItsPage() throws Exception {
        for (String path : List.of("/dashboard", "/dashboard/")) {
            HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(moved.statusCode()).as(path).isEqualTo(301);
            assertThat(moved.headers().firstValue("Location")).as(path).hasValueSatisfying(location ->
                    assertThat(location).endsWith("/dashboard/index.html"));
        }
    }

    /**
     * Probe D51: "Loading…" and every refusal are said in a live region, which screen readers announce; the page
     * names each chart it draws (DashboardBrowserTest checks what ECharts and the tables make of that).
     */
    @Test
    void theDashboardSaysItsStatusInALiveRegion() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/dashboard/index.html")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<span id=\"status\" role=\"status\" aria-live=\"polite\"></span>")
                .contains("<div class=\"chart\" id=\"pie-status\" role=\"img\" aria-label=\"Sessions by status\">");
    }

    @Test
    void readsFiltersFromTheQueryStringOnlyAndRefusesWhatDoesNotApply() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-01");
        List<String> stored = storeTwoSessionsOn(day);
        String range = "?from=" + day + "&to=" + day;
        // Standard and made-up request headers named like the filters: none of them may filter or fail the request.
        Map<String, String> headers = Map.of("From", "ops@example.com", "To", "someone@example.com", "Status",
                "OPTED_OUT", "Channel", "fax", "Language", "not a tag", "Limit", "0", "Cursor", "junk");
        HttpResponse<String> page = get("/surveys/" + SURVEY + "/sessions" + range, headers);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(ids(json(page.body()).get("sessions"))).containsExactlyInAnyOrderElementsOf(stored);
        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv" + range, headers);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(3);
        HttpResponse<String> jsonl = get("/surveys/" + SURVEY + "/results.jsonl" + range, headers);
        assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
        assertThat(jsonl.body().split("\n")).hasSize(2);
        HttpResponse<String> summary = get("/surveys/" + SURVEY + "/summary" + range, headers);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);

        // The summary counts sessions by status: a status filter (or a page's limit and cursor) does not apply there.
        for (String query : List.of("&status=COMPLETED", "&limit=5", "&cursor=abc", "&stauts=x")) {
            HttpResponse<String> refused = get("/surveys/" + SURVEY + "/summary" + range + query, Map.of());
            assertThat(error(refused)).as(query).isEqualTo("400 unknown_parameter");
            String name = query.substring(1, query.indexOf('='));
            assertThat(json(refused.body()).get("message").asText()).as("names the parameter").startsWith("'" + name
                    + "' is not a parameter");
        }
        for (String export : List.of("results.csv", "results.jsonl")) {
            assertThat(error(get("/surveys/" + SURVEY + "/" + export + range + "&limit=5", Map.of())))
                    .as(export + " has no pages").isEqualTo("400 unknown_parameter");
        }

        // A cursor resumes only the walk it was made for.
        String base = "/surveys/" + SURVEY + "/sessions" + range + "&limit=1";
        JsonNode first = json(get(base, Map.of()).body());
        String cursor = first.get("nextCursor").asText();
        JsonNode second = json(get(base + "&cursor=" + cursor, Map.of()).body());
        assertThat(ids(second.get("sessions"))).hasSize(1).doesNotContainAnyElementsOf(ids(first.get("sessions")));
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(ids(json(get(base + "&status=opted_out", Map.of()).body()).get("sessions"))).hasSize(1);
        for (String other : List.of("&status=OPTED_OUT", "&channel=sms", "&language=en-US")) {
            assertThat(error(get(base + other + "&cursor=" + cursor, Map.of()))).as(other)
                    .isEqualTo("400 invalid_cursor");
        }
        assertThat(error(get("/surveys/" + SURVEY + "/sessions?from=" + day + "&to=" + day.plusDays(1)
                + "&limit=1&cursor=" + cursor, Map.of()))).as("another to").isEqualTo("400 invalid_cursor");
        assertThat(error(get("/surveys/" + SURVEY + "/sessions?from=" + day.minusDays(1) + "&to=" + day
                + "&limit=1&cursor=" + cursor, Map.of()))).as("another from").isEqualTo("400 invalid_cursor");
        String madeUp = Base64.getUrlEncoder().withoutPadding().encodeToString((day + "/COMPLETED.sms.en-US."
                + stored.get(0) + ".json/AAAAAAAA").getBytes(StandardCharsets.UTF_8));
        assertThat(error(get(base + "&cursor=" + madeUp, Map.of()))).as("made up").isEqualTo("400 invalid_cursor");
    }

    @Test
    void listsFiltersPagesAndExportsFinishedSessionsByTheirObjectNames() throws Exception {
        Finished english = survey(null, "COMPLETED", "continue", "4", "The app, mostly", "5", "nothing");
        Finished spanish = survey("es-MX", "COMPLETED", "seguir", "5", "=SUM(A1)", "3", "nada");
        Finished optedOut = survey(null, "OPTED_OUT", "continue", "STOP");
        JsonNode englishDoc = json(object(english.key()));
        JsonNode spanishDoc = json(object(spanish.key()));
        JsonNode optedOutDoc = json(object(optedOut.key()));
        assertThat(spanishDoc.get("languageSet").asText()).isEqualTo("es-MX");
        assertThat(optedOutDoc.get("surveyStatus").asText()).isEqualTo("OPTED_OUT");

        // Filters: each answer holds exactly what the names say, in name order. From the day this test's first session
        // started, as listedSince lists: the default range (30 days) took in other tests' sessions of yesterday when
        // the run crossed UTC midnight, and "today" alone left out this test's sessions started before it.
        LocalDate first = LocalDate.parse(english.key().split("/")[2]);
        String today = "&from=" + first;
        String base = "/surveys/" + SURVEY + "/sessions";
        List<String> spanishBefore = listedSince(first, "COMPLETED", "sms", "es-MX");
        HttpResponse<String> completedSpanish = get(base + "?status=COMPLETED&channel=sms&language=es-MX" + today, true);
        assertThat(completedSpanish.statusCode()).as(completedSpanish.body()).isEqualTo(200);
        assertThat(completedSpanish.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode page = json(completedSpanish.body());
        assertListedInNameOrder(spanishBefore, ids(page.get("sessions")),
                listedSince(first, "COMPLETED", "sms", "es-MX"));
        assertThat(ids(page.get("sessions"))).contains(spanish.sessionId());
        assertThat(page.get("nextCursor").isNull()).isTrue();
        JsonNode listedSpanish = null;
        for (JsonNode session : page.get("sessions")) {
            listedSpanish = session.get("sessionId").asText().equals(spanish.sessionId()) ? session : listedSpanish;
        }
        assertThat(listedSpanish).as("the document as the sink stored it").isEqualTo(spanishDoc);
        List<String> optedOutBefore = listedSince(first, "OPTED_OUT", null, null);
        List<String> optedOutListed = ids(json(get(base + "?status=opted_out" + today, true).body()).get("sessions"));
        assertListedInNameOrder(optedOutBefore, optedOutListed, listedSince(first, "OPTED_OUT", null, null));
        assertThat(optedOutListed).contains(optedOut.sessionId()).doesNotContain(english.sessionId(),
                spanish.sessionId());
        List<String> englishBefore = listedSince(first, null, "sms", "en-US");
        List<String> englishListed = ids(json(get(base + "?language=en-US&channel=sms" + today, true).body())
                .get("sessions"));
        assertListedInNameOrder(englishBefore, englishListed, listedSince(first, null, "sms", "en-US"));
        assertThat(englishListed).contains(english.sessionId(), optedOut.sessionId())
                .doesNotContain(spanish.sessionId());
        assertThat(ids(json(get(base + "?channel=voice" + today, true).body())
                .get("sessions"))).doesNotContain(english.sessionId(), spanish.sessionId(), optedOut.sessionId());
        assertThat(json(get(base + "?to=" + first.minusDays(1), true).body()).get("sessions"))
                .as("before that day").noneMatch(session -> session.get("surveyStarted").asText()
                        .startsWith(first.toString()));

        // A cursor walk of pages of two returns every session of the default range exactly once. Other tests' sessions
        // may finish during the walk (the bucket is shared), so the walk holds at least what was listed before it
        // and at most what is listed after it.
        Set<String> before = finishedInDefaultRange();
        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> response = get(base + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), true);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response.body());
            assertThat(body.get("sessions").size()).isBetween(1, 2);
            walked.addAll(ids(body.get("sessions")));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        Set<String> after = finishedInDefaultRange();
        assertThat(walked).doesNotHaveDuplicates().containsAll(before).isSubsetOf(after)
                .contains(english.sessionId(), spanish.sessionId(), optedOut.sessionId());
        assertThat(pages).isEqualTo((walked.size() + 1) / 2);

        // Every refusal, with its code.
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("?status=STARTED", "400 invalid_status");
        refusals.put("?status=done", "400 invalid_status");
        refusals.put("?channel=fax", "400 invalid_channel");
        refusals.put("?language=not+a+tag", "400 invalid_language");
        refusals.put("?from=2026-13-01", "400 invalid_date");
        refusals.put("?to=yesterday", "400 invalid_date");
        refusals.put("?from=2026-02-01&to=2026-01-31", "400 invalid_range");
        refusals.put("?from=2024-01-01&to=2025-01-02", "400 invalid_range");
        refusals.put("?limit=0", "400 invalid_limit");
        refusals.put("?limit=1001", "400 invalid_limit");
        refusals.put("?limit=ten", "400 invalid_limit");
        refusals.put("?limit=%2B5", "400 invalid_limit");
        refusals.put("?limit=%D9%A1", "400 invalid_limit"); // Arabic-Indic 1, which Integer.parseInt reads
        refusals.put("?limit=%EF%BC%92", "400 invalid_limit"); // fullwidth 2
        refusals.put("?from=-999999999-01-01&to=-999999999-01-02", "400 invalid_date");
        refusals.put("?from=%2B10000-01-01", "400 invalid_date"); // an extended year, which LocalDate.parse reads
        refusals.put("?cursor=not-a-cursor", "400 invalid_cursor");
        refusals.put("?cursor=MjAwMC0wMS0wMS9DT01QTEVURUQuc21zLmVuLVVTLmEuanNvbg", "400 invalid_cursor");
        refusals.put("?stauts=COMPLETED", "400 unknown_parameter");
        refusals.put("?status=COMPLETED&status=ABANDONED", "400 repeated_parameter");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            assertThat(error(get(base + refusal.getKey(), true))).as(refusal.getKey()).isEqualTo(refusal.getValue());
            if (!refusal.getKey().startsWith("?limit") && !refusal.getKey().startsWith("?cursor")) {
                assertThat(error(get("/surveys/" + SURVEY + "/results.csv" + refusal.getKey(), true)))
                        .as("the export checks the same filters: " + refusal.getKey()).isEqualTo(refusal.getValue());
            }
        }
        assertThat(error(get("/surveys/2000-01-01/sessions?from=2024-01-01&to=2025-01-02", true)))
                .isEqualTo("404 unknown_survey");
        assertThat(error(get("/surveys/no-such-survey/results.jsonl", true))).isEqualTo("404 unknown_survey");
        assertThat(error(get("/surveys/Not_An_Id/results.csv", true))).isEqualTo("404 unknown_survey");
        // The usual "no end" is a date (it was 400 invalid_date): up to today, as when to is left out.
        String aYearOrLess = "/results.csv?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(300) + "&to=9999-12-31";
        for (String noEnd : List.of("/sessions?to=9999-12-31", aYearOrLess, "/summary?to=9999-12-31")) {
            HttpResponse<String> answer = get("/surveys/" + SURVEY + noEnd, true);
            assertThat(answer.statusCode()).as(noEnd + ": " + answer.body()).isEqualTo(200);
        }
        for (String path : List.of(base, "/surveys/" + SURVEY + "/results.csv", "/surveys/" + SURVEY
                + "/results.jsonl")) {
            HttpResponse<String> anonymous = get(path, false);
            assertThat(error(anonymous)).as(path).isEqualTo("401 missing_api_key");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as("RFC 9110 11.6.1")
                    .hasValue("Bearer realm=\"survey-relay\"");
        }
        assertThat(get("/surveys/" + SURVEY + "/no-such-page", true).headers().firstValue("WWW-Authenticate"))
                .as("only a 401 has one").isEmpty();

        // CSV: the exact header, and the exact rows of this test's sessions, in name order.
        int smsBefore = listedSince(first, null, "sms", null).size();
        HttpResponse<String> csv = get("/surveys/" + SURVEY + "/results.csv?channel=sms" + today, true);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        // Tomcat writes the route's "text/csv; charset=utf-8" without the space.
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"customer-satisfaction-results.csv\"");
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("sessionId,surveyVersion,surveyTo,channel,language,status,started,"
                + "ended,endReason,fallbackFrom,endedAtWelcome,noResponse,optedOutAfterEnd,questionServiceRate,"
                + "questionServiceRate.raw,questionServiceRate.state,"
                + "questionProduct,questionProduct.raw,questionProduct.state,questionAgentRate,questionAgentRate.raw,"
                + "questionAgentRate.state,questionFeedback,questionFeedback.raw,questionFeedback.state,otherAnswers");
        assertThat(lines.size() - 1).isBetween(smsBefore, listedSince(first, null, "sms", null).size());
        assertThat(lines).filteredOn(line -> line.contains(english.sessionId()) || line.contains(spanish.sessionId())
                || line.contains(optedOut.sessionId())).containsExactly(
                english.sessionId() + "," + englishDoc.get("surveyVersion").asText() + "," + english.to()
                        + ",sms,en-US,COMPLETED," + englishDoc.get("surveyStarted").asText() + ","
                        + englishDoc.get("surveyEnded").asText() + ",,,false,false,,4,4,answered,\"The app, mostly\","
                        + "\"The app, mostly\",answered,5,5,answered,nothing,nothing,answered,",
                spanish.sessionId() + "," + spanishDoc.get("surveyVersion").asText() + "," + spanish.to()
                        + ",sms,es-MX,COMPLETED," + spanishDoc.get("surveyStarted").asText() + ","
                        + spanishDoc.get("surveyEnded").asText() + ",,,false,false,,5,5,answered,'=SUM(A1),'=SUM(A1),"
                        + "answered,"
                        + "3,3,answered,nada,nada,answered,",
                optedOut.sessionId() + "," + optedOutDoc.get("surveyVersion").asText() + "," + optedOut.to()
                        + ",sms,en-US,OPTED_OUT," + optedOutDoc.get("surveyStarted").asText() + ","
                        + optedOutDoc.get("surveyEnded").asText() + "," + optedOutDoc.path("endReason").asText()
                        + ",,false,false,,,,notReached,,,notReached,,,notReached,,,notReached,");

        // JSON Lines: each document as the sink stored it, one a line, in the same order.
        List<String> completedBefore = listedSince(first, "COMPLETED", null, null);
        HttpResponse<String> jsonl = get("/surveys/" + SURVEY + "/results.jsonl?status=COMPLETED" + today,
                true);
        assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(jsonl.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"customer-satisfaction-results.jsonl\"");
        assertThat(jsonl.body()).endsWith("\n");
        List<JsonNode> documents = new ArrayList<>();
        for (String line : jsonl.body().split("\n")) {
            assertThat(line).as("one document a line").startsWith("{").endsWith("}");
            documents.add(json(line));
        }
        assertListedInNameOrder(completedBefore, documents.stream().map(document -> document.get("sessionId")
                .asText()).toList(), listedSince(first, "COMPLETED", null, null));
        assertThat(documents).filteredOn(document -> document.get("sessionId").asText().equals(english.sessionId())
                || document.get("sessionId").asText().equals(spanish.sessionId()))
                .containsExactly(englishDoc, spanishDoc);
    }

    /**
     * A HEAD of the summary, answered as Spring answers one (the GET's work, its body thrown away), listed and read
     * every session of the range: as costly as the summary, for nothing. It answers as the GET would, 200 as JSON (or
     * the GET's refusal), without a body and without listing or reading a session. The GET streams its summary
     * chunked, with no Content-Length, so neither does the HEAD give one.
     */
    @Test
    void aHeadOfTheSummaryReadsNoSession() throws Exception {
        LocalDate day = LocalDate.parse("2023-03-14");
        storeTwoSessionsOn(day);
        String range = "?from=" + day + "&to=" + day;
        Map<String, Long> before = SERVICES.s3().requestCountsByPrefix();
        HttpResponse<String> head = head("/surveys/" + SURVEY + "/summary" + range, true);
        Map<String, Long> after = SERVICES.s3().requestCountsByPrefix();

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).as("not the GET's length, nor 0").isEmpty();
        for (String read : List.of("GET (list finished-sessions)", "GET finished-sessions")) {
            assertThat(after.getOrDefault(read, 0L)).as(read).isEqualTo(before.getOrDefault(read, 0L));
        }
        assertThat(head("/surveys/" + SURVEY + "/summary" + range, false).statusCode()).as("no key").isEqualTo(401);
        assertThat(head("/surveys/no-such-survey/summary", true).statusCode()).isEqualTo(404);
        assertThat(head("/surveys/" + SURVEY + "/summary?status=COMPLETED", true).statusCode()).isEqualTo(400);
        assertThat(json(get("/surveys/" + SURVEY + "/summary" + range, true).body()).get("sessions").asInt())
                .as("a GET still sums them up").isEqualTo(2);
    }

    /**
     * A HEAD of the sessions page or of an export, answered as Spring answers one (the GET's work, its body thrown
     * away), listed and read the sessions of the range: a page's worth, or the whole export. Each answers as its GET
     * would, with its status and headers (an export's Content-Type and Content-Disposition), without a body and
     * without listing or reading a session; a bad request gets the GET's refusal.
     */
    @Test
    void aHeadOfTheSessionsOrAnExportReadsNoSession() throws Exception {
        LocalDate day = LocalDate.parse("2023-03-15");
        storeTwoSessionsOn(day);
        String range = "?from=" + day + "&to=" + day;
        for (String endpoint : List.of("sessions", "results.csv", "results.jsonl")) {
            String path = "/surveys/" + SURVEY + "/" + endpoint;
            HttpResponse<String> get = get(path + range, true);
            Map<String, Long> before = SERVICES.s3().requestCountsByPrefix();
            HttpResponse<String> head = head(path + range, true);
            Map<String, Long> after = SERVICES.s3().requestCountsByPrefix();

            assertThat(head.statusCode()).as(endpoint).isEqualTo(200);
            assertThat(head.body()).as(endpoint).isEmpty();
            for (String header : List.of("Content-Type", "Content-Disposition", "Cache-Control", "Content-Length")) {
                assertThat(head.headers().firstValue(header)).as(endpoint + " " + header)
                        .isEqualTo(get.headers().firstValue(header));
            }
            for (String read : List.of("GET (list finished-sessions)", "GET finished-sessions")) {
                assertThat(after.getOrDefault(read, 0L)).as(endpoint + " " + read)
                        .isEqualTo(before.getOrDefault(read, 0L));
            }
            assertThat(head(path + range, false).statusCode()).as(endpoint + " no key").isEqualTo(401);
            assertThat(head("/surveys/no-such-survey/" + endpoint, true).statusCode()).as(endpoint).isEqualTo(404);
            assertThat(head(path + "?from=2026-13-01", true).statusCode()).as(endpoint).isEqualTo(400);
            assertThat(head(path + "?version=0123456789abcdef", true).statusCode()).as(endpoint).isEqualTo(400);
        }
        assertThat(head("/surveys/" + SURVEY + "/sessions?limit=0", true).statusCode()).isEqualTo(400);
        assertThat(head("/surveys/" + SURVEY + "/sessions?cursor=nonsense", true).statusCode()).isEqualTo(400);
        assertThat(head("/surveys/" + SURVEY + "/results.csv?bom=maybe", true).statusCode()).isEqualTo(400);
    }
}
