package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.campaign.CampaignId;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A respondent's access and erasure requests (GDPR articles 15 and 17): {@code POST /respondents/access} shows what is
 * stored about a number, {@code POST /respondents/erasure} removes it, keeping only the consent record that holds no
 * number, so an opt-out outlives the erasure.
 */
class RespondentDataServiceTest extends ServiceTest {

    private static final String SURVEY = "customer-satisfaction";

    @Autowired
    ScheduledStartStore scheduledStarts;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    com.surveyrelay.config.SurveyRelayProperties service;

    @Autowired
    com.surveyrelay.consent.ConsentProperties consentSettings;

    private HttpResponse<String> request(String path, String body) throws Exception {
        return post(path, "application/json", body, Map.of("X-Api-Key", API_KEY));
    }

    private HttpResponse<String> erase(String number) throws Exception {
        return request("/respondents/erasure", "{\"phone\": \"" + number + "\"}");
    }

    private HttpResponse<String> access(String number) throws Exception {
        return request("/respondents/access", "{\"phone\": \"" + number + "\"}");
    }

    private void text(int toPort, String number, String body) throws Exception {
        HttpResponse<String> answer = twilio(toPort, "/sms/webhook", Map.of("From", number, "To",
                LocalServices.PHONE_NUMBER, "Body", body, "MessageSid",
                "SM" + UUID.randomUUID().toString().replace("-", "")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    /** Takes the default survey to the end by text on the instance at {@code toPort}; its session id. */
    private String completeAnSmsSurvey(int toPort, String number) throws Exception {
        HttpResponse<String> started = startSurvey(toPort, "/sms/initiate-sms", "{\"To\": \"" + number + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        for (String reply : List.of("continue", "4", "the app", "5", "nothing")) {
            text(toPort, number, reply);
        }
        awaitFinishedCopy(SURVEY, "COMPLETED.sms.en-US", sessionId);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys(openFolder(number)).isEmpty());
        return sessionId;
    }

    /** This instance's count of the default survey's SMS surveys ended abandoned. */
    private double abandonedSmsSurveys() {
        io.micrometer.core.instrument.Counter counter = meters.find(com.surveyrelay.metrics.SurveyMetrics.SURVEYS)
                .tags("survey", SURVEY, "channel", "sms", "outcome", "abandoned").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String digits(String number) {
        return number.substring(1);
    }

    private static String openFolder(String number) {
        return "open-sessions/" + digits(number) + "/";
    }

    @Test
    void accessShowsEverySessionWithItsAnswersAndTheConsentRecord() throws Exception {
        String sessionId = completeAnSmsSurvey(port, respondent);

        HttpResponse<String> answer = access(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("phone").asText()).isEqualTo(respondent);
        assertThat(report.path("consent").path("optedOut").asBoolean(true)).isFalse();
        assertThat(report.path("sessions")).singleElement().satisfies(session -> {
            assertThat(session.path("sessionId").asText()).isEqualTo(sessionId);
            assertThat(session.path("surveyStatus").asText()).isEqualTo("COMPLETED");
            assertThat(session.path("questions").get(1).path("answer").asText()).isEqualTo("the app");
            assertThat(session.has("outbox")).isFalse();
        });
        assertThat(report.path("deferredStarts")).isEmpty();
        assertThat(report.path("notIncluded").size()).isPositive();
    }

    @Test
    void erasureRemovesSessionsCopiesPointersAndDeferredStartsButKeepsTheOptOut() throws Exception {
        String sessionId = completeAnSmsSurvey(port, respondent);
        text(port, respondent, "STOP");
        await().atMost(Duration.ofSeconds(10)).until(() -> keys(openFolder(respondent)).isEmpty());
        String deferredKey = "scheduled-starts/" + String.format("%013d",
                Instant.now().plus(Duration.ofDays(7)).toEpochMilli()) + "-" + UUID.randomUUID() + ".json";
        scheduledStarts.save(new ScheduledStart(deferredKey.substring(deferredKey.length() - 41,
                deferredKey.length() - 5), "sms", respondent, null, SURVEY, null, null,
                Instant.ofEpochMilli(Long.parseLong(deferredKey.substring(17, 30))), Instant.now()));
        JsonNode waiting = json(access(respondent).body()).path("deferredStarts");
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).path("scheduleId").asText()).as("what DELETE /scheduled-starts/{id} takes")
                .isEqualTo(deferredKey.substring(deferredKey.length() - 41, deferredKey.length() - 5));

        HttpResponse<String> answer = erase(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("sessions").asInt()).isEqualTo(1);
        assertThat(report.path("resultsCopies").asInt()).isEqualTo(1);
        assertThat(report.path("pointers").asInt()).as("the SMS pointer").isEqualTo(1);
        assertThat(report.path("deferredStarts").asInt()).isEqualTo(1);
        assertThat(report.path("consentRecordKept").asBoolean()).isTrue();
        assertThat(report.path("startedMeanwhile").asInt()).isZero();
        assertThat(keys("survey-results/" + digits(respondent) + "/")).isEmpty();
        assertThat(keys("sms-conversations/" + digits(respondent) + ".json")).isEmpty();
        assertThat(finishedCopies(SURVEY, sessionId)).isEmpty();
        assertThat(keys(deferredKey)).isEmpty();

        // The opt-out outlives the erasure: nothing is sent to the number.
        HttpResponse<String> start = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(422);
        JsonNode after = json(access(respondent).body());
        assertThat(after.path("sessions")).isEmpty();
        assertThat(after.path("consent").path("optedOut").asBoolean()).isTrue();
        // The consent record is kept with its history: the STOP is still shown, when and how.
        assertThat(after.path("consent").path("history")).singleElement().satisfies(change -> {
            assertThat(change.path("at").asText()).isEqualTo(after.path("consent").path("optedOutAt").asText());
            assertThat(change.path("change").asText()).isEqualTo("opted_out");
            assertThat(change.path("source").asText()).isEqualTo("sms-keyword");
        });

        JsonNode again = json(erase(respondent).body());
        assertThat(List.of(again.path("sessions").asInt(), again.path("resultsCopies").asInt(),
                again.path("pointers").asInt(), again.path("deferredStarts").asInt())).containsOnly(0);
    }

    private String sessionKey(String sessionId) {
        return "survey-results/" + digits(respondent) + "/" + sessionId + ".json";
    }

    /** Starts the default survey by text and answers its welcome and first question; the session id. */
    private String answerTheFirstQuestion() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        text(port, respondent, "continue");
        text(port, respondent, "4");
        awaitOutboxDelivered(sessionKey(sessionId));
        return sessionId;
    }

    /** The ids of the events the bus received for the session, in order. */
    private List<String> eventIdsOf(String sessionId) {
        return busEvents().stream().filter(event -> sessionId.equals(event.detail().path("sessionId").asText()))
                .map(event -> event.detail().path("eventId").asText()).toList();
    }

    /** What nothing may bring back once the erasure has answered: the session, its marker, pointer and copies. */
    private void assertNothingLeftOf(String sessionId) {
        assertThat(keys("survey-results/" + digits(respondent) + "/")).as("sessions").isEmpty();
        assertThat(keys(openFolder(respondent))).as("open markers").isEmpty();
        assertThat(keys("sms-conversations/" + digits(respondent) + ".json")).as("the SMS pointer").isEmpty();
        assertThat(finishedCopies(SURVEY, sessionId)).as("results copies").isEmpty();
        // The end publishes nothing: SURVEY_ABANDONED would carry the number being erased.
        assertThat(busEvents()).noneMatch(event -> "erased".equals(event.detail().path("reason").asText()));
    }

    /**
     * A survey running for the number was refused (409 survey_in_progress) for up to SMS_CONVERSATION_TIMEOUT (24 h),
     * with no way to end it: now it is ended and erased in the same request, and a text after the erasure brings
     * nothing back.
     */
    @Test
    void erasureEndsASurveyOfTheNumberThatRunsAndErasesItInTheSameRequest() throws Exception {
        String sessionId = answerTheFirstQuestion();
        List<String> published = eventIdsOf(sessionId);
        double abandonedBefore = abandonedSmsSurveys();

        HttpResponse<String> answer = erase(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("surveysEnded").asInt()).isOne();
        // Its end publishes no event; the metric counts it all the same (it stayed under way for good until
        // 2026-12-06).
        assertThat(abandonedSmsSurveys() - abandonedBefore).isEqualTo(1.0);
        assertThat(report.path("sessions").asInt()).isOne();
        assertThat(report.path("pointers").asInt()).as("the SMS pointer").isOne();
        assertThat(report.path("startedMeanwhile").asInt()).isZero();
        text(port, respondent, "the app");
        assertNothingLeftOf(sessionId);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> eventIdsOf(sessionId).equals(published));
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode())
                .as("the number is free for a new survey").isEqualTo(201);
    }

    /**
     * A text of the survey lands while the erasure ends it: its write, held by S3 for 1.2 s after it was sent (the
     * step had read the session before the end), must neither bring the session back once erased nor apply its
     * answer to the ended one. The session's conditional write (If-Match) is what fences it off.
     */
    @Test
    void aTextLandingWhileTheErasureEndsItsSurveyBringsNothingBack() throws Exception {
        String sessionId = answerTheFirstQuestion();
        SERVICES.s3().faults().hangFor(Duration.ofMillis(1_200));
        SERVICES.s3().faults().setFor(com.surveyrelay.local.Faults.Mode.HANG, 1, "/" + sessionKey(sessionId));
        HttpResponse<String> answer;
        java.util.concurrent.CompletableFuture<Void> texting;
        try {
            texting = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    text(port, respondent, "the app");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The text's first request to the session is held now; the erasure goes ahead of it.
            await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5))
                    .until(() -> SERVICES.s3().faults().mode() == com.surveyrelay.local.Faults.Mode.NONE);
            answer = erase(respondent);
            texting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            SERVICES.s3().faults().clear();
        }

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("surveysEnded").asInt()).isOne();
        assertNothingLeftOf(sessionId);
        // Applied once at most: whichever write came first, the other found the session changed or gone.
        assertThat(eventIdsOf(sessionId)).doesNotHaveDuplicates();
        assertThat(busEvents()).filteredOn(event -> sessionId.equals(event.detail().path("sessionId").asText()))
                .filteredOn(event -> "ANSWER_RECORDED".equals(event.detail().path("eventType").asText()))
                .hasSizeLessThanOrEqualTo(2);
    }

    /** A call survey to the respondent, its first question asked (the session bound to the call's sid). */
    private PlacedCall callAtItsFirstQuestion() throws Exception {
        PlacedCall placed = placeManualCall();
        assertThat(twilio("/voice/webhook?sessionId=" + placed.sessionId() + "&turn=0",
                callParams(respondent, placed.call().sid())).body()).contains("<Gather");
        return placed;
    }

    /**
     * A survey call in progress: its session ends and goes with the erasure, and the call is hung up at once through
     * Twilio's REST API ({@code Status=completed} on its CallSid), so the respondent is not left on a prompt; a step
     * that still comes finds no survey and hangs up too.
     */
    @Test
    void aCallInProgressIsHungUpByTheErasure() throws Exception {
        PlacedCall placed = callAtItsFirstQuestion();
        Map<String, String> params = callParams(respondent, placed.call().sid());

        HttpResponse<String> answer = erase(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("surveysEnded").asInt()).isOne();
        assertThat(SERVICES.twilio().hungUpCalls()).containsExactly(placed.call().sid());
        params.put("Digits", "4");
        assertThat(twilio("/voice/webhook?sessionId=" + placed.sessionId() + "&turn=1", params).body())
                .contains("<Hangup/>").doesNotContain("<Gather");
        assertThat(keys("survey-results/" + digits(respondent) + "/")).isEmpty();
        assertThat(keys("call-surveys/" + digits(respondent) + ".json")).isEmpty();
        assertThat(keys(openFolder(respondent))).isEmpty();
    }

    /**
     * A call Twilio already reported completed, its session kept open a while for a late answer, is ended by the
     * erasure without a hang-up request: there is no call left to hang up (review of 3c3960d).
     */
    @Test
    void aCallAlreadyOverIsNotHungUpAgain() throws Exception {
        PlacedCall placed = callAtItsFirstQuestion();
        Map<String, String> answered = callParams(respondent, placed.call().sid());
        answered.put("Digits", "4");
        assertThat(twilio("/voice/webhook?sessionId=" + placed.sessionId() + "&turn=1", answered).body())
                .as("at the second question").contains("<Gather");
        Map<String, String> over = callParams(respondent, placed.call().sid());
        over.put("CallStatus", "completed");
        assertThat(twilio("/voice/status?sessionId=" + placed.sessionId(), over).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = erase(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("surveysEnded").asInt()).as("still open for a late answer").isOne();
        assertThat(SERVICES.twilio().hungUpCalls()).isEmpty();
        assertThat(keys("survey-results/" + digits(respondent) + "/")).isEmpty();
    }

    /**
     * Twilio answering the hang-up with 503 (every try) does not fail the erasure: the survey is ended and erased, and
     * the call's next step hangs up as it did before the service hung calls up itself.
     */
    @Test
    void aHangUpTwilioFailsLeavesTheErasureDoneAndTheNextStepHangsUp() throws Exception {
        PlacedCall placed = callAtItsFirstQuestion();
        Map<String, String> params = callParams(respondent, placed.call().sid());
        SERVICES.twilio().faults().setOnWrites(com.surveyrelay.local.Faults.Mode.ERROR,
                "/Calls/" + placed.call().sid());

        HttpResponse<String> answer = erase(respondent);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("surveysEnded").asInt()).isOne();
        assertThat(json(answer.body()).path("sessions").asInt()).isOne();
        assertThat(SERVICES.twilio().hungUpCalls()).isEmpty();
        SERVICES.twilio().faults().clear();
        params.put("Digits", "4");
        assertThat(twilio("/voice/webhook?sessionId=" + placed.sessionId() + "&turn=1", params).body())
                .contains("<Hangup/>").doesNotContain("<Gather");
        assertThat(keys("survey-results/" + digits(respondent) + "/")).isEmpty();
    }

    /**
     * Another instance that saw the number's survey end keeps its pointer and session copies: after the erasure its
     * next start to the number finds them gone at its conditional write, and starts the survey all the same.
     */
    @Test
    void anInstanceHoldingTheErasedNumbersCopiesStartsANewSurveyToIt() throws Exception {
        try (ServiceInstance other = ServiceInstance.start(Map.of())) {
            completeAnSmsSurvey(other.port(), respondent);
            assertThat(erase(respondent).statusCode()).isEqualTo(200);

            HttpResponse<String> started = startSurvey(other.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + respondent + "\"}");

            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            String sessionId = json(started.body()).get("sessionId").asText();
            text(other.port(), respondent, "continue");
            text(other.port(), respondent, "4");
            assertThat(json(object("survey-results/" + digits(respondent) + "/" + sessionId + ".json"))
                    .path("questions").get(0).path("answer").asInt()).isEqualTo(4);
        }
    }

    /**
     * Storage failing answers 503 with a message true to what the request left done: an erasure may have erased in
     * part (sent again it erases the rest); an access request changed nothing; a start sent nothing.
     */
    @Test
    void storageFailingSaysWhatTheRequestLeftDone() throws Exception {
        SERVICES.s3().faults().set(com.surveyrelay.local.Faults.Mode.INTERNAL_ERROR);
        try {
            String body = "{\"phone\": \"" + respondent + "\"}";
            HttpResponse<String> erasure = request("/respondents/erasure", body);
            assertThat(erasure.statusCode()).isEqualTo(503);
            assertThat(json(erasure.body()).path("message").asText()).isEqualTo("Survey storage is unavailable for a "
                    + "moment; the erasure may be done in part, and sent again it erases what is left. Try again "
                    + "shortly.");
            assertThat(json(request("/respondents/access", body).body()).path("message").asText())
                    .isEqualTo("Survey storage is unavailable for a moment; nothing was changed. Try again shortly.");
            assertThat(json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                    .path("message").asText())
                    .isEqualTo("Survey storage is unavailable for a moment; nothing was sent. Try again shortly.");
        } finally {
            SERVICES.s3().faults().clear();
        }
    }

    /**
     * A record of consent cut short (hand-edited, a bad restore): until 2026-12-06 access, erasure, a start and a STOP
     * from the number were each answered {@code 500 internal_error}, the STOP not recorded. Now access and erasure
     * answer, naming it; a start is refused by name, nothing sent; a STOP replaces it with the opt-out.
     */
    @Test
    void anUnreadableRecordOfConsentIsNamedAndAStopReplacesIt() throws Exception {
        String key;
        try (S3Client s3 = s3()) {
            key = new com.surveyrelay.storage.RespondentRecords(s3, service, consentSettings.hashKey())
                    .key(new com.surveyrelay.survey.E164(respondent));
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key),
                    RequestBody.fromString("{\"optedOutAt\":\"20"));
        }

        JsonNode report = json(access(respondent).body());
        assertThat(report.path("consent")).isEqualTo(json("{\"unreadable\": true}"));
        assertThat(report.path("notIncluded").toString()).contains("record of consent is stored but cannot be read");
        HttpResponse<String> erased = erase(respondent);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(json(erased.body()).path("consentRecordKept").asBoolean()).isTrue();
        HttpResponse<String> start = startSurvey(port, "/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(500);
        assertThat(json(start.body()).path("error").asText()).isEqualTo("respondent_record_unreadable");
        assertThat(json(start.body()).path("message").asText()).contains(key).doesNotContain(respondent.substring(1));
        assertThat(SERVICES.twilio().messages()).isEmpty();

        text(port, respondent, "Stop texting me");

        JsonNode after = json(access(respondent).body()).path("consent");
        assertThat(after.path("optedOut").asBoolean()).isTrue();
        assertThat(after.path("optOutSource").asText()).isEqualTo("sms-phrase");
        HttpResponse<String> refused = startSurvey(port, "/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(json(refused.body()).path("error").asText()).isEqualTo("recipient_opted_out");
    }

    @Test
    void aBadRequestIsRefusedWithAClearError() throws Exception {
        assertThat(post("/respondents/erasure", "application/json", "{\"phone\": \"" + respondent + "\"}", Map.of())
                .statusCode()).isEqualTo(401);
        Map<String, String> cases = Map.of(
                "{\"phone\": \"555-1234\"}", "invalid_phone",
                "{\"phone\": 15551234567}", "invalid_phone",
                "{}", "invalid_phone",
                // A digit left out: answered "nothing stored" (sessions 0) until 2026-12-06.
                "{\"phone\": \"+1555014\"}", "invalid_phone",
                "{\"phone\": \"" + respondent + "\", \"To\": \"x\"}", "unknown_field",
                "{\"phone\": ", "invalid_json",
                "[\"" + respondent + "\"]", "invalid_json");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            for (String path : List.of("/respondents/access", "/respondents/erasure")) {
                HttpResponse<String> answer = request(path, bad.getKey());
                assertThat(answer.statusCode()).as(path + " " + bad.getKey()).isEqualTo(400);
                assertThat(json(answer.body()).path("error").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            }
        }
        assertThat(json(request("/respondents/access", "{\"phone\": 15551234567}").body()).path("message").asText())
                .as("a number sent as a JSON number is not called missing").startsWith("phone must be a string");
        assertThat(json(request("/respondents/access", "{}").body()).path("message").asText())
                .startsWith("phone is required");
        assertThat(json(request("/respondents/erasure", "{\"phone\": \"+1555014\"}").body()).path("message")
                .asText()).startsWith("phone is too short for country code +1, and nothing is stored under it");
        // A number in the URL would be in every access log on the way: refused, the body's request not made.
        for (String path : List.of("/respondents/access?phone=%2B15551230000", "/respondents/erasure?dryRun=true")) {
            HttpResponse<String> answer = request(path, "{\"phone\": \"" + respondent + "\"}");
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(json(answer.body()).path("error").asText()).isEqualTo("unknown_parameter");
        }
        HttpResponse<String> form = post("/respondents/access", "application/x-www-form-urlencoded",
                "phone=" + respondent, Map.of("X-Api-Key", API_KEY));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form.body()).path("message").asText()).contains("application/json");
    }

    /**
     * Keeps a campaign in the bucket as the runner leaves it: its file, its results and its status, with the queue
     * marker while it is unfinished. An unfinished one is stored {@code running} and updated a day from now, so no
     * instance of the test takes it up and sends its rows.
     */
    private static String campaign(String file, String results, boolean finished) {
        String id = CampaignId.of("privacy.csv", file.getBytes(StandardCharsets.UTF_8));
        Instant at = Instant.now();
        String status = "{\"id\":\"" + id + "\",\"fileName\":\"privacy.csv\",\"state\":\""
                + (finished ? "finished" : "running") + "\",\"total\":2,\"done\":2,\"failed\":0,\"skipped\":0,"
                + "\"scheduled\":0,\"pending\":0,\"ratePerSecond\":1,\"etaSeconds\":0,\"receivedAt\":\"" + at
                + "\",\"startedAt\":\"" + at + "\",\"updatedAt\":\"" + at.plus(Duration.ofDays(finished ? 0 : 1))
                + "\"" + (finished ? ",\"finishedAt\":\"" + at + "\"" : "") + "}";
        try (S3Client s3 = s3()) {
            for (Map.Entry<String, String> object : Map.of("campaign.csv", file, "results.csv", results,
                    "status.json", status).entrySet()) {
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaigns/" + id + "/" + object.getKey()),
                        RequestBody.fromString(object.getValue()));
            }
            if (!finished) {
                s3.putObject(put -> put.bucket(LocalServices.BUCKET).key("campaign-queue/" + id), RequestBody.empty());
            }
        }
        return id;
    }

    @Test
    void accessShowsTheNumbersCampaignRowsAndErasureRedactsThemKeepingTheOtherRows() throws Exception {
        String other = newRespondent();
        String spaced = "+1 555 010 " + respondent.substring(8);
        String file = "phone,channel,surveyId\r\n" + other + ",sms,\"a, \"\"quoted\"\" survey\"\r\n\"" + spaced
                + "\",sms,\r\n";
        String results = "row,phone,channel,language,surveyId,outcome,reason,detail,sessionId\r\n"
                + "2," + other + ",sms,,\"a, \"\"quoted\"\" survey\",failed,unknown_survey,\"There is no survey, "
                + "with that surveyId.\",\r\n"
                + "3," + spaced + ",sms,,,started,,,0b0f5c1e-6a57-4e8e-9d3a-2f1b7c9e4a10\r\n";
        String id = campaign(file, results, true);

        JsonNode access = json(access(respondent).body());

        assertThat(access.path("campaigns")).singleElement().satisfies(campaign -> {
            assertThat(campaign.path("campaignId").asText()).isEqualTo(id);
            assertThat(campaign.path("finished").asBoolean()).isTrue();
            assertThat(campaign.path("campaignFile").path("rows")).singleElement().satisfies(row -> {
                assertThat(row.path("row").asInt()).isEqualTo(3);
                assertThat(JSON.convertValue(row.path("cells"), List.class)).containsExactly(spaced, "sms", "");
            });
            assertThat(campaign.path("results").path("rows")).singleElement().satisfies(row -> {
                assertThat(row.path("row").asInt()).isEqualTo(3);
                assertThat(row.path("cells").get(1).asText()).isEqualTo(spaced);
            });
        });

        HttpResponse<String> erased = erase(respondent);

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(JSON.convertValue(json(erased.body()).path("campaignFiles"), List.class)).containsExactly(
                "campaigns/" + id + "/results.csv", "campaigns/" + id + "/campaign.csv");
        assertThat(object("campaigns/" + id + "/campaign.csv")).isEqualTo("phone,channel,surveyId\r\n" + other
                + ",sms,\"a, \"\"quoted\"\" survey\"\r\nerased,,\r\n");
        assertThat(object("campaigns/" + id + "/results.csv")).isEqualTo(
                results.substring(0, results.indexOf("\r\n3,") + 2) + "3,,,,,started,respondent_erased,"
                        + "Erased on the respondent's request (GDPR article 17).,\r\n");
        assertThat(json(access(respondent).body()).path("campaigns")).isEmpty();
        assertThat(json(access(other).body()).path("campaigns")).singleElement()
                .satisfies(campaign -> assertThat(campaign.path("campaignId").asText()).isEqualTo(id));
        assertThat(json(erase(respondent).body()).path("campaignFiles")).as("a repeat writes nothing").isEmpty();
    }

    @Test
    void anUnfinishedCampaignNamingTheNumberIsNamedAndLeftWhileTheRestIsErased() throws Exception {
        String file = "phone,channel\n" + respondent + ",sms\n";
        String id = campaign(file, "row,phone,channel,language,surveyId,outcome,reason,detail,sessionId\r\n", false);
        try {
            HttpResponse<String> answer = erase(respondent);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.convertValue(json(answer.body()).path("unfinishedCampaigns"), List.class))
                    .containsExactly(id);
            assertThat(json(answer.body()).path("campaignFiles")).isEmpty();
            assertThat(object("campaigns/" + id + "/campaign.csv")).as("left as it is").isEqualTo(file);
            assertThat(json(access(respondent).body()).path("campaigns").get(0).path("finished").asBoolean(true))
                    .isFalse();
        } finally {
            try (S3Client s3 = s3()) {
                s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key("campaign-queue/" + id));
                s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key("campaigns/" + id + "/campaign.csv"));
            }
        }
    }
}
