package com.surveyrelay.survey;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a survey author what is wrong with a {@code survey-config.json} that is not JSON (RFC 8259), in the
 * author's terms: the field to mend and where, never the parser setting that would let it through.
 *
 * <p>Jackson's own messages advise enabling a parser feature for the mistakes its lenient modes accept: a
 * number written {@code +5}, {@code NaN} or {@code Infinity}, a comment, a second value after the object. A
 * survey author cannot enable anything, so those are reworded here. Every other message is kept, without the
 * {@code [Source: ...]} note some of them carry, which names the parser's input, not the author's file.
 */
final class JsonSyntaxProblems {

    /** Jackson's message for {@code NaN}, {@code Infinity} and {@code -Infinity}, which JSON does not allow. */
    private static final Pattern NON_NUMBER = Pattern.compile("Non-standard token '([^']*)'");
    private static final String PLUS_SIGN = "JSON spec does not allow numbers to have plus signs";
    private static final String COMMENT = "maybe a (non-standard) comment?";
    private static final String TRAILING = "Trailing token";
    /** Jackson's advice on a setting, whatever its wording: "enable `X` to allow", "since Feature 'X' ...". */
    private static final Pattern SETTING_ADVICE =
            Pattern.compile(":? ?(enable `[^`]*` to allow|\\(not recognized as one since Feature '[^']*' not "
                    + "enabled for parser\\)|not allowed as per `[^`]*`)");

    private JsonSyntaxProblems() {
    }

    /**
     * The problem to report for a file the parser refused.
     *
     * @param file  the file's name as problems name it ({@code survey-config.json})
     * @param error what Jackson threw while reading the file's bytes
     * @return one problem: the field path where the parser was when it is known (else empty) and a message
     *         naming the line and column (1-based) of the mistake
     */
    static ConfigProblem describe(String file, JsonProcessingException error) {
        JsonLocation at = error.getLocation();
        String message = error.getOriginalMessage();
        String field = error.getProcessor() instanceof JsonParser parser ? fieldPath(parser.getParsingContext()) : "";
        Matcher nonNumber = NON_NUMBER.matcher(message);
        if (nonNumber.lookingAt()) {
            // Jackson points just past the token; the author needs where its value starts.
            String token = nonNumber.group(1);
            return new ConfigProblem(file, field, token + at(at, token.length()) + " is not a number the survey can "
                    + "use: JSON has no Infinity or NaN (some tools write them for a number too large, such as "
                    + "1e309); write a finite number");
        }
        // Jackson points just past the '+'.
        if (message.contains(PLUS_SIGN)) {
            return new ConfigProblem(file, field, "a number" + at(at, 1) + " starts with '+': JSON numbers have no "
                    + "plus sign; write 5, not +5");
        }
        if (SmartQuotes.explain(message)) {
            return new ConfigProblem(file, field, SmartQuotes.WHAT + at(at, SmartQuotes.columnsPast(message)) + ": "
                    + SmartQuotes.WHY);
        }
        if (message.contains(COMMENT)) {
            return new ConfigProblem(file, "", "a comment" + at(at, 0) + ": JSON has no comments; remove it");
        }
        if (message.startsWith(TRAILING)) {
            return new ConfigProblem(file, "", "more follows the survey's closing '}'" + at(at, 0) + ": the file "
                    + "holds one JSON object; remove what follows it, or move it inside");
        }
        String kept = SETTING_ADVICE.matcher(message.replaceAll("\\[Source: [^;\\]]*; ", "[")).replaceAll("");
        return new ConfigProblem(file, "", "not valid JSON" + at(at, 0) + ": " + kept);
    }

    /** " at line L, column C", C moved back by {@code back} characters (not before column 1); empty if unknown. */
    private static String at(JsonLocation at, int back) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr() - back);
    }

    /**
     * The place of a value as problems name it ({@code questions[0].next[1].if.atMost}), from the parser's context;
     * empty at the top level.
     */
    static String fieldPath(JsonStreamContext context) {
        List<JsonStreamContext> outermostFirst = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            outermostFirst.add(0, at);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at : outermostFirst) {
            if (at.inArray()) {
                path.append('[').append(Math.max(at.getCurrentIndex(), 0)).append(']');
            } else if (at.getCurrentName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(at.getCurrentName());
            }
        }
        return path.toString();
    }
}
