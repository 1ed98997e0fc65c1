package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TwilioSignature;
import java.net.http.HttpResponse;
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

    @Test
    void acceptsTheSameRequestSignedCorrectly() throws Exception {
        HttpResponse<String> response = twilio("/sms/webhook", reply("continue"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(object(resultsKey)).isNotEqualTo(before);
        assertThat(List.of(response.body())).allSatisfy(body -> assertThat(body).contains("First question."));
    }
}
