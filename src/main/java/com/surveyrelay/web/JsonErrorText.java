package com.surveyrelay.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.surveyrelay.survey.SmartQuotes;
import java.util.regex.Pattern;

/**
 * Why a body is not JSON the service reads, in the client's terms: Jackson's own message where it says what is wrong
 * in the text ("Unexpected character ('x' ...)"), but not the parser's classes and settings it names in some
 * ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS},
 * {@code com.fasterxml.jackson.databind.JsonNode}), which tell a client nothing and a scanner which library parses.
 */
public final class JsonErrorText {

    /**
     * What the parser adds about itself: a parenthesis naming one of its classes or settings (in backquotes, or as
     * {@code Feature '...'}), a clause after a colon telling to enable or naming a setting ({@code : enable `...` to
     * allow}, {@code : not allowed as per `...`}), and where its input was ({@code [Source: ...]}).
     */
    private static final Pattern LIBRARY_NAMES = Pattern.compile("\\s*\\((?:[^()]|\\([^()]*\\))*(?:`|Feature '|"
            + "\\[Source:)(?:[^()]|\\([^()]*\\))*\\)|:?\\s*(?:enable|not allowed as per) `[^`]*`(?: to allow)?"
            + "|\\s*\\[Source:[^\\]]*\\]");
    /** What must not be left in a message once {@link #LIBRARY_NAMES} are gone. */
    private static final Pattern STILL_THE_PARSER = Pattern.compile("`|Feature|jackson|Constraints|Source:");

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
        if (SmartQuotes.explain(message)) {
            return "it holds " + SmartQuotes.WHAT + ": " + SmartQuotes.WHY;
        }
        if (message.startsWith("Trailing token")) {
            return "it holds more than one JSON value; send one object";
        }
        String plain = LIBRARY_NAMES.matcher(message).replaceAll("").strip();
        return plain.isEmpty() || STILL_THE_PARSER.matcher(plain).find() ? "its text cannot be read as JSON" : plain;
    }
}
