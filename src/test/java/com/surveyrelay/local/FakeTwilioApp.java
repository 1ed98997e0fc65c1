package com.surveyrelay.local;

import com.sun.net.httpserver.HttpExchange;
import com.twilio.security.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The application side of emulator tests, standing in for the survey service: it records every request with
 * whether its {@code X-Twilio-Signature} holds (checked with twilio-java's validator, as the service does, over
 * the public URL) and answers what the test set for the path.
 */
final class FakeTwilioApp implements AutoCloseable {

    /** One request as the application saw it; {@code target} is the path plus the raw query. */
    record Received(String method, String target, Map<String, String> params, boolean signed, String contentType,
                    String userAgent) {
    }

    record Canned(int status, String body) {
    }

    private final RequestValidator validator;
    private final LoopbackServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Function<Received, Canned>> answers = new ConcurrentHashMap<>();
    private volatile String publicBase;

    private FakeTwilioApp(String authToken) {
        this.validator = new RequestValidator(authToken);
        this.server = LoopbackServer.start(0, "fake-twilio-app", this::handle);
        this.publicBase = server.url().toString();
    }

    static FakeTwilioApp start(String authToken) {
        return new FakeTwilioApp(authToken);
    }

    /** Where it really listens. */
    URI url() {
        return server.url();
    }

    /** The base it believes Twilio was given, as the service's PUBLIC_BASE_URL; by default {@link #url()}. */
    FakeTwilioApp publicBase(String base) {
        this.publicBase = base;
        return this;
    }

    /** A public URL of this app. */
    String at(String target) {
        return publicBase + target;
    }

    /** Answers 200 with this TwiML for the path plus query (or, failing that, the path alone). */
    FakeTwilioApp answer(String target, String twiml) {
        return answer(target, 200, twiml);
    }

    FakeTwilioApp answer(String target, int status, String body) {
        return answerWith(target, request -> new Canned(status, body));
    }

    FakeTwilioApp answerWith(String target, Function<Received, Canned> answer) {
        answers.put(target, answer);
        return this;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            URI uri = exchange.getRequestURI();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String method = exchange.getRequestMethod();
            Map<String, String> params = "POST".equals(method) ? form(body) : form(uri.getRawQuery());
            Map<String, String> signedParams = "POST".equals(method) ? params : Map.of();
            String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
            boolean signed = signature != null && validator.validate(publicBase + target, signedParams, signature);
            Received request = new Received(method, target, params, signed,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("User-Agent"));
            synchronized (received) {
                received.add(request);
            }
            Function<Received, Canned> answer = answers.get(target);
            if (answer == null) {
                answer = answers.getOrDefault(uri.getRawPath(), any -> new Canned(404, "no answer set for " + target));
            }
            Canned canned = answer.apply(request);
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
