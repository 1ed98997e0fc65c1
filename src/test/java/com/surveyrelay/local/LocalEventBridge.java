package com.surveyrelay.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Amazon EventBridge that speaks just enough of the AWS JSON 1.1 protocol for the real AWS SDK
 * (and so Camel's aws2-eventbridge component) to put events against it. Dev/test infrastructure only, which is why it
 * lives in the test sources.
 *
 * <p>With a journal file, every accepted entry is also appended there as one JSON line and read back on construction,
 * so the local default keeps its event history across restarts.
 */
public class LocalEventBridge implements AutoCloseable {

    private final Faults faults = new Faults();
    private final java.util.concurrent.atomic.LongAdder putEventsCalls = new java.util.concurrent.atomic.LongAdder();
    /** Valid PutEvents calls by how many entries they carried: index 1 to {@link #MAX_ENTRIES}. */
    private final java.util.concurrent.atomic.AtomicLongArray callsByEntries =
            new java.util.concurrent.atomic.AtomicLongArray(MAX_ENTRIES + 1);

    /** One accepted PutEvents entry, as the bus saw it. */
    public record RecordedEvent(String source, String detailType, String eventBusName, JsonNode detail,
                                Instant receivedAt) {
    }

    // AWS caps PutEvents at ten entries; clients that batch more must be told, not silently served.
    private static final int MAX_ENTRIES = 10;
    /** PutEvents refuses a request whose entries weigh more than 256 KB together (ValidationException). */
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final String PUT_EVENTS = "AWSEvents.PutEvents";
    private static final String AWS_JSON = "application/x-amz-json-1.1";

    private final ObjectMapper json = new ObjectMapper();
    private final int requestedPort;
    private final Path journal;
    private final List<RecordedEvent> events = new ArrayList<>();
    private final AtomicInteger entriesToReject = new AtomicInteger();
    private volatile boolean unavailable;
    private LoopbackServer server;

    /** A bus on a random port that keeps its events in memory only. */
    public LocalEventBridge() {
        this(0, null);
    }

    /**
     * @param port    the port to bind on 127.0.0.1, or 0 for a random free one
     * @param journal a JSON-lines file to append accepted entries to and replay from, or null for memory only
     */
    public LocalEventBridge(int port, Path journal) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
        this.journal = journal;
        if (journal != null) {
            events.addAll(replay(journal));
        }
    }

    /** Creates and starts a bus in one go. */
    public static LocalEventBridge start(int port, Path journal) {
        return new LocalEventBridge(port, journal).start();
    }

    /** Binds the port and starts answering; returns this for chaining. */
    public synchronized LocalEventBridge start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = LoopbackServer.start(requestedPort, "local-eventbridge", faults.wrap(this::handle));
        return this;
    }

    /** The endpoint to hand to the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:4010}. */
    public synchronized URI url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.url();
    }

    /** A snapshot of every accepted entry, oldest first. */
    public List<RecordedEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Forgets every recorded entry, the journal included, so a replay after restart starts empty too. */
    public void clear() {
        synchronized (events) {
            events.clear();
            if (journal != null) {
                try {
                    Files.deleteIfExists(journal);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot clear journal " + journal, e);
                }
            }
        }
    }

    /**
     * Fails the next {@code entries} entries (whatever they contain) the way EventBridge reports partial failure:
     * a 200 answer with {@code FailedEntryCount} &gt; 0 and an {@code InternalFailure} result; they are not recorded.
     */
    public void rejectNext(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("entries must not be negative");
        }
        entriesToReject.set(entries);
    }

    /** While true, every request gets HTTP 503 {@code ServiceUnavailableException}, as during an AWS outage. */
    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Valid {@code PutEvents} calls so far by entries carried: element {@code n} counts the calls with n entries. */
    public long[] putEventsCallsByEntries() {
        long[] counts = new long[callsByEntries.length()];
        for (int entries = 0; entries < counts.length; entries++) {
            counts[entries] = callsByEntries.get(entries);
        }
        return counts;
    }

    /** The {@code PutEvents} calls served so far (each carries up to ten entries). */
    public long putEventsCalls() {
        return putEventsCalls.sum();
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
        putEventsCalls.increment();
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (RuntimeException e) {
                // Say so over the wire; a dropped connection would only make the SDK retry into the same fault.
                answer = error(500, "InternalException", "LocalEventBridge failed: " + e);
            }
            byte[] body = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", AWS_JSON);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        if (unavailable) {
            return error(503, "ServiceUnavailableException", "Service is unavailable (injected by LocalEventBridge)");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || !PUT_EVENTS.equals(target)) {
            return error(400, "UnknownOperationException",
                    "Operation " + target + " is not supported by LocalEventBridge; only " + PUT_EVENTS + " is");
        }
        JsonNode request;
        try {
            request = json.readTree(raw);
        } catch (JsonProcessingException e) {
            return error(400, "SerializationException", "Request body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            return error(400, "SerializationException", "Request body must be a JSON object");
        }
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            return error(400, "ValidationException", "1 validation error detected: Value at 'entries' failed to"
                    + " satisfy constraint: Member must have length between 1 and " + MAX_ENTRIES);
        }
        if (requestBytes(entries) > MAX_REQUEST_BYTES) {
            return error(400, "ValidationException", "Total size of the entries in the request is over the limit.");
        }
        return putEvents(entries);
    }

    /**
     * A PutEvents request's size as AWS counts it against its 256 KB: each entry's source, detail type and detail in
     * UTF-8, and 14 bytes for its time (events are sent with one).
     */
    private static int requestBytes(JsonNode entries) {
        int bytes = 0;
        for (JsonNode entry : entries) {
            for (String field : List.of("Source", "DetailType", "Detail")) {
                JsonNode value = entry.get(field);
                bytes += value == null ? 0 : value.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            bytes += 14;
        }
        return bytes;
    }

    private Answer putEvents(JsonNode entries) {
        callsByEntries.incrementAndGet(entries.size());
        ObjectNode response = json.createObjectNode();
        ArrayNode results = json.createArrayNode();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            EntryFailure failure = takeInjectedFailure();
            if (failure == null) {
                failure = validate(entry);
            }
            if (failure != null) {
                failed++;
                result.put("ErrorCode", failure.code()).put("ErrorMessage", failure.message());
                continue;
            }
            record(new RecordedEvent(entry.get("Source").asText(), entry.get("DetailType").asText(),
                    busName(entry), parse(entry.get("Detail").asText()), Instant.now()));
            result.put("EventId", UUID.randomUUID().toString());
        }
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return new Answer(200, response);
    }

    private EntryFailure takeInjectedFailure() {
        boolean reject = entriesToReject.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
        return reject ? new EntryFailure("InternalFailure", "Entry rejected (injected by LocalEventBridge)") : null;
    }

    // The same per-entry verdicts EventBridge gives, so callers' partial-failure handling meets realistic codes.
    private EntryFailure validate(JsonNode entry) {
        for (String required : List.of("Source", "DetailType", "Detail")) {
            JsonNode value = entry.get(required);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return new EntryFailure("InvalidArgument",
                        "Parameter " + required + " is not valid. Reason: " + required + " is a required argument.");
            }
        }
        JsonNode detail = parse(entry.get("Detail").asText());
        if (detail == null || !detail.isObject()) {
            return new EntryFailure("MalformedDetail", "Detail is malformed.");
        }
        return null;
    }

    private static String busName(JsonNode entry) {
        JsonNode bus = entry.get("EventBusName");
        return bus == null || bus.isNull() || bus.asText().isBlank() ? "default" : bus.asText();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void record(RecordedEvent event) {
        synchronized (events) {
            events.add(event);
            if (journal != null) {
                append(journal, event);
            }
        }
    }

    private void append(Path file, RecordedEvent event) {
        ObjectNode line = json.createObjectNode()
                .put("source", event.source())
                .put("detailType", event.detailType())
                .put("eventBusName", event.eventBusName())
                .put("receivedAt", event.receivedAt().toString());
        line.set("detail", event.detail());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to journal " + file, e);
        }
    }

    private List<RecordedEvent> replay(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        List<RecordedEvent> replayed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                replayed.add(new RecordedEvent(node.get("source").asText(), node.get("detailType").asText(),
                        node.get("eventBusName").asText(), node.get("detail"),
                        Instant.parse(node.get("receivedAt").asText())));
            } catch (JsonProcessingException | RuntimeException e) {
                // A process killed mid-append leaves a torn last line; anything torn earlier is a real problem.
                if (i < lines.size() - 1) {
                    throw new IllegalStateException("journal " + file + " is corrupt at line " + (i + 1), e);
                }
            }
        }
        return replayed;
    }

    private Answer error(int status, String type, String message) {
        return new Answer(status, json.createObjectNode().put("__type", type).put("message", message));
    }

    private record Answer(int status, JsonNode body) {
    }

    private record EntryFailure(String code, String message) {
    }
}
