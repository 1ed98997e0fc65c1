package com.surveyrelay.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.local.TwilioSignature;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Every request in {@code src/test/resources/hostile-requests.jsonl} (wrong methods, content types, encodings and
 * sizes, injection in numbers, language tags, survey ids, session ids and turns, on every route) gets the status
 * and error code the file expects, never a 5xx, always the {@code {"error", "message"}} shape; none of them
 * texts, calls or stores anything; and the log holds no body, no full phone number, key or token, with at most
 * one warning for a refused request.
 *
 * <p>A case: {@code name}, {@code method}, {@code path}, optional {@code contentType}, a body ({@code body} as
 * text, or an object of form parameters, {@code bodyBase64}, or {@code repeat}: prefix, text times n, suffix),
 * {@code auth} ({@code key} or {@code wrong}), {@code signature} ({@code valid}: as Twilio signs the form;
 * {@code wrong}), {@code headers}, and the expectation {@code expect} (status), {@code error} (code) and
 * {@code contentTypeBack} (how the answer's {@code Content-Type} starts, checked on any status).
 */
class HostileRequestsTest extends ServiceTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile-requests.jsonl");
    private static final Map<Integer, Integer> STATUSES = new ConcurrentHashMap<>();
    private static final List<String> SECRETS = List.of(API_KEY, LocalServices.AUTH_TOKEN);
    /** The corpus's respondents, +1555099 and four digits: a log line may show their last four only. */
    private static final java.util.regex.Pattern CORPUS_NUMBER = java.util.regex.Pattern.compile("1555099\\d{4}");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS, UTF_8)) {
            if (!line.isBlank()) {
                JsonNode entry = JSON.readTree(line);
                cases.add(Arguments.of(entry.get("name").asText(), entry));
            }
        }
        return cases.stream();
    }

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    @AfterAll
    static void report() {
        System.out.printf("hostile-requests: %d cases, answered %s%n",
                STATUSES.values().stream().mapToInt(Integer::intValue).sum(), new TreeMap<>(STATUSES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedCleanly(String name, JsonNode entry) throws Exception {
        String path = entry.get("path").asText();
        Map<String, String> form = new LinkedHashMap<>();
        byte[] body = body(entry, form);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(entry.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (entry.hasNonNull("contentType")) {
            request.header("Content-Type", entry.get("contentType").asText());
        }
        String auth = entry.path("auth").asText("");
        if (auth.equals("key")) {
            request.header("X-Api-Key", API_KEY);
        } else if (auth.equals("wrong")) {
            request.header("X-Api-Key", "not-the-key");
        }
        String signature = entry.path("signature").asText("");
        if (signature.equals("valid")) {
            request.header("X-Twilio-Signature",
                    TwilioSignature.sign(LocalServices.AUTH_TOKEN, PUBLIC_BASE_URL + path, form));
        } else if (signature.equals("wrong")) {
            request.header("X-Twilio-Signature", "d3Jvbmcgc2lnbmF0dXJlCg==");
        }
        for (Iterator<Map.Entry<String, JsonNode>> headers = entry.path("headers").fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            request.header(header.getKey(), header.getValue().asText());
        }

        List<String> sessionsBefore = keys("survey-results/1555099");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        STATUSES.merge(status, 1, Integer::sum);
        if (Boolean.getBoolean("hostile.record")) {
            System.out.printf("HOSTILE\t%d\t%s\t%s%n", status, status >= 400 ? json(response.body()).path("error")
                    .asText() : "", name);
        }

        assertThat(status).as("%s answered %s", name, response.body()).isLessThan(500);
        if (entry.has("expect")) {
            assertThat(status).as("%s: %s", name, response.body()).isEqualTo(entry.get("expect").asInt());
        }
        if (entry.has("contentTypeBack")) {
            assertThat(response.headers().firstValue("Content-Type")).as(name).hasValueSatisfying(type ->
                    assertThat(type).startsWith(entry.get("contentTypeBack").asText()));
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/json"));
            JsonNode error = json(response.body());
            assertThat(error.size()).as(response.body()).isEqualTo(2);
            assertThat(error.get("error").asText()).matches("[a-z_]+");
            assertThat(error.get("message").asText()).isNotBlank();
            if (entry.has("error")) {
                assertThat(error.get("error").asText()).as(name).isEqualTo(entry.get("error").asText());
            }
        }
        if (status != 201) {
            assertThat(SERVICES.twilio().messages()).as("%s texted nobody", name).isEmpty();
            assertThat(SERVICES.twilio().calls()).as("%s called nobody", name).isEmpty();
            assertThat(keys("survey-results/1555099")).as("%s stored no session", name)
                    .isEqualTo(sessionsBefore);
        }
        List<ILoggingEvent> events = List.copyOf(log.list);
        for (ILoggingEvent event : events) {
            String line = event.getFormattedMessage();
            assertThat(line.length()).as("%s logged a line of %d characters", name, line.length()).isLessThan(600);
            for (String secret : SECRETS) {
                assertThat(line).as("%s logged %s", name, secret).doesNotContain(secret);
            }
            assertThat(CORPUS_NUMBER.matcher(line).find()).as("%s logged a phone number: %s", name, line).isFalse();
            assertThat(event.getLevel()).as("%s: %s", name, line).isNotEqualTo(Level.ERROR);
        }
        if (status >= 400) {
            assertThat(events.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(event -> REQUEST_THREADS.stream().anyMatch(event.getThreadName()::contains)).count())
                    .as("%s: warnings %s", name, events.stream().map(ILoggingEvent::getFormattedMessage).toList())
                    .isLessThanOrEqualTo(1);
        }
    }

    /**
     * Tomcat answers a Transfer-Encoding it does not implement with 501 before Spring sees the request: the client's
     * to change, so it must not say the fault is ours. Java's HTTP client will not send that header, so the request
     * goes over a socket as written.
     */
    @Test
    void aTransferEncodingTomcatDoesNotTakeIsNotCalledOurFault() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /sms/initiate-sms HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\nX-Api-Key: " + API_KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
            assertThat(response).startsWith("HTTP/1.1 501 ").contains("{\"error\":\"not_implemented\",")
                    .doesNotContain("internal_error").doesNotContain(API_KEY);
        }
    }

    /**
     * Requests Tomcat refuses before Spring sees them are told what to mend, echoing nothing of the request, with the
     * headers every other answer carries: until 2026-12-07 each said only "The request could not be read." and a 417
     * was {@code bad_request} (a breaker's and an analyst's probes). Sent over a socket as written, since Java's HTTP
     * client will not send them.
     */
    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "GET /surveys/quarterly-nps/summary?language=español HTTP/1.1\\r\\nHost: localhost|400|invalid_url",
        "GET /surveys HTTP/1.1\\r\\nHost: localhost\\r\\nExpect: nope|417|expectation_failed",
        "GET /surveys HTTP/1.1\\r\\nHost: localhost\\r\\nBad Header: x|400|invalid_header",
        "GET /surveys HTTP/1.1\\r\\nAccept: */*|400|invalid_host",
        "GET /surveys HTTP/1.1\\r\\nHost: a\\r\\nHost: b|400|invalid_host",
        "POST /surveys HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nContent-Length: 2|400|invalid_content_length",
        "G{T /surveys HTTP/1.1\\r\\nHost: localhost|400|invalid_request_line",
        // A breaker's probes the same day: a value at fault was told its name was; HTTP/1.0 needs no Host; a Host
        // whose value is no host got the generic answer.
        "GET /surveys HTTP/1.1\\r\\nHost: localhost\\r\\nX: a\u0001b|400|invalid_header",
        "GET /surveys%00 HTTP/1.0|400|bad_request",
        "GET /surveys HTTP/1.1\\r\\nHost: localhost:abc|400|invalid_host",
        "GET /scheduled-starts/%00 HTTP/1.1\\r\\nHost: localhost|400|bad_request"})
    void aRequestTomcatRefusesIsToldWhatToMend(String head, int status, String code) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head.replace("\\r\\n", "\r\n") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
            assertThat(response).startsWith("HTTP/1.1 " + status + " ").contains("{\"error\":\"" + code + "\",")
                    .contains("X-Content-Type-Options: nosniff").contains("Cache-Control: no-store")
                    .doesNotContain("espa").doesNotContain("nope").doesNotContain("Bad Header")
                    .doesNotContain("could not be read.\"");
        }
    }

    /** A request line naming an HTTP version Tomcat does not speak got 505 "something went wrong on our side". */
    @Test
    void anHttpVersionTomcatDoesNotSpeakIsNotCalledOurFault() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /surveys HTTP/2.0\r\nHost: localhost\r\nX-Api-Key: " + API_KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
            assertThat(response).startsWith("HTTP/1.1 505 ").contains("{\"error\":\"http_version_not_supported\",")
                    .doesNotContain("internal_error").doesNotContain(API_KEY);
        }
    }

    /**
     * A request whose URL and headers exceed what Tomcat reads (8 KB) is {@code 431 request_header_too_large}, in the
     * service's error shape, echoing nothing of the request; Tomcat called it {@code 400}.
     */
    @Test
    void aRequestWithHeadersTooLargeIsTold431() throws Exception {
        for (String request : List.of("GET /surveys HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + API_KEY
                + "\r\nX-Big: " + "a".repeat(60_000) + "\r\nConnection: close\r\n\r\n",
                "GET /surveys?" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(UTF_8));
                String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
                assertThat(response).startsWith("HTTP/1.1 431 ").contains("{\"error\":\"request_header_too_large\",")
                        .doesNotContain("aaaa").doesNotContain("bbbb").doesNotContain(API_KEY);
            }
        }
        assertThat(log.list).as("no stack trace above DEBUG for a client's mistake")
                .noneMatch(event -> event.getThrowableProxy() != null && event.getLevel().isGreaterOrEqual(Level.INFO));
    }

    /**
     * A body that stops arriving (a {@code Content-Length} of 200 and 21 bytes sent, the connection held open) is
     * answered {@code 408 request_timeout} once {@code survey-relay.request-body-timeout} (10 s in production, 2 s in
     * these tests: ServiceTest) passes, and starts
     * nothing. With Tomcat's default of 60 s it held the request thread for 120 s before a {@code 400 bad_request}.
     */
    @Test
    void aBodyThatStopsArrivingIsAnswered408WithinTheConnectionTimeout() throws Exception {
        String number = "+15550144350";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(40_000);
            socket.getOutputStream().write(("POST /sms/initiate-sms HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Api-Key: " + API_KEY + "\r\nContent-Length: 200\r\n\r\n"
                    + "{\"To\":\"" + number + "\"}").getBytes(UTF_8));
            socket.getOutputStream().flush();
            long sent = System.nanoTime();
            String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
            long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sent);
            assertThat(response).startsWith("HTTP/1.1 408 ").contains("{\"error\":\"request_timeout\",")
                    .doesNotContain(API_KEY);
            assertThat(waited).as("seconds until the answer").isBetween(1L, 10L);
        }
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(keys("survey-results/" + number.substring(1))).isEmpty();
    }

    /** Tomcat's and Camel's request threads: background work (the relay, the catalog) logs on its own. */
    private static final Set<String> REQUEST_THREADS = Set.of("exec-", "task-");

    private static byte[] body(JsonNode entry, Map<String, String> form) {
        if (entry.has("bodyBase64")) {
            return Base64.getDecoder().decode(entry.get("bodyBase64").asText());
        }
        if (entry.has("repeat")) {
            JsonNode repeat = entry.get("repeat");
            return (repeat.get("prefix").asText() + repeat.get("text").asText().repeat(repeat.get("times").asInt())
                    + repeat.get("suffix").asText()).getBytes(UTF_8);
        }
        JsonNode body = entry.get("body");
        if (body == null || body.isNull()) {
            return null;
        }
        if (body.isObject()) {
            body.fields().forEachRemaining(field -> form.put(field.getKey(), field.getValue().asText()));
            return form(form).getBytes(UTF_8);
        }
        return body.asText().getBytes(UTF_8);
    }
}
