package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.local.FakeTwilioApp.Canned;
import com.surveyrelay.local.FakeTwilioApp.Received;
import com.surveyrelay.local.SmsEntry.Direction;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Texts both ways, against a fake application that answers canned MessagingResponses. */
class TwilioEmulatorSmsTest {

    private static final String ACCOUNT_SID = "AC" + "test".repeat(8);
    private static final String AUTH_TOKEN = "emulator-test-token";
    private static final String SERVICE_SID = "MG" + "test".repeat(8);
    private static final String RELAY = "+15557654321";
    private static final String CUSTOMER = "+15551234567";
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final String WEBHOOK = "/sms/webhook";
    private static final String UNSUBSCRIBED = "You have successfully been unsubscribed. You will not receive any more "
            + "messages from this number. Reply START to resubscribe.";
    private static final String RESUBSCRIBED = "You have successfully been re-subscribed to messages from this "
            + "number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.";
    private static final String HELP = "Reply STOP to unsubscribe. Msg&Data Rates May Apply.";

    private TwilioEmulator twilio;
    private FakeTwilioApp app;
    private EmulatorRestClient rest;
    private VirtualPhone phone;

    @BeforeEach
    void start() {
        twilio = TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, RELAY, Clock.fixed(NOW, ZoneOffset.UTC));
        app = FakeTwilioApp.start(AUTH_TOKEN).publicBase("https://relay.example.com");
        twilio.connect(URI.create("https://relay.example.com"), app.url());
        twilio.smsWebhook(URI.create(app.at(WEBHOOK)));
        rest = new EmulatorRestClient(twilio.url(), ACCOUNT_SID, AUTH_TOKEN);
        phone = twilio.phone(CUSTOMER);
    }

    @AfterEach
    void stop() {
        twilio.close();
        app.close();
    }

    @Test
    void aTextSentThroughTheApiIsInThePhonesThreadWhenTheApiAnswers() {
        rest.post("Messages.json", "To", CUSTOMER, "From", RELAY, "Body", "Question 1: how was it?");
        rest.post("Messages.json", "To", CUSTOMER, "MessagingServiceSid", SERVICE_SID, "Body", "¿Qué tal?\nBien");

        assertThat(phone.thread()).containsExactly(
                outbound("Question 1: how was it?"),
                outbound("¿Qué tal?\nBien"));
        assertThat(app.received()).isEmpty();
    }

    @Test
    void anInboundTextPostsTheSignedWebhookAndDeliversEveryReplyMessage() {
        app.answer(WEBHOOK, reply("Thanks!", "Question 2: would you come back?"));

        phone.text("5 ¡sí!");

        assertThat(phone.thread()).containsExactly(
                inbound("5 ¡sí!"),
                outbound("Thanks!"),
                outbound("Question 2: would you come back?"));
        assertThat(app.received()).singleElement().satisfies(request -> {
            String sid = request.params().get("MessageSid");
            assertThat(sid).matches("SM[0-9a-f]{32}");
            assertThat(request).isEqualTo(new Received("POST", WEBHOOK, smsParams(sid, "5 ¡sí!"), true,
                    "application/x-www-form-urlencoded", "TwilioProxy/1.1"));
        });
    }

    @Test
    void anEmptyAnswerDeliversNothing() {
        app.answer(WEBHOOK, new MessagingResponse.Builder().build().toXml());

        phone.text("hello?");

        assertThat(phone.thread()).containsExactly(inbound("hello?"));
    }

    @Test
    void stopOptsOutReachesTheWebhookAndOnlyTwiliosConfirmationIsDelivered() {
        app.answer(WEBHOOK, reply("You will not hear from us again."));

        phone.text("STOP");

        assertThat(phone.thread()).containsExactly(inbound("STOP"), outbound(UNSUBSCRIBED));
        assertThat(app.received()).extracting(request -> request.params().get("Body")).containsExactly("STOP");
        assertThat(app.received().get(0).params()).doesNotContainKey("OptOutType");
        assertThat(twilio.api().isOptedOut(CUSTOMER)).isTrue();
        EmulatorRestClient.Reply refused = rest.post("Messages.json", "To", CUSTOMER, "From", RELAY, "Body", "Hi");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(21610);

        phone.text("one more thing");
        assertThat(phone.thread()).as("replies to an opted-out number are blocked")
                .containsExactly(inbound("STOP"), outbound(UNSUBSCRIBED), inbound("one more thing"));
        assertThat(app.received()).hasSize(2);
    }

    @Test
    void startResubscribesAndTheWebhooksReplyIsDeliveredAgain() {
        app.answer(WEBHOOK, reply("Welcome back."));
        phone.text("stop");

        phone.text("Start");

        assertThat(phone.thread()).containsExactly(inbound("stop"), outbound(UNSUBSCRIBED),
                inbound("Start"), outbound(RESUBSCRIBED), outbound("Welcome back."));
        assertThat(twilio.api().isOptedOut(CUSTOMER)).isFalse();
        assertThat(rest.post("Messages.json", "To", CUSTOMER, "From", RELAY, "Body", "Hi").status()).isEqualTo(201);
        assertThat(app.received()).extracting(request -> request.params().get("Body")).containsExactly("stop", "Start");
    }

    @Test
    void helpDeliversTwiliosHelpTextThenTheWebhooksReply() {
        app.answer(WEBHOOK, reply("Question 1: how was it?"));

        phone.text("help");

        assertThat(phone.thread()).containsExactly(inbound("help"), outbound(HELP),
                outbound("Question 1: how was it?"));
        assertThat(twilio.api().isOptedOut(CUSTOMER)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stopall", " Unsubscribe ", "CANCEL", "end", "Quit", "REVOKE", "optout"})
    void everyOptOutKeywordOptsOutTrimmedAndInAnyCase(String keyword) {
        app.answer(WEBHOOK, reply("ignored"));

        phone.text(keyword);

        assertThat(twilio.api().isOptedOut(CUSTOMER)).isTrue();
        assertThat(phone.thread()).containsExactly(inbound(keyword), outbound(UNSUBSCRIBED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop please", "don't stop"})
    void aKeywordInsideOtherWordsIsJustAText(String body) {
        app.answer(WEBHOOK, reply("Noted."));

        phone.text(body);

        assertThat(twilio.api().isOptedOut(CUSTOMER)).isFalse();
        assertThat(phone.thread()).containsExactly(inbound(body), outbound("Noted."));
    }

    @Test
    void advancedOptOutTellsTheWebhookWhichKeywordItWas() {
        twilio.advancedOptOut(true);
        app.answer(WEBHOOK, reply("ok"));

        phone.text("quit");
        phone.text("yes");
        phone.text("info");
        phone.text("hello");

        assertThat(app.received()).extracting(request -> request.params().get("OptOutType"))
                .containsExactly("STOP", "START", "HELP", null);
    }

    @Test
    void twoTextsAtOnceReachTheWebhookTogether() {
        // Both requests must be inside the webhook at the same moment, or the barrier breaks and it answers 500.
        CyclicBarrier bothInside = new CyclicBarrier(2);
        app.answerWith(WEBHOOK, request -> {
            try {
                bothInside.await(5, TimeUnit.SECONDS);
                return new Canned(200, reply("Got " + request.params().get("Body")));
            } catch (Exception e) {
                return new Canned(500, "not concurrent: " + e);
            }
        });
        VirtualPhone other = twilio.phone("+15559876543");

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> phone.text("first"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> other.text("second"));
        CompletableFuture.allOf(first, second).join();

        assertThat(phone.thread()).containsExactly(inbound("first"), outbound("Got first"));
        assertThat(other.thread()).extracting(SmsEntry::body).containsExactly("second", "Got second");
        assertThat(app.received()).extracting(request -> request.params().get("Body"))
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aWebhookAnsweringAnErrorMakesTextThrowWithTheStatus() {
        app.answer(WEBHOOK, 403, "{\"code\":\"invalid_signature\"}");

        assertThatThrownBy(() -> phone.text("hi"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The SMS webhook https://relay.example.com/sms/webhook answered HTTP 403: "
                        + "{\"code\":\"invalid_signature\"}");
        assertThat(phone.thread()).containsExactly(inbound("hi"));
    }

    @Test
    void textingWithoutAnSmsWebhookSaysSo() {
        try (TwilioEmulator bare = TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, RELAY)) {
            assertThatThrownBy(() -> bare.phone(CUSTOMER).text("hi"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("No SMS webhook is set");
        }
    }

    private static String reply(String... messages) {
        MessagingResponse.Builder response = new MessagingResponse.Builder();
        for (String message : messages) {
            response.message(new Message.Builder(message).build());
        }
        return response.build().toXml();
    }

    private static SmsEntry inbound(String body) {
        return new SmsEntry(Direction.INBOUND, CUSTOMER, RELAY, body, NOW);
    }

    private static SmsEntry outbound(String body) {
        return new SmsEntry(Direction.OUTBOUND, RELAY, CUSTOMER, body, NOW);
    }

    private static Map<String, String> smsParams(String sid, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("SmsMessageSid", sid);
        params.put("AccountSid", ACCOUNT_SID);
        params.put("From", CUSTOMER);
        params.put("To", RELAY);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        params.put("SmsStatus", "received");
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    // ---- WhatsApp ----

    private static final String WA_CUSTOMER = "whatsapp:" + CUSTOMER;
    private static final String WA_RELAY = "whatsapp:" + RELAY;
    private static final String TEMPLATE = "HX" + "ab".repeat(16);

    @Test
    void aFreeFormWhatsAppMessageIsRefusedUntilTheRespondentWritesAndATemplateIsNot() {
        EmulatorRestClient.Reply refused = rest.post("Messages.json", "To", WA_CUSTOMER, "From", WA_RELAY, "Body",
                "Question 1?");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(63016);
        assertThat(phone.thread()).isEmpty();

        assertThat(rest.post("Messages.json", "To", WA_CUSTOMER, "From", WA_RELAY, "ContentSid", TEMPLATE,
                "ContentVariables", "{\"1\": \"Hi, a short survey?\"}").status()).isEqualTo(201);
        app.answer(WEBHOOK, reply("Thanks!"));
        phone.whatsApp("sure");
        assertThat(rest.post("Messages.json", "To", WA_CUSTOMER, "From", WA_RELAY, "Body", "Question 1?").status())
                .isEqualTo(201);

        assertThat(phone.thread()).extracting(SmsEntry::body)
                .containsExactly("Hi, a short survey?", "sure", "Thanks!", "Question 1?");
        assertThat(phone.thread()).allSatisfy(entry -> assertThat(entry.whatsApp()).isTrue());
        assertThat(app.received()).singleElement().satisfies(webhook -> {
            assertThat(webhook.params().get("From")).isEqualTo(WA_CUSTOMER);
            assertThat(webhook.params().get("To")).isEqualTo(WA_RELAY);
        });
    }

    @Test
    void stopOnWhatsAppIsTheApplicationsToHonour() {
        app.answer(WEBHOOK, reply("You are opted out."));
        phone.whatsApp("STOP");
        assertThat(phone.thread()).extracting(SmsEntry::body).containsExactly("STOP", "You are opted out.");
        assertThat(app.received().get(0).params()).doesNotContainKey("OptOutType");
        assertThat(rest.post("Messages.json", "To", CUSTOMER, "From", RELAY, "Body", "Hi").status()).isEqualTo(201);
    }

    @Test
    void aTemplateNeedsAValidContentSid() {
        EmulatorRestClient.Reply refused = rest.post("Messages.json", "To", WA_CUSTOMER, "From", WA_RELAY,
                "ContentSid", "HX-not-a-sid");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(21655);
    }

}
