package com.surveyrelay.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.SurveyRelayApplication;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedCall;
import com.surveyrelay.local.TwilioSignature;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SurveyCatalog;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The service over real HTTP on a random port, against real local servers: S3Proxy, the local EventBridge
 * endpoint and the local Twilio REST API. One set of servers and one Spring context serve every test class
 * that extends this; each test starts from empty recordings and a fresh respondent number.
 */
@SpringBootTest(classes = SurveyRelayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"survey-relay.catalog-refresh=200ms",
                // Tests upload a survey and use it within seconds: 5 s in production.
                "survey-relay.catalog-settle=300ms",
                // Only CampaignServiceTest's context takes campaign files: cached contexts would race for them.
                "survey-relay.campaigns.enabled=false",
                // A hung-up call waits this long for a late answer before it ends (15 s in production).
                "survey-relay.outbox.call-end-grace=2s",
                // A body that stops arriving is answered 408 after about twice this (10 s in production): the
                // stalled-body checks wait 4 s, not 20.
                "survey-relay.request-body-timeout=2s",
                // Tests start many surveys, and send wrong keys, from one address: InitiationRateLimitTest
                // checks the limits with their own settings.
                "survey-relay.initiation.rate-limit=100000",
                "survey-relay.initiation.wrong-keys-per-minute=100000",
                // Spring Boot's tests switch metrics export off; MetricsServiceTest scrapes /actuator/prometheus.
                "management.prometheus.metrics.export.enabled=true",
                // The actuator on the service's port, whatever the shell exports (ManagementPortTest sets its own).
                "MANAGEMENT_PORT="})
@org.springframework.context.annotation.Import(S3Requests.class)
abstract class ServiceTest {

    static final String PUBLIC_BASE_URL = "https://relay.example.com";
    static final String API_KEY = "test-api-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalServices SERVICES;
    private static int nextNumber = 1000;
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    static {
        try {
            LocalServices.useLocalCredentials();
            SERVICES = LocalServices.inMemory(Path.of("config-files"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The local servers' settings, with queues of this Spring context's own. Test classes with settings of their own
     * get contexts of their own, and the context cache keeps them running: on shared queues every such context
     * polled for bus triggers and kept texts, and one with its own clock or contact days took another class's
     * request (TriggerServiceTest's starts were deferred by QuietHoursServiceTest's MON-FRI context on a Saturday).
     */
    @DynamicPropertySource
    static void localServices(DynamicPropertyRegistry registry) {
        Map<String, String> properties = new LinkedHashMap<>(
                SERVICES.serviceProperties(URI.create(PUBLIC_BASE_URL), API_KEY));
        int context = CONTEXTS.incrementAndGet();
        properties.put("survey-relay.triggers.queue-url", SERVICES.sqs().queue("survey-triggers-" + context));
        properties.put("survey-relay.triggers.dead-letter-queue-url",
                SERVICES.sqs().queue("survey-triggers-dead-letter-" + context));
        properties.put("survey-relay.sms-retries.queue-url", SERVICES.sqs().queue("survey-sms-retries-" + context
                + ".fifo"));
        // A stopping test context waits for no late request on the test's kept-alive connections (GracefulShutdownTest
        // sets the quiet period it tests).
        properties.put("survey-relay.drain-quiet-period", "0s");
        properties.forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    String respondent;

    @BeforeEach
    void freshRecordings() {
        SERVICES.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + port));
        SERVICES.twilio().clear();
        SERVICES.eventBridge().clear();
        SERVICES.s3().faults().clear();
        SERVICES.eventBridge().faults().clear();
        SERVICES.twilio().faults().clear();
        SERVICES.emulator().deliverEachWebhook(1);
        respondent = newRespondent();
    }

    static synchronized String newRespondent() {
        return "+1555010" + (nextNumber++);
    }

    static S3Client s3() {
        return SERVICES.s3().client();
    }

    static String object(String key) {
        return object(LocalServices.BUCKET, key);
    }

    /** The object at {@code key} in {@code bucket} (an instance's own), as text. */
    static String object(String bucket, String key) {
        try (S3Client s3 = s3()) {
            return s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asUtf8String();
        }
    }

    static List<String> keys(String prefix) {
        return keys(LocalServices.BUCKET, prefix);
    }

    /** The keys under {@code prefix} in {@code bucket} (an instance's own). */
    static List<String> keys(String bucket, String prefix) {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()
                    .stream().map(object -> object.key()).toList();
        }
    }

    HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        return postTo(port, path, contentType, body, headers);
    }

    /** Posts to the instance listening on {@code toPort} (another {@link ServiceInstance}, say). */
    HttpResponse<String> postTo(int toPort, String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A HEAD of {@code pathAndQuery} on this test's instance, with the API key when {@code withKey}. */
    HttpResponse<String> head(String pathAndQuery, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (withKey) {
            request.header("X-Api-Key", API_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> startSurvey(String path, String json) throws Exception {
        return startSurvey(port, path, json);
    }

    /**
     * Runs {@code start} while the local Twilio API drops the connection of every request whose path holds
     * {@code resource} ({@code "/Calls.json"}) before it acts, and checks the start answered
     * {@code 502 twilio_outcome_unknown}.
     */
    HttpResponse<String> unansweredByTwilio(String resource, java.util.concurrent.Callable<HttpResponse<String>> start)
            throws Exception {
        SERVICES.twilio().faults().setAfter(com.surveyrelay.local.Faults.Mode.RESET, 0, resource);
        HttpResponse<String> unknown;
        try {
            unknown = start.call();
        } finally {
            SERVICES.twilio().faults().clear();
        }
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(502);
        assertThat(json(unknown.body()).get("error").asText()).isEqualTo("twilio_outcome_unknown");
        return unknown;
    }

    HttpResponse<String> startSurvey(int toPort, String path, String json) throws Exception {
        return postTo(toPort, path, "application/json", json, Map.of("Authorization", "Bearer " + API_KEY));
    }

    /** Posts a webhook as Twilio would: form-encoded, signed for the public URL of {@code pathAndQuery}. */
    HttpResponse<String> twilio(String pathAndQuery, Map<String, String> params) throws Exception {
        return twilio(port, pathAndQuery, params);
    }

    /**
     * Posts a signed webhook to the instance listening on {@code toPort}. A text without a {@code MessageSid} gets a
     * new one, as Twilio gives every text (the service refuses a text without one since 2026-12-07).
     */
    HttpResponse<String> twilio(int toPort, String pathAndQuery, Map<String, String> params) throws Exception {
        if (pathAndQuery.startsWith("/sms/webhook") && !params.containsKey("MessageSid")) {
            params = new java.util.HashMap<>(params);
            params.put("MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
        }
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + pathAndQuery, params);
        return postTo(toPort, pathAndQuery, "application/x-www-form-urlencoded", form(params),
                Map.of("X-Twilio-Signature", signature));
    }

    /**
     * A call survey started to this test's respondent, whose phone leaves the call to the test (it plays Twilio).
     *
     * @param sessionId the session the start answered
     * @param call the call the service placed (its {@code sid} is the one Twilio would name in its webhooks)
     */
    record PlacedCall(String sessionId, RecordedCall call) {
    }

    /** Starts a call survey to the respondent and returns the call placed; see {@link PlacedCall}. */
    PlacedCall placeManualCall() throws Exception {
        return placeManualCall("{\"To\": \"" + respondent + "\"}");
    }

    /** As {@link #placeManualCall()}, asked by {@code request}, the body of {@code POST /voice/initiate-call}. */
    PlacedCall placeManualCall(String request) throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        HttpResponse<String> started = startSurvey("/voice/initiate-call", request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return new PlacedCall(json(started.body()).get("sessionId").asText(), SERVICES.twilio().calls().get(0));
    }

    /** The parameters Twilio posts with each step of an outbound call to {@code to}, in progress. */
    static Map<String, String> callParams(String to, String callSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", LocalServices.PHONE_NUMBER);
        params.put("To", to);
        params.put("CallStatus", "in-progress");
        return params;
    }

    /** The parameters Twilio posts for a call from {@code from} to the survey number, ringing, with a new CallSid. */
    static Map<String, String> inboundCallParams(String from) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA" + java.util.UUID.randomUUID().toString().replace("-", ""));
        params.put("AccountSid", LocalServices.ACCOUNT_SID);
        params.put("From", from);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Direction", "inbound");
        params.put("CallStatus", "ringing");
        return params;
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), UTF_8) + "=" + URLEncoder.encode(entry.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /**
     * What the bus received for this test's respondent. Every test class's context shares the bucket and the
     * bus, and one may deliver, after its lease lapsed, events another left pending (a stopped instance's):
     * so tests look at their own respondent's events only.
     */
    List<com.surveyrelay.local.LocalEventBridge.RecordedEvent> busEvents() {
        return SERVICES.eventBridge().events().stream()
                .filter(event -> respondent.equals(event.detail().path("surveyTo").asText())).toList();
    }

    /**
     * Waits for the results sink's copy of a session and returns its key,
     * {@code finished-sessions/<surveyId>/<yyyy-MM-dd>/<name>.<sessionId>.json}: looked for under every day of the
     * survey, then checked against the day (UTC) the copy says the session started, which names its folder. A test's
     * own {@code LocalDate.now()} is the next day when the run crosses midnight UTC between the start and the look.
     *
     * @param name {@code <STATUS>.<channel>.<language>}, as {@code COMPLETED.sms.en-US}
     */
    static String awaitFinishedCopy(String surveyId, String name, String sessionId) throws Exception {
        String suffix = "." + sessionId + ".json";
        String found = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> keys(ResultExports.FOLDER + surveyId + "/").stream()
                        .filter(key -> key.endsWith(suffix)).findFirst().orElse(null), java.util.Objects::nonNull);
        java.time.LocalDate started = java.time.Instant.parse(json(object(found)).get("surveyStarted").asText())
                .atZone(java.time.ZoneOffset.UTC).toLocalDate();
        String key = ResultExports.dayPrefix(surveyId, started) + name + suffix;
        assertThat(finishedCopies(surveyId, sessionId)).as("the one copy of " + sessionId).containsExactly(key);
        return key;
    }

    /** The keys of the results sink's copies of a session, under any day of the survey. */
    static List<String> finishedCopies(String surveyId, String sessionId) {
        return keys(ResultExports.FOLDER + surveyId + "/").stream().filter(key -> key.contains(sessionId)).toList();
    }

    /** Waits until the outbox relay delivered (and removed) everything the stored session's outbox held. */
    static void awaitOutboxDelivered(String resultsKey) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode outbox = json(object(resultsKey)).path("outbox");
            assertThat(outbox.path("entries").size()).as("entries left in the outbox of " + resultsKey).isZero();
            assertThat(outbox.has("lease")).isFalse();
        });
    }

    /** A stored session document as the results sink gets it: without its outbox and inbox. */
    static JsonNode withoutBookkeeping(JsonNode stored) {
        com.fasterxml.jackson.databind.node.ObjectNode session = stored.deepCopy();
        session.remove("outbox");
        session.remove("inbox");
        return session;
    }

    /** The version of the survey that runs, as {@code GET /surveys} lists it; null when none does. */
    static String runningVersion(SurveyCatalog catalog, String surveyId) {
        return catalog.listings().stream().filter(listing -> surveyId.equals(listing.surveyId()))
                .map(SurveyCatalog.Listing::version).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Waits until a version of the survey other than {@code before} runs, its newest files not refused; that one. */
    static String awaitNewVersion(SurveyCatalog catalog, String surveyId, String before) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                runningVersion(catalog, surveyId) != null && !runningVersion(catalog, surveyId).equals(before)
                        && catalog.lastRefusal(surveyId).isEmpty());
        return runningVersion(catalog, surveyId);
    }

    /** The service's {@code /actuator/prometheus} page; fails the test unless it answers 200. */
    String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the samples named {@code metric} whose labels include every one given; 0 if none. */
    static double value(String scrape, String metric, String... labels) {
        double total = 0;
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{([^}]*)\\})? ([0-9.Ee+-]+)$")
                .matcher(scrape);
        while (sample.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= sample.group(1) != null && sample.group(1).contains(label);
            }
            total += all ? Double.parseDouble(sample.group(2)) : 0;
        }
        return total;
    }
}
