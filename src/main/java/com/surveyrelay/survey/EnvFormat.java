package com.surveyrelay.survey;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the original template's prompt files: one {@code key=value} a line, UTF-8. We also accept what
 * editors and dotenv users produce: a byte-order mark, CRLF line ends, blank lines, {@code #} comments and
 * values in double quotes. Every malformed line becomes a problem instead of being skipped.
 */
final class EnvFormat {

    private EnvFormat() {
    }

    static Optional<Map<String, String>> parse(String file, byte[] content, List<ConfigProblem> problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem(file, "", "is not UTF-8 text"));
            return Optional.empty();
        }
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
            String value = unquote(line.substring(equals + 1).strip());
            if (values.containsKey(key)) {
                problems.add(new ConfigProblem(file, key, "is defined twice (again at " + where + ")"));
                continue;
            }
            values.put(key, value);
        }
        return Optional.of(values);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
