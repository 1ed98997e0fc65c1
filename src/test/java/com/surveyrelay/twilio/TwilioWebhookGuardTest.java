package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.local.TwilioSignature;
import com.surveyrelay.web.HttpProblem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook with a repeated form parameter was refused {@code 403 invalid_signature}, "does not match", even with
 * the signature Twilio computes for it (a repeated parameter is signed as its name and each value, values sorted).
 * The webhooks this service takes never repeat one; the refusal now says what is wrong, once the signature is known to
 * be Twilio's, and a signature that does not match is still refused as one.
 */
class TwilioWebhookGuardTest {

    private static final String TOKEN = "12345";
    private static final String PUBLIC = "https://relay.example.com";
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final TwilioWebhookGuard guard = new TwilioWebhookGuard(
            new SignatureVerifier(new TwilioProperties(null, TOKEN, null, null, null, null, null)),
            new SurveyRelayProperties(URI.create(PUBLIC), List.of(), "survey-relay", "survey-relay", "bus",
                    "us-east-1", null, null, null, null, 0, null, null));

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    /** A form as platform-http hands it over: values still percent-encoded, a repeated name's values a list. */
    private static Exchange webhook(Map<String, Object> form, String signature) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "/sms/webhook");
        exchange.getMessage().setHeader("X-Twilio-Signature", signature);
        exchange.getMessage().setBody(new LinkedHashMap<>(form));
        return exchange;
    }

    private static final Map<String, Object> REPEATED = Map.of("Body", "hi", "MessageSid", "SM0001",
            "From", List.of("%2B15550145301", "%2B15550145300"));

    @Test
    void aSignedWebhookWithARepeatedParameterIsRefusedSayingSo() {
        String signature = TwilioSignature.signRepeated(TOKEN, PUBLIC + "/sms/webhook", Map.of("Body", List.of("hi"),
                "MessageSid", List.of("SM0001"), "From", List.of("+15550145301", "+15550145300")));

        assertThatThrownBy(() -> guard.process(webhook(REPEATED, signature)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("repeated_field");
                })
                .hasMessage("The form field From is given more than once. The signature is Twilio's, but Twilio's "
                        + "message and call webhooks send each parameter once (a list comes numbered: MediaUrl0, "
                        + "MediaUrl1), so this URL may be set as the webhook of another Twilio product: which value "
                        + "counts is ambiguous, and the request is refused.");
    }

    @Test
    void aRepeatedParameterWithASignatureThatDoesNotMatchIsRefusedAsOne() {
        String firstValueOnly = TwilioSignature.sign(TOKEN, PUBLIC + "/sms/webhook", Map.of("Body", "hi",
                "MessageSid", "SM0001", "From", "+15550145301"));

        assertThatThrownBy(() -> guard.process(webhook(REPEATED, firstValueOnly)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(403);
                    assertThat(problem.code()).isEqualTo("invalid_signature");
                })
                .hasMessageStartingWith("The X-Twilio-Signature header does not match this request as signed for "
                        + PUBLIC + "/sms/webhook");
        String sneaky = TwilioSignature.signRepeated(TOKEN, PUBLIC + "/sms/webhook", Map.of("Body", List.of("hi"),
                "MessageSid", List.of("SM0001"), "555-0145 call me!", List.of("a", "b")));
        Map<String, Object> oddName = Map.of("Body", "hi", "MessageSid", "SM0001", "555-0145 call me!",
                List.of("a", "b"));
        assertThatThrownBy(() -> guard.process(webhook(oddName, sneaky))).as("a name that is no parameter's is not "
                + "repeated back").hasMessageStartingWith("A form field is given more than once.");
    }

    /**
     * A "+" sent unencoded arrives as a space, and the refusal says so, not only PUBLIC_BASE_URL (a newcomer posting
     * with curl -d chased the wrong setting, 2026-12-07); the number itself is not repeated back.
     */
    @Test
    void aNumberWhosePlusCameAsASpaceIsNamedInTheRefusal() {
        String signature = TwilioSignature.sign(TOKEN, PUBLIC + "/sms/webhook", Map.of("Body", "hi", "From",
                "+15550145300"));
        assertThatThrownBy(() -> guard.process(webhook(Map.of("Body", "hi", "From", "+15550145300"), signature)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .endsWith(" The form's From reads as a space and digits: a '+' sent unencoded in a form body "
                                + "reads as a space; send it as %2B (curl --data-urlencode does).")
                        .doesNotContain("15550145300"));
        assertThat(TwilioWebhookGuard.plusAsSpace(Map.of("From", "+15550145300"))).isEmpty();
    }

    /**
     * A signed voice webhook whose URL gave {@code turn} twice ({@code ?turn=2&turn=1}) was read first-wins, and a
     * proxy repeating a parameter routed an answer to another turn or session without a word (a breaker's probe,
     * 2026-12-07): refused {@code 400 repeated_field}, as a repeated form field is.
     */
    @Test
    void aSignedWebhookWhoseUrlRepeatsAParameterIsRefused() {
        String url = PUBLIC + "/voice/webhook?sessionId=s1&turn=2&turn=1";
        String signature = TwilioSignature.sign(TOKEN, url, Map.of("Digits", "5"));
        Exchange exchange = webhook(Map.of("Digits", "5"), signature);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "/voice/webhook");
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "sessionId=s1&turn=2&turn=1");

        assertThatThrownBy(() -> guard.process(exchange)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.code()).isEqualTo("repeated_field");
        }).hasMessageStartingWith("The webhook URL's query gives turn more than once");

        Exchange once = webhook(Map.of("Digits", "5"), TwilioSignature.sign(TOKEN, PUBLIC
                + "/voice/webhook?sessionId=s1&turn=2", Map.of("Digits", "5")));
        once.getMessage().setHeader(Exchange.HTTP_URI, "/voice/webhook");
        once.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "sessionId=s1&turn=2");
        guard.process(once);
        assertThat(once.getMessage().getBody(TwilioRequest.class).queryParam("turn")).isEqualTo("2");
    }

    @Test
    void aSignedWebhookWithoutRepeatsPasses() throws Exception {
        String signature = TwilioSignature.sign(TOKEN, PUBLIC + "/sms/webhook", Map.of("Body", "hi", "From",
                "+15550145300"));
        Exchange exchange = webhook(Map.of("Body", "hi", "From", "%2B15550145300"), signature);

        guard.process(exchange);

        assertThat(exchange.getMessage().getBody(TwilioRequest.class).params())
                .containsEntry("From", "+15550145300");
    }
}
