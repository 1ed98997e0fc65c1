package com.surveyrelay.survey;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the original template's prompt files: one {@code key=value} a line, UTF-8. We also accept what
 * editors and dotenv users produce: a byte-order mark, CRLF line ends, blank lines, {@code #} comments, and values in
 * double or single quotes, which are taken off as dotenv takes them off; in double quotes {@code \n} is a line break,
 * as dotenv reads it. Every malformed line becomes a problem instead of being skipped, and so does a {@code \n}
 * outside double quotes, which respondents would get as a backslash and an n; a file that is not UTF-8 is refused,
 * naming the line of its first byte that is not.
 */
final class EnvFormat {

    /** A line break as dotenv writes it in a double-quoted value: a backslash and an n. */
    private static final String ESCAPED_LINE_BREAK = "\\n";

    private EnvFormat() {
    }

    static Optional<Map<String, String>> parse(String file, byte[] content, List<ConfigProblem> problems) {
        return parse(file, content, true, problems);
    }

    /**
     * @param strict false for a kept copy of a version that ran, whose {@code \n} outside double quotes (refused since
     *     2026-12-05) is read as written, as it was when the version ran
     */
    static Optional<Map<String, String>> parse(
            String file, byte[] content, boolean strict, List<ConfigProblem> problems) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        CharBuffer decoded = CharBuffer.allocate(content.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // Decoded by hand, not with decode(ByteBuffer), to know where the first bad byte is: UTF-8 never gives more
        // characters than bytes, so the buffer cannot overflow.
        CoderResult result = utf8.decode(bytes, decoded, true);
        if (!result.isError()) {
            result = utf8.flush(decoded);
        }
        if (result.isError()) {
            problems.add(new ConfigProblem(file, "", "is not UTF-8 text: its first byte that UTF-8 does not allow is "
                    + "on line " + lineAt(content, bytes.position()) + " (save the file as UTF-8)"));
            return Optional.empty();
        }
        String text = decoded.flip().toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            problems.add(new ConfigProblem(file, "", "file is empty"));
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1);
            int equals = line.indexOf('=');
            if (equals <= 0) {
                problems.add(new ConfigProblem(file, where, "expected key=value, found \"" + abbreviate(line) + "\""));
                continue;
            }
            String key = line.substring(0, equals).strip();
            String written = line.substring(equals + 1).strip();
            if (strict) {
                Optional<String> closed = closedQuote(written);
                if (closed.isEmpty()) {
                    // Kept as written, so that the key is not also told missing.
                    problems.add(new ConfigProblem(file, key, "opens a quote (" + written.charAt(0) + ") it does not "
                            + "close: end the value with the same quote, or leave both out"));
                }
                written = closed.orElse(written);
            }
            String value = unquote(written);
            if (strict && !quoted(written, '"') && value.contains(ESCAPED_LINE_BREAK)) {
                problems.add(new ConfigProblem(file, key, "holds \\n outside double quotes, which respondents would "
                        + "get as a backslash and an n: for a line break write the value in double quotes, "
                        + key + "=\"First line\\nSecond line\""));
            }
            if (strict) {
                escapeWrittenAsIs(file, key, written).ifPresent(problems::add);
            }
            if (values.containsKey(key)) {
                problems.add(new ConfigProblem(file, key, "is defined twice (again at " + where + ")"));
                continue;
            }
            values.put(key, value);
        }
        return Optional.of(values);
    }

    /**
     * A value that opens with a quote, as dotenv reads it: up to its closing quote, a {@code #} comment after that
     * dropped ({@code key='Press 1.' # the menu} is {@code Press 1.}); empty when the quote is never closed, which
     * respondents would get as written, quote and all. A value whose quote closes before other text
     * ({@code "Great" is our aim.}) is left as written. Until 2026-12-06 the comment and an unclosed quote reached
     * respondents (a survey author's probe). Not applied to kept copies of versions that ran ({@code strict} false),
     * which read as they did then.
     */
    private static Optional<String> closedQuote(String written) {
        if (written.isEmpty() || written.charAt(0) != '"' && written.charAt(0) != '\'') {
            return Optional.of(written);
        }
        char quote = written.charAt(0);
        for (int close = written.indexOf(quote, 1); close > 0; close = written.indexOf(quote, close + 1)) {
            String after = written.substring(close + 1).strip();
            if (after.isEmpty() || after.startsWith("#")) {
                return Optional.of(written.substring(0, close + 1));
            }
        }
        return written.indexOf(quote, 1) > 0 ? Optional.of(written) : Optional.empty();
    }

    /**
     * An escape other than {@code \n} (which double quotes read as a line break): {@code \t}, {@code \"}, {@code
     * \u00e9}, {@code \\}. dotenv tools read these, so an author writes them, but this file reads none of them:
     * respondents got the backslash and what follows it as written, and the lint passed them (a survey author's probe,
     * 2026-12-07). Single-quoted values are as written in dotenv too, and are left alone; so is a backslash ending the
     * value, which an emoticon may be ({@code :-\}: refused for a few hours on 2026-12-07, a reviewer's probe).
     */
    private static final Pattern OTHER_ESCAPE = Pattern.compile("\\\\[tr\"'\\\\bfu0]");

    private static Optional<ConfigProblem> escapeWrittenAsIs(String file, String key, String written) {
        if (quoted(written, '\'')) {
            return Optional.empty();
        }
        Matcher escape = OTHER_ESCAPE.matcher(written);
        if (!escape.find()) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(file, key, "holds " + escape.group() + ", which respondents would get as "
                + "written: this file reads no escape but \\n (a line break, in double quotes); write the character "
                + "itself (a tab, a quote, an accented letter)"));
    }

    /** The line (from 1, ended by CRLF, CR or LF as {@link #parse} splits them) that holds the byte at offset. */
    private static int lineAt(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            boolean crBeforeLf = content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n';
            if (content[i] == '\n' || content[i] == '\r' && !crBeforeLf) {
                line++;
            }
        }
        return line;
    }

    /**
     * The value without the quotes around it, as dotenv reads it: in double quotes {@code \n} is a line break; in single
     * quotes everything is as written. Until 2026-12-05 single quotes were kept and {@code \n} was texted and said as
     * written: {@code beginSurvey='Let us begin.'} reached respondents with its quotes.
     */
    private static String unquote(String value) {
        if (quoted(value, '"')) {
            return value.substring(1, value.length() - 1).replace(ESCAPED_LINE_BREAK, "\n").strip();
        }
        if (quoted(value, '\'')) {
            return value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static boolean quoted(String value, char quote) {
        return value.length() >= 2 && value.charAt(0) == quote && value.charAt(value.length() - 1) == quote;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
