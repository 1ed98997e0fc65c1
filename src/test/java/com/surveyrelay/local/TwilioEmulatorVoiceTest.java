package com.surveyrelay.local;

import static com.surveyrelay.local.CallAction.hangUp;
import static com.surveyrelay.local.CallAction.press;
import static com.surveyrelay.local.CallAction.say;
import static com.surveyrelay.local.CallAction.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.FakeTwilioApp.Received;
import com.surveyrelay.local.TranscriptEntry.Kind;
import com.twilio.http.HttpMethod;
import com.twilio.twiml.TwiML;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls played against a fake application that answers canned TwiML, as the survey service's would look. */
class TwilioEmulatorVoiceTest {

    // Built at runtime and not hex, so nothing here can pass for a real credential.
    private static final String ACCOUNT_SID = "AC" + "test".repeat(8);
    private static final String AUTH_TOKEN = "emulator-test-token";
    private static final String RELAY = "+15557654321";
    private static final String CUSTOMER = "+15551234567";
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final String TIMESTAMP = "Tue, 24 Nov 2026 10:15:30 +0000";
    private static final String STEP = "/voice/webhook?sessionId=call-1&turn=";
    private static final String STATUS = "/voice/status?sessionId=call-1";
    private static final String FORM = "application/x-www-form-urlencoded";

    private TwilioEmulator twilio;
    private FakeTwilioApp app;
    private EmulatorRestClient rest;
    private VirtualPhone phone;

    @BeforeEach
    void start() {
        twilio = TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, RELAY, Clock.fixed(NOW, ZoneOffset.UTC));
        app = FakeTwilioApp.start(AUTH_TOKEN);
        rest = new EmulatorRestClient(twilio.url(), ACCOUNT_SID, AUTH_TOKEN);
        phone = twilio.phone(CUSTOMER);
    }

    @AfterEach
    void stop() {
        twilio.close();
        app.close();
    }

    @Test
    void playsTheSurveysTwimlAndPostsEachAnswerToTheGatherAction() {
        app.answer(STEP + "0", twiml(joanna("Hi, this is a one-minute survey about your recent visit with us."),
                new Gather.Builder()
                        .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH))
                        .numDigits(1).timeout(6).speechTimeout("auto").language(Gather.Language.EN_US)
                        .action(app.at(STEP + "1")).method(HttpMethod.POST).hints("español,français")
                        .say(spoken("Para español, oprima 2 o diga español.", Say.Voice.POLLY_MIA, Say.Language.ES_MX))
                        .say(chantal("Pour le français, appuyez sur 3 ou dites français."))
                        .build(),
                redirect(STEP + "1")));
        app.answer(STEP + "1", twiml(chantal("Parfait, commençons."),
                new Gather.Builder()
                        .inputs(Gather.Input.SPEECH).timeout(6).speechTimeout("auto").language(Gather.Language.FR_CA)
                        .action(app.at(STEP + "2")).method(HttpMethod.POST)
                        .say(chantal("Lequel de nos produits utilisez-vous le plus?"))
                        .build(),
                redirect(STEP + "2")));
        app.answer(STEP + "2", twiml(chantal("C'est tout. Merci de votre temps, au revoir."),
                new Hangup.Builder().build()));
        app.answer(STATUS, "");
        phone.script(press("3"), say("L'application mobile", 0.92));

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"), "Method", "POST",
                "StatusCallback", app.at(STATUS), "StatusCallbackMethod", "POST", "StatusCallbackEvent", "completed");

        CallRecord call = awaitEnd();
        assertThat(call.transcript()).containsExactly(
                entry(Kind.SAY, "Hi, this is a one-minute survey about your recent visit with us.", "en-US",
                        "Polly.Joanna"),
                entry(Kind.SAY, "Para español, oprima 2 o diga español.", "es-MX", "Polly.Mia"),
                entry(Kind.SAY, "Pour le français, appuyez sur 3 ou dites français.", "fr-CA", "Polly.Chantal"),
                entry(Kind.PRESSED, "3"),
                entry(Kind.SAY, "Parfait, commençons.", "fr-CA", "Polly.Chantal"),
                entry(Kind.SAY, "Lequel de nos produits utilisez-vous le plus?", "fr-CA", "Polly.Chantal"),
                entry(Kind.SPOKE, "L'application mobile", "fr-CA", null),
                entry(Kind.SAY, "C'est tout. Merci de votre temps, au revoir.", "fr-CA", "Polly.Chantal"),
                entry(Kind.HANGUP, null));
        assertThat(call).isEqualTo(new CallRecord(sid, RELAY, CUSTOMER, "completed", call.transcript(), NOW, NOW));
        assertThat(app.received()).containsExactly(
                post(STEP + "0", callParams(sid)),
                post(STEP + "1", callParams(sid, "Digits", "3")),
                post(STEP + "2", callParams(sid, "SpeechResult", "L'application mobile", "Confidence", "0.92")),
                post(STATUS, statusParams(sid, "completed", "CallDuration", "0")));
        assertThat(phone.pendingScript()).isEmpty();
    }

    @Test
    void silenceFallsThroughToTheVerbAfterTheGatherAndAnEmptyScriptIsSilenceAtOnce() {
        app.answer(STEP + "0", twiml(dtmfGather(STEP + "1"), redirect(STEP + "1")));
        app.answer(STEP + "1", twiml(dtmfGather(STEP + "2"), joanna("Goodbye.")));
        phone.script(silence());

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.SILENCE, null),
                entry(Kind.REDIRECT, app.at(STEP + "1")),
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.SILENCE, null),
                entry(Kind.SAY, "Goodbye.", "en-US", "Polly.Joanna"),
                entry(Kind.HANGUP, "end of TwiML"));
        assertThat(app.received()).containsExactly(post(STEP + "0", callParams(sid)), post(STEP + "1", callParams(sid)));
    }

    @Test
    void hangingUpDuringAGatherEndsTheCallWithoutRequestingTheAction() {
        app.answer(STEP + "0", twiml(dtmfGather(STEP + "1"), redirect(STEP + "1")));
        app.answer(STATUS, "");
        phone.script(hangUp());

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "StatusCallback", app.at(STATUS));

        CallRecord call = awaitEnd();
        assertThat(call.transcript()).containsExactly(
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.CALLER_HANGUP, null));
        assertThat(call.status()).isEqualTo("completed");
        assertThat(app.received()).containsExactly(
                post(STEP + "0", callParams(sid)),
                post(STATUS, statusParams(sid, "completed", "CallDuration", "0")));
    }

    @Test
    void aNon2xxAnswerEndsTheCallWithAnApplicationErrorAndStillReportsTheEnd() {
        app.answer(STEP + "0", twiml(dtmfGather(STEP + "1")));
        app.answer(STEP + "1", 500, "{\"error\":\"boom\"}");
        app.answer(STATUS, "");
        phone.script(press("1"), press("2"));

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "StatusCallback", app.at(STATUS));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.PRESSED, "1"),
                entry(Kind.ERROR, "HTTP 500 from " + app.at(STEP + "1")));
        assertThat(app.received()).extracting(Received::target).containsExactly(STEP + "0", STEP + "1", STATUS);
        assertThat(phone.pendingScript()).containsExactly(press("2"));
    }

    @Test
    void anAnswerThatIsNotTwimlIsAnApplicationError() {
        app.answer(STEP + "0", "<html><body>Whitelabel Error Page</body></html>");

        rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        assertThat(awaitEnd().transcript()).containsExactly(entry(Kind.ERROR, "the answer from " + app.at(STEP + "0")
                + " is not TwiML: the root element is <html>, not <Response>"));
    }

    @Test
    void aVerbTheEmulatorDoesNotPlayIsAnApplicationErrorThatEndsTheCall() {
        app.answer(STEP + "0", twiml(joanna("Connecting you."), new Dial.Builder("+15550000000").build(),
                joanna("Never said.")));

        rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Connecting you.", "en-US", "Polly.Joanna"),
                entry(Kind.ERROR, "<Dial> is not a verb the emulator plays"));
    }

    @Test
    void recordsPausePlayAndLoopsWithTwiliosDefaultsWithoutWaiting() {
        app.answer("/voice/first", twiml(
                new Say.Builder("Welcome.").loop(2).build(),
                new Pause.Builder().length(3).build(),
                new Pause.Builder().build(),
                new Play.Builder("/sounds/chime.mp3").loop(2).build(),
                new Play.Builder("https://cdn.example.com/bye.mp3").build()));

        rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at("/voice/first"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Welcome.", "en-US", "man"),
                entry(Kind.SAY, "Welcome.", "en-US", "man"),
                entry(Kind.PAUSE, "3"),
                entry(Kind.PAUSE, "1"),
                entry(Kind.PLAY, app.at("/sounds/chime.mp3")),
                entry(Kind.PLAY, app.at("/sounds/chime.mp3")),
                entry(Kind.PLAY, "https://cdn.example.com/bye.mp3"),
                entry(Kind.HANGUP, "end of TwiML"));
    }

    @Test
    void resolvesRelativeUrlsAndPostsAGatherWithoutActionToItsOwnDocument() {
        app.answer("/voice/menu?step=1", twiml(new Gather.Builder().numDigits(1).build(),
                new Redirect.Builder("next?step=2").method(HttpMethod.GET).build()));
        app.answer("/voice/next", twiml(new Hangup.Builder().build()));
        phone.script(press("7"), silence());

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at("/voice/menu?step=1"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.PRESSED, "7"),
                entry(Kind.SILENCE, null),
                entry(Kind.REDIRECT, app.at("/voice/next?step=2")),
                entry(Kind.HANGUP, null));
        Map<String, String> redirected = new LinkedHashMap<>(Map.of("step", "2"));
        redirected.putAll(callParams(sid));
        assertThat(app.received()).containsExactly(
                post("/voice/menu?step=1", callParams(sid)),
                post("/voice/menu?step=1", callParams(sid, "Digits", "7")),
                new Received("GET", "/voice/next?step=2&" + form(callParams(sid)), redirected, true, null,
                        "TwilioProxy/1.1"));
    }

    @Test
    void keysStopAtTheFinishKeyAndAtNumDigits() {
        app.answer(STEP + "0", twiml(new Gather.Builder().action(app.at(STEP + "1")).build()));
        app.answer(STEP + "1", twiml(new Gather.Builder().numDigits(2).action(app.at(STEP + "2")).build()));
        app.answer(STEP + "2", twiml(new Gather.Builder().finishOnKey("*").action(app.at(STEP + "3")).build()));
        app.answer(STEP + "3", twiml(new Gather.Builder().action(app.at(STEP + "4")).build()));
        app.answer(STEP + "4", twiml(new Hangup.Builder().build()));
        phone.script(press("12#9"), press("345"), press("6#*"), press("#"));

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.PRESSED, "12"),
                entry(Kind.PRESSED, "34"),
                entry(Kind.PRESSED, "6#"),
                entry(Kind.SILENCE, "pressed #, which finishes the input before any digit"),
                entry(Kind.HANGUP, "end of TwiML"));
        assertThat(app.received()).extracting(request -> request.params().get("Digits"))
                .containsExactly(null, "12", "34", "6#");
        assertThat(app.received()).extracting(Received::target)
                .containsExactly(STEP + "0", STEP + "1", STEP + "2", STEP + "3");
        assertThat(app.received()).allSatisfy(request -> assertThat(request.params().get("CallSid")).isEqualTo(sid));
    }

    @Test
    void inputTheGatherDoesNotListenForCountsAsSilence() {
        app.answer(STEP + "0", twiml(new Gather.Builder().inputs(Gather.Input.SPEECH).action(app.at(STEP + "1"))
                        .build(),
                new Gather.Builder().inputs(Gather.Input.DTMF).action(app.at(STEP + "1")).build(),
                new Gather.Builder().inputs(Gather.Input.SPEECH).actionOnEmptyResult(true)
                        .action(app.at(STEP + "1")).build()));
        app.answer(STEP + "1", twiml(new Hangup.Builder().build()));
        phone.script(press("5"), say("five", 0.5), silence());

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SILENCE, "pressed 5, but the Gather listens for speech only"),
                entry(Kind.SILENCE, "said \"five\", but the Gather takes keys only"),
                entry(Kind.SILENCE, null),
                entry(Kind.HANGUP, null));
        assertThat(app.received()).as("actionOnEmptyResult posts the action with no input")
                .containsExactly(post(STEP + "0", callParams(sid)), post(STEP + "1", callParams(sid)));
    }

    @Test
    void aRedirectLoopIsCutOffAfterAHundredDocuments() {
        app.answer("/voice/loop", twiml(redirect("/voice/loop")));

        rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at("/voice/loop"));

        List<TranscriptEntry> transcript = awaitEnd().transcript();
        assertThat(transcript).hasSize(VoiceCall.MAX_DOCUMENTS + 1);
        assertThat(transcript.subList(0, VoiceCall.MAX_DOCUMENTS)).containsOnly(entry(Kind.REDIRECT, app.at("/voice/loop")));
        assertThat(transcript.get(VoiceCall.MAX_DOCUMENTS)).isEqualTo(
                entry(Kind.ERROR, "more than 100 TwiML documents in one call (a Redirect loop?)"));
        assertThat(app.received()).hasSize(VoiceCall.MAX_DOCUMENTS);
    }

    @Test
    void connectSignsForThePublicUrlButSendsToTheActualOne() {
        app.publicBase("https://relay.example.com");
        twilio.connect(URI.create("https://relay.example.com"), app.url());
        app.answer(STEP + "0", twiml(new Redirect.Builder(app.at(STEP + "1")).build()));
        app.answer(STEP + "1", twiml(new Hangup.Builder().build()));
        app.answer(STATUS, "");

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", "https://relay.example.com" + STEP + "0",
                "StatusCallback", "https://relay.example.com" + STATUS);

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.REDIRECT, "https://relay.example.com" + STEP + "1"),
                entry(Kind.HANGUP, null));
        assertThat(app.received()).containsExactly(
                post(STEP + "0", callParams(sid)),
                post(STEP + "1", callParams(sid)),
                post(STATUS, statusParams(sid, "completed", "CallDuration", "0")));
    }

    @Test
    void reportsEveryRequestedStatusEventWithTheRequestedMethod() {
        app.answer("/voice/hello", twiml(joanna("Hello.")));
        app.answer("/voice/events", "");

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at("/voice/hello"),
                "StatusCallback", app.at("/voice/events"), "StatusCallbackMethod", "GET",
                "StatusCallbackEvent", "initiated", "StatusCallbackEvent", "ringing answered",
                "StatusCallbackEvent", "completed");

        awaitEnd();
        assertThat(app.received()).extracting(Received::method, request -> request.params().get("CallStatus"),
                request -> request.params().get("SequenceNumber"), Received::signed).containsExactly(
                        tuple("GET", "initiated", "0", true),
                        tuple("GET", "ringing", "1", true),
                        tuple("GET", "in-progress", "2", true),
                        tuple("POST", "in-progress", null, true),
                        tuple("GET", "completed", "3", true));
        assertThat(app.received().get(4).params()).containsEntry("CallDuration", "0").containsEntry("CallSid", sid);
    }

    @Test
    void aPhoneThatDoesNotAnswerEndsAsNoAnswerWithoutFetchingTwiml() {
        phone.setAnswers(false);
        app.answer(STATUS, "");

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "StatusCallback", app.at(STATUS));

        CallRecord call = awaitEnd();
        assertThat(call.status()).isEqualTo("no-answer");
        assertThat(call.transcript()).isEmpty();
        assertThat(app.received()).containsExactly(post(STATUS, statusParams(sid, "no-answer", "CallDuration", "0")));
    }

    @Test
    void anInteractivePhoneAnswersAWaitingGatherWithLiveInput() {
        app.answer(STEP + "0", twiml(dtmfGather(STEP + "1")));
        app.answer(STEP + "1", twiml(new Gather.Builder().inputs(Gather.Input.SPEECH).action(app.at(STEP + "2"))
                .build()));
        app.answer(STEP + "2", twiml(dtmfGather(STEP + "3"), joanna("Still there?")));
        phone.setInteractive(true);
        phone.press("9");
        assertThat(phone.currentCall()).as("no call yet, so the key press is dropped").isEmpty();

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));

        await().atMost(Duration.ofSeconds(5)).until(phone::isWaitingForInput);
        phone.press("4");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.received().size() == 2 && phone.isWaitingForInput());
        phone.say("the mobile app", 0.87);
        await().atMost(Duration.ofSeconds(5)).until(() -> app.received().size() == 3 && phone.isWaitingForInput());
        phone.stayQuiet();

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.PRESSED, "4"),
                entry(Kind.SPOKE, "the mobile app", "en-US", null),
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.SILENCE, null),
                entry(Kind.SAY, "Still there?", "en-US", "Polly.Joanna"),
                entry(Kind.HANGUP, "end of TwiML"));
        assertThat(app.received()).containsExactly(
                post(STEP + "0", callParams(sid)),
                post(STEP + "1", callParams(sid, "Digits", "4")),
                post(STEP + "2", callParams(sid, "SpeechResult", "the mobile app", "Confidence", "0.87")));
    }

    @Test
    void hangingUpNowStopsAWaitingGatherAndEndsTheCall() {
        app.answer(STEP + "0", twiml(dtmfGather(STEP + "1"), joanna("Never said.")));
        app.answer(STATUS, "");
        phone.setInteractive(true);

        String sid = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "StatusCallback", app.at(STATUS));
        await().atMost(Duration.ofSeconds(5)).until(phone::isWaitingForInput);
        phone.hangUpNow();

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Press a key.", "en-US", "Polly.Joanna"),
                entry(Kind.CALLER_HANGUP, null));
        assertThat(app.received()).containsExactly(post(STEP + "0", callParams(sid)),
                post(STATUS, statusParams(sid, "completed", "CallDuration", "0")));
        assertThat(phone.currentCall()).isEmpty();
    }

    @Test
    void inlineTwimlIsPlayedWithoutARequest() {
        rest.placeCall("To", CUSTOMER, "From", RELAY, "Twiml", twiml(joanna("Your code is 1 2 3.")));

        assertThat(awaitEnd().transcript()).containsExactly(
                entry(Kind.SAY, "Your code is 1 2 3.", "en-US", "Polly.Joanna"),
                entry(Kind.HANGUP, "end of TwiML"));
        assertThat(app.received()).isEmpty();
    }

    // ---- helpers ----

    /** A call of a hundred documents takes well under a second, but a loaded 2-core CI machine can be slow. */
    /**
     * Twilio's answering-machine detection: a call placed with {@code MachineDetection} says who answered in its first
     * request alone ({@code AnsweredBy}), a person unless the phone is set to answer as voicemail; one placed without
     * it says nothing of the kind.
     */
    @Test
    void aCallPlacedWithMachineDetectionSaysWhoAnsweredInItsFirstRequestOnly() {
        app.answer(STEP + "0", twiml(redirect(STEP + "1")));
        app.answer(STEP + "1", twiml(joanna("Goodbye.")));

        String person = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "MachineDetection", "Enable");
        awaitEnd();
        phone.setAnsweredBy(VirtualPhone.VOICEMAIL);
        String voicemail = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"),
                "MachineDetection", "Enable");
        await().atMost(Duration.ofSeconds(30)).until(() -> phone.calls().size() == 2 && phone.calls().get(1).isOver());
        String undetected = rest.placeCall("To", CUSTOMER, "From", RELAY, "Url", app.at(STEP + "0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> phone.calls().size() == 3 && phone.calls().get(2).isOver());

        assertThat(app.received()).containsExactly(
                post(STEP + "0", callParams(person, "AnsweredBy", "human")), post(STEP + "1", callParams(person)),
                post(STEP + "0", callParams(voicemail, "AnsweredBy", "machine_start")),
                post(STEP + "1", callParams(voicemail)),
                post(STEP + "0", callParams(undetected)), post(STEP + "1", callParams(undetected)));
        assertThatThrownBy(() -> phone.setAnsweredBy("robot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not robot");
    }

    private CallRecord awaitEnd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> phone.lastCall().map(CallRecord::isOver).orElse(false));
        return phone.lastCall().orElseThrow();
    }

    private static TranscriptEntry entry(Kind kind, String text) {
        return entry(kind, text, null, null);
    }

    private static TranscriptEntry entry(Kind kind, String text, String language, String voice) {
        return new TranscriptEntry(kind, text, language, voice, NOW);
    }

    private static Received post(String target, Map<String, String> params) {
        return new Received("POST", target, params, true, FORM, "TwilioProxy/1.1");
    }

    private static Map<String, String> callParams(String sid, String... more) {
        return params(sid, "in-progress", more);
    }

    private static Map<String, String> statusParams(String sid, String status, String... more) {
        Map<String, String> params = params(sid, status, more);
        params.put("CallbackSource", "call-progress-events");
        params.put("SequenceNumber", "0");
        params.put("Timestamp", TIMESTAMP);
        return params;
    }

    private static Map<String, String> params(String sid, String status, String... more) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", sid);
        params.put("CallStatus", status);
        params.put("Called", CUSTOMER);
        params.put("Caller", RELAY);
        params.put("Direction", "outbound-api");
        params.put("From", RELAY);
        params.put("To", CUSTOMER);
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(param -> URLEncoder.encode(param.getKey(), UTF_8) + "=" + URLEncoder.encode(param.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String twiml(TwiML... verbs) {
        VoiceResponse.Builder response = new VoiceResponse.Builder();
        for (TwiML verb : verbs) {
            if (verb instanceof Say say) {
                response.say(say);
            } else if (verb instanceof Gather gather) {
                response.gather(gather);
            } else if (verb instanceof Redirect redirect) {
                response.redirect(redirect);
            } else if (verb instanceof Hangup hangup) {
                response.hangup(hangup);
            } else if (verb instanceof Pause pause) {
                response.pause(pause);
            } else if (verb instanceof Play play) {
                response.play(play);
            } else if (verb instanceof Dial dial) {
                response.dial(dial);
            } else {
                throw new IllegalArgumentException("add " + verb.getClass().getSimpleName() + " here");
            }
        }
        return response.build().toXml();
    }

    private Gather dtmfGather(String action) {
        return new Gather.Builder().inputs(Gather.Input.DTMF).numDigits(1).timeout(6).action(app.at(action))
                .method(HttpMethod.POST).say(joanna("Press a key.")).build();
    }

    private Redirect redirect(String target) {
        return new Redirect.Builder(target.startsWith("/") ? app.at(target) : target).method(HttpMethod.POST).build();
    }

    private static Say joanna(String text) {
        return spoken(text, Say.Voice.POLLY_JOANNA, Say.Language.EN_US);
    }

    private static Say chantal(String text) {
        return spoken(text, Say.Voice.POLLY_CHANTAL, Say.Language.FR_CA);
    }

    private static Say spoken(String text, Say.Voice voice, Say.Language language) {
        return new Say.Builder(text).voice(voice).language(language).build();
    }
}
