package com.surveyrelay.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Sends webhooks the way Twilio does: form-encoded, signed with the auth token over the public URL the application
 * gave Twilio. Where that public URL lies under a base registered with {@link #connect}, the request goes to the
 * actual base instead (the service listens on loopback while its public URL names a host Twilio would reach), so the
 * signature still covers the URL the service rebuilds from its own public base.
 */
final class SignedWebhookClient {

    /** What came back; {@code body} is decoded as UTF-8 whatever the content type claims. */
    record Answer(int status, String contentType, String body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    /** The webhook could not be reached or did not answer in time. */
    static final class Unreachable extends Exception {

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Mapping(String publicBase, String actualBase) {
    }

    // Twilio gives up on a webhook after 15 seconds (error 11205) and so does the emulator.
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String authToken;
    private final List<Mapping> mappings = new CopyOnWriteArrayList<>();
    private volatile int deliveries = 1;
    // HTTP/1.1 because Twilio speaks it and the JDK's loopback servers would otherwise be asked to upgrade.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    SignedWebhookClient(String authToken) {
        this.authToken = authToken;
    }

    /**
     * Sends what Twilio would post under {@code publicBase} to {@code actualBase} from now on, in place of any base
     * connected to the same public one before (test classes with Spring contexts of their own connect each their
     * own server to one public URL).
     */
    synchronized void connect(URI publicBase, URI actualBase) {
        if (!publicBase.isAbsolute() || !actualBase.isAbsolute()) {
            throw new IllegalArgumentException("both bases must be absolute URLs");
        }
        String base = withoutTrailingSlash(publicBase.toString());
        mappings.removeIf(mapping -> mapping.publicBase().equals(base));
        mappings.add(new Mapping(base, withoutTrailingSlash(actualBase.toString())));
    }

    /**
     * A fault switch: every webhook from now on is delivered {@code times} times in a row, the same parameters,
     * signature and idempotency token each time, as Twilio delivers one again when its first delivery timed out or
     * failed (connection overrides, a fallback URL); what the last delivery answers is what plays. 1 is Twilio on a
     * good day.
     *
     * @throws IllegalArgumentException for fewer than 1
     */
    void deliverEach(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("a webhook is delivered at least once, not " + times + " times");
        }
        this.deliveries = times;
    }

    /** Where a request for {@code publicUrl} really goes: the longest connected public base wins. */
    URI actualUrl(String publicUrl) {
        Optional<Mapping> mapping = mappings.stream()
                .filter(candidate -> isUnder(publicUrl, candidate.publicBase()))
                .max(Comparator.comparingInt(candidate -> candidate.publicBase().length()));
        return URI.create(mapping.map(m -> m.actualBase() + publicUrl.substring(m.publicBase().length()))
                .orElse(publicUrl));
    }

    /**
     * @param publicUrl the absolute URL as the application gave it to Twilio
     * @param method    POST or GET; with GET Twilio moves the parameters into the query and signs that URL alone
     */
    Answer send(String publicUrl, String method, Map<String, String> params) throws Unreachable, InterruptedException {
        String form = params.entrySet().stream()
                .map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
                .collect(Collectors.joining("&"));
        boolean get = "GET".equalsIgnoreCase(method);
        String signedUrl = get ? publicUrl + (publicUrl.contains("?") ? "&" : "?") + form : publicUrl;
        String signature = TwilioSignature.sign(authToken, signedUrl, get ? Map.of() : params);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(actualUrl(signedUrl));
        } catch (IllegalArgumentException e) {
            throw new Unreachable("not a valid URL: " + publicUrl, e);
        }
        request.timeout(TIMEOUT)
                .header("X-Twilio-Signature", signature)
                .header("User-Agent", "TwilioProxy/1.1")
                .header("Accept", "*/*")
                .header("I-Twilio-Idempotency-Token", UUID.randomUUID().toString());
        if (get) {
            request.GET();
        } else {
            // Twilio names no charset; the bytes are UTF-8 all the same.
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        }
        HttpRequest built = request.build();
        Answer answer = null;
        for (int delivery = deliveries; delivery > 0; delivery--) {
            answer = deliver(built);
        }
        return answer;
    }

    private Answer deliver(HttpRequest request) throws Unreachable, InterruptedException {
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            throw new Unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }

    private static boolean isUnder(String url, String base) {
        if (!url.startsWith(base)) {
            return false;
        }
        if (url.length() == base.length()) {
            return true;
        }
        char next = url.charAt(base.length());
        return next == '/' || next == '?' || next == '#';
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
