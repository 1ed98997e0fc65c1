package com.surveyrelay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Plays the service's side of the REST API in emulator tests: places calls and sends texts over real HTTP. */
final class EmulatorRestClient {

    record Reply(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String accountSid;
    private final String authToken;

    EmulatorRestClient(URI base, String accountSid, String authToken) {
        this.base = base;
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    /** Places a call and returns its SID, failing unless the API answers 201. */
    String placeCall(String... namesAndValues) {
        Reply reply = post("Calls.json", namesAndValues);
        if (reply.status() != 201) {
            throw new AssertionError("Calls.json answered " + reply.status() + ": " + reply.body());
        }
        return reply.body().get("sid").asText();
    }

    Reply post(String resource, String... namesAndValues) {
        String form = IntStream.range(0, namesAndValues.length / 2)
                .mapToObj(i -> encode(namesAndValues[2 * i]) + "=" + encode(namesAndValues[2 * i + 1]))
                .collect(Collectors.joining("&"));
        String credentials = Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/2010-04-01/Accounts/" + accountSid + "/" + resource))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
