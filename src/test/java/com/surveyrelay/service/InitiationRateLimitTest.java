package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Starts are limited per API key, and an address that keeps sending wrong keys is refused for a minute: each
 * start texts or calls a real person, and a key must not be guessable.
 */
@TestPropertySource(properties = {"survey-relay.initiation.rate-limit=3", "survey-relay.initiation.rate-period=1m",
        "survey-relay.initiation.wrong-keys-per-minute=3"})
class InitiationRateLimitTest extends ServiceTest {

    @Test
    void aKeyGetsItsStartsPerPeriodThenRetryAfterAndAnAddressGuessingKeysIsRefused() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + newRespondent() + "\"}").statusCode())
                    .isEqualTo(201);
        }
        String refusedNumber = newRespondent();
        HttpResponse<String> limited = startSurvey("/voice/initiate-call", "{\"To\": \"" + refusedNumber + "\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(SERVICES.twilio().messages()).hasSize(3);
        assertThat(SERVICES.twilio().calls()).as("nothing placed past the limit").isEmpty();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = post("/sms/initiate-sms", "application/json",
                    "{\"To\": \"" + newRespondent() + "\"}", Map.of("X-Api-Key", "guess-" + i));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Retry-After")).isEmpty();
        }
        HttpResponse<String> guessing = post("/sms/initiate-sms", "application/json",
                "{\"To\": \"" + newRespondent() + "\"}", Map.of("X-Api-Key", "guess-4"));
        assertThat(guessing.statusCode()).isEqualTo(429);
        assertThat(json(guessing.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(guessing.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(post("/sms/initiate-sms", "application/json", "{\"To\": \"" + newRespondent() + "\"}",
                Map.of("X-Api-Key", API_KEY)).statusCode()).as("even with a good key, for a minute").isEqualTo(429);
    }
}
