package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.E164;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code /openapi.json} against the real endpoints: for every documented operation and status, a request that
 * provokes it gets exactly that status, and its body validates against the documented schema. A status documented
 * without a request here fails the test, as does an undocumented status answered.
 */
class OpenApiContractTest extends ServiceTest {

    private static final String QUIET_SURVEY = "openapi-quiet-hours";
    private static final String CAMPAIGN = "openapi-contract-0123456789ab";
    /** A campaign whose stored status is cut short: not JSON any more. */
    private static final String UNREADABLE_CAMPAIGN = "openapi-unreadable-0123456789ab";
    /** A queued campaign of one row, for the cancel to cancel. */
    private static final String CANCELLABLE_CAMPAIGN = "openapi-cancel-0123456789ab";

    @Autowired
    SurveyCatalog catalog;

    @Autowired
    CallPointers callPointers;

    @Autowired
    ScheduledStartStore scheduledStarts;

    @Autowired
    com.surveyrelay.config.SurveyRelayProperties service;

    @Autowired
    com.surveyrelay.consent.ConsentProperties consentSettings;

    private JsonNode spec;

    private interface Provoke {
        HttpResponse<String> send() throws Exception;
    }

    @AfterAll
    static void removeTheQuietSurveyAndTheCampaign() {
        try (S3Client s3 = s3()) {
            for (String key : keys(SurveyCatalog.SURVEYS_FOLDER + QUIET_SURVEY + "/")) {
                s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key));
            }
            for (String name : List.of("status.json", "results.csv")) {
                s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET)
                        .key("campaigns/" + CAMPAIGN + "/" + name));
            }
            s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET)
                    .key("campaigns/" + UNREADABLE_CAMPAIGN + "/status.json"));
            for (String name : List.of("status.json", "results.csv", "campaign.csv")) {
                s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET)
                        .key("campaigns/" + CANCELLABLE_CAMPAIGN + "/" + name));
            }
            s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key("campaign-queue/" + CANCELLABLE_CAMPAIGN));
        }
    }

    private HttpResponse<String> get(String path, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (withKey) {
            request.header("X-Api-Key", API_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A HEAD with a wrong key, as {@link #guess}. */
    private HttpResponse<String> guessHead(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("X-Api-Key", "wrong-" + API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a wrong key (a guess, which the wrong-keys limit counts; a missing key is none). */
    private HttpResponse<String> guess(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET()
                .header("X-Api-Key", "wrong-" + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts an SMS survey and opts out of it, then waits for the results sink's copy; the session id. */
    private String optOutOfAnSmsSurvey() throws Exception {
        return optOutOfAnSmsSurvey(newRespondent());
    }

    private String optOutOfAnSmsSurvey(String number) throws Exception {
        HttpResponse<String> started = start("/sms/initiate-sms", to(number));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        for (String reply : List.of("continue", "STOP")) {
            twilio("/sms/webhook", Map.of("From", number, "To", LocalServices.PHONE_NUMBER, "Body", reply,
                    "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", "")));
        }
        awaitFinishedCopy("customer-satisfaction", "OPTED_OUT.sms.en-US", sessionId);
        return sessionId;
    }

    /** A respondent's data request, with {@code key} as the API key (none when null). */
    private HttpResponse<String> respondentRequest(int toPort, String path, String body, String key)
            throws Exception {
        return postTo(toPort, path, "application/json", body, key == null ? Map.of() : Map.of("X-Api-Key", key));
    }

    private HttpResponse<String> start(String path, String json) throws Exception {
        return startSurvey(path, json);
    }

    private static String to(String number) {
        return "{\"To\": \"" + number + "\"}";
    }

    /** A survey whose contact hours never include now (UTC), so a start is deferred: 202. */
    private void uploadQuietSurvey() throws Exception {
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        String hours = hour >= 10 && hour <= 14 ? "02:00-03:00" : "12:00-13:00";
        String folder = SurveyCatalog.SURVEYS_FOLDER + QUIET_SURVEY + "/";
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "voice-prompts/survey-en-US.env"),
                    RequestBody.fromString(Files.readString(Path.of("config-files/voice-prompts/survey-en-US.env"))));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder + "survey-config.json"),
                    RequestBody.fromString(Files.readString(Path.of("config-files/survey-config.json"))
                            .replace("\"customer-satisfaction\"", "\"" + QUIET_SURVEY + "\"")
                            .replace("\"maxRetries\"", "\"contactHours\": {\"days\": \"MON-SUN\", \"hours\": \""
                                    + hours + "\"}, \"maxRetries\"")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.listings().stream()
                .anyMatch(listing -> QUIET_SURVEY.equals(listing.surveyId()) && "active".equals(listing.state())));
    }

    private void storeACampaign() {
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + CAMPAIGN + "/status.json"),
                    RequestBody.fromString("{\"id\":\"" + CAMPAIGN + "\",\"fileName\":\"openapi.csv\",\"state\":"
                            + "\"finished\",\"reason\":null,\"total\":1,\"done\":1,\"failed\":0,\"skipped\":0,"
                            + "\"scheduled\":0,\"pending\":0,\"ratePerSecond\":5,\"etaSeconds\":0,\"receivedAt\":"
                            + "\"2026-11-30T10:00:00Z\",\"startedAt\":\"2026-11-30T10:00:01Z\",\"finishedAt\":"
                            + "\"2026-11-30T10:00:02Z\",\"updatedAt\":\"2026-11-30T10:00:02Z\",\"results\":\"s3://"
                            + LocalServices.BUCKET + "/campaigns/" + CAMPAIGN + "/results.csv\"}"));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + CAMPAIGN + "/results.csv"),
                    RequestBody.fromString("row,phone,channel,language,surveyId,outcome,reason,detail,sessionId\r\n"
                            + "2,555-1234,sms,,,failed,invalid_phone,\"The phone is not a number in E.164 form, like "
                            + "+15551234567.\",\r\n"));
        }
    }

    /** A campaign received and waiting for an instance, as the intake stores one: its marker, file and status. */
    private void storeACancellableCampaign() {
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaign-queue/" + CANCELLABLE_CAMPAIGN),
                    RequestBody.empty());
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + CANCELLABLE_CAMPAIGN
                    + "/campaign.csv"), RequestBody.fromString("phone,channel\r\n+15550100000,sms\r\n"));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + CANCELLABLE_CAMPAIGN
                    + "/status.json"), RequestBody.fromString("{\"id\":\"" + CANCELLABLE_CAMPAIGN + "\",\"fileName\":"
                    + "\"openapi-cancel.csv\",\"state\":\"queued\",\"reason\":null,\"total\":1,\"done\":0,"
                    + "\"failed\":0,\"skipped\":0,\"scheduled\":0,\"pending\":1,\"ratePerSecond\":5,\"etaSeconds\":1,"
                    + "\"receivedAt\":\"2026-12-04T03:00:00Z\",\"startedAt\":null,\"finishedAt\":null,\"updatedAt\":"
                    + "\"2026-12-04T03:00:00Z\",\"results\":\"s3://" + LocalServices.BUCKET + "/campaigns/"
                    + CANCELLABLE_CAMPAIGN + "/results.csv\"}"));
        }
    }

    /** A DELETE of {@code path}, with {@code key} as the API key (none when null). */
    private HttpResponse<String> delete(int toPort, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).DELETE();
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Defers an SMS start with the quiet survey; its scheduleId. */
    private String deferAStart() throws Exception {
        HttpResponse<String> deferred = start("/sms/initiate-sms", "{\"To\": \"" + newRespondent()
                + "\", \"surveyId\": \"" + QUIET_SURVEY + "\", \"timeZone\": \"UTC\"}");
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        return json(deferred.body()).get("scheduleId").asText();
    }

    private HttpResponse<String> cancel(int toPort, String campaignId, String query, String key) throws Exception {
        return postTo(toPort, "/campaigns/" + campaignId + "/cancel" + query, "application/json", "",
                key == null ? Map.of() : Map.of("X-Api-Key", key));
    }

    /** The requests that provoke each documented status of an initiation endpoint. */
    private Map<String, Provoke> initiation(String path, String channel, ServiceInstance limited) {
        Map<String, Provoke> cases = new LinkedHashMap<>();
        cases.put("201", () -> start(path, to(newRespondent())));
        cases.put("202", () -> start(path, "{\"To\": \"" + newRespondent() + "\", \"surveyId\": \"" + QUIET_SURVEY
                + "\", \"timeZone\": \"UTC\"}"));
        cases.put("400", () -> start(path, to("555-1234")));
        cases.put("401", () -> postTo(port, path, "application/json", to(newRespondent()), Map.of()));
        cases.put("404", () -> start(path, "{\"To\": \"" + newRespondent() + "\", \"surveyId\": \"no-such-survey\"}"));
        // One texted survey per number, across SMS and WhatsApp, and one survey call.
        cases.put("409", () -> {
            String number = newRespondent();
            // The emulator's phones answer and finish calls by themselves: this one waits, so its call runs on.
            SERVICES.emulator().phone(number).setManual(true);
            String first = channel.equals("voice") ? path : "/sms/initiate-sms";
            assertThat(start(first, to(number)).statusCode()).isEqualTo(201);
            return start(path, to(number));
        });
        cases.put("413", () -> start(path, "{\"To\": \"" + newRespondent() + "\", \"timeZone\": \""
                + "x".repeat(20_000) + "\"}"));
        cases.put("415", () -> postTo(port, path, "text/plain", to(newRespondent()),
                Map.of("X-Api-Key", API_KEY)));
        cases.put("422", () -> {
            String number = newRespondent();
            twilio("/sms/webhook", Map.of("From", number, "To", LocalServices.PHONE_NUMBER, "Body", "STOP",
                    "MessageSid", "SM" + "0".repeat(24) + number.substring(4)));
            return start(path, to(number));
        });
        cases.put("429", () -> {
            HttpResponse<String> last = null;
            for (int i = 0; i < 3; i++) {
                last = startSurvey(limited.port(), path, to(newRespondent()));
            }
            return last;
        });
        // The number's record of consent cut short: whether it opted out cannot be told.
        cases.put("500", () -> {
            String number = newRespondent();
            try (S3Client s3 = s3()) {
                String key = new com.surveyrelay.storage.RespondentRecords(s3, service, consentSettings.hashKey())
                        .key(new com.surveyrelay.survey.E164(number));
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key), RequestBody.fromString("{\"opted"));
            }
            return start(path, to(number));
        });
        cases.put("502", () -> {
            SERVICES.twilio().faults().set(Faults.Mode.ERROR);
            try {
                return start(path, to(newRespondent()));
            } finally {
                SERVICES.twilio().faults().clear();
            }
        });
        cases.put("503", () -> {
            failStorage();
            try {
                return start(path, to(newRespondent()));
            } finally {
                SERVICES.s3().faults().clear();
            }
        });
        return cases;
    }

    /**
     * A POST to {@code path} whose body stops arriving: its {@code Content-Length} promises 200 bytes, {@code sent} is
     * all that comes, and the connection stays open. Tomcat answers only after about twice
     * {@code survey-relay.request-body-timeout} (4 s with ServiceTest's 2 s), so each is sent at once on a thread of
     * its own, and the contract check waits for its answer when it reaches the operation's 408. The answer is read from the socket,
     * as {@link HttpClient} sends no body shorter than it declares.
     */
    private CompletableFuture<HttpResponse<String>> stalledBody(String path, String sent) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nX-Api-Key: " + API_KEY + "\r\nContent-Length: 200\r\n"
                        + "\r\n" + sent).getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                return RawResponse.read(URI.create("http://localhost:" + port + path), socket.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            // A thread each: the common pool has one thread on two cores, and these wait 4 s each.
            Thread thread = new Thread(task, "stalled-body " + path);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** An HTTP/1.1 answer read off a socket the server closes after it: status line, headers, body (chunked or not). */
    private record RawResponse(URI uri, int statusCode, HttpHeaders headers, String body)
            implements HttpResponse<String> {

        static RawResponse read(URI uri, InputStream in) throws IOException {
            // One char a byte, so that chunk sizes count chars; the body is decoded as UTF-8 at the end.
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            String body = all.substring(end + 4);
            if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
                int at = 0;
                while (true) {
                    int lineEnd = body.indexOf("\r\n", at);
                    int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].strip(), 16);
                    if (size == 0) {
                        break;
                    }
                    decoded.write(bytes, lineEnd + 2, size);
                    at = lineEnd + 2 + size + 2;
                }
                body = decoded.toString(StandardCharsets.ISO_8859_1);
            }
            body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            return new RawResponse(uri, Integer.parseInt(lines[0].split(" ")[1]),
                    HttpHeaders.of(headers, (name, value) -> true), body);
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /**
     * Every S3 request fails until {@code clear()}: with {@code 500 InternalError}, which the SDK retries after a
     * shorter backoff than {@code SlowDown}'s (each 503 documented here took about 2.7 s with it, the whole test 71 s
     * against 26 s now). What the service answers is the same for both (its storage unavailable).
     */
    private static void failStorage() {
        SERVICES.s3().faults().set(Faults.Mode.INTERNAL_ERROR);
    }

    private JsonSchema schema(JsonNode schema) {
        ObjectNode root = (ObjectNode) schema.deepCopy();
        root.set("components", spec.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    @Test
    void everyDocumentedStatusAndSchemaIsWhatTheEndpointAnswers() throws Exception {
        HttpResponse<String> document = get("/openapi.json", false);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        spec = json(document.body());
        assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");

        uploadQuietSurvey();
        storeACampaign();
        Map<String, Provoke> cases = new LinkedHashMap<>();
        // Every operation that takes a body answers 408 when it stops arriving (RequestBodyFilter, before the key):
        // all sent now, as each answer takes about 4 s.
        Map<String, String> stalled = Map.of("/sms/initiate-sms", "{\"To\":\"+15550145000\"}",
                "/voice/initiate-call", "{\"To\":\"+15550145001\"}",
                "/whatsapp/initiate-whatsapp", "{\"To\":\"+15550145002\"}",
                "/respondents/access", "{\"phone\":\"+15550145003\"}",
                "/respondents/erasure", "{\"phone\":\"+15550145004\"}");
        stalled.forEach((path, sent) -> {
            CompletableFuture<HttpResponse<String>> answer = stalledBody(path, sent);
            cases.put("post " + path + " 408", () -> answer.get(60, TimeUnit.SECONDS));
        });
        // The cancel reads no body, but the request body filter answers one that stops arriving all the same.
        CompletableFuture<HttpResponse<String>> cancelStalled = stalledBody("/campaigns/" + CAMPAIGN + "/cancel", "{");
        cases.put("post /campaigns/{campaignId}/cancel 408", () -> cancelStalled.get(60, TimeUnit.SECONDS));
        List<String> checked = new ArrayList<>();
        Set<String> failures = new TreeSet<>();
        // One start a minute: with the default one-second period, three slow starts in a row could each fall in a
        // period of its own, and the last be answered 201 instead of 429.
        try (ServiceInstance limited = ServiceInstance.start(Map.of("survey-relay.initiation.rate-limit", "1",
                "survey-relay.initiation.rate-period", "1m"));
                ServiceInstance guarded = ServiceInstance.start(Map.of(
                        "survey-relay.initiation.wrong-keys-per-minute", "1"))) {
            for (String[] endpoint : new String[][] {{"/sms/initiate-sms", "sms"}, {"/voice/initiate-call", "voice"},
                    {"/whatsapp/initiate-whatsapp", "whatsapp"}}) {
                initiation(endpoint[0], endpoint[1], limited).forEach((status, provoke) ->
                        cases.put("post " + endpoint[0] + " " + status, provoke));
            }
            cases.put("get /surveys 200", () -> get("/surveys", true));
            cases.put("get /surveys 401", () -> get("/surveys", false));
            for (String results : new String[] {"sessions", "results.csv", "results.jsonl", "summary"}) {
                String path = "/surveys/{surveyId}/" + results;
                String real = "/surveys/customer-satisfaction/" + results;
                // Shared by the GET and the HEAD, which checks the same parameters.
                assertThat(spec.at("/paths/" + path.replace("/", "~1") + "/parameters"))
                        .as(path + " documents the days' zone and the version")
                        .extracting(parameter -> parameter.get("name").asText())
                        .contains("from", "to", "timeZone", "version");
                cases.put("get " + path + " 200", () -> get(real + "?channel=sms", true));
                cases.put("get " + path + " 400", () -> {
                    // Every kind of refusal is a documented 400 in the documented shape; the last one is checked
                    // against the schema below.
                    List<String> bad = new ArrayList<>(List.of("?channel=fax", "?status=STARTED", "?stauts=x",
                            "?language=en-US&language=es-MX", "?timeZone=Mars%2FOlympus_Mons", "?version=v1",
                            "?from=2026-02-01&to=2026-01-01"));
                    if (results.equals("summary")) {
                        bad.set(1, "?status=COMPLETED");
                    }
                    HttpResponse<String> last = null;
                    for (String query : bad) {
                        last = get(real + query, true);
                        assertThat(last.statusCode()).as(real + query).isEqualTo(400);
                        assertThat(schema(spec.at("/components/schemas/Error")).validate(json(last.body())))
                                .as(real + query).isEmpty();
                    }
                    return last;
                });
                cases.put("get " + path + " 401", () -> get(real, false));
                cases.put("get " + path + " 404", () -> get("/surveys/no-such-survey/" + results, true));
                // Wrong keys from one address are limited; this instance allows one a minute.
                cases.put("get " + path + " 429", () -> {
                    guess(guarded.port(), real);
                    return guess(guarded.port(), real);
                });
                cases.put("get " + path + " 503", () -> {
                    failStorage();
                    try {
                        return get(real + "?channel=sms", true);
                    } finally {
                        SERVICES.s3().faults().clear();
                    }
                });
                // The HEAD answers from the checks alone, as the GET would, and never with a body.
                cases.put("head " + path + " 200", () -> head(real + "?channel=sms", true));
                cases.put("head " + path + " 400", () -> head(real + "?channel=fax", true));
                cases.put("head " + path + " 401", () -> head(real, false));
                cases.put("head " + path + " 404", () -> head("/surveys/no-such-survey/" + results, true));
                cases.put("head " + path + " 429", () -> {
                    guessHead(guarded.port(), real);
                    return guessHead(guarded.port(), real);
                });
                // Only a version asked for is looked up in storage (the survey is the catalog's, in memory).
                cases.put("head " + path + " 503", () -> {
                    failStorage();
                    try {
                        return head(real + "?version=0123456789abcdef", true);
                    } finally {
                        SERVICES.s3().faults().clear();
                    }
                });
            }
            String versions = "/surveys/customer-satisfaction/versions";
            cases.put("get /surveys/{surveyId}/versions 200", () -> get(versions, true));
            cases.put("get /surveys/{surveyId}/versions 400", () -> get(versions + "?from=2026-01-01", true));
            cases.put("get /surveys/{surveyId}/versions 401", () -> get(versions, false));
            cases.put("get /surveys/{surveyId}/versions 404", () -> get("/surveys/no-such-survey/versions", true));
            cases.put("get /surveys/{surveyId}/versions 429", () -> {
                guess(guarded.port(), versions);
                return guess(guarded.port(), versions);
            });
            cases.put("get /surveys/{surveyId}/versions 503", () -> {
                failStorage();
                try {
                    return get(versions, true);
                } finally {
                    SERVICES.s3().faults().clear();
                }
            });
            // Every count of the summary is required: one the answer leaves out, or the document no longer lists,
            // fails the schema check (which also refuses a count the document does not list).
            cases.put("get /surveys/{surveyId}/summary 200", () -> {
                assertThat(spec.at("/components/schemas/ResultsSummary/required")).extracting(JsonNode::asText)
                        .contains("sessions", "completionRate", "noResponse");
                return get("/surveys/customer-satisfaction/summary?channel=sms", true);
            });
            // A page with a real session in it, so that the session schema is checked against one.
            cases.put("get /surveys/{surveyId}/sessions 200", () -> {
                String sessionId = optOutOfAnSmsSurvey();
                HttpResponse<String> page = get("/surveys/customer-satisfaction/sessions?channel=sms&status=OPTED_OUT",
                        true);
                List<String> ids = new ArrayList<>();
                json(page.body()).path("sessions").forEach(session -> ids.add(session.path("sessionId").asText()));
                assertThat(ids).contains(sessionId);
                return page;
            });
            for (String path : List.of("/respondents/access", "/respondents/erasure")) {
                cases.put("post " + path + " 200", () -> {
                    String number = newRespondent();
                    optOutOfAnSmsSurvey(number);
                    await().atMost(Duration.ofSeconds(10)).until(() -> keys("open-sessions/" + number.substring(1)
                            + "/").isEmpty());
                    return respondentRequest(port, path, "{\"phone\": \"" + number + "\"}", API_KEY);
                });
                cases.put("post " + path + " 400", () -> respondentRequest(port, path, "{\"phone\": \"555-1234\"}",
                        API_KEY));
                cases.put("post " + path + " 401", () -> respondentRequest(port, path, "{\"phone\": \""
                        + newRespondent() + "\"}", null));
                cases.put("post " + path + " 413", () -> respondentRequest(port, path, "{\"phone\": \""
                        + "1".repeat(70_000) + "\"}", API_KEY));
                cases.put("post " + path + " 415", () -> postTo(port, path, "text/plain", "+15550100000",
                        Map.of("X-Api-Key", API_KEY)));
                cases.put("post " + path + " 429", () -> {
                    respondentRequest(guarded.port(), path, "{}", "wrong-" + API_KEY);
                    return respondentRequest(guarded.port(), path, "{}", "wrong-" + API_KEY);
                });
                cases.put("post " + path + " 503", () -> {
                    failStorage();
                    try {
                        return respondentRequest(port, path, "{\"phone\": \"" + newRespondent() + "\"}", API_KEY);
                    } finally {
                        SERVICES.s3().faults().clear();
                    }
                });
            }
            cases.put("post /respondents/erasure 409", () -> {
                // A start under way: the number's call pointer taken a moment ago, its session not stored yet.
                String number = newRespondent();
                assertThat(callPointers.claim(E164.parse(number).orElseThrow(),
                        SessionStore.newSessionId(), null)).isPresent();
                return respondentRequest(port, "/respondents/erasure", "{\"phone\": \"" + number + "\"}", API_KEY);
            });
            cases.put("get /campaigns 200", () -> get("/campaigns", true));
            cases.put("get /campaigns 401", () -> get("/campaigns", false));
            cases.put("get /campaigns/{campaignId} 200", () -> get("/campaigns/" + CAMPAIGN, true));
            cases.put("get /campaigns/{campaignId} 401", () -> get("/campaigns/" + CAMPAIGN, false));
            cases.put("get /campaigns/{campaignId} 404", () -> get("/campaigns/no-such-campaign-000000000000", true));
            cases.put("get /campaigns/{campaignId} 500", () -> {
                try (S3Client s3 = s3()) {
                    s3.putObject(put -> put.bucket(LocalServices.BUCKET)
                            .key("campaigns/" + UNREADABLE_CAMPAIGN + "/status.json"),
                            RequestBody.fromString("{\"id\":\"" + UNREADABLE_CAMPAIGN + "\",\"fileName\":\"ope"));
                }
                return get("/campaigns/" + UNREADABLE_CAMPAIGN, true);
            });
            String cancel = "post /campaigns/{campaignId}/cancel ";
            cases.put(cancel + "200", () -> {
                storeACancellableCampaign();
                return cancel(port, CANCELLABLE_CAMPAIGN, "", API_KEY);
            });
            cases.put(cancel + "400", () -> cancel(port, CANCELLABLE_CAMPAIGN, "?force=true", API_KEY));
            cases.put(cancel + "401", () -> cancel(port, CANCELLABLE_CAMPAIGN, "", null));
            cases.put(cancel + "413", () -> postTo(port, "/campaigns/" + CAMPAIGN + "/cancel", "application/json",
                    "{\"a\": \"" + "1".repeat(70_000) + "\"}", Map.of("X-Api-Key", API_KEY)));
            cases.put(cancel + "415", () -> postTo(port, "/campaigns/" + CAMPAIGN + "/cancel", "application/json",
                    "{}", Map.of("X-Api-Key", API_KEY, "Content-Encoding", "gzip")));
            cases.put(cancel + "404", () -> cancel(port, "no-such-campaign-000000000000", "", API_KEY));
            cases.put(cancel + "409", () -> cancel(port, CAMPAIGN, "", API_KEY));
            cases.put(cancel + "429", () -> {
                cancel(guarded.port(), CAMPAIGN, "", "wrong-" + API_KEY);
                return cancel(guarded.port(), CAMPAIGN, "", "wrong-" + API_KEY);
            });
            cases.put(cancel + "500", () -> {
                try (S3Client s3 = s3()) {
                    s3.putObject(put -> put.bucket(LocalServices.BUCKET)
                            .key("campaigns/" + UNREADABLE_CAMPAIGN + "/status.json"),
                            RequestBody.fromString("{\"id\":\"" + UNREADABLE_CAMPAIGN + "\",\"fileName\":\"ope"));
                }
                return cancel(port, UNREADABLE_CAMPAIGN, "", API_KEY);
            });
            cases.put(cancel + "503", () -> {
                failStorage();
                try {
                    return cancel(port, CAMPAIGN, "", API_KEY);
                } finally {
                    SERVICES.s3().faults().clear();
                }
            });
            String schedule = " /scheduled-starts/{scheduleId} ";
            String unknownSchedule = "/scheduled-starts/" + UUID.randomUUID();
            cases.put("get" + schedule + "200", () -> get("/scheduled-starts/" + deferAStart(), true));
            cases.put("delete" + schedule + "200", () -> delete(port, "/scheduled-starts/" + deferAStart(), API_KEY));
            cases.put("get" + schedule + "400", () -> get("/scheduled-starts/not-a-uuid", true));
            cases.put("delete" + schedule + "400", () -> delete(port, "/scheduled-starts/not-a-uuid", API_KEY));
            cases.put("delete" + schedule + "404", () -> delete(port, unknownSchedule, API_KEY));
            cases.put("get" + schedule + "404", () -> get(unknownSchedule, true));
            cases.put("get" + schedule + "401", () -> get(unknownSchedule, false));
            cases.put("delete" + schedule + "401", () -> delete(port, unknownSchedule, null));
            cases.put("get" + schedule + "429", () -> {
                guess(guarded.port(), unknownSchedule);
                return guess(guarded.port(), unknownSchedule);
            });
            cases.put("delete" + schedule + "429", () -> {
                delete(guarded.port(), unknownSchedule, "wrong-" + API_KEY);
                return delete(guarded.port(), unknownSchedule, "wrong-" + API_KEY);
            });
            cases.put("delete" + schedule + "409", () -> {
                // A campaign's row: cancelled with its campaign, not alone.
                String id = UUID.randomUUID().toString();
                scheduledStarts.save(new ScheduledStart(id, "sms", newRespondent(), null, null, null,
                        "campaign-row:" + CAMPAIGN + ":2", Instant.now().plus(Duration.ofDays(400)), Instant.now()));
                try {
                    return delete(port, "/scheduled-starts/" + id, API_KEY);
                } finally {
                    scheduledStarts.delete(scheduledStarts.findById(id).orElseThrow().key());
                }
            });
            for (String method : List.of("get", "delete")) {
                cases.put(method + schedule + "503", () -> {
                    failStorage();
                    try {
                        return method.equals("get") ? get(unknownSchedule, true)
                                : delete(port, unknownSchedule, API_KEY);
                    } finally {
                        SERVICES.s3().faults().clear();
                    }
                });
            }
            String download = "/campaigns/{campaignId}/results.csv";
            cases.put("get " + download + " 200", () -> get("/campaigns/" + CAMPAIGN + "/results.csv", true));
            cases.put("get " + download + " 401", () -> get("/campaigns/" + CAMPAIGN + "/results.csv", false));
            cases.put("get " + download + " 404", () -> get("/campaigns/no-such-campaign-000000000000/results.csv",
                    true));
            for (String[] stored : new String[][] {{"/campaigns", "/campaigns"},
                    {"/campaigns/{campaignId}", "/campaigns/" + CAMPAIGN},
                    {download, "/campaigns/" + CAMPAIGN + "/results.csv"}}) {
                cases.put("get " + stored[0] + " 503", () -> {
                    failStorage();
                    try {
                        return get(stored[1], true);
                    } finally {
                        SERVICES.s3().faults().clear();
                    }
                });
            }
            // A query on an endpoint that reads only its path is refused, not ignored.
            for (String[] pathOnly : new String[][] {{"/surveys", "/surveys?page=2"},
                    {"/campaigns", "/campaigns?status=failed"},
                    {"/campaigns/{campaignId}", "/campaigns/" + CAMPAIGN + "?fields=total"},
                    {download, "/campaigns/" + CAMPAIGN + "/results.csv?from=2026-01-01"}}) {
                cases.put("get " + pathOnly[0] + " 400", () -> get(pathOnly[1], true));
            }
            // Wrong keys lock the address out of every keyed request, not only the starts and results.
            for (String[] keyed : new String[][] {{"/surveys", "/surveys"}, {"/campaigns", "/campaigns"},
                    {"/campaigns/{campaignId}", "/campaigns/" + CAMPAIGN},
                    {download, "/campaigns/" + CAMPAIGN + "/results.csv"}}) {
                cases.put("get " + keyed[0] + " 429", () -> {
                    guess(guarded.port(), keyed[1]);
                    return guess(guarded.port(), keyed[1]);
                });
            }

            for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
                        operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    if (operation.getKey().equals("parameters")) {
                        // The path's parameters, which its operations share: no operation.
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> responses = operation.getValue().get("responses")
                            .fields(); responses.hasNext(); ) {
                        Map.Entry<String, JsonNode> response = responses.next();
                        String name = operation.getKey() + " " + path.getKey() + " " + response.getKey();
                        // A response shared under components.responses (408 request_timeout) is read where it is.
                        JsonNode documentedResponse = response.getValue().has("$ref")
                                ? spec.at(response.getValue().get("$ref").asText().substring(1))
                                : response.getValue();
                        assertThat(documentedResponse.isMissingNode()).as(name + " names a response that exists")
                                .isFalse();
                        Provoke provoke = cases.get(name);
                        if (provoke == null) {
                            failures.add(name + ": documented, but no request here provokes it");
                            continue;
                        }
                        HttpResponse<String> answer = provoke.send();
                        checked.add(name);
                        if (!Integer.toString(answer.statusCode()).equals(response.getKey())) {
                            failures.add(name + ": answered " + answer.statusCode() + " " + answer.body());
                            continue;
                        }
                        if (operation.getKey().equals("head") && !answer.body().isEmpty()) {
                            failures.add(name + ": answered a body " + answer.body());
                        }
                        JsonNode documented = documentedResponse.path("content");
                        String type = answer.headers().firstValue("Content-Type").orElse("");
                        if (documented.size() > 0 && documented.properties().stream().noneMatch(content ->
                                type.startsWith(content.getKey()))) {
                            failures.add(name + ": answered Content-Type " + type);
                        }
                        JsonNode schema = documentedResponse.at("/content/application~1json/schema");
                        if (!schema.isMissingNode()) {
                            for (ValidationMessage message : schema(schema).validate(json(answer.body()))) {
                                failures.add(name + ": " + message.getMessage() + " in " + answer.body());
                            }
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).hasSizeGreaterThanOrEqualTo(116);
        assertThat(checked).as("every HEAD of the results endpoints is documented").contains(
                "head /surveys/{surveyId}/sessions 200", "head /surveys/{surveyId}/results.csv 200",
                "head /surveys/{surveyId}/results.jsonl 200", "head /surveys/{surveyId}/summary 200");
        Set<String> unused = new TreeSet<>(cases.keySet());
        checked.forEach(unused::remove);
        assertThat(unused).as("requests here whose status the document does not list").isEmpty();
    }
}
