package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /actuator/prometheus} after real surveys: our counters moved by what happened, Camel's per-route timers
 * count the webhooks, the outbox gauges and dependency errors are there; and the health groups say what they cover.
 */
@org.springframework.test.context.TestPropertySource(properties =
        // The give-up of a refused start's end waits out six retries: 63 first waits (about a minute in production).
        "survey-relay.status-callback-retries.first-wait=50ms")
class MetricsServiceTest extends ServiceTest {

    private HttpResponse<String> get(String path) throws Exception {
        return getFrom(port, path);
    }

    private HttpResponse<String> getFrom(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A results bucket that does not exist (SURVEY_RESULTS_BUCKET mistyped) let an instance become ready, and every
     * finished session's results copy then failed in its outbox while the results API answered 503 "for a moment".
     * Storage health asks that bucket too, so such an instance never gets traffic, and says which bucket failed.
     */
    @Test
    void aResultsBucketThatDoesNotExistKeepsANewInstanceOutOfReadiness() throws Exception {
        try (ServiceInstance mistyped = ServiceInstance.start(Map.of("survey-relay.results-bucket",
                "no-such-results-bucket"))) {
            HttpResponse<String> health = getFrom(mistyped.port(), "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode storage = json(health.body()).at("/components/storage");
            assertThat(storage.path("status").asText()).isEqualTo("DOWN");
            assertThat(storage.at("/details/resultsBucket").asText()).isEqualTo("no-such-results-bucket");
            assertThat(storage.at("/details/error").asText())
                    .startsWith("no-such-results-bucket: NoSuchBucketException");
            assertThat(getFrom(mistyped.port(), "/actuator/health/readiness").statusCode()).isEqualTo(503);
        }
        assertThat(json(get("/actuator/health").body()).at("/components/storage/details").has("resultsBucket"))
                .as("one bucket for both, asked once").isFalse();
    }

    private void text(String body) throws Exception {
        HttpResponse<String> reply = twilio("/sms/webhook", Map.of("From", respondent, "To",
                LocalServices.PHONE_NUMBER, "Body", body, "MessageSid", "SM" + java.util.UUID.randomUUID()
                        .toString().replace("-", "")));
        assertThat(reply.statusCode()).isEqualTo(200);
    }

    @Test
    void countersMoveWithASurveyAndRoutesAreTimed() throws Exception {
        String before = scrape();
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        text("continue");
        text("4");
        text("the app");
        text("5");
        text("nothing");
        String after = scrape();

        String survey = "survey=\"customer-satisfaction\"";
        String sms = "channel=\"sms\"";
        assertThat(value(after, "survey_relay_surveys_total", survey, sms, "outcome=\"started\"")
                - value(before, "survey_relay_surveys_total", survey, sms, "outcome=\"started\"")).isEqualTo(1.0);
        assertThat(value(after, "survey_relay_surveys_total", survey, sms, "outcome=\"completed\"")
                - value(before, "survey_relay_surveys_total", survey, sms, "outcome=\"completed\"")).isEqualTo(1.0);
        for (String question : new String[] {"questionServiceRate", "questionProduct", "questionAgentRate",
                "questionFeedback"}) {
            assertThat(value(after, "survey_relay_answers_total", survey, "question=\"" + question + "\"")
                    - value(before, "survey_relay_answers_total", survey, "question=\"" + question + "\""))
                    .as(question).isEqualTo(1.0);
        }
        assertThat(value(after, "camel_route_policy_seconds_count", "routeId=\"sms-webhook\"")
                - value(before, "camel_route_policy_seconds_count", "routeId=\"sms-webhook\""))
                .isGreaterThanOrEqualTo(5.0);
        assertThat(after).contains("survey_relay_outbox_entries ").contains("survey_relay_outbox_oldest_age_seconds ")
                .contains("survey_relay_campaign_rows_pending ");
        assertThat(after).doesNotContain(respondent).doesNotContain(respondent.substring(1));
        assertThat(after).as("the scrape answers anyone: no disk gauge naming the working directory")
                .doesNotContain("disk_free_bytes").doesNotContain(System.getProperty("user.dir"));
    }

    @Test
    void anS3OutageIsCountedAndShownInHealthWhileTheInstanceStaysReady() throws Exception {
        double before = value(scrape(), "survey_relay_dependency_errors_total", "dependency=\"s3\"",
                "kind=\"throttled\"");
        JsonNode ready = json(get("/actuator/health/readiness").body());
        assertThat(ready.at("/components/dependenciesReached/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/outbox/status").asText()).isEqualTo("UP");
        assertThat(ready.path("components").has("storage")).as("S3 is not asked on the readiness path").isFalse();
        // Camel's own health checks (routes, consumers) are part of the overall health. This class's context is its
        // own, and this test may be its first: a consumer not yet polled, or a storage answer given during another
        // class's S3 fault (StorageHealth keeps one 5 s), may still be DOWN for a few seconds.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = get("/actuator/health").body();
            JsonNode health = json(body).path("components");
            assertThat(health.path("camelHealth").path("status").asText()).as(body).isEqualTo("UP");
            assertThat(health.at("/storage/status").asText()).as(body).isEqualTo("UP");
            assertThat(health.at("/triggerQueue/status").asText()).as(body).isEqualTo("UP");
        });

        SERVICES.s3().faults().set(Faults.Mode.ERROR);
        try {
            // A shared S3 outage hits every replica: readiness stays UP (the webhooks still answer, with a kept text
            // or the voice apology), while /actuator/health shows the bucket DOWN for alerts.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> overall = get("/actuator/health");
                assertThat(overall.statusCode()).isEqualTo(503);
                assertThat(json(overall.body()).at("/components/storage/status").asText()).isEqualTo("DOWN");
            });
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            SERVICES.s3().faults().clear();
        }
        // The fault switch answers 503 SlowDown, S3's throttling answer.
        assertThat(value(scrape(), "survey_relay_dependency_errors_total", "dependency=\"s3\"",
                "kind=\"throttled\"")).isGreaterThan(before);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(json(get("/actuator/health").body()).at("/components/storage/status").asText())
                        .isEqualTo("UP"));
    }

    private double delta(String before, String after, String metric, String... labels) {
        return value(after, metric, labels) - value(before, metric, labels);
    }

    @Test
    void abandonedAndOptedOutSurveysAreCountedPerChannel() throws Exception {
        String before = scrape();
        String caller = newRespondent();
        SERVICES.emulator().phone(caller).setManual(true);
        HttpResponse<String> call = startSurvey("/voice/initiate-call", "{\"To\": \"" + caller + "\"}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(201);
        String callSession = json(call.body()).get("sessionId").asText();
        // The placed call's sid: a session not bound to a call yet takes the status of the call its pointer names.
        Map<String, String> status = callParams(caller, SERVICES.twilio().calls().stream()
                .filter(placed -> placed.to().equals(caller)).findFirst().orElseThrow().sid());
        status.put("CallStatus", "no-answer");
        assertThat(twilio("/voice/status?sessionId=" + callSession, status).statusCode()).isEqualTo(200);
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        text("STOP");
        String after = scrape();

        String survey = "survey=\"customer-satisfaction\"";
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"voice\"",
                "outcome=\"started\"")).isEqualTo(1.0);
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"voice\"",
                "outcome=\"abandoned\"")).isEqualTo(1.0);
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"sms\"",
                "outcome=\"opted_out\"")).isEqualTo(1.0);
        assertThat(after).doesNotContain(caller.substring(1)).doesNotContain(respondent.substring(1));
    }

    /** A start whose first text or call Twilio refuses ({@code code}, from the local Twilio API's fault switch). */
    private HttpResponse<String> refusedStart(String path, String number, int code) throws Exception {
        SERVICES.twilio().faults().refuse(400, code);
        try {
            return startSurvey(path, "{\"To\": \"" + number + "\"}");
        } finally {
            SERVICES.twilio().faults().clear();
        }
    }

    /**
     * A start Twilio refused (21614 no mobile number, 21211 an invalid number, 21610 unsubscribed) was counted as
     * {@code started}, and then as {@code abandoned} or {@code opted_out}: the started count held surveys that never
     * reached anyone. It is counted once, as {@code refused}; a start Twilio took is still {@code started}.
     */
    @Test
    void aStartTwilioRefusedIsCountedAsRefusedNotAsStartedNorEnded() throws Exception {
        String before = scrape();
        assertThat(refusedStart("/sms/initiate-sms", "+15550143801", 21614).statusCode()).isEqualTo(422);
        assertThat(refusedStart("/voice/initiate-call", "+15550143802", 21211).statusCode()).isEqualTo(422);
        assertThat(refusedStart("/sms/initiate-sms", "+15550143803", 21610).statusCode()).isEqualTo(422);
        String after = scrape();

        String survey = "survey=\"customer-satisfaction\"";
        for (String channel : new String[] {"channel=\"sms\"", "channel=\"voice\""}) {
            for (String outcome : new String[] {"started", "abandoned", "opted_out"}) {
                assertThat(delta(before, after, "survey_relay_surveys_total", survey, channel,
                        "outcome=\"" + outcome + "\"")).as(channel + " " + outcome).isZero();
            }
        }
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"sms\"",
                "outcome=\"refused\"")).isEqualTo(2.0);
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"voice\"",
                "outcome=\"refused\"")).isEqualTo(1.0);

        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"+15550143804\"}").statusCode()).isEqualTo(201);
        assertThat(delta(after, scrape(), "survey_relay_surveys_total", survey, "channel=\"sms\"",
                "outcome=\"started\"")).isEqualTo(1.0);
    }

    /**
     * Storage failing while a start Twilio refused is being ended (every request to the session's key after its
     * creation fails, through the S3 client's own retries): the start still answers Twilio's refusal, the end is tried
     * again and lands once storage is back, and the start is counted once, as {@code refused}, never as started or
     * abandoned. Until 2026-12-06 the start answered 503, the session stayed open, and its later end (the sweep's)
     * was counted {@code abandoned} with no start counted.
     */
    @Test
    void aRefusedStartWhoseEndStorageFailedIsCountedRefusedOnceStorageIsBack() throws Exception {
        String number = "+15550144801";
        String before = scrape();
        SERVICES.s3().faults().setAfter(Faults.Mode.INTERNAL_ERROR, 1, "/survey-results/" + number.substring(1) + "/");
        HttpResponse<String> refused;
        try {
            refused = refusedStart("/sms/initiate-sms", number, 21614);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);

        String survey = "survey=\"customer-satisfaction\"";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delta(before, scrape(),
                "survey_relay_surveys_total", survey, "channel=\"sms\"", "outcome=\"refused\"")).isEqualTo(1.0));
        String after = scrape();
        for (String outcome : new String[] {"started", "abandoned", "opted_out"}) {
            assertThat(delta(before, after, "survey_relay_surveys_total", survey, "channel=\"sms\"",
                    "outcome=\"" + outcome + "\"")).as(outcome).isZero();
        }
    }

    /**
     * The give-up path of a refused start's end ({@code StatusCallbackRetries.REFUSED_START_END}): storage refuses the
     * session's document for longer than the retries last (six tries, over about a minute in production and
     * 3 s here). The start still answers
     * Twilio's refusal; the given-up end is kept in memory ({@code RefusedStartEnds}), so once storage is back the
     * next start to the number (or the next outbox sweep, whichever comes first) stores it: the session ends
     * {@code ABANDONED}, {@code not-delivered:invalid_recipient} (Twilio 21211), as the retried end would have, the start is counted
     * {@code refused} once and never {@code started}, and the number is free. Until 2026-12-06 the session stayed
     * {@code STARTED}, was counted {@code started}, and held the number (409) for {@code SMS_CONVERSATION_TIMEOUT}.
     */
    @Test
    void aRefusedStartWhoseEndIsNeverStoredIsEndedRefusedOnceStorageIsBackAndFreesTheNumber() throws Exception {
        String number = "+15550145401";
        String digits = number.substring(1);
        String before = scrape();
        SERVICES.s3().faults().setAfter(Faults.Mode.INTERNAL_ERROR, 1, "/survey-results/" + digits + "/");
        try {
            // 21211 (an invalid number), which is not remembered, unlike 21614: the next start asks for the number.
            HttpResponse<String> refused = refusedStart("/sms/initiate-sms", number, 21211);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(delta(before, scrape(),
                    "survey_relay_call_status_retries_total", "outcome=\"given_up\"")).isGreaterThanOrEqualTo(1.0));
        } finally {
            SERVICES.s3().faults().clear();
        }

        String survey = "survey=\"customer-satisfaction\"";
        String sms = "channel=\"sms\"";
        assertThat(delta(before, scrape(), "survey_relay_surveys_total", survey, sms, "outcome=\"started\""))
                .as("not counted started when the retries gave up").isZero();
        List<String> sessions = keys("survey-results/" + digits + "/");
        assertThat(sessions).hasSize(1);
        String refusedSession = sessions.get(0);

        HttpResponse<String> next = startSurvey("/sms/initiate-sms", "{\"To\": \"" + number + "\"}");
        assertThat(next.statusCode()).as("the number is free once storage is back: " + next.body()).isEqualTo(201);
        JsonNode ended = json(object(refusedSession));
        assertThat(ended.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(ended.get("endReason").asText()).isEqualTo("not-delivered:invalid_recipient");
        String after = scrape();
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, sms, "outcome=\"refused\""))
                .isEqualTo(1.0);
        assertThat(delta(before, after, "survey_relay_surveys_total", survey, sms, "outcome=\"started\""))
                .as("the next start only").isEqualTo(1.0);
        for (String outcome : new String[] {"abandoned", "opted_out"}) {
            assertThat(delta(before, after, "survey_relay_surveys_total", survey, sms, "outcome=\"" + outcome + "\""))
                    .as(outcome).isZero();
        }
    }

    @Test
    void twilioAndEventBridgeFailuresAreCountedAndTheOutboxGaugesShowTheBacklog() throws Exception {
        String before = scrape();
        SERVICES.twilio().faults().set(Faults.Mode.ERROR);
        HttpResponse<String> refused;
        try {
            refused = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent() + "\"}");
        } finally {
            SERVICES.twilio().faults().clear();
        }
        assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
        assertThat(delta(before, scrape(), "survey_relay_dependency_errors_total", "dependency=\"twilio\"",
                "kind=\"server\"")).as("each 503 from Twilio's REST API, retries included").isGreaterThan(1);

        SERVICES.eventBridge().setUnavailable(true);
        try {
            assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String during = scrape();
                assertThat(value(during, "survey_relay_outbox_entries")).as("entries waiting").isGreaterThan(0);
                assertThat(value(during, "survey_relay_dependency_errors_total", "dependency=\"eventbridge\""))
                        .isGreaterThan(value(before, "survey_relay_dependency_errors_total",
                                "dependency=\"eventbridge\""));
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(value(scrape(), "survey_relay_outbox_oldest_age_seconds")).isGreaterThan(0.5));
            // Readiness shows the bus's trouble but stays UP: events wait in the outbox, webhooks still work.
            HttpResponse<String> ready = get("/actuator/health/readiness");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode outbox = json(ready.body()).at("/components/outbox");
            assertThat(outbox.path("status").asText()).isEqualTo("UP");
            assertThat(outbox.at("/details/pendingEntries").asInt()).isPositive();
            assertThat(outbox.at("/details/lastError").asText()).isNotBlank();
        } finally {
            SERVICES.eventBridge().setUnavailable(false);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(value(scrape(), "survey_relay_outbox_entries")).as("delivered once the bus is back")
                        .isZero());

        double refusedBefore = value(scrape(), "survey_relay_dependency_errors_total", "dependency=\"eventbridge\"",
                "kind=\"refused\"");
        text("continue");
        SERVICES.eventBridge().rejectNext(1);
        text("4");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(value(scrape(),
                "survey_relay_dependency_errors_total", "dependency=\"eventbridge\"", "kind=\"refused\""))
                .as("an entry refused in an HTTP 200 (FailedEntryCount)").isEqualTo(refusedBefore + 1));
    }

    @Test
    void refusedStartsAreCountedByChannelAndReasonWithoutTheNumber() throws Exception {
        String before = scrape();
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        text("STOP");
        HttpResponse<String> optedOut = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(optedOut.statusCode()).as(optedOut.body()).isEqualTo(422);
        HttpResponse<String> malformed = startSurvey("/sms/initiate-sms", "{\"To\": \"not a number\"}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        String after = scrape();

        assertThat(delta(before, after, "survey_relay_start_refusals_total", "source=\"http\"",
                "channel=\"voice\"", "reason=\"recipient_opted_out\"")).isEqualTo(1.0);
        assertThat(delta(before, after, "survey_relay_start_refusals_total", "source=\"http\"",
                "channel=\"sms\"", "reason=\"" + json(malformed.body()).get("error").asText() + "\"")).isEqualTo(1.0);
        assertThat(after).doesNotContain(respondent.substring(1));
    }

    /**
     * Texts Twilio took and then reported not delivered (its message status callbacks) are counted by channel, status
     * and Twilio error code: until 2026-12-05 each was one WARN line naming the message's sid, and a campaign's texts
     * blocked by carrier filtering (30007) showed in no metric.
     */
    @Test
    void textsTwilioReportsNotDeliveredAreCountedByErrorCode() throws Exception {
        String before = scrape();
        for (String code : new String[] {"30007", "30007", "30003"}) {
            assertThat(twilio("/sms/status", Map.of("MessageSid", "SM" + "0".repeat(32), "MessageStatus",
                    "undelivered", "ErrorCode", code, "To", respondent)).statusCode()).isEqualTo(200);
        }
        assertThat(twilio("/sms/status", Map.of("MessageSid", "SM" + "1".repeat(32), "MessageStatus", "failed",
                "ErrorCode", "63016", "To", "whatsapp:" + respondent)).statusCode()).isEqualTo(200);
        assertThat(twilio("/sms/status", Map.of("MessageSid", "SM" + "2".repeat(32), "MessageStatus", "delivered",
                "To", respondent)).statusCode()).isEqualTo(200);
        String after = scrape();

        String name = "survey_relay_message_delivery_failures_total";
        assertThat(delta(before, after, name, "channel=\"sms\"", "status=\"undelivered\"", "error=\"30007\""))
                .isEqualTo(2.0);
        assertThat(delta(before, after, name, "channel=\"sms\"", "status=\"undelivered\"", "error=\"30003\""))
                .isEqualTo(1.0);
        assertThat(delta(before, after, name, "channel=\"whatsapp\"", "status=\"failed\"", "error=\"63016\""))
                .isEqualTo(1.0);
        assertThat(after).doesNotContain(respondent.substring(1));
    }

    /**
     * A wrong or rotated auth token (Twilio answers 401, error 20003): the start says so, naming the settings, and
     * health shows {@code twilio} DOWN until Twilio takes a request again; readiness stays UP.
     */
    @Test
    void credentialsTwilioRefusesShowInHealthUntilItTakesThemAgain() throws Exception {
        SERVICES.twilio().faults().refuse(401, 20003);
        HttpResponse<String> refused;
        try {
            refused = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent() + "\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
            assertThat(json(refused.body()).get("message").asText()).contains("credentials", "TWILIO_AUTH_TOKEN");
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health.body()).at("/components/twilio/status").asText()).isEqualTo("DOWN");
            assertThat(json(health.body()).at("/components/twilio/details/credentials").asText())
                    .isEqualTo("refused");
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        } finally {
            SERVICES.twilio().faults().clear();
        }
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                .isEqualTo(201);
        assertThat(json(get("/actuator/health").body()).at("/components/twilio/status").asText()).isEqualTo("UP");
    }
}
