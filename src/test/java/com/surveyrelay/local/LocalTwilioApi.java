package com.surveyrelay.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the slice of Twilio's REST API that twilio-java calls for us: creating calls and messages,
 * fetching a call to see its status, and listing calls and messages.
 * It authenticates, validates and answers the way api.twilio.com does (same status codes, Twilio error codes and
 * JSON shapes, so twilio-java parses the answers), and records what it accepted. Dev/test infrastructure only.
 *
 * <p>New endpoints are one more {@link Route} in {@link #routes}: a method, a path pattern whose first group is the
 * account SID, and a handler from the parsed request to an answer or a thrown {@link TwilioError}.
 */
public class LocalTwilioApi implements AutoCloseable {

    private final Faults faults = new Faults();
    private volatile UnaryOperator<String> listedBodies = UnaryOperator.identity();

    /** One accepted {@code POST .../Calls.json}; fields are as sent (null when absent), {@code params} is all of it. */
    public record RecordedCall(String sid, String to, String from, String url, String method, String statusCallback,
                               List<String> statusCallbackEvents, Map<String, List<String>> params, Instant at) {
    }

    /** One accepted {@code POST .../Messages.json}; fields are as sent (null when absent). */
    public record RecordedMessage(String sid, String to, String from, String messagingServiceSid, String body,
                                  Map<String, List<String>> params, Instant at) {
    }

    private static final String API_VERSION = "2010-04-01";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    // Twilio refuses concatenated bodies beyond this, whatever the encoding.
    private static final int MAX_BODY_CHARS = 1600;
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final ObjectMapper json = new ObjectMapper();
    private final int requestedPort;
    private final String accountSid;
    private final String authToken;
    private final List<Route> routes = List.of(
            new Route("POST", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json"), this::createCall),
            new Route("POST", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json"), this::createMessage),
            new Route("GET", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json"), this::fetchCall),
            new Route("POST", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json"), this::updateCall),
            new Route("GET", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json"), this::listCalls),
            new Route("GET", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json"), this::listMessages),
            new Route("GET", Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json"),
                    this::fetchMessage));
    /** The {@code status} of a call the API placed, by sid; the emulator's phones know it ({@link #callStatuses}). */
    private volatile Function<String, Optional<String>> callStatuses = sid -> Optional.empty();
    private final List<String> fetchedCalls = new CopyOnWriteArrayList<>();
    private final List<String> askedCalls = new CopyOnWriteArrayList<>();
    private final List<String> hungUpCalls = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> hangUpObservers = new CopyOnWriteArrayList<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<RecordedMessage> messages = new ArrayList<>();
    private volatile Consumer<RecordedCall> callListener = call -> { };
    private volatile Consumer<RecordedMessage> messageListener = message -> { };
    // Separate from the single public listeners, so the emulator's engines and a printing listener coexist.
    private final List<Function<RecordedCall, Runnable>> placedCallObservers = new CopyOnWriteArrayList<>();
    private final List<Consumer<RecordedMessage>> acceptedMessageObservers = new CopyOnWriteArrayList<>();
    private final List<Consumer<RecordedMessage>> sentMessageObservers = new CopyOnWriteArrayList<>();
    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    /** The error code of each text marked undelivered, by sid. */
    private final Map<String, Integer> undelivered = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Queue<TwilioError> injectedFailures = new ConcurrentLinkedQueue<>();
    private final Queue<TwilioError> failuresAfterServing = new ConcurrentLinkedQueue<>();
    private LoopbackServer server;

    /**
     * @param port       the port to bind on 127.0.0.1, or 0 for a random free one
     * @param accountSid the only account SID accepted, as basic-auth username and in the path; any "AC..." string
     * @param authToken  the only password accepted
     */
    public LocalTwilioApi(int port, String accountSid, String authToken) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (accountSid == null || !accountSid.startsWith("AC")) {
            throw new IllegalArgumentException("an account SID starts with AC");
        }
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("an auth token is required");
        }
        this.requestedPort = port;
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    /** Creates and starts an API in one go. */
    public static LocalTwilioApi start(int port, String accountSid, String authToken) {
        return new LocalTwilioApi(port, accountSid, authToken).start();
    }

    /** Binds the port and starts answering; returns this for chaining. */
    public synchronized LocalTwilioApi start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = LoopbackServer.start(requestedPort, "local-twilio", faults.wrap(this::handle));
        return this;
    }

    /** The base URL standing in for {@code https://api.twilio.com}, e.g. {@code http://127.0.0.1:4011}. */
    public synchronized URI url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.url();
    }

    /** A snapshot of every accepted call, oldest first. */
    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** A snapshot of every accepted message, oldest first. */
    public List<RecordedMessage> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** Every sid a call fetch ({@code GET .../Calls/<sid>.json}) asked for, answered or 404, oldest first. */
    public List<String> askedCalls() {
        return List.copyOf(askedCalls);
    }

    /**
     * The sids of the calls hung up through the API ({@code POST .../Calls/<sid>.json} with {@code Status=completed}
     * or {@code canceled}) and answered 200, oldest first.
     */
    public List<String> hungUpCalls() {
        return List.copyOf(hungUpCalls);
    }

    /** The sids of the calls fetched ({@code GET .../Calls/<sid>.json}) and answered, oldest first. */
    public List<String> fetchedCalls() {
        return List.copyOf(fetchedCalls);
    }

    /**
     * Where a fetched call's {@code status} comes from: the emulator's phones, which play the calls. Without one a
     * call the API placed is {@code queued}, as no network took it up.
     */
    void callStatuses(Function<String, Optional<String>> statuses) {
        this.callStatuses = statuses;
    }

    /** Called with each call placed, after it is recorded (the local default prints them). */
    public void onCall(Consumer<RecordedCall> listener) {
        this.callListener = listener;
    }

    /** Called with each text sent, after it is recorded. */
    public void onMessage(Consumer<RecordedMessage> listener) {
        this.messageListener = listener;
    }

    /**
     * Calls {@code observer} with each call accepted, before its 201 answer is written, and runs what it returns
     * once the answer has been written: a client then never meets a webhook for a call whose SID it has not yet
     * received (real Twilio also rings only after answering), yet the call is known as soon as the answer is.
     */
    void whenCallPlaced(Function<RecordedCall, Runnable> observer) {
        placedCallObservers.add(observer);
    }

    /** Runs {@code observer} with the sid of each call hung up through the API, before the 200 answer is written. */
    void whenCallHungUp(Consumer<String> observer) {
        hangUpObservers.add(observer);
    }

    /**
     * Runs {@code observer} with each message accepted, before the 201 answer is written: a text is in the
     * recipient's thread by the time the sender hears it was sent, which keeps tests free of waiting.
     */
    void whenMessageAccepted(Consumer<RecordedMessage> observer) {
        acceptedMessageObservers.add(observer);
    }

    /**
     * Runs {@code observer} with each message accepted, once its 201 answer has been written: the sender knows the
     * message's sid by then, as it does when Twilio posts the message's first status callback.
     */
    void whenMessageSent(Consumer<RecordedMessage> observer) {
        sentMessageObservers.add(observer);
    }

    String accountSid() {
        return accountSid;
    }

    String authToken() {
        return authToken;
    }

    /**
     * Makes the text {@code sid} read {@code undelivered} (error 30003, the handset unreachable) in the message list,
     * as a carrier's delivery report would.
     */
    public void markUndelivered(String sid) {
        markUndelivered(sid, 30003);
    }

    /** As {@link #markUndelivered(String)}, with the carrier's error code (30005 unknown number, 30007 filtered...). */
    public void markUndelivered(String sid, int errorCode) {
        undelivered.put(sid, errorCode);
    }

    /**
     * Makes the message list and fetch give each text's body as {@code listed} changes it, as Twilio lists a body it
     * changed when sending: Smart Encoding's GSM-7 replacements (curly quotes straightened, long dashes as hyphens), a
     * Messaging Service's text appended. {@link #clear} lists bodies as sent again.
     *
     * @param listed the body as sent to the body as listed
     */
    public void listBodiesAs(UnaryOperator<String> listed) {
        listedBodies = Objects.requireNonNull(listed, "listed");
    }

    /**
     * Makes the text {@code sid} read {@code queued} in the message list, with no {@code date_sent}, as a text waiting
     * in a Messaging Service's queue does: Twilio's {@code DateSent} filters leave it out.
     */
    public void markQueued(String sid) {
        queued.add(sid);
    }

    /** Whether texts to this number are refused with 21610. */
    public boolean isOptedOut(String e164) {
        return optedOut.contains(e164);
    }

    /** Forgets recorded calls, fetches and messages (and which were undelivered); opt-outs and pending injected failures stay. */
    public void clear() {
        synchronized (calls) {
            calls.clear();
        }
        fetchedCalls.clear();
        askedCalls.clear();
        hungUpCalls.clear();
        synchronized (messages) {
            messages.clear();
        }
        undelivered.clear();
        queued.clear();
        listedBodies = UnaryOperator.identity();
    }

    /** Makes messages to this number fail with 21610, as after the recipient texted STOP. */
    public void optOut(String e164) {
        optedOut.add(e164);
    }

    /** Undoes {@link #optOut}, as after the recipient texted START. */
    public void optIn(String e164) {
        optedOut.remove(e164);
    }

    /**
     * Makes the next authenticated request to a known endpoint fail with this Twilio error instead of being served.
     * Calls queue up: two calls fail the next two requests.
     */
    public void failNext(int httpStatus, int twilioCode, String message) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        injectedFailures.add(new TwilioError(httpStatus, twilioCode, message));
    }

    /**
     * Serves the next authenticated request to a known endpoint as usual (a call is placed, a text accepted), then
     * answers it with this Twilio error instead of the resource: a 5xx that came after Twilio acted, which a client
     * retrying it turns into a second call or text. Queued as {@link #failNext} is.
     */
    public void failNextAfterServing(int httpStatus, int twilioCode, String message) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        failuresAfterServing.add(new TwilioError(httpStatus, twilioCode, message));
    }

    /** This server's fault switch: 503s, hangs or resets for the service under test (see {@link Faults}). */
    public Faults faults() {
        return faults;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try (exchange) {
            try {
                answer = answer(exchange);
            } catch (TwilioError e) {
                answer = e.answer();
            } catch (RuntimeException e) {
                answer = new TwilioError(500, 20500, "Internal Server Error: " + e).answer();
            }
            byte[] body = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Twilio-Request-Id", "RQ" + hex32());
            if (answer.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        answer.afterResponse().run();
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        List<Route> onPath = routes.stream().filter(route -> route.path().matcher(path).matches()).toList();
        if (onPath.isEmpty()) {
            throw new TwilioError(404, 20404, "The requested resource " + path + " was not found");
        }
        Route route = onPath.stream().filter(r -> r.method().equals(exchange.getRequestMethod())).findFirst()
                .orElseThrow(() -> new TwilioError(405, 20004, "Method not allowed"));
        Matcher matcher = route.path().matcher(path);
        matcher.matches();
        String pathAccountSid = matcher.group(1);
        authenticate(exchange.getRequestHeaders().getFirst("Authorization"), pathAccountSid);
        TwilioError injected = injectedFailures.poll();
        if (injected != null) {
            throw injected;
        }
        String resourceSid = matcher.groupCount() > 1 ? matcher.group(2) : null;
        // A GET's parameters (a list's filters) come in the query, a POST's in the form body.
        String parameters = "GET".equals(exchange.getRequestMethod())
                ? Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "")
                : new String(raw, StandardCharsets.UTF_8);
        Answer served = route.handler().handle(new ApiRequest(pathAccountSid, resourceSid, parseForm(parameters)));
        TwilioError after = failuresAfterServing.poll();
        if (after == null) {
            return served;
        }
        // What was placed still plays: only the answer is lost.
        Answer failed = after.answer();
        return new Answer(failed.status(), failed.body(), served.afterResponse());
    }

    private void authenticate(String authorization, String pathAccountSid) {
        Optional<String[]> credentials = basicCredentials(authorization);
        boolean valid = credentials.isPresent()
                && constantTimeEquals(credentials.get()[0], accountSid)
                && constantTimeEquals(credentials.get()[1], authToken)
                && accountSid.equals(pathAccountSid);
        if (!valid) {
            throw new TwilioError(401, 20003, "Authenticate");
        }
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    // Keeps the emulator from teaching code that a timing side channel on the token is acceptable.
    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private Answer createCall(ApiRequest request) {
        String to = request.first("To");
        if (to == null) {
            throw new TwilioError(400, 21201, "No 'To' number is specified");
        }
        requireE164(to);
        String from = request.first("From");
        if (from == null) {
            throw new TwilioError(400, 21213, "No 'From' number is specified");
        }
        String url = request.first("Url");
        if (url == null && request.first("Twiml") == null && request.first("ApplicationSid") == null) {
            throw new TwilioError(400, 21205, "Url parameter is required");
        }
        if (url != null && !isHttpUrl(url)) {
            throw new TwilioError(400, 21205, "Url is not a valid URL: " + url);
        }
        String statusCallback = request.first("StatusCallback");
        if (statusCallback != null && !isHttpUrl(statusCallback)) {
            throw new TwilioError(400, 21609, "StatusCallback is not a valid URL: " + statusCallback);
        }

        Instant now = Instant.now();
        String sid = "CA" + hex32();
        RecordedCall call = new RecordedCall(sid, to, from, url, request.first("Method"), statusCallback,
                request.all("StatusCallbackEvent"), request.params(), now);
        synchronized (calls) {
            calls.add(call);
        }
        callListener.accept(call);
        List<Runnable> afterResponse = placedCallObservers.stream().map(observer -> observer.apply(call)).toList();

        Map<String, Object> body = callResource(request, call, "queued");
        return new Answer(201, body, () -> afterResponse.forEach(Runnable::run));
    }

    /**
     * {@code GET .../Calls/<sid>.json}: the call as placed, with its status now ({@code queued} until a phone takes
     * it up, then {@code ringing}, {@code in-progress} and the final one); 404 (20404) for a sid never placed.
     */
    private Answer fetchCall(ApiRequest request) {
        askedCalls.add(request.resourceSid());
        RecordedCall call = placedCall(request);
        fetchedCalls.add(call.sid());
        return new Answer(200, callResource(request, call, callStatuses.apply(call.sid()).orElse("queued")));
    }

    /** The call placed whose sid the request's path names; 404 (20404) for a sid never placed. */
    private RecordedCall placedCall(ApiRequest request) {
        synchronized (calls) {
            return calls.stream().filter(each -> each.sid().equals(request.resourceSid())).findFirst()
                    .orElseThrow(() -> new TwilioError(404, 20404, "The requested resource " + accountPath(request)
                            + "/Calls/" + request.resourceSid() + ".json was not found"));
        }
    }

    /**
     * {@code POST .../Calls/<sid>.json} with {@code Status=completed} (or {@code canceled}): the call's phone hangs up
     * and the call is answered with that status; 404 (20404) for a sid never placed. Only the hang-up is emulated: a
     * redirect ({@code Url}, {@code Twiml}) or another status is refused 400 (20001).
     */
    private Answer updateCall(ApiRequest request) {
        RecordedCall call = placedCall(request);
        String status = request.first("Status");
        if (!"completed".equals(status) && !"canceled".equals(status)) {
            throw new TwilioError(400, 20001, "The emulator only hangs calls up: Status must be completed or canceled");
        }
        hungUpCalls.add(call.sid());
        hangUpObservers.forEach(observer -> observer.accept(call.sid()));
        return new Answer(200, callResource(request, call, status));
    }

    /**
     * {@code GET .../Calls.json}: one page of the calls placed, newest first, with Twilio's list filters {@code To} and
     * {@code From} when given and {@code PageSize} (1 to 1,000, 50 by default); each call with its status now, as a
     * fetch answers it. Only the first page is served ({@code next_page_uri} is null).
     */
    private Answer listCalls(ApiRequest request) {
        String to = request.first("To");
        String from = request.first("From");
        int pageSize = pageSize(request);
        List<RecordedCall> matching;
        synchronized (calls) {
            matching = new ArrayList<>(calls);
        }
        Collections.reverse(matching);
        List<Map<String, Object>> page = matching.stream()
                .filter(call -> (to == null || to.equals(call.to())) && (from == null || from.equals(call.from())))
                .limit(pageSize)
                .map(call -> callResource(request, call, callStatuses.apply(call.sid()).orElse("queued")))
                .toList();
        return firstPage(request, "calls", page, pageSize);
    }

    /** A list's {@code PageSize}: 1 to 1,000, 50 by default; 400 (20001) otherwise. */
    private static int pageSize(ApiRequest request) {
        int pageSize;
        try {
            pageSize = request.first("PageSize") == null ? 50 : Integer.parseInt(request.first("PageSize"));
        } catch (NumberFormatException e) {
            throw new TwilioError(400, 20001, "Invalid PageSize");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new TwilioError(400, 20001, "PageSize must be between 1 and 1000");
        }
        return pageSize;
    }

    /**
     * {@code GET .../Messages.json}: one page of the texts accepted, newest first, with Twilio's list filters {@code To},
     * {@code From}, {@code DateSent} (a day, {@code YYYY-MM-DD}), {@code DateSent>} and {@code DateSent<} (a day or
     * {@code YYYY-MM-DDTHH:MM:SS}, UTC, inclusive as Twilio reads them) and {@code PageSize}. Each text is {@code sent}
     * ({@code date_sent} when it was accepted), or {@code undelivered} once {@link #markUndelivered} said so, or
     * {@code queued} without {@code date_sent} once {@link #markQueued} said so (then left out by the {@code DateSent}
     * filters, as Twilio leaves out a text not sent yet). Only the first page is served.
     */
    private Answer listMessages(ApiRequest request) {
        String to = request.first("To");
        String from = request.first("From");
        Instant after = sentBound(request.first("DateSent>"), false);
        Instant before = sentBound(request.first("DateSent<"), true);
        String day = request.first("DateSent");
        int pageSize = pageSize(request);
        List<RecordedMessage> matching = new ArrayList<>(messages());
        Collections.reverse(matching);
        List<Map<String, Object>> page = matching.stream()
                .filter(message -> (to == null || to.equals(message.to()))
                        && (from == null || from.equals(message.from()))
                        && (after == null && before == null && day == null || !queued.contains(message.sid()))
                        && (after == null || !message.at().isBefore(after))
                        && (before == null || message.at().isBefore(before))
                        && (day == null || day.equals(message.at().atZone(ZoneOffset.UTC).toLocalDate().toString())))
                .limit(pageSize)
                .map(message -> listed(queued.contains(message.sid())
                        ? messageResource(request, message, "queued", null)
                        : messageResource(request, message,
                                undelivered.containsKey(message.sid()) ? "undelivered" : "sent", message.at())))
                .toList();
        return firstPage(request, "messages", page, pageSize);
    }

    /**
     * {@code GET .../Messages/<sid>.json}: the text as {@link #listMessages} writes it; 404 (20404) for a sid never
     * accepted.
     */
    private Answer fetchMessage(ApiRequest request) {
        RecordedMessage message = messages().stream().filter(each -> each.sid().equals(request.resourceSid()))
                .findFirst().orElseThrow(() -> new TwilioError(404, 20404, "The requested resource "
                        + accountPath(request) + "/Messages/" + request.resourceSid() + ".json was not found"));
        return new Answer(200, listed(queued.contains(message.sid())
                ? messageResource(request, message, "queued", null)
                : messageResource(request, message, undelivered.containsKey(message.sid()) ? "undelivered" : "sent",
                        message.at())));
    }

    /** A listed or fetched text's resource with its body as {@link #listBodiesAs} says Twilio lists it. */
    private Map<String, Object> listed(Map<String, Object> resource) {
        if (resource.get("body") instanceof String body) {
            resource.put("body", listedBodies.apply(body));
        }
        return resource;
    }

    /**
     * A {@code DateSent>} or {@code DateSent<} bound as an instant; a day's bound is its start, or for {@code <} the
     * next day's start. 400 (20001) when it is neither shape.
     */
    private static Instant sentBound(String value, boolean upper) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                java.time.LocalDate date = java.time.LocalDate.parse(value);
                return (upper ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant at = java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            return upper ? at.plusSeconds(1) : at;
        } catch (java.time.format.DateTimeParseException e) {
            throw new TwilioError(400, 20001, "Invalid DateSent: " + value);
        }
    }

    /** The first (and only) page of a list, as Twilio's API writes it, its records under {@code key}. */
    private static Answer firstPage(ApiRequest request, String key, List<Map<String, Object>> page, int pageSize) {
        String uri = accountPath(request) + "/" + Character.toUpperCase(key.charAt(0)) + key.substring(1)
                + ".json?PageSize=" + pageSize + "&Page=0";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, page);
        body.put("end", Math.max(page.size() - 1, 0));
        body.put("first_page_uri", uri);
        body.put("next_page_uri", null);
        body.put("page", 0);
        body.put("page_size", pageSize);
        body.put("previous_page_uri", null);
        body.put("start", 0);
        body.put("uri", uri);
        return new Answer(200, body);
    }

    /** A call as Twilio's API writes it. */
    private static Map<String, Object> callResource(ApiRequest request, RecordedCall call, String status) {
        String uri = accountPath(request) + "/Calls/" + call.sid();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_sid", request.accountSid());
        body.put("annotation", null);
        body.put("answered_by", null);
        body.put("api_version", API_VERSION);
        body.put("caller_name", null);
        body.put("date_created", RFC_2822.format(call.at()));
        body.put("date_updated", RFC_2822.format(call.at()));
        body.put("direction", "outbound-api");
        body.put("duration", null);
        body.put("end_time", null);
        body.put("forwarded_from", null);
        body.put("from", call.from());
        body.put("from_formatted", call.from());
        body.put("group_sid", null);
        body.put("parent_call_sid", null);
        body.put("phone_number_sid", null);
        body.put("price", null);
        body.put("price_unit", "USD");
        body.put("queue_time", "0");
        body.put("sid", call.sid());
        body.put("start_time", null);
        body.put("status", status);
        body.put("subresource_uris", subresources(uri, "notifications", "recordings", "payments", "events",
                "siprec", "streams", "user_defined_message_subscriptions", "user_defined_messages"));
        body.put("to", call.to());
        body.put("to_formatted", call.to());
        body.put("trunk_sid", null);
        body.put("uri", uri + ".json");
        return body;
    }

    private Answer createMessage(ApiRequest request) {
        String to = request.first("To");
        if (to == null) {
            throw new TwilioError(400, 21604, "A 'To' phone number is required.");
        }
        boolean whatsapp = to.startsWith(WHATSAPP);
        requireE164(whatsapp ? to.substring(WHATSAPP.length()) : to);
        String from = request.first("From");
        String messagingServiceSid = request.first("MessagingServiceSid");
        if (from == null && messagingServiceSid == null) {
            throw new TwilioError(400, 21603, "A 'From' phone number is required.");
        }
        if (whatsapp != (from != null && from.startsWith(WHATSAPP))) {
            throw new TwilioError(400, 63007, "Twilio could not find a Channel with the specified From address");
        }
        String contentSid = request.first("ContentSid");
        String text = request.first("Body");
        if (contentSid != null) {
            // The emulator knows no approved templates' wording: it shows the template's variable 1.
            text = templateText(contentSid, request.first("ContentVariables"));
        } else if (whatsapp && !withinWhatsAppWindow(to.substring(WHATSAPP.length()))) {
            throw new TwilioError(400, 63016, "Failed to send freeform message because you are outside the allowed "
                    + "window. If you want to send messages outside the 24h window, please use a Message Template.");
        }
        if (text == null || text.isEmpty()) {
            throw new TwilioError(400, 21602, "Message body is required.");
        }
        if (text.codePointCount(0, text.length()) > MAX_BODY_CHARS) {
            throw new TwilioError(400, 21617,
                    "The concatenated message body exceeds the " + MAX_BODY_CHARS + " character limit.");
        }
        if (optedOut.contains(to)) {
            throw new TwilioError(400, 21610, "Attempt to send to unsubscribed recipient");
        }

        Instant now = Instant.now();
        String sid = "SM" + hex32();
        RecordedMessage message = new RecordedMessage(sid, to, from, messagingServiceSid, text, request.params(), now);
        synchronized (messages) {
            messages.add(message);
        }
        messageListener.accept(message);
        acceptedMessageObservers.forEach(observer -> observer.accept(message));

        return new Answer(201, messageResource(request, message, messagingServiceSid != null ? "accepted" : "queued",
                null), () -> sentMessageObservers.forEach(observer -> observer.accept(message)));
    }

    /** A text as Twilio's API writes it; {@code sent} null until it was sent. */
    private Map<String, Object> messageResource(ApiRequest request, RecordedMessage message, String status,
            Instant sent) {
        String uri = accountPath(request) + "/Messages/" + message.sid();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_sid", request.accountSid());
        body.put("api_version", API_VERSION);
        body.put("body", message.body());
        body.put("date_created", RFC_2822.format(message.at()));
        body.put("date_sent", sent == null ? null : RFC_2822.format(sent));
        body.put("date_updated", RFC_2822.format(sent == null ? message.at() : sent));
        body.put("direction", "outbound-api");
        body.put("error_code", "undelivered".equals(status) ? undelivered.get(message.sid()) : null);
        body.put("error_message", null);
        // Through a messaging service Twilio picks the sender later, so the first answer has none.
        body.put("from", message.from());
        body.put("messaging_service_sid", message.messagingServiceSid());
        body.put("num_media", "0");
        body.put("num_segments", "1");
        body.put("price", null);
        body.put("price_unit", "USD");
        body.put("sid", message.sid());
        body.put("status", status);
        body.put("subresource_uris", subresources(uri, "media", "feedback"));
        body.put("to", message.to());
        body.put("uri", uri + ".json");
        return body;
    }

    /** How Twilio writes a WhatsApp address: this prefix, then the E.164 number. */
    public static final String WHATSAPP = "whatsapp:";
    private static final java.time.Duration WHATSAPP_WINDOW = java.time.Duration.ofHours(24);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Map<String, Instant> lastWhatsAppFrom = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Records that {@code e164} wrote to our WhatsApp sender now: free-form WhatsApp messages to it are accepted for
     * 24 hours (WhatsApp's customer service window); outside it only a template is (Twilio error 63016).
     */
    public void whatsAppReceivedFrom(String e164) {
        lastWhatsAppFrom.put(e164, Instant.now());
    }

    private boolean withinWhatsAppWindow(String e164) {
        Instant last = lastWhatsAppFrom.get(e164);
        return last != null && last.plus(WHATSAPP_WINDOW).isAfter(Instant.now());
    }

    private static String templateText(String contentSid, String variables) {
        if (!contentSid.matches("HX[0-9a-f]{32}")) {
            throw new TwilioError(400, 21655, "The ContentSid is Invalid.");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode values = variables == null ? JSON.createObjectNode()
                    : JSON.readTree(variables);
            return values.path("1").asText("");
        } catch (java.io.IOException e) {
            throw new TwilioError(400, 21656, "The ContentVariables Parameter is invalid.");
        }
    }

    private static void requireE164(String to) {
        if (!E164.matcher(to).matches()) {
            throw new TwilioError(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String accountPath(ApiRequest request) {
        return "/" + API_VERSION + "/Accounts/" + request.accountSid();
    }

    private static Map<String, String> subresources(String resourceUri, String... names) {
        Map<String, String> uris = new LinkedHashMap<>();
        for (String name : names) {
            uris.put(name, resourceUri + "/" + toCamel(name) + ".json");
        }
        return uris;
    }

    private static String toCamel(String snake) {
        StringBuilder camel = new StringBuilder();
        for (String part : snake.split("_")) {
            camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return camel.toString();
    }

    private static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return Map.of();
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                params.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new TwilioError(400, 20001, "Could not decode form parameter " + name);
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        params.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(frozen);
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * What a handler sees: the account SID from the path, the resource's sid when the path names one (a fetched
     * call's), and the decoded form parameters.
     */
    private record ApiRequest(String accountSid, String resourceSid, Map<String, List<String>> params) {

        String first(String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return params.getOrDefault(name, List.of());
        }
    }

    /** {@code afterResponse} runs once the answer has been written and the exchange closed. */
    private record Answer(int status, Object body, Runnable afterResponse) {

        Answer(int status, Object body) {
            this(status, body, () -> { });
        }
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(ApiRequest request);
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    /** A Twilio API error; thrown from anywhere in request handling, it becomes Twilio's error JSON. */
    private static final class TwilioError extends RuntimeException {

        private final int status;
        private final int code;

        TwilioError(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        Answer answer() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("message", getMessage());
            body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
            body.put("status", status);
            return new Answer(status, body);
        }
    }
}
