package com.surveyrelay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dev phone: a web page for answering surveys on the emulator's virtual phones — the SMS thread with a
 * text box, the call transcript (what was said, in which language and voice) with a keypad, a "say" box,
 * and buttons that start a survey to the number. Starting goes through this server, which holds the API
 * key, so the page never sees it.
 */
public final class DevPhone implements AutoCloseable {

    private static final Pattern PHONE_PATH = Pattern.compile("/api/phones/([^/]+)(/[a-z]+)?");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final TwilioEmulator emulator;
    private final URI service;
    private final String apiKey;
    /** A key given twice is refused ({"number": a, "number": b} started b), as the service refuses it. */
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final HttpClient http = HttpClient.newHttpClient();
    private final LoopbackServer server;

    private final Map<String, Faults> faults;

    private DevPhone(int port, TwilioEmulator emulator, URI service, String apiKey, Map<String, Faults> faults) {
        this.faults = faults;
        this.emulator = emulator;
        this.service = service;
        this.apiKey = apiKey;
        this.server = LoopbackServer.start(port, "dev-phone", this::handle);
    }

    /**
     * @param service where the survey service answers, e.g. {@code http://localhost:8080}
     * @param apiKey a key the service accepts on its initiation endpoints
     */
    public static DevPhone start(int port, TwilioEmulator emulator, URI service, String apiKey) {
        return new DevPhone(port, emulator, service, apiKey, Map.of());
    }

    /**
     * A dev phone that can also flip the local servers' fault switches: {@code GET /api/faults} lists them,
     * {@code POST /api/faults/<s3|eventbridge|twilio>} with {@code {"mode":
     * "none|error|internal_error|hang|reset|denied|throttled", "hangSeconds": 30}} sets one, and {@code {"mode":
     * "refused", "status": 400, "code": 21610}} makes it answer with that HTTP status and Twilio error code; S3 takes
     * neither {@code throttled} nor {@code refused} (a 400 says so), as its server would serve as if no fault were set.
     */
    public static DevPhone start(int port, TwilioEmulator emulator, URI service, String apiKey,
            Map<String, Faults> faults) {
        return new DevPhone(port, emulator, service, apiKey, Map.copyOf(faults));
    }

    public URI url() {
        return server.url();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // The exchange closes after the error answers: a try-with-resources closes it before its catch clauses run,
        // and the answer to a failure never left.
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            String refusal = refusal(exchange, method);
            if (refusal != null) {
                error(exchange, 403, refusal);
                return;
            }
            if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
                try (InputStream page = DevPhone.class.getResourceAsStream("/dev-phone/index.html")) {
                    send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
                }
                return;
            }
            if (method.equals("POST") && path.equals("/api/start")) {
                start(exchange);
                return;
            }
            if (method.equals("GET") && path.equals("/api/surveys")) {
                surveys(exchange);
                return;
            }
            if (path.equals("/api/faults") || path.startsWith("/api/faults/")) {
                faults(exchange, path.substring("/api/faults".length()).replaceFirst("^/", ""), method);
                return;
            }
            Matcher phonePath = PHONE_PATH.matcher(path);
            if (phonePath.matches()) {
                String number = pathNumber(phonePath.group(1));
                if (!E164.matcher(number).matches()) {
                    error(exchange, 400, "The number must be in E.164 form, like +15551234567.");
                    return;
                }
                phone(exchange, emulator.phone(number), phonePath.group(2), method);
                return;
            }
            // The service's paths asked of the dev phone's port (a newcomer's probe, 2026-12-07: "No such page.").
            error(exchange, 404, "No such page." + (SERVICE_PATH.matcher(path).find() ? " The survey service's API ("
                    + path + ") is at " + service + ", not on the dev phone's port." : ""));
        } catch (BodyTooLarge e) {
            error(exchange, 413, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Not a RuntimeException: uncaught, it closed the connection without an answer.
            error(exchange, 400, "The body is not JSON: " + com.surveyrelay.web.JsonErrorText.of(e) + ".");
        } catch (IllegalArgumentException e) {
            // A phone action the request got wrong (keys other than 0-9, * and #; a reply without text): the page's
            // or the caller's mistake, not the dev phone's.
            error(exchange, 400, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            error(exchange, 500, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * The number in a phone action's path, percent-decoded as a path segment: a {@code +} there is a plus
     * (RFC 3986), so {@code /api/phones/+15551234567} and {@code /api/phones/%2B15551234567} name the same phone.
     * {@link URLDecoder} reads a form, where {@code +} is a space, and the plain {@code +} was refused as "not in E.164
     * form, like +15551234567", though it was.
     */
    static String pathNumber(String rawSegment) {
        return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Why a request that did not come from this page is refused, or null. The dev phone holds an API key and can
     * flip fault switches, so another web site the developer visits must not drive it: a {@code Host} other than
     * this loopback port is DNS rebinding, and a POST comes from the page only with its own {@code Origin} (when the
     * browser sends one) and as JSON, which no other origin can send without a CORS preflight this server never
     * grants.
     */
    private String refusal(HttpExchange exchange, String method) {
        int port = server.url().getPort();
        String host = exchange.getRequestHeaders().getFirst("Host");
        java.util.Set<String> ownHosts = java.util.Set.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port);
        if (host == null || !ownHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
            return "The dev phone answers only as localhost:" + port + ".";
        }
        if (!method.equals("POST")) {
            return null;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String originHost = origin == null ? null
                : origin.replaceFirst("^http://", "").toLowerCase(java.util.Locale.ROOT);
        if (originHost != null && !ownHosts.contains(originHost)) {
            return "The dev phone takes actions from its own page only.";
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return "The dev phone takes actions as JSON (Content-Type: application/json) only.";
        }
        return null;
    }

    private void phone(HttpExchange exchange, VirtualPhone phone, String action, String method) throws IOException {
        if (action == null && method.equals("GET")) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("number", phone.number());
            view.put("thread", phone.thread());
            view.put("calls", phone.calls());
            view.put("answeredBy", phone.answeredBy());
            send(exchange, 200, "application/json", json.writeValueAsBytes(view));
            return;
        }
        if (action == null) {
            // A POST without an action was told to use POST (a breaker's probe, 2026-12-07).
            error(exchange, 404, "Name the phone's action: POST /api/phones/{number}/<action>, the actions being "
                    + PHONE_ACTIONS.stream().map(known -> known.substring(1)).collect(Collectors.joining(", ")) + ".");
            return;
        }
        if (!method.equals("POST")) {
            error(exchange, 405, "Use POST for phone actions.");
            return;
        }
        if (!PHONE_ACTIONS.contains(action)) {
            // Checked before the fields: "/pres" with {"digits": "1"} blamed the digits (a newcomer's probe).
            error(exchange, 404, "Unknown phone action " + action + ": the actions are "
                    + PHONE_ACTIONS.stream().map(known -> known.substring(1)).collect(Collectors.joining(", ")) + ".");
            return;
        }
        JsonNode body = readJson(exchange);
        onlyFields(body, "POST /api/phones/{number}" + action, PHONE_ACTION_FIELDS.getOrDefault(action, Set.of()));
        switch (action) {
            case "/press" -> {
                if (body.path("digits").isNumber()) {
                    throw new IllegalArgumentException("digits is the keys to press as text, \"" + body.path("digits")
                            + "\", not a number: a keypad has 0-9, * and # only.");
                }
                if (!body.path("digits").isTextual() || body.path("digits").asText().isEmpty()) {
                    throw new IllegalArgumentException(
                            "digits is required, the keys to press: a keypad has 0-9, * and # only.");
                }
                CallAction.press(body.path("digits").asText()); // refuses keys a keypad lacks, before anything else
                if (noCall(exchange, phone)) {
                    return;
                }
                phone.press(body.path("digits").asText());
            }
            case "/say" -> {
                // {"words": null} was said as "null", and "confidence": "high" taken as 0.9 (a caller's probe).
                if (!body.path("words").isTextual() || body.path("words").asText().isBlank()) {
                    throw new IllegalArgumentException("words is required, what the phone says: text.");
                }
                JsonNode confidence = body.path("confidence");
                if (!confidence.isMissingNode() && !(confidence.isNumber() && confidence.asDouble() >= 0
                        && confidence.asDouble() <= 1)) {
                    throw new IllegalArgumentException("confidence is Twilio's score of the words, a number from 0 "
                            + "to 1 (default 0.9).");
                }
                if (noCall(exchange, phone)) {
                    return;
                }
                phone.say(body.path("words").asText(), confidence.asDouble(0.9));
            }
            case "/silence" -> {
                if (noCall(exchange, phone)) {
                    return;
                }
                phone.stayQuiet();
            }
            case "/hangup" -> {
                if (noCall(exchange, phone)) {
                    return;
                }
                phone.hangUpNow();
            }
            // Texts to the phone then fail as a carrier reports it: {"errorCode": 30003}; null delivers them again.
            case "/undeliverable" -> {
                JsonNode code = body.path("errorCode");
                if (!code.isNull() && !code.isMissingNode() && !(code.canConvertToInt() && code.asInt() > 0)) {
                    throw new IllegalArgumentException("errorCode is a Twilio error code (30003) or null");
                }
                phone.setUndeliverable(code.isNull() || code.isMissingNode() ? null : code.asInt());
            }
            // Who takes the phone's calls, as answering-machine detection (VOICE_MACHINE_DETECTION) reports it.
            case "/answer" -> phone.setAnsweredBy(body.path("answeredBy").asText(VirtualPhone.HUMAN));
            case "/text" -> {
                // {"body": null} texted "null", {"body": 5} "5", {} an empty text, and "whatsApp": "yes" went by SMS
                // (a newcomer's probe, 2026-12-07).
                if (!body.path("body").isTextual() || body.path("body").asText().isEmpty()) {
                    throw new IllegalArgumentException("body is required, the text's words: text.");
                }
                JsonNode whatsApp = body.path("whatsApp");
                if (!whatsApp.isMissingNode() && !whatsApp.isBoolean()) {
                    throw new IllegalArgumentException("whatsApp is true (by WhatsApp) or false (by SMS, the "
                            + "default).");
                }
                if (whatsApp.asBoolean(false)) {
                    phone.whatsApp(body.path("body").asText());
                } else {
                    phone.text(body.path("body").asText());
                }
            }
            default -> {
                error(exchange, 404, "Unknown phone action " + action);
                return;
            }
        }
        send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private void faults(HttpExchange exchange, String service, String method) throws IOException {
        if (service.isEmpty() && method.equals("GET")) {
            Map<String, String> modes = new java.util.TreeMap<>();
            faults.forEach((name, switched) -> modes.put(name, switched.mode().name().toLowerCase()));
            send(exchange, 200, "application/json", json.writeValueAsBytes(modes));
            return;
        }
        Faults switched = faults.get(service);
        if (switched == null || !method.equals("POST")) {
            error(exchange, switched == null ? 404 : 405, "POST to /api/faults/<" + String.join("|",
                    new java.util.TreeSet<>(faults.keySet())) + ">.");
            return;
        }
        JsonNode body = readJson(exchange);
        try {
            if (body.has("hangSeconds")) {
                switched.hangFor(java.time.Duration.ofSeconds(body.get("hangSeconds").asLong()));
            }
            Faults.Mode mode = Faults.parse(body.path("mode").asText("none"));
            if (service.equals("s3") && (mode == Faults.Mode.THROTTLED || mode == Faults.Mode.REFUSED)) {
                // The S3 server would take the switch and serve as if none were set (a breaker's probe, 2026-12-07).
                error(exchange, 400, "s3 has no " + mode.name().toLowerCase() + " mode: S3 throttles with 503 "
                        + "SlowDown, which is error; its 403 AccessDenied is denied.");
                return;
            }
            if (mode == Faults.Mode.REFUSED) {
                switched.refuse(body.path("status").asInt(400), body.path("code").asInt(21610));
            } else {
                switched.set(mode);
            }
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "mode must be none, error, internal_error, hang, reset, denied, throttled or "
                    + "refused (with status and code).");
            return;
        }
        System.out.printf("[local faults] %s: %s%n", service, switched.mode().name().toLowerCase());
        send(exchange, 200, "application/json", ("{\"" + service + "\":\"" + switched.mode().name().toLowerCase()
                + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a survey through the service's real initiation endpoint, exactly as a customer system would. */
    /** The fields each phone action takes; another is refused rather than ignored. */
    /** A phone's actions, in the order the error for an unknown one lists them. */
    private static final List<String> PHONE_ACTIONS = List.of("/press", "/say", "/silence", "/hangup", "/text",
            "/undeliverable", "/answer");
    /** The service's own paths, which a request to the dev phone's port means for the service. */
    private static final Pattern SERVICE_PATH = Pattern.compile("^/(?:sms|voice|whatsapp|surveys|campaigns|respondents"
            + "|actuator|schedules|info|dashboard)(?:/|$)");
    private static final Map<String, Set<String>> PHONE_ACTION_FIELDS = Map.of(
            "/press", Set.of("digits"), "/say", Set.of("words", "confidence"), "/undeliverable", Set.of("errorCode"),
            "/answer", Set.of("answeredBy"), "/text", Set.of("body", "whatsApp"));

    /**
     * @throws IllegalArgumentException (answered 400) for a field {@code what} does not take: a misspelt one
     *     ({@code "survey"} for {@code "surveyId"}) was ignored, and the default survey was started (a newcomer's
     *     probe, 2026-12-06)
     */
    private static void onlyFields(JsonNode body, String what, Set<String> taken) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object.");
        }
        Set<String> unknown = new java.util.TreeSet<>();
        body.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(taken);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown field(s) " + unknown + "; " + what + " takes "
                    + (taken.isEmpty() ? "none" : new java.util.TreeSet<>(taken)) + ".");
        }
    }

    private void start(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        onlyFields(body, "POST /api/start", Set.of("channel", "number", "surveyId", "language"));
        String channel = body.path("channel").asText();
        String number = body.path("number").asText();
        if (!E164.matcher(number).matches()) {
            error(exchange, 400, "The number must be in E.164 form, like +15551234567.");
            return;
        }
        String path = switch (channel) {
            case "voice" -> "/voice/initiate-call";
            case "whatsapp" -> "/whatsapp/initiate-whatsapp";
            case "sms" -> "/sms/initiate-sms";
            default -> null;
        };
        if (path == null) {
            error(exchange, 400, "The channel must be sms, voice or whatsapp.");
            return;
        }
        Map<String, String> request = new LinkedHashMap<>();
        request.put("To", number);
        String surveyId = body.path("surveyId").asText("");
        if (!surveyId.isBlank()) {
            request.put("surveyId", surveyId);
        }
        String language = body.path("language").asText("");
        if (!language.isBlank()) {
            request.put("defaultLanguage", language);
        }
        emulator.phone(number).setInteractive(true);
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(service.resolve(path))
                    .header("Content-Type", "application/json")
                    .header("X-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            // The service names the start's field, defaultLanguage; this page's is language (a newcomer's probe).
            byte[] said = answer.statusCode() == 400 ? new String(answer.body(), StandardCharsets.UTF_8)
                    .replace("defaultLanguage", "language").getBytes(StandardCharsets.UTF_8) : answer.body();
            send(exchange, answer.statusCode(), "application/json", said);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "Interrupted while starting the survey.");
        }
    }

    /**
     * Answers {@code 409} when the phone has no call ringing or in progress, for an action on its call (keys, words,
     * silence, a hang-up), which would be dropped: until 2026-12-07 it was answered {@code {"ok": true}}, so a script
     * pressing before the call rang saw success, and the call never got the keys (a newcomer's probe).
     *
     * @return true when it answered so
     */
    private boolean noCall(HttpExchange exchange, VirtualPhone phone) throws IOException {
        if (phone.inCall()) {
            return false;
        }
        error(exchange, 409, "No call is ringing or in progress on " + phone.number() + ": start one (POST /api/start "
                + "with \"channel\": \"voice\"), then press, say, stay silent or hang up.");
        return true;
    }

    /** The service's {@code GET /surveys}, for the survey picker: the page holds no API key. */
    private void surveys(HttpExchange exchange) throws IOException {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(service.resolve("/surveys"))
                    .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, answer.statusCode(), "application/json", answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "Interrupted while listing the surveys.");
        }
    }

    /** The most bytes of JSON an action's body may hold: a text Twilio takes is at most 1,600 characters. */
    static final int MAX_BODY_BYTES = 16_384;

    /**
     * The action's JSON body, or an empty object for none.
     *
     * @throws BodyTooLarge over {@value #MAX_BODY_BYTES} bytes (answered 413): until 2026-12-07 such a body was cut
     *     there and refused as "not JSON: Unexpected end-of-input", which said nothing of its size (a probe)
     */
    private JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BodyTooLarge();
        }
        return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
    }

    /** A body over {@link #MAX_BODY_BYTES}. */
    static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("The body is larger than " + MAX_BODY_BYTES / 1024 + " KiB; a text takes at most 1,600 characters.");
        }
    }

    /**
     * Answers {@code {"error": "dev_phone", "message": <message>}}, its keys in that order, as the service's errors are
     * ({@link ErrorBody}).
     */
    private void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(new ErrorBody("dev_phone", message)));
    }

    /**
     * A dev phone error as JSON: Jackson writes a record's components in their order. A {@code Map.of} gave its two
     * keys in an order that changed from one start to the next (its iteration order is salted per JVM), so a page or a
     * script comparing the text saw {@code message} first one day and {@code error} first the next (probe, 2026-12-05).
     */
    record ErrorBody(String error, String message) {
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
