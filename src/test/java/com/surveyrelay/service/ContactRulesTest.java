package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.outbox.OutboxRelay;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The rules on when a respondent is contacted, on a clock the test moves forward: the frequency cap refuses a
 * second survey within its window on any channel and allows it after; an unanswered SMS question is texted again
 * once after {@code SMS_REMINDER_AFTER}, then the session expires as abandoned with its event, and a late text to it
 * is told once, within {@code SMS_CLOSED_NOTICE_WINDOW}, that it closed. The sweep that
 * finds due sessions is what survives a restart, so the test drives it directly.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.consent.frequency-cap=7d", "survey-relay.consent.sms-reminder-after=2h",
        // Only the test sweeps, once its clock has moved: a periodic sweep must not expire other classes' sessions.
        "survey-relay.outbox.sweep-interval=1h"})
class ContactRulesTest extends ServiceTest {

    @Autowired
    TestClock clock;

    @Autowired
    OutboxRelay relay;

    @Autowired
    com.surveyrelay.consent.RespondentConsent consent;

    @Autowired
    com.surveyrelay.config.SurveyRelayProperties service;

    @Autowired
    com.surveyrelay.consent.ConsentProperties consentSettings;

    @Autowired
    com.surveyrelay.conversation.SessionSteps steps;

    @Autowired
    com.surveyrelay.conversation.SmsReminders reminders;

    @Autowired
    com.surveyrelay.storage.SessionStore sessions;

    @Autowired
    org.apache.camel.CamelContext camel;

    /**
     * Only the test moves its clock, days on: this context's poller (every 30 s) would meanwhile fire the starts other
     * classes deferred to a morning within the week (QuietHoursServiceTest's, DeferredStartFrequencyCapTest's: the
     * bucket is shared), texting their numbers while this test asserts that nothing was sent. Its first poll, two
     * seconds after the context starts, is either stopped here or came before any test moved the clock.
     */
    @BeforeEach
    void noScheduledStartsFiredOnThisClock() throws Exception {
        camel.getRouteController().stopRoute("scheduled-starts");
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /**
     * The texts sent to this test's respondent. The relay's sweep reads every open session in the bucket, which all
     * test classes share: on this context's clock, hours or days on, other classes' sessions left waiting get their
     * reminder or expire too (a class that left one at its first question made the reminder test see two texts).
     */
    private List<RecordedMessage> textsToRespondent() {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(respondent)).toList();
    }

    private HttpResponse<String> text(String body) throws Exception {
        return text(port, body, "SM" + UUID.randomUUID().toString().replace("-", ""));
    }

    private HttpResponse<String> text(int toPort, String body, String messageSid) throws Exception {
        return twilio(toPort, "/sms/webhook", Map.of("MessageSid", messageSid, "AccountSid", LocalServices.ACCOUNT_SID,
                "From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", body));
    }

    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final String CLOSED_NOTICE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
            + "Sorry, this survey has closed. Thank you for your time.</Message></Response>";

    /**
     * Starts an SMS survey, answers its welcome, and expires it as the sweep does once {@code SMS_CONVERSATION_TIMEOUT}
     * has passed (here at once, as {@code ResultsApiTest} does); returns its key.
     */
    private String expiredSurvey() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        text("continue");
        steps.apply(new com.surveyrelay.storage.SessionRef(new com.surveyrelay.survey.E164(respondent), sessionId),
                new com.surveyrelay.survey.SurveyInput.Ended(com.surveyrelay.survey.SurveyStatus.ABANDONED, "expired"))
                .map(com.surveyrelay.conversation.SessionSteps.Step::stored).ifPresent(relay::wake);
        String key = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        assertThat(json(object(key)).path("endReason").asText()).isEqualTo("expired");
        SERVICES.twilio().clear();
        return key;
    }

    /** The session document without its {@code outbox}, which the relay rewrites on its own as it delivers. */
    private static JsonNode withoutOutbox(JsonNode session) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = session.deepCopy();
        copy.remove("outbox");
        return copy;
    }

    /**
     * A late answer to an expired survey got silence; now the one notice that it closed, in the TwiML, once per
     * session: Twilio's repeat of that text gets the same TwiML (the first may never have reached Twilio) and stores
     * nothing; another text gets nothing, however many instances the texts reach at once (the notice is taken by the
     * conditional write of the session, on an instance of its own as well as this one).
     */
    @Test
    void aLateAnswerToAnExpiredSurveyIsToldOnceThatItClosed() throws Exception {
        String key = expiredSurvey();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        assertThat(text(port, "4", sid).body()).isEqualTo(CLOSED_NOTICE);
        JsonNode noted = json(object(key));
        assertThat(noted.has("closedNoticeAt")).isTrue();
        assertThat(noted.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(text(port, "4", sid).body()).as("Twilio's repeat").isEqualTo(CLOSED_NOTICE);
        // Its outbox aside: the relay may write the delivered entries' removal in between (it did once, under load).
        assertThat(withoutOutbox(json(object(key)))).as("nothing stored again").isEqualTo(withoutOutbox(noted));
        assertThat(text("4").body()).as("a second late text").isEqualTo(EMPTY_TWIML);
        assertThat(SERVICES.twilio().messages()).as("nothing through the REST API").isEmpty();
    }

    @Test
    void concurrentLateTextsOnTwoInstancesAreToldOnce() throws Exception {
        expiredSurvey();
        try (ServiceInstance other = ServiceInstance.start(Map.of("survey-relay.outbox.sweep-interval", "1h"))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                List<java.util.concurrent.Future<String>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int toPort = i % 2 == 0 ? port : other.port();
                    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
                    replies.add(pool.submit(() -> text(toPort, "hello?", sid).body()));
                }
                List<String> bodies = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<String> reply : replies) {
                    bodies.add(reply.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(bodies).filteredOn(CLOSED_NOTICE::equals).hasSize(1);
                assertThat(bodies).filteredOn(EMPTY_TWIML::equals).hasSize(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * No notice after the window ({@code SMS_CLOSED_NOTICE_WINDOW}, 7 days), nor to a number that opted out; a STOP
     * after expiry still opts the number out (Twilio confirms it; the TwiML is empty).
     */
    @Test
    void noClosedNoticeAfterTheWindowOrToAnOptedOutNumber() throws Exception {
        String key = expiredSurvey();
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(text("4").body()).isEqualTo(EMPTY_TWIML);
        assertThat(json(object(key)).has("closedNoticeAt")).isFalse();

        respondent = newRespondent();
        key = expiredSurvey();
        assertThat(text("STOP").body()).isEqualTo(EMPTY_TWIML);
        assertThat(consent.isOptedOut(new com.surveyrelay.survey.E164(respondent))).isTrue();
        assertThat(text("4").body()).isEqualTo(EMPTY_TWIML);
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    @Test
    void aNumberAskedWithinTheCapIsNotAskedAgainOnAnyChannelUntilItEnds() throws Exception {
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        SERVICES.twilio().clear();
        HttpResponse<String> call = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(422);
        assertThat(json(call.body()).get("error").asText()).isEqualTo("contacted_recently");
        assertThat(SERVICES.twilio().calls()).isEmpty();

        clock.advance(Duration.ofDays(6));
        assertThat(startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").statusCode())
                .as("six days on, still within seven").isEqualTo(422);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        HttpResponse<String> later = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().calls()).hasSize(1);
    }

    /**
     * A start whose first text Twilio reported undelivered (30003, the handset unreachable) reached nobody: its contact
     * is given back, and the number may be asked again at once. Until 2026-12-07 it held for the cap's seven days (an
     * integrator's probe). A call that rang unanswered keeps its contact: the phone rang.
     */
    @Test
    void aStartWhoseFirstTextWasNotDeliveredGivesItsContactBack() throws Exception {
        SERVICES.emulator().phone(respondent).setUndeliverable(30003);
        try {
            HttpResponse<String> first = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            String sessionId = json(first.body()).get("sessionId").asText();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json(
                    object("survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"))
                    .get("endReason").asText()).isEqualTo("not-delivered:unreachable_handset"));
        } finally {
            SERVICES.emulator().phone(respondent).setUndeliverable(null);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consent
                .record(new com.surveyrelay.survey.E164(respondent)).lastAskedAt()).isNull());
        HttpResponse<String> again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        HttpResponse<String> third = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(json(third.body()).get("error").asText()).as("the delivered one holds")
                .isEqualTo("contacted_recently");
    }

    /**
     * The number's record took the contact (its {@code lastAskedAt}) but S3's answer to that write was lost: the AWS
     * SDK sent it again, S3 refused that attempt ({@code 412}, the record being the first attempt's), and the start,
     * reading the record again and applying the cap to it, met its own contact. Until 2026-12-06 it was refused
     * {@code 422 contacted_recently}, nobody asked, and the number then held for the cap's seven days.
     */
    @Test
    void aStartWhoseContactClaimLandedButWhoseAnswerWasLostStartsAndTakesTheContactOnce() throws Exception {
        String record;
        try (software.amazon.awssdk.services.s3.S3Client s3 = s3()) {
            record = new com.surveyrelay.storage.RespondentRecords(s3, service, consentSettings.hashKey())
                    .key(new com.surveyrelay.survey.E164(respondent));
        }
        SERVICES.s3().loseAnswers(record, 1);
        try {
            HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        } finally {
            SERVICES.s3().loseAnswers("", 0);
        }
        assertThat(textsToRespondent()).hasSize(1);

        HttpResponse<String> again = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("contacted_recently");
    }

    @Test
    void anUnansweredQuestionGetsOneReminderThenTheSessionExpires() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        String key = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        text("continue");
        SERVICES.twilio().clear();

        clock.advance(Duration.ofMinutes(119));
        relay.sweep();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(textsToRespondent()).as("not due yet").isEmpty());

        clock.advance(Duration.ofMinutes(2));
        relay.sweep();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(textsToRespondent())
                .extracting(RecordedMessage::body).containsExactly("""
                        A quick reminder: we would still like your answer.

                        From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our \
                        service?"""));
        assertThat(json(object(key)).has("remindedAt")).isTrue();

        relay.sweep();
        relay.sweep();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(textsToRespondent()).as("one reminder only").hasSize(1));

        clock.advance(Duration.ofHours(25));
        // Swept until closed, as the sweep interval would (an hour here). It stayed open in CI at 3717545, e1485958
        // and f533e17a, likely so: the relay counted a look's delay on the system's clock, so a look scheduled after
        // this jump (a wake, a retry, a write conflict's look again) waited a day, and the sweep left the session
        // to that look. Mended in
        // RelayBatches.Due (RelayBatchesTest.aLookIsDueOnTheRelaysClock); the jump still makes every open session
        // other classes left in the shared bucket due (some forty), hence the wait of up to 30 s.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            relay.sweep();
            JsonNode session = json(object(key));
            assertThat(session.get("surveyStatus").asText()).isEqualTo("ABANDONED");
            assertThat(session.get("endReason").asText()).isEqualTo("expired");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .filteredOn(event -> event.detailType().equals("Survey Abandoned"))
                .extracting(event -> event.detail().get("reason").asText()).containsExactly("expired"));
        assertThat(textsToRespondent()).as("expiry texts nothing").hasSize(1);
    }

    /**
     * A reminder Twilio answered 5xx was recorded sent and never tried again (a breaker's finding: a blip of seconds
     * cost it). Nothing went out, so the session is put back as it was, its look comes again 30 s later, and the
     * reminder goes once Twilio is back; its expiry still counts from the respondent's last reply. The test makes the
     * relay's look at this session itself: a sweep reads every open session of the bucket the test classes share, and
     * could try another's reminder first.
     */
    @Test
    void aReminderTwilioFailedGoesOutOnceTwilioIsBack() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        com.surveyrelay.storage.SessionRef ref = new com.surveyrelay.storage.SessionRef(
                new com.surveyrelay.survey.E164(respondent), sessionId);
        String key = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        text("continue");
        String answeredAt = json(object(key)).get("updatedAt").asText();
        SERVICES.twilio().clear();
        clock.advance(Duration.ofMinutes(121));

        SERVICES.twilio().faults().set(com.surveyrelay.local.Faults.Mode.ERROR);
        java.util.Optional<java.time.Instant> lookAgain;
        java.time.Instant triedFrom = clock.instant();
        try {
            lookAgain = reminders.remindIfDue(ref, sessions.find(ref).orElseThrow().session());
        } finally {
            SERVICES.twilio().faults().clear();
        }
        Duration retry = com.surveyrelay.conversation.SmsReminders.RETRY_AFTER;
        assertThat(lookAgain).as("looked at again in 30 s").hasValueSatisfying(at -> assertThat(at)
                .isBetween(triedFrom.plus(retry), clock.instant().plus(retry)));
        JsonNode putBack = json(object(key));
        assertThat(putBack.has("remindedAt")).as("put back: not reminded").isFalse();
        assertThat(putBack.get("updatedAt").asText()).isEqualTo(answeredAt);
        assertThat(textsToRespondent()).isEmpty();

        clock.advance(retry);
        assertThat(reminders.remindIfDue(ref, sessions.find(ref).orElseThrow().session())).isEmpty();
        assertThat(textsToRespondent()).extracting(RecordedMessage::body).singleElement().asString()
                .startsWith("A quick reminder: we would still like your answer.");
        assertThat(json(object(key)).has("remindedAt")).isTrue();
    }

    @Test
    void ofSixCallsStartedAtOnceToOneNumberTheCapLetsOneThrough() throws Exception {
        SERVICES.emulator().phone(respondent).setManual(true);
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        java.util.List<Integer> statuses = starts.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 422);
        assertThat(SERVICES.twilio().calls()).filteredOn(call -> call.to().equals(respondent)).hasSize(1);
    }
}
