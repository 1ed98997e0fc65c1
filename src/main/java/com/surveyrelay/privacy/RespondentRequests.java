package com.surveyrelay.privacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.PlainText;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.JsonErrorText;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Reads the body of a respondent's data request ({@code POST /respondents/access}, {@code POST
 * /respondents/erasure}): {@code {"phone": "+15551234567"}}, JSON only. The number travels in the body, never in the
 * URL, so it stays out of access logs and proxies' records. {@code RequestBodyFilter} has already refused a body over
 * 64 KiB or in a charset that is not UTF-8.
 */
@Component("respondentRequests")
public class RespondentRequests {

    /** Strict: a key given twice, or anything after the object, makes the body invalid rather than half-read. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The number a request is about.
     *
     * @param body the request body as sent; empty or null for none
     * @param contentType the request's {@code Content-Type}; only {@code application/json} is taken
     * @return the number, normalised as {@link E164#parse} does (separators and a trunk prefix dropped)
     * @throws HttpProblem {@code 415 unsupported_media_type} for another content type; {@code 400 invalid_json} for
     *     a body that is not one JSON object; {@code 400 unknown_field} for a field other than {@code phone};
     *     {@code 400 invalid_phone} when {@code phone} is missing, not a string or not an E.164 number
     */
    public E164 phone(byte[] body, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(415, "unsupported_media_type",
                    "Send the request as application/json: {\"phone\": \"+15551234567\"}.");
        }
        JsonNode root = tree(body);
        if (!root.isObject()) {
            throw new HttpProblem(400, "invalid_json",
                    "The body must be a JSON object: {\"phone\": \"+15551234567\"}.");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("phone")) {
                throw new HttpProblem(400, "unknown_field", "Unknown field " + quoted(name)
                        + "; the only field is phone.");
            }
        });
        JsonNode phone = root.path("phone");
        if (phone.isMissingNode() || phone.isNull()) {
            throw new HttpProblem(400, "invalid_phone", "phone is required: the respondent's number in E.164 form, "
                    + "a string such as \"+15551234567\".");
        }
        if (!phone.isTextual()) {
            throw new HttpProblem(400, "invalid_phone", "phone must be a string (the number in quotes, with its + and "
                    + "country code), such as \"+15551234567\"; a JSON number loses the +.");
        }
        return E164.parse(phone.asText()).orElseThrow(() -> new HttpProblem(400, "invalid_phone",
                "phone is not a phone number in E.164 form (a + and the country code, up to 15 digits, such as "
                        + "+15551234567)."));
    }

    /**
     * Refuses a request about a number of a length no number of its country code has ({@link E164#lengthProblem})
     * once nothing was found under it: a mistyped number ({@code +1555014}, a digit left out) is told so, rather than
     * answered with empty lists or zeros that read as "nothing stored" (an operator's probe, 2026-12-06). Such a number
     * is still looked up first, and served when something is stored under it: sessions started before the length was
     * checked at a start (2026-12-05) may name one.
     *
     * @param phone the number asked about
     * @param foundAnything whether the access report or erasure found anything under it
     * @throws HttpProblem {@code 400 invalid_phone} when the length is impossible and nothing was found
     */
    public static void refuseMistypedWhenNothingFound(E164 phone, boolean foundAnything) {
        if (!foundAnything) {
            E164.lengthProblem(phone).ifPresent(problem -> {
                throw new HttpProblem(400, "invalid_phone", "phone is " + problem + ", and nothing is stored under it: "
                        + "check the number (the + and the country code, then the whole national number, such as "
                        + "+15551234567).");
            });
        }
    }

    private JsonNode tree(byte[] body) {
        try {
            JsonNode root = json.readTree(body == null ? new byte[0] : body);
            return root == null ? json.missingNode() : root;
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "invalid_json", "The body is not valid JSON: " + JsonErrorText.of(e) + ".");
        } catch (IOException e) {
            throw new HttpProblem(400, "invalid_json", "The body could not be read.");
        }
    }

    /** A field name for a message: quoted, at most 64 characters, control characters escaped. */
    private static String quoted(String name) {
        return "\"" + PlainText.escapeControls(PlainText.prefix(name, 64)) + "\"";
    }
}
