package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.local.TranscriptEntry;
import com.surveyrelay.local.VirtualPhone;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel fallback, on for an instance by the service settings: a call that goes unanswered starts the SMS survey
 * (once, however often Twilio reports it), and a call dropped mid-survey goes on by text from the first unanswered
 * question, keeping the answers the call recorded; the SMS session's start event names the call it falls back from.
 * The instance places its calls with answering-machine detection ({@code VOICE_MACHINE_DETECTION}): a call a
 * voicemail takes is hung up on and counts as unanswered.
 *
 * <p>The instance has a bucket of its own. Instances on one bucket share settings, and the test contexts on the
 * shared bucket, their fallback off, would otherwise race it: a sweep of theirs that saw a dropped call schedules
 * its own look for when the call's grace is over, and closing the call first, it sends no text. The other way
 * round, this instance's sweep would text other classes' dropped calls.
 */
class ChannelFallbackServiceTest extends ServiceTest {

    private static final String BUCKET = "survey-relay-fallback";
    private static ServiceInstance fallbackOn;
    private String callSession;
    /** The sid of the call placed: Twilio names it in each of the call's webhooks, and a session takes no other's. */
    private String callSid;

    @BeforeAll
    static void startAnInstanceWithTheFallbackOn() throws Exception {
        SERVICES.s3().seed(BUCKET, Path.of("config-files"));
        fallbackOn = ServiceInstance.start(Map.of("survey-relay.bucket", BUCKET, "survey-relay.results-bucket", BUCKET,
                "survey-relay.fallback.sms-when-call-unanswered", "true",
                "survey-relay.fallback.sms-after-dropped-call", "true",
                "survey-relay.outbox.call-end-grace", "2s",
                "survey-relay.voice.machine-detection", "true",
                // A fallback text takes no contact of its own; the call it follows took one (see the test below).
                "survey-relay.consent.frequency-cap", "7d"));
    }

    @AfterAll
    static void stopTheInstance() {
        if (fallbackOn != null) {
            fallbackOn.close();
        }
    }

    @BeforeEach
    void placeCall() throws Exception {
        // The emulator's webhooks (message status callbacks) go to the instance, not to the test context.
        SERVICES.connect(URI.create(PUBLIC_BASE_URL), URI.create("http://localhost:" + fallbackOn.port()));
        SERVICES.emulator().phone(respondent).setManual(true);
        HttpResponse<String> started = startSurvey(fallbackOn.port(), "/voice/initiate-call",
                "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        callSession = json(started.body()).get("sessionId").asText();
        callSid = SERVICES.twilio().calls().stream().filter(call -> call.to().equals(respondent)).findFirst()
                .orElseThrow().sid();
    }

    private Map<String, String> call(String key, String value) {
        Map<String, String> params = callParams(respondent, callSid);
        if (key != null) {
            params.put(key, value);
        }
        return params;
    }

    private String step(int turn, String key, String value) throws Exception {
        HttpResponse<String> response = twilio(fallbackOn.port(),
                "/voice/webhook?sessionId=" + callSession + "&turn=" + turn, call(key, value));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void status(String callStatus) throws Exception {
        assertThat(twilio(fallbackOn.port(), "/voice/status?sessionId=" + callSession,
                call("CallStatus", callStatus)).statusCode()).isEqualTo(200);
    }

    private List<RecordedMessage> texts() {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(respondent)).toList();
    }

    private JsonNode smsSession() throws Exception {
        String pointer = object(BUCKET, "sms-conversations/" + respondent.substring(1) + ".json");
        String sessionId = json(pointer).get("sessionId").asText();
        return json(object(BUCKET, "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json"));
    }

    @Test
    void anUnansweredCallStartsTheSmsSurveyOnce() throws Exception {
        status("no-answer");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(texts()).hasSize(1));
        status("no-answer");
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(texts()).as("the welcome, once").hasSize(1));
        assertThat(texts().get(0).body()).startsWith("Hi, this is a one-minute survey");
        JsonNode sms = smsSession();
        assertThat(sms.at("/fallbackFrom/sessionId").asText()).isEqualTo(callSession);
        assertThat(sms.at("/fallbackFrom/reason").asText()).isEqualTo("no-answer");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .filteredOn(event -> event.detailType().equals("Survey Started")
                        && event.detail().get("surveyMedium").asText().equals("sms"))
                .singleElement().satisfies(event -> {
                    assertThat(event.detail().at("/fallbackFrom/reason").asText()).isEqualTo("no-answer");
                    assertThat(SurveyEventSchema.violations(event.detail())).isEmpty();
                }));
    }

    /**
     * A fallback text Twilio reports undelivered (30003) gives no contact back to the frequency cap: it took none, and
     * the contact before it is its call's, which rang. A texted start whose first text is undelivered gives its own
     * back ({@code ContactRulesTest}); until a reviewer's probe of 2026-12-07 this one gave the call's back too, and
     * nothing tested it until the day after.
     */
    @Test
    void anUndeliveredFallbackTextKeepsTheCallsContact() throws Exception {
        SERVICES.emulator().phone(respondent).setUndeliverable(30003);
        try {
            status("no-answer");
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(smsSession()
                    .path("endReason").asText()).isEqualTo("not-delivered:unreachable_handset"));
        } finally {
            SERVICES.emulator().phone(respondent).setUndeliverable(null);
        }
        HttpResponse<String> again = startSurvey(fallbackOn.port(), "/sms/initiate-sms",
                "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("contacted_recently");
    }

    /**
     * Twilio answers 5xx to the fallback text: nothing went out, and the fallback was given up at once with an INFO
     * line (a breaker's finding: a blip of seconds cost the respondent the survey). It is tried again, and goes out
     * once Twilio is back.
     */
    @Test
    void aFallbackTwilioFailedGoesOutOnceTwilioIsBack() throws Exception {
        SERVICES.twilio().faults().set(com.surveyrelay.local.Faults.Mode.ERROR);
        try {
            status("no-answer");
            // The first try's text session, ended as Twilio refused it: nothing went out.
            await().atMost(Duration.ofSeconds(15)).until(() -> keys(BUCKET, "survey-results/"
                    + respondent.substring(1) + "/").stream().map(key -> object(BUCKET, key))
                    .anyMatch(session -> session.contains("not-delivered:twilio_error")));
        } finally {
            SERVICES.twilio().faults().clear();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(texts()).hasSize(1));
        assertThat(texts().get(0).body()).startsWith("Hi, this is a one-minute survey");
        assertThat(smsSession().at("/fallbackFrom/sessionId").asText()).isEqualTo(callSession);
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() ->
                assertThat(texts()).as("once").hasSize(1));
    }

    /** Hung up in the welcome, before any answer: the text survey starts as any other, welcome and all. */
    @Test
    void aCallDroppedBeforeAnyAnswerStartsTheTextSurveyFromItsWelcome() throws Exception {
        step(0, null, null);                         // the welcome and the language offer
        status("completed");                         // the caller hangs up while they play
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(texts()).hasSize(1));
        assertThat(texts().get(0).body()).startsWith("Hi, this is a one-minute survey").doesNotContain("cut off");
        JsonNode sms = smsSession();
        assertThat(sms.at("/fallbackFrom/reason").asText()).isEqualTo("hangup");
        assertThat(sms.get("currentState").asText()).isEqualTo("language_offer");
    }

    /**
     * A caller whose last words were opt-out words heard unclearly ("stop calling me" at 0.2: asked again, not opted
     * out) and who then hung up is not texted "we were cut off": they may have asked us to stop. Until 2026-12-07
     * the fallback texted them within seconds (a caller's probe).
     */
    @Test
    void aCallDroppedAfterOptOutWordsHeardUnclearlyIsNotTexted() throws Exception {
        step(0, null, null);
        step(1, null, null);
        step(2, "Digits", "4");
        Map<String, String> said = call("SpeechResult", "stop calling me");
        said.put("Confidence", "0.2");
        HttpResponse<String> unclear = twilio(fallbackOn.port(), "/voice/webhook?sessionId=" + callSession
                + "&turn=3", said);
        assertThat(unclear.body()).contains("did not catch that clearly");
        status("completed");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json(object(BUCKET, "survey-results/"
                + respondent.substring(1) + "/" + callSession + ".json")).path("endReason").asText())
                .isEqualTo("hangup"));
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertThat(texts()).as("no fallback text").isEmpty());
    }

    @Test
    void aDroppedCallGoesOnByTextFromTheFirstUnansweredQuestion() throws Exception {
        step(0, null, null);                         // the welcome and the language offer
        step(1, null, null);                         // no choice: English, the first question
        step(2, "Digits", "4");                      // the first answer; now the product question
        status("completed");                         // the caller hangs up
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(texts()).hasSize(1));
        assertThat(texts().get(0).body()).isEqualTo("""
                We were cut off, so let's go on by text.
                Reply STOP to opt out.

                Which of our products do you use the most?""");
        JsonNode sms = smsSession();
        assertThat(sms.at("/questions/0/answer").asInt()).as("kept from the call").isEqualTo(4);
        assertThat(sms.at("/questions/0/channel").asText()).isEqualTo("voice");

        HttpResponse<String> reply = twilio(fallbackOn.port(), "/sms/webhook", Map.of("MessageSid",
                "SM" + UUID.randomUUID().toString().replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID,
                "From", respondent, "To", LocalServices.PHONE_NUMBER, "Body", "The mobile app"));
        assertThat(reply.body()).contains("how helpful was the person");
        JsonNode after = smsSession();
        assertThat(after.at("/questions/1/answer").asText()).isEqualTo("The mobile app");
        assertThat(after.at("/questions/1/channel").asText()).isEqualTo("sms");
        assertThat(json(object(BUCKET, "survey-results/" + respondent.substring(1) + "/" + callSession + ".json"))
                .get("endReason").asText()).isEqualTo("hangup");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).contains("Survey Abandoned", "Survey Started"));

        // To the end by text: the completion carries the call's answer (channel voice) beside the texted ones, and
        // keeps to the published schema (until 2026-12-06 it said every result of an sms session was texted).
        for (String body : List.of("5", "Nothing else")) {
            twilio(fallbackOn.port(), "/sms/webhook", Map.of("MessageSid", "SM" + UUID.randomUUID().toString()
                    .replace("-", ""), "AccountSid", LocalServices.ACCOUNT_SID, "From", respondent,
                    "To", LocalServices.PHONE_NUMBER, "Body", body));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .extracting(RecordedEvent::detailType).contains("Survey Completed"));
        assertThat(busEvents()).allSatisfy(event -> assertThat(SurveyEventSchema.violations(event.detail()))
                .as(event.detail().toString()).isEmpty());
    }

    /** The hang-up a call a machine answered gets, before anything is said to the recorder. */
    private static final String HANG_UP = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>";

    @Test
    void callsArePlacedWithAnsweringMachineDetection() {
        assertThat(SERVICES.twilio().calls()).filteredOn(call -> call.to().equals(respondent)).singleElement()
                .satisfies(call -> assertThat(call.params().get("MachineDetection")).containsExactly("Enable"));
    }

    /**
     * A voicemail greeting at the welcome was taken for a person: the survey played to the recorder, ended
     * ABANDONED no-input after three silences, and no text followed (break-it probe on the dev phone).
     */
    @Test
    void aCallAVoicemailAnswersIsHungUpOnAndTheSurveyGoesOnByTextOnce() throws Exception {
        assertThat(step(0, "AnsweredBy", "machine_start")).isEqualTo(HANG_UP);
        assertThat(step(0, "AnsweredBy", "machine_start")).as("Twilio's repeat").isEqualTo(HANG_UP);
        status("completed");
        JsonNode call = json(object(BUCKET, "survey-results/" + respondent.substring(1) + "/" + callSession
                + ".json"));
        assertThat(call.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(call.get("endReason").asText()).isEqualTo("machine");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(texts()).hasSize(1));
        assertThat(texts().get(0).body()).startsWith("Hi, this is a one-minute survey");
        JsonNode sms = smsSession();
        assertThat(sms.at("/fallbackFrom/sessionId").asText()).isEqualTo(callSession);
        assertThat(sms.at("/fallbackFrom/reason").asText()).isEqualTo("machine");
        assertThat(sms.get("currentState").asText()).isEqualTo("language_offer");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents())
                .filteredOn(event -> event.detail().get("sessionId").asText().equals(callSession))
                .extracting(RecordedEvent::detailType).containsExactly("Survey Started", "Survey Abandoned"));
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() -> {
            assertThat(texts()).as("the welcome, once").hasSize(1);
            assertThat(busEvents()).filteredOn(event -> event.detailType().equals("Survey Abandoned"))
                    .singleElement().satisfies(event -> {
                        assertThat(event.detail().get("reason").asText()).isEqualTo("machine");
                        assertThat(SurveyEventSchema.violations(event.detail())).isEmpty();
                    });
        });
    }

    /** Twilio tells who answered in the call's first request alone: an AnsweredBy on a later one ends nothing. */
    @Test
    void aCallAPersonAnswersGoesOnToTheWelcome() throws Exception {
        assertThat(step(0, "AnsweredBy", "human")).contains("Hi, this is a one-minute survey", "<Gather");
        assertThat(step(1, "AnsweredBy", "machine_start")).contains("<Gather").doesNotContain("<Hangup/>");
        assertThat(json(object(BUCKET, "survey-results/" + respondent.substring(1) + "/" + callSession + ".json"))
                .get("surveyStatus").asText()).isEqualTo("STARTED");
    }

    /** The emulator answers as the phone is set: a voicemail there makes a call end machine, and a text follow. */
    @Test
    void theEmulatorsVoicemailIsHungUpOnAndTextedTheSurvey() throws Exception {
        String voicemail = newRespondent();
        SERVICES.emulator().phone(voicemail).setAnsweredBy(VirtualPhone.VOICEMAIL);
        HttpResponse<String> started = startSurvey(fallbackOn.port(), "/voice/initiate-call",
                "{\"To\": \"" + voicemail + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String session = json(started.body()).get("sessionId").asText();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(SERVICES.twilio().messages())
                .filteredOn(message -> message.to().equals(voicemail)).hasSize(1));
        JsonNode call = json(object(BUCKET, "survey-results/" + voicemail.substring(1) + "/" + session + ".json"));
        assertThat(call.get("endReason").asText()).isEqualTo("machine");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(SERVICES.emulator().phone(voicemail)
                .lastCall()).get().satisfies(played -> {
                    assertThat(played.status()).isEqualTo("completed");
                    assertThat(played.transcript()).as("nothing said to the recorder")
                            .extracting(TranscriptEntry::kind).containsExactly(TranscriptEntry.Kind.HANGUP);
                }));
    }
}
