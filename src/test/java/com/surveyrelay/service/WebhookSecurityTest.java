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

    private static final String FORBIDDEN = "{\"error\":\"invalid_signature\",\"message\":\"The X-Twilio-Signature "
            + "header is missing or does not match this request.\"}";

    private String resultsKey;
    private String before;

    @BeforeEach
    void startAnSmsSurvey() throws Exception {
        String sessionId = json(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").body())
                .get("sessionId").asText();
        resultsKey = "survey-results/" + respondent.substring(1) + "/" + sessionId + ".json";
        awaitOutboxDelivered(resultsKey);
        before = object(resultsKey);
    }

    private Map<String, String> reply(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + "1".repeat(32));
        params.put("From", respondent);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Body", body);
        return params;
    }

    private void assertRefusedAndNothingChanged(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(FORBIDDEN);
        assertThat(object(resultsKey)).isEqualTo(before);
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sms/webhook", "/sms/status", "/voice/webhook?sessionId=x&turn=0", "/voice/status"})
    void refusesAnUnsignedRequest(String path) throws Exception {
        assertRefusedAndNothingChanged(post(path, "application/x-www-form-urlencoded", form(reply("continue")),
                Map.of()));
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
        assertThat(object(resultsKey)).isEqualTo(before);
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    @Test
    void acceptsTheSameRequestSignedCorrectly() throws Exception {
        HttpResponse<String> response = twilio("/sms/webhook", reply("continue"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(object(resultsKey)).isNotEqualTo(before);
        assertThat(List.of(response.body())).allSatisfy(body -> assertThat(body).contains("First question."));
    }
}
