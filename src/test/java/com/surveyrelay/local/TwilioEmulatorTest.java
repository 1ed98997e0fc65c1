package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the emulator is as a whole: its signature, its phones, its URL mapping and its REST half. */
class TwilioEmulatorTest {

    private static final String ACCOUNT_SID = "AC" + "test".repeat(8);
    private static final String AUTH_TOKEN = "emulator-test-token";
    private static final String RELAY = "+15557654321";
    private static final String INLINE_TWIML = "<Response><Say>Hi</Say></Response>";

    private TwilioEmulator twilio;
    private EmulatorRestClient rest;

    @BeforeEach
    void start() {
        twilio = TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, RELAY);
        rest = new EmulatorRestClient(twilio.url(), ACCOUNT_SID, AUTH_TOKEN);
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void signsTwiliosPublishedExampleAsTwilioDoes() {
        Map<String, String> params = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030",
                "Digits", "1234", "From", "+12349013030", "To", "+18005551212");

        assertThat(TwilioSignature.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void listsEveryPhoneSeenInTheOrderFirstSeen() {
        VirtualPhone first = twilio.phone("+15550000001");
        rest.post("Messages.json", "To", "+15550000002", "From", RELAY, "Body", "hi");
        rest.placeCall("To", "+15550000003", "From", RELAY, "Twiml", INLINE_TWIML);

        assertThat(twilio.phones()).extracting(VirtualPhone::number)
                .containsExactly("+15550000001", "+15550000002", "+15550000003");
        assertThat(twilio.phone("+15550000001")).isSameAs(first);
        assertThat(twilio.phone("+15550000003").calls()).as("the call is known once Calls.json answered")
                .hasSize(1);
    }

    @Test
    void aForgottenPhoneIsMadeAnewOnItsNextUse() {
        VirtualPhone before = twilio.phone("+15550000001");
        rest.post("Messages.json", "To", "+15550000001", "From", RELAY, "Body", "hi");
        await().atMost(Duration.ofSeconds(5)).until(() -> !before.thread().isEmpty());

        twilio.forgetPhones();

        assertThat(twilio.phones()).isEmpty();
        VirtualPhone after = twilio.phone("+15550000001");
        assertThat(after).isNotSameAs(before);
        assertThat(after.thread()).as("the new phone's thread starts empty").isEmpty();
    }

    @Test
    void refusesPhoneNumbersThatAreNotE164() {
        assertThatThrownBy(() -> twilio.phone("555-1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an E.164 phone number: 555-1234");
        assertThatThrownBy(() -> TwilioEmulator.start(0, ACCOUNT_SID, AUTH_TOKEN, "relay"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCallTheApiRefusesRingsNoPhone() {
        twilio.api().failNext(429, 20429, "Too Many Requests");

        EmulatorRestClient.Reply reply = rest.post("Calls.json", "To", "+15550000001", "From", RELAY,
                "Twiml", INLINE_TWIML);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(twilio.phones()).isEmpty();
        assertThat(twilio.api().calls()).isEmpty();
    }

    @Test
    void mapsUrlsUnderTheLongestConnectedPublicBaseAndLeavesOthersAlone() {
        SignedWebhookClient client = new SignedWebhookClient(AUTH_TOKEN);
        client.connect(URI.create("https://relay.example.com/"), URI.create("http://127.0.0.1:8080"));
        client.connect(URI.create("https://relay.example.com/sms"), URI.create("http://127.0.0.1:9090/texts"));

        assertThat(client.actualUrl("https://relay.example.com/voice/webhook?sessionId=s1&turn=0"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/voice/webhook?sessionId=s1&turn=0"));
        assertThat(client.actualUrl("https://relay.example.com/sms/webhook"))
                .isEqualTo(URI.create("http://127.0.0.1:9090/texts/webhook"));
        assertThat(client.actualUrl("https://relay.example.com/smsx"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/smsx"));
        assertThat(client.actualUrl("https://relay.example.community/voice"))
                .isEqualTo(URI.create("https://relay.example.community/voice"));
    }

    /** Each Spring context of a test run connects its own server to the one public URL: the last one gets the calls. */
    @Test
    void thePublicBaseConnectedAgainGoesToItsNewServer() {
        SignedWebhookClient client = new SignedWebhookClient(AUTH_TOKEN);
        client.connect(URI.create("https://relay.example.com"), URI.create("http://127.0.0.1:8080"));
        client.connect(URI.create("https://relay.example.com/"), URI.create("http://127.0.0.1:8081"));
        assertThat(client.actualUrl("https://relay.example.com/voice/webhook"))
                .isEqualTo(URI.create("http://127.0.0.1:8081/voice/webhook"));
    }

    @Test
    void tellsTheChangeListenerAboutEachChangeToAPhone() {
        List<String> changed = new CopyOnWriteArrayList<>();
        twilio.onChange(phone -> changed.add(phone.number()));

        rest.post("Messages.json", "To", "+15550000001", "From", RELAY, "Body", "hi");
        rest.placeCall("To", "+15550000002", "From", RELAY, "Twiml", INLINE_TWIML);

        await().atMost(Duration.ofSeconds(5)).until(() -> twilio.phone("+15550000002").lastCall()
                .map(CallRecord::isOver).orElse(false));
        assertThat(changed).startsWith("+15550000001").contains("+15550000002");
    }
}
