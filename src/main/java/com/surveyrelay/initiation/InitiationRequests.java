package com.surveyrelay.initiation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.web.FormFields;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.JsonErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Reads a start request, form-encoded or JSON, and refuses anything doubtful with a precise 4xx: the phone
 * number ends up in S3 keys and Twilio calls, so only a valid E.164 number gets through (the original
 * template passed it on unchecked), and a misspelt field is an error rather than silently ignored.
 */
@Component("initiationRequests")
public class InitiationRequests {

    static final Set<String> FIELDS = Set.of("To", "defaultLanguage", "surveyId", "timeZone");
    /** Names other entry points give these fields (a bus message's, a campaign's, the dev phone's), lower case. */
    private static final java.util.Map<String, String> OTHER_NAMES = java.util.Map.of("to", "To", "phone", "To",
            "language", "defaultLanguage", "lang", "defaultLanguage", "survey", "surveyId", "survey_id", "surveyId",
            "timezone", "timeZone", "time_zone", "timeZone", "tz", "timeZone");

    /** Strict: a key given twice, or anything after the object, makes the body invalid rather than half-read. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final int maxBytes;

    public InitiationRequests(SurveyRelayProperties settings) {
        this.maxBytes = settings.maxRequestBytes();
    }

    /**
     * @param channel the endpoint's channel: {@code sms}, {@code voice} or {@code whatsapp}
     * @param idempotencyKeyHeader the caller's {@code Idempotency-Key} header, if any: a string, or the list of its
     *     values when the request carried it more than once
     * @throws HttpProblem 400 {@code invalid_idempotency_key} for a key over 256 characters, holding a character
     *     outside ASCII (RFC 9110 section 5.5: a header's bytes are read as ISO-8859-1, so the same key in a JSON body
     *     would be another) or a control character (a tab: {@link EventDetails#refuseControlCharacters}), or for two
     *     different keys on one request (which one a retry would repeat is unknowable, so neither is guessed)
     */
    public StartRequest parse(Object body, String contentType, Long contentLength, String channel,
            Object idempotencyKeyHeader) {
        Channel endpointChannel = Channel.fromValue(channel);
        String idempotencyKey = oneKey(idempotencyKeyHeader);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null
                : StartRequest.HEADER_KEY_PREFIX + idempotencyKey.strip();
        if (key != null && idempotencyKey.strip().length() > EventDetails.MAX_KEY_LENGTH) {
            throw new HttpProblem(400, "invalid_idempotency_key", "The Idempotency-Key is longer than "
                    + EventDetails.MAX_KEY_LENGTH + " characters.");
        }
        if (key != null && key.chars().anyMatch(c -> c >= 0x80)) {
            // The servlet reads a header's bytes as ISO-8859-1, so UTF-8 ("ключ", "clé") comes as other characters:
            // C1 controls, which were refused as a control character the client never typed, or Latin-1 letters
            // ("clÃ©"), taken as another key than the same "clé" in a JSON body or a bus message, which then started
            // a second survey (an integration engineer's probe, 2026-12-06).
            throw new HttpProblem(400, "invalid_idempotency_key", "The Idempotency-Key holds characters outside "
                    + "ASCII, which an HTTP header does not carry reliably (RFC 9110 section 5.5); send it in ASCII, "
                    + "or as the event's id in a JSON body.");
        }
        EventDetails.refuseControlCharacters(key, "The Idempotency-Key",
                "send 1 to " + EventDetails.MAX_KEY_LENGTH + " printable characters, or leave the header out");
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            if (contentLength != null && contentLength > maxBytes) {
                throw tooLarge();
            }
            JsonNode root = tree(bytes(body));
            if (EventDetails.isEnvelope(root)) {
                return EventDetails.read(root, endpointChannel, key);
            }
            return new StartRequest(endpointChannel, fields(jsonFields(root)), key);
        }
        return new StartRequest(endpointChannel, parse(body, contentType, contentLength), key);
    }

    /** The one key of a header sent once, or sent again with the same value; null when absent. */
    private static String oneKey(Object header) {
        if (!(header instanceof java.util.Collection<?> values)) {
            return header == null ? null : header.toString();
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        values.forEach(value -> keys.add(String.valueOf(value).strip()));
        if (keys.size() > 1) {
            throw new HttpProblem(400, "invalid_idempotency_key", "The request carries " + keys.size()
                    + " different Idempotency-Key headers; send one. Nothing was done.");
        }
        return keys.isEmpty() ? null : keys.iterator().next();
    }

    InitiationRequest parse(Object body, String contentType, Long contentLength) {
        if (contentLength != null && contentLength > maxBytes) {
            throw tooLarge();
        }
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return fields(formFields(body), StartFields.Names.HTTP_FORM);
        } else if (type.startsWith("application/json")) {
            return fields(jsonFields(tree(bytes(body))));
        }
        throw new HttpProblem(415, "unsupported_media_type",
                "Send the request as application/json or application/x-www-form-urlencoded.");
    }

    private static InitiationRequest fields(Map<String, String> fields) {
        return fields(fields, StartFields.Names.HTTP);
    }

    private static InitiationRequest fields(Map<String, String> fields, StartFields.Names names) {
        Set<String> unknown = new TreeSet<>(fields.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw new HttpProblem(400, "unknown_field", "Unknown field(s) " + UnknownFieldNames.listed(unknown)
                    + UnknownFieldNames.meant(unknown, FIELDS, OTHER_NAMES, fields.keySet())
                    + "; the accepted fields are To, defaultLanguage, surveyId and timeZone.");
        }
        return StartFields.validate(fields.get("To"), fields.get("defaultLanguage"), fields.get("surveyId"),
                fields.get("timeZone"), names);
    }

    /** @throws HttpProblem {@code 400 repeated_field} for a field given twice: which value counts is ambiguous */
    private static Map<String, String> formFields(Object body) {
        try {
            return FormFields.decode(body);
        } catch (FormFields.RepeatedFieldException e) {
            throw new HttpProblem(400, "repeated_field", e.getMessage());
        }
    }

    private JsonNode tree(byte[] bytes) {
        try {
            JsonNode root = json.readTree(bytes);
            return root == null ? json.missingNode() : root;
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "invalid_json", "The body is not valid JSON: " + JsonErrorText.of(e) + ".");
        } catch (IOException e) {
            throw new HttpProblem(400, "invalid_json", "The body could not be read.");
        }
    }

    private static Map<String, String> jsonFields(JsonNode root) {
        if (!root.isObject()) {
            throw new HttpProblem(400, "invalid_json", "The body must be a JSON object.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            // A field this API does not have is unknown_field whatever its value (fields() says so), not a type error.
            if (FIELDS.contains(field.getKey()) && !value.isTextual() && !value.isNull()) {
                throw new HttpProblem(400, "invalid_field", field.getKey() + " must be a string.");
            }
            fields.put(field.getKey(), value.isNull() ? null : value.asText());
        }
        return fields;
    }

    private byte[] bytes(Object body) {
        try {
            byte[] bytes;
            if (body == null) {
                bytes = new byte[0];
            } else if (body instanceof byte[] raw) {
                bytes = raw;
            } else if (body instanceof InputStream stream) {
                bytes = stream.readNBytes(maxBytes + 1);
            } else if (body instanceof java.io.Reader reader) {
                char[] chars = new char[maxBytes + 1];
                int length = 0;
                for (int read; length < chars.length && (read = reader.read(chars, length, chars.length - length)) > 0; ) {
                    length += read;
                }
                bytes = new String(chars, 0, length).getBytes(StandardCharsets.UTF_8);
            } else {
                bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new HttpProblem(400, "invalid_body", "The body could not be read.");
        }
    }

    private HttpProblem tooLarge() {
        return new HttpProblem(413, "payload_too_large", "The request body is larger than " + maxBytes + " bytes.");
    }
}
