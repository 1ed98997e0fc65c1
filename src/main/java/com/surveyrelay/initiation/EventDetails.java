package com.surveyrelay.initiation;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a start request written as an event: an EventBridge event ({@code detail-type}, {@code source},
 * {@code id}, {@code detail}) or the bare detail. The detail holds {@code to}, {@code channel},
 * {@code language}, {@code surveyId} and an optional {@code idempotencyKey}. Shared by the SQS trigger and
 * the HTTP endpoints, so an EventBridge rule can target either.
 */
public final class EventDetails {

    /** The fields a start's detail takes, and the names the HTTP start and campaigns give them (lower case). */
    private static final java.util.List<String> DETAIL_FIELDS = java.util.List.of("to", "channel", "language",
            "surveyId", "idempotencyKey", "timeZone");
    private static final java.util.Map<String, String> OTHER_NAMES = java.util.Map.of("phone", "to",
            "defaultlanguage", "language", "lang", "language", "survey", "surveyId", "survey_id", "surveyId",
            "timezone", "timeZone", "time_zone", "timeZone", "idempotency_key", "idempotencyKey");

    /** The start endpoint of each channel, as routes/*-initiation.camel.yaml serve them. */
    private static final java.util.Map<Channel, String> INITIATION_PATHS =
            com.surveyrelay.config.InitiationPaths.BY_CHANNEL;

    static final Set<String> FIELDS = Set.of("to", "channel", "language", "surveyId", "idempotencyKey", "timeZone");
    /**
     * The longest idempotency key, in characters, by header or bus field: a key is part of the trigger ledger's S3 key
     * (as its SHA-256), and 256 leaves room for a caller's UUIDs and request ids without taking a payload for a key.
     */
    static final int MAX_KEY_LENGTH = 256;
    /**
     * Prefixes of the keys the service gives its own starts, which share the ledger with a caller's {@code
     * idempotencyKey}: an EventBridge id ({@code event:}), an {@code Idempotency-Key} header of such a shape itself or
     * claimed before 2026-12-06 ({@code header:}), a channel fallback, a queue message or file, a deferred start's
     * firing, a campaign row ({@code campaign-row:}). A caller's key with one could make the service's own start look
     * done, or the caller's.
     */
    private static final Pattern RESERVED_KEY = Pattern.compile(
            "(?:event|header|fallback|sqs|file|scheduled-start|campaign-row):.*", Pattern.DOTALL);

    /** Whether a caller's key is shaped like the keys the service gives its own starts ({@code sqs:…}). */
    static boolean isReservedKey(String key) {
        return RESERVED_KEY.matcher(key).matches();
    }

    private EventDetails() {
    }

    /**
     * True for an EventBridge event: a {@code detail} beside {@code detail-type}. The detail need not be an object
     * here: one that is not ({@code "detail": "{\"to\": ...}"}, a PutEvents entry's {@code Detail} string copied
     * as it was sent) is refused by {@link #read} as such, not as five unknown fields of a bare detail.
     */
    public static boolean isEnvelope(JsonNode root) {
        return root.isObject() && root.has("detail") && root.has("detail-type");
    }

    /**
     * @param root the event or the bare detail
     * @param endpointChannel the channel an HTTP endpoint stands for, or null when the detail must say
     * @param fallbackKey the idempotency key when the event has neither its own key nor an id
     */
    public static StartRequest read(JsonNode root, Channel endpointChannel, String fallbackKey) {
        if (isEnvelope(root)) {
            refuseBesideTheDetail(root);
        }
        JsonNode detail = isEnvelope(root) ? root.get("detail") : root;
        if (!detail.isObject()) {
            // EventBridge takes a PutEvents entry's Detail as a string of JSON and delivers it as an object; a
            // producer writing the event itself may copy the string (2026-12-06, break-it probe).
            throw new HttpProblem(400, "invalid_event", "The event's detail must be a JSON object, not "
                    + kind(detail) + (detail.isTextual() ? " (EventBridge delivers a PutEvents entry's Detail string "
                    + "as an object; write the object itself)" : "") + ".");
        }
        Set<String> unknown = new TreeSet<>();
        Set<String> given = new TreeSet<>();
        for (Iterator<String> names = detail.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            given.add(name);
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            // A bare start request is no event: its dead letter said "in the event detail" until 2026-12-07, and an
            // operator looked for an EventBridge envelope that was not there.
            throw new HttpProblem(400, "unknown_field", "Unknown field(s) " + UnknownFieldNames.listed(unknown)
                    + UnknownFieldNames.meant(unknown, DETAIL_FIELDS, OTHER_NAMES, given)
                    + (isEnvelope(root) ? " in the event detail" : " in the message")
                    + "; the accepted fields are to, channel, language, surveyId, idempotencyKey, timeZone.");
        }
        // The number, then the channel, then the rest: a dead letter's reason is the first fault in that order.
        // Errors name the fields as the sender wrote them: "detail.to" in an event, "to" in a bare detail.
        StartFields.Names names = isEnvelope(root) ? StartFields.Names.EVENT : StartFields.Names.BARE_DETAIL;
        E164 number = StartFields.number(text(detail, "to"), names);
        Channel channel = channel(text(detail, "channel"), endpointChannel, isEnvelope(root) ? "detail.channel"
                : "channel");
        // As given, blank included: a template's empty variable is refused (invalid_field), as in a plain body, where
        // it started the default survey until 2026-12-07 (an integrator's probe).
        InitiationRequest request = StartFields.validate(number, given(detail, "language"),
                given(detail, "surveyId"), given(detail, "timeZone"), names);
        String key = text(detail, "idempotencyKey");
        refuseControlCharacters(key, "The idempotency key",
                "send 1 to " + MAX_KEY_LENGTH + " printable characters, or leave it out (the event's id is the key "
                        + "then)");
        if (key != null && RESERVED_KEY.matcher(key).matches()) {
            throw new HttpProblem(400, "invalid_idempotency_key", "The idempotency key may not start with event:, "
                    + "header:, fallback:, sqs:, file:, scheduled-start: or campaign-row:, which the service keys its "
                    + "own starts with.");
        }
        if (key == null && isEnvelope(root)) {
            String id = text(root, "id");
            refuseControlCharacters(id, "The event's id", "send an id of printable characters (EventBridge's own "
                    + "are UUIDs), or a detail.idempotencyKey");
            // The caller's id is what is counted, not the prefix the service keys it under (until 2026-12-07 an id of
            // 251 to 256 characters was refused as longer than 256).
            refuseOverLong(id);
            key = id == null ? null : "event:" + id;
        }
        if (key == null) {
            // An event without an id (and no detail key) is keyed by the fallback, as before 2026-12-07's change
            // briefly made it keyless (a re-read before the stop).
            key = fallbackKey;
        }
        if (key != null && !key.startsWith("event:")) {
            refuseOverLong(key);
        }
        return new StartRequest(channel, request, key);
    }

    /**
     * Refuses an event with fields of its own beside EventBridge's ({@link #ENVELOPE}): {@code surveyId} or {@code
     * language} written beside {@code detail}, not in it, started the default survey in the default language, and a
     * second {@code To} was ignored for the detail's (an integrator's probe, 2026-12-07), where a plain body's unknown
     * field is refused.
     *
     * @throws HttpProblem 400 {@code unknown_field}, naming them
     */
    private static void refuseBesideTheDetail(JsonNode root) {
        Set<String> beside = new TreeSet<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!ENVELOPE.contains(name)) {
                beside.add(name);
            }
        });
        if (!beside.isEmpty()) {
            throw new HttpProblem(400, "unknown_field", "Unknown field(s) " + UnknownFieldNames.listed(beside)
                    + " beside the event's detail; "
                    + "a start's fields go in detail (to, channel, language, surveyId, idempotencyKey, timeZone), and "
                    + "an event holds only EventBridge's own besides (version, id, detail-type, source, account, time, "
                    + "region, resources).");
        }
    }

    /** The fields of an EventBridge event (its envelope), {@code replay-name} for a replayed one among them. */
    private static final Set<String> ENVELOPE = Set.of("version", "id", "detail-type", "source", "account", "time",
            "region", "resources", "detail", "replay-name");

    /**
     * Refuses a caller's idempotency key that holds a control character (a NUL, a line break, a tab), wherever it came
     * from: {@code detail.idempotencyKey}, the event's {@code id} or the {@code Idempotency-Key} header. A key is
     * read back by people, in a log line, a dead letter or the ledger; one with a control character has no place
     * there, and the same key refused in one field was taken in the others until 2026-12-06 (break-it probe). A
     * blank key counts as none before this is asked (leading and trailing blanks are dropped).
     *
     * @param key the key as given, stripped, or null when none
     * @param named what the key is, to start the message: {@code "The event's id"}
     * @param remedy what to send instead, to end the message
     * @throws HttpProblem 400 {@code invalid_idempotency_key}
     */
    static void refuseControlCharacters(String key, String named, String remedy) {
        if (key != null && key.chars().anyMatch(Character::isISOControl)) {
            throw new HttpProblem(400, "invalid_idempotency_key", named + " holds a control character; " + remedy
                    + ".");
        }
        // A lone surrogate (JSON's escape of U+DFFF alone) is no character: its UTF-8 bytes, which the ledger hashes,
        // read "?", so "case-4711" and U+DFFF was "case-4711?"'s repeat, and a second start was dropped (a breaker's
        // probe, 2026-12-08).
        if (key != null && unpairedSurrogate(key)) {
            throw new HttpProblem(400, "invalid_idempotency_key", named + " holds half of a UTF-16 surrogate pair, "
                    + "which is no character; " + remedy + ".");
        }
    }

    /** True when {@code text} holds a high surrogate not followed by a low one, or a low one alone. */
    private static boolean unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** @param field the channel's name as the sender wrote it, for errors: {@code detail.channel} or {@code channel} */
    private static Channel channel(String name, Channel endpointChannel, String field) {
        if (name == null) {
            if (endpointChannel == null) {
                throw new HttpProblem(400, "missing_channel", field + " is required: sms, voice or whatsapp.");
            }
            return endpointChannel;
        }
        for (Channel channel : Channel.values()) {
            // In any case, as a campaign file's channel column is read: "SMS" is sms.
            if (channel.value().equalsIgnoreCase(name)) {
                if (endpointChannel != null && endpointChannel != channel) {
                    // Which URL takes it is said: the owner of an EventBridge API destination sets one per channel
                    // (a newcomer's probe, 2026-12-07).
                    throw new HttpProblem(400, "wrong_channel", "This endpoint starts " + endpointChannel.value()
                            + " surveys; the event asks for " + name + ": send it to POST "
                            + INITIATION_PATHS.get(channel) + ".");
                }
                return channel;
            }
        }
        throw new HttpProblem(400, "invalid_channel", field + " must be sms, voice or whatsapp.");
    }

    /** What a JSON value is, for an error message: {@code "a string"}, {@code "an array"}. */
    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case ARRAY -> "an array";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Refuses a caller's idempotency key over {@value #MAX_KEY_LENGTH} characters as people count them (an emoji is
     * one, not the two UTF-16 units Java's length counts).
     *
     * @throws HttpProblem {@code 400 invalid_idempotency_key}
     */
    private static void refuseOverLong(String key) {
        if (key != null && key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
            throw new HttpProblem(400, "invalid_idempotency_key", "The idempotency key is longer than "
                    + MAX_KEY_LENGTH + " characters.");
        }
    }

    /** A string field as given, stripped unless it is blank (which the caller refuses); null when absent or null. */
    private static String given(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HttpProblem(400, "invalid_field", field + " must be a string.");
        }
        return value.asText().isBlank() ? value.asText() : value.asText().strip();
    }

    /** A string field stripped, or null when absent, null or blank. */
    private static String text(JsonNode node, String field) {
        String value = given(node, field);
        return value == null || value.isBlank() ? null : value;
    }
}
