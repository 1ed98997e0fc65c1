package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TwilioSignature;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Twilio-facing endpoint refuses an unsigned, wrongly signed or re-targeted request before doing anything. */
class WebhookSecurityTest extends ServiceTest {

    /**
     * A request without a signature, refused before its body is read: the header is missing, and what adds it (until
     * 2026-12-06 the message said "missing or does not match", as for a wrong signature).
     */
    private static final String UNSIGNED = "{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature "
            + "header is missing. Twilio signs every webhook it sends with this header, so the request did not come "
            + "from Twilio, or a proxy or tunnel in front of this service removed the header: let it pass "
            + "X-Twilio-Signature through unchanged.\"}";
    /** A signed request to /sms/webhook whose signature does not match: the URL checked, and how it is made. */
    private static final String WRONGLY_SIGNED = "{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature "
            + "header does not match this request as signed for https://relay.example.com/sms/webhook, the URL built "
            + "from PUBLIC_BASE_URL and the path received. If Twilio calls another URL (see the webhook URL in the "
            + "Twilio console: another scheme, host, port or path, as a proxy or tunnel in front may give), set "
            + "PUBLIC_BASE_URL to the address Twilio calls; the Host and X-Forwarded-* headers are not used.\"}";

    private String resultsKey;
    private String before;
    private java.util.Set<String> outboxBefore;

    @BeforeEach
    void startAnSmsSurvey() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        resultsKey = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        before = storedSessionAndInbox();
        outboxBefore = outboxEntryIds();
    }

    /** The ids of the entries in the stored outbox: the relay only takes entries out; a step would add one. */
    private java.util.Set<String> outboxEntryIds() throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        json(object(resultsKey)).path("outbox").path("entries").forEach(entry -> ids.add(entry.path("id").asText()));
        return ids;
    }

    /**
     * The stored document without its outbox: the session and its inbox, which a refused request must leave as they
     * were. The relay rewrites the outbox on its own clock (its removal, 2 s after delivery), so waiting for that
     * before each test cost about 2 s a test.
     */
    private String storedSessionAndInbox() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode stored =
                (com.fasterxml.jackson.databind.node.ObjectNode) json(object(resultsKey));
        stored.remove("outbox");
        return stored.toString();
    }

    private Map<String, String> reply(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + "1".repeat(32));
        params.put("From", respondent);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Body", body);
        return params;
    }

    private void assertRefusedAndNothingChanged(HttpResponse<String> response) throws Exception {
        assertRefusedAndNothingChanged(response, WRONGLY_SIGNED);
    }

    private void assertRefusedAndNothingChanged(HttpResponse<String> response, String body) throws Exception {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(body);
        assertThat(storedSessionAndInbox()).isEqualTo(before);
        assertThat(outboxBefore).containsAll(outboxEntryIds());
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sms/webhook", "/sms/status", "/voice/webhook?sessionId=x&turn=0", "/voice/status"})
    void refusesAnUnsignedRequest(String path) throws Exception {
        assertRefusedAndNothingChanged(post(path, "application/x-www-form-urlencoded", form(reply("continue")),
                Map.of()), UNSIGNED);
    }

    /** An empty X-Twilio-Signature is a missing one: the same 403, saying so, with nothing of the request in it. */
    @Test
    void refusesAnEmptySignatureAsMissing() throws Exception {
        HttpResponse<String> refused = post("/voice/webhook?sessionId=x&turn=0", "application/x-www-form-urlencoded",
                form(reply("continue")), Map.of("X-Twilio-Signature", " "));
        assertRefusedAndNothingChanged(refused, UNSIGNED);
        assertThat(refused.body()).doesNotContain(respondent, "continue", "sessionId", "does not match");
    }

    /**
     * A hostile client's probe (2026-12-07): Twilio's signature joins names and values with nothing between them, so a
     * captured text signed with {@code MessageSid=SM…, NumMedia=0} verifies with {@code MessageSid=SM…NumMedia0}, or
     * with the name {@code MessageSidSM…NumMedia} and the value {@code 0}; the service took such a text as one without
     * a MessageSid and applied it each time it came (a replayed START put back a number that had texted STOP). A text
     * without a MessageSid of Twilio's shape is refused, and the captured text's repeat is answered as a repeat.
     */
    @Test
    void aCapturedTextReSplitToLoseItsMessageSidIsRefused() throws Exception {
        String sid = "SM" + "2".repeat(32);
        Map<String, String> captured = new LinkedHashMap<>(reply("continue"));
        captured.put("MessageSid", sid);
        captured.put("NumMedia", "0");
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + "/sms/webhook", captured);
        HttpResponse<String> first = post("/sms/webhook", "application/x-www-form-urlencoded", form(captured),
                Map.of("X-Twilio-Signature", signature));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String applied = storedSessionAndInbox();

        Map<String, String> swallowed = new LinkedHashMap<>(reply("continue"));
        swallowed.put("MessageSid", sid + "NumMedia0");
        Map<String, String> renamed = new LinkedHashMap<>(reply("continue"));
        renamed.remove("MessageSid");
        renamed.put("MessageSid" + sid + "NumMedia", "0");
        for (Map<String, String> forged : List.of(swallowed, renamed)) {
            HttpResponse<String> refused = post("/sms/webhook", "application/x-www-form-urlencoded", form(forged),
                    Map.of("X-Twilio-Signature", signature));
            assertThat(refused.statusCode()).as(forged.keySet().toString()).isEqualTo(400);
            assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_sms_webhook");
        }
        assertThat(storedSessionAndInbox()).as("applied once").isEqualTo(applied);
        assertThat(post("/sms/webhook", "application/x-www-form-urlencoded", form(captured),
                Map.of("X-Twilio-Signature", signature)).body()).as("the repeat").isEqualTo(first.body());
    }

    @Test
    void refusesAWrongSignature() throws Exception {
        String signature = TwilioSignature.sign("not-our-token", PUBLIC_BASE_URL + "/sms/webhook", reply("continue"));
        assertRefusedAndNothingChanged(post("/sms/webhook", "application/x-www-form-urlencoded",
                form(reply("continue")), Map.of("X-Twilio-Signature", signature)));
    }

    @Test
    void refusesARequestSignedForAnotherUrl() throws Exception {
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + "/sms/status",
                reply("continue"));
        assertRefusedAndNothingChanged(post("/sms/webhook", "application/x-www-form-urlencoded",
                form(reply("continue")), Map.of("X-Twilio-Signature", signature)));
    }

    /**
     * A probe (2026-12-05): a request signed for the URL Twilio was given (here http://, where PUBLIC_BASE_URL says
     * https://, as a TLS-ending proxy gives) was refused with nothing naming the URL checked. The 403 names it (the
     * query string aside) and how it is made, and holds neither the signature, the token nor a parameter.
     */
    @Test
    void aWrongSignatureNamesTheUrlCheckedAndNothingSecret() throws Exception {
        Map<String, String> params = reply("continue");
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN,
                "http://relay.example.com/voice/webhook?sessionId=x&turn=0", params);
        HttpResponse<String> refused = post("/voice/webhook?sessionId=x&turn=0", "application/x-www-form-urlencoded",
                form(params), Map.of("X-Twilio-Signature", signature));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).get("message").asText()).startsWith("The X-Twilio-Signature header does not "
                + "match this request as signed for https://relay.example.com/voice/webhook (with the request's query "
                + "string), the URL built from PUBLIC_BASE_URL and the path received.")
                .doesNotContain(signature, LocalServices.AUTH_TOKEN, respondent, "sessionId", "continue");
        assertThat(refused.body()).startsWith("{\"error\":\"invalid_signature\",\"message\":");
    }

    @Test
    void refusesAParameterChangedAfterSigning() throws Exception {
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + "/sms/webhook",
                reply("continue"));
        assertRefusedAndNothingChanged(post("/sms/webhook", "application/x-www-form-urlencoded",
                form(reply("STOP")), Map.of("X-Twilio-Signature", signature)));
    }

    @Test
    void ignoresAHostHeaderThatClaimsAnotherPublicUrl() throws Exception {
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, "http://localhost:" + port + "/sms/webhook",
                reply("continue"));
        assertRefusedAndNothingChanged(post("/sms/webhook", "application/x-www-form-urlencoded",
                form(reply("continue")), Map.of("X-Twilio-Signature", signature, "X-Forwarded-Host", "localhost")));
    }

    /**
     * A signed URL whose query does not decode ({@code %zz}, a lone {@code %}) is a clean 400, not a 500. Java's
     * HTTP client will not send such a URL, so the request goes over a socket as written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/voice/webhook?sessionId=%zz&turn=1", "/voice/webhook?sessionId=x&turn=%",
            "/voice/status?sessionId=%zz", "/sms/webhook?x=%zz", "/sms/status?x=%"})
    void refusesASignedUrlWhoseQueryDoesNotDecode(String pathAndQuery) throws Exception {
        Map<String, String> params = reply("continue");
        String body = form(params);
        String signature = TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + pathAndQuery, params);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nX-Twilio-Signature: " + signature + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).contains("{\"error\":\"invalid_query\",\"message\":\"The webhook URL's query "
                    + "string is not validly percent-encoded.\"}");
        }
        assertThat(storedSessionAndInbox()).isEqualTo(before);
        assertThat(outboxBefore).containsAll(outboxEntryIds());
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    @Test
    void acceptsTheSameRequestSignedCorrectly() throws Exception {
        HttpResponse<String> response = twilio("/sms/webhook", reply("continue"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(storedSessionAndInbox()).isNotEqualTo(before);
        assertThat(List.of(response.body())).allSatisfy(body -> assertThat(body).contains("First question."));
    }
}
