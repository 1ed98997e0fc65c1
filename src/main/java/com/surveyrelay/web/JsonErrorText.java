package com.surveyrelay.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * Why a body is not JSON the service reads, in the client's terms: Jackson's own message where it says what is wrong
 * in the text ("Unexpected character ('x' ...)"), but not the parser's classes and settings it names in some
 * ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS},
 * {@code com.fasterxml.jackson.databind.JsonNode}), which tell a client nothing and a scanner which library parses.
 */
public final class JsonErrorText {

    /** A parenthesis, or a clause after a colon, that names a class or setting of the parser in backquotes. */
    private static final Pattern LIBRARY_NAMES = Pattern.compile(
            "\\s*\\([^()]*`[^`]*`[^()]*\\)|:?\\s*not allowed as per `[^`]*`");

    private JsonErrorText() {
    }

    /**
     * @param e what the parser threw
     * @return one sentence, without a final period: "nested too deeply, ...", "more than one JSON value, ..." or
     *     the parser's description of the text
     */
    public static String of(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "it is nested too deeply, or holds a number or a string too long to read";
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            return "it holds more than one JSON value; send one object";
        }
        return LIBRARY_NAMES.matcher(message).replaceAll("").strip();
    }
}
