package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Starts are limited per API key, and an address that keeps sending wrong keys is refused for a minute: each
 * start texts or calls a real person, and a key must not be guessable. The refusal is the guessing address's
 * alone.
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

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> missing = post("/sms/initiate-sms", "application/json",
                    "{\"To\": \"" + newRespondent() + "\"}", Map.of());
            assertThat(missing.statusCode()).as("a missing key is no guess: never rate-limited").isEqualTo(401);
            assertThat(json(missing.body()).get("error").asText()).isEqualTo("missing_api_key");
        }
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
        assertThat(statusFrom("127.0.0.2", "/surveys")).as("another address is not refused").isEqualTo(200);
    }

    /**
     * Behind a load balancer every client comes from its address: with {@code server.forward-headers-strategy=native}
     * (as the README advises), the address is the client's, from {@code X-Forwarded-For} of a proxy on a private
     * network, so one client guessing keys does not lock out the others.
     */
    @Test
    void behindAProxyTheWrongKeyLimitIsEachClientsOwn() throws Exception {
        try (ServiceInstance proxied = ServiceInstance.start(Map.of("server.forward-headers-strategy", "native",
                "survey-relay.initiation.wrong-keys-per-minute", "3"))) {
            java.net.http.HttpRequest.Builder guess = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + proxied.port() + "/surveys")).header("X-Forwarded-For", "203.0.113.7");
            for (int i = 0; i < 4; i++) {
                http.send(guess.copy().header("X-Api-Key", "guess-" + i).build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(http.send(guess.copy().header("X-Api-Key", API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the guessing client").isEqualTo(429);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + proxied.port() + "/surveys")).header("X-Forwarded-For", "198.51.100.20")
                    .header("X-Api-Key", API_KEY).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("another client behind the same proxy").isEqualTo(200);
        }
    }

    /** The status of a GET with the good key, sent from another loopback address than 127.0.0.1. */
    private int statusFrom(String localAddress, String path) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress),
                0)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + API_KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
