package com.surveyrelay.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The fault switch of one local server (S3, the EventBridge endpoint, the Twilio REST API), so tests and the dev
 * phone's operator can see what the service does when a dependency fails, without mocking its clients:
 * <ul>
 *   <li>{@link Mode#ERROR}: every request is answered {@code 503} (S3 with its {@code SlowDown} error document);
 *   <li>{@link Mode#INTERNAL_ERROR}: every request is answered {@code 500} (S3 with its {@code InternalError} error
 *   document, Twilio with its error 20500). The AWS SDK retries it as it does {@code SlowDown}, but after its
 *   shorter backoff for errors that are not throttling (a base of 100 ms, not 500 ms), so a test that only needs
 *   storage to fail waits far less for the service's answer (OpenApiContractTest's twenty-odd 503s: 26 s, not 71);
 *   <li>{@link Mode#HANG}: every request waits {@link #hangFor()} (default 30 s) before it is served;
 *   <li>{@link Mode#RESET}: every request's connection is dropped without an answer, as a reset or a crashed
 *   server does;
 *   <li>{@link Mode#DENIED}: every request is answered {@code 403} (S3 with its {@code AccessDenied} error document):
 *   credentials or a policy that leave the request out;
 *   <li>{@link Mode#THROTTLED}: every request is answered {@code 429} with Twilio's error 20429 (Too Many Requests),
 *   as Twilio answers an account over its rate or concurrency limit;
 *   <li>{@link Mode#REFUSED}: every request is answered with the HTTP status and Twilio error code given to
 *   {@link #refuse(int, int)} (such as {@code 400} and {@code 21610}, an unsubscribed recipient, or {@code 401} and
 *   {@code 20003}, credentials Twilio does not take), as Twilio's document shapes it. These two are Twilio's
 *   answers: the local S3 serves such a request normally;
 *   <li>{@link Mode#NONE}: served normally.
 * </ul>
 * Switching takes effect for the next request.
 */
public final class Faults {

    /** What the server does to each request. */
    public enum Mode { NONE, ERROR, INTERNAL_ERROR, HANG, RESET, DENIED, THROTTLED, REFUSED }

    private volatile Mode mode = Mode.NONE;
    private static final Duration DEFAULT_HANG = Duration.ofSeconds(30);
    private volatile Duration hangFor = DEFAULT_HANG;
    private volatile int refusedStatus = 400;
    private volatile int refusedCode = 21610;
    private volatile int remaining = -1;
    private volatile int servedFirst;
    /**
     * Only requests whose path (for S3, with a listing's prefix) holds this meet the fault and count against it;
     * null for every request.
     */
    private volatile String scope;
    /** Whether only writes ({@code PUT}, {@code POST}, {@code DELETE}) meet the fault; reads are served normally. */
    private volatile boolean writesOnly;

    public Mode mode() {
        return mode;
    }

    public Duration hangFor() {
        return hangFor;
    }

    /** Fails every request from now on, until {@link #clear()}. */
    public synchronized void set(Mode next) {
        remaining = -1;
        servedFirst = 0;
        scope = null;
        writesOnly = false;
        mode = next;
    }

    /**
     * Serves the next {@code requests} requests normally, then fails every one until {@link #clear()}: a dependency
     * that goes down in the middle of a long piece of work (an export).
     */
    public synchronized void setAfter(Mode next, int requests) {
        setAfter(next, requests, null);
    }

    /**
     * As {@link #setAfter(Mode, int)}, counting and failing only the requests whose path holds {@code pathPart}
     * (S3: {@code /<bucket>/<key>}, so {@code /<bucket>/<key prefix>} meets reads and writes under that prefix;
     * a listing is {@code /<bucket>?prefix=<prefix listed>}, so {@code prefix=<prefix>} meets the listings of that
     * prefix only); every other request is served normally. The services'
     * background work (timers, sweeps) on the same server then cannot move the point where the failure starts.
     */
    public synchronized void setAfter(Mode next, int requests, String pathPart) {
        remaining = -1;
        servedFirst = requests;
        scope = pathPart;
        writesOnly = false;
        mode = next;
    }

    /**
     * Fails every write ({@code PUT}, {@code POST}, {@code DELETE}) whose path holds {@code pathPart} (as
     * {@link #setAfter(Mode, int, String)} reads it) until {@link #clear()}, and serves every read: storage that
     * still answers reads but cannot take a write. No read, the services' background ones included, moves the
     * point where the failure starts.
     */
    public synchronized void setOnWrites(Mode next, String pathPart) {
        remaining = -1;
        servedFirst = 0;
        scope = pathPart;
        writesOnly = true;
        mode = next;
    }

    /** Fails the next {@code requests} requests only, then serves normally again (a blip). */
    public synchronized void setFor(Mode next, int requests) {
        setFor(next, requests, null);
    }

    /**
     * As {@link #setFor(Mode, int)}, counting and failing only the requests whose path holds {@code pathPart} (as
     * {@link #setAfter(Mode, int, String)} reads it); null for every request.
     */
    public synchronized void setFor(Mode next, int requests, String pathPart) {
        remaining = requests;
        servedFirst = 0;
        scope = pathPart;
        writesOnly = false;
        mode = next;
    }

    /**
     * Answers every request from now on, until {@link #clear()}, with HTTP {@code httpStatus} and Twilio error
     * {@code twilioCode} ({@link Mode#REFUSED}).
     *
     * @param httpStatus 400 to 599
     * @param twilioCode Twilio's error code, such as 21610, 21211, 21408 or 20003
     * @throws IllegalArgumentException for a status that is no error
     */
    public synchronized void refuse(int httpStatus, int twilioCode) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        refusedStatus = httpStatus;
        refusedCode = twilioCode;
        set(Mode.REFUSED);
    }

    public void hangFor(Duration duration) {
        hangFor = duration;
    }

    /** Serves every request normally again, and puts {@link #hangFor()} back to its default (30 s). */
    public synchronized void clear() {
        set(Mode.NONE);
        hangFor = DEFAULT_HANG;
    }

    /**
     * The mode for the request arriving now with HTTP {@code method} on {@code path} (for S3, with a listing's
     * prefix), counting it.
     */
    synchronized Mode take(String method, String path) {
        if (scope != null && (path == null || !path.contains(scope))) {
            return Mode.NONE;
        }
        if (writesOnly && !isWrite(method)) {
            return Mode.NONE;
        }
        if (servedFirst > 0) {
            servedFirst--;
            return Mode.NONE;
        }
        Mode now = mode;
        if (now != Mode.NONE && remaining > 0 && --remaining == 0) {
            mode = Mode.NONE;
        }
        return now;
    }

    private static boolean isWrite(String method) {
        return "PUT".equals(method) || "POST".equals(method) || "DELETE".equals(method);
    }

    /**
     * Parses a mode name as the dev phone's API takes it ({@code none}, {@code error}, {@code internal_error},
     * {@code hang}, {@code reset}, {@code denied}, {@code throttled}, {@code refused}).
     *
     * @throws IllegalArgumentException for another name
     */
    public static Mode parse(String name) {
        return Mode.valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /** Wraps a JDK server's handler so that requests meet the switched fault first. */
    HttpHandler wrap(HttpHandler handler) {
        return exchange -> {
            switch (take(exchange.getRequestMethod(), exchange.getRequestURI().getPath())) {
                case ERROR -> answer(exchange, 503, 20503, "Service unavailable");
                case INTERNAL_ERROR -> answer(exchange, 500, 20500, "Internal Server Error");
                case DENIED -> answer(exchange, 403, 20003, "Authenticate");
                case THROTTLED -> answer(exchange, 429, 20429, "Too Many Requests");
                case REFUSED -> answer(exchange, refusedStatus, refusedCode, "Refused");
                case RESET -> exchange.close();
                case HANG -> {
                    sleep(hangFor);
                    handler.handle(exchange);
                }
                default -> handler.handle(exchange);
            }
        };
    }

    private static void answer(HttpExchange exchange, int status, int code, String message) throws IOException {
        // Shaped as Twilio's error documents (and harmless to the other servers' clients).
        byte[] body = ("{\"code\":" + code + ",\"message\":\"" + message + " (local fault switch)\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
