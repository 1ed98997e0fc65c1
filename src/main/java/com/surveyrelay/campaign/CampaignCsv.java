package com.surveyrelay.campaign;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads campaign files and writes their results, in CSV as spreadsheets export it: a header row naming the
 * columns {@code phone}, {@code channel} and optionally {@code language} and {@code surveyId} (any order,
 * any case), then one row a survey. UTF-8 with or without a BOM, CRLF or LF, blank lines ignored, fields
 * quoted or not; no field of ours can hold a line break, so a quote left open spoils its own line only.
 *
 * <p>A bad row is one failed row; only a file without a usable header, or with too many rows, is refused
 * as a whole. There is no CSV library on the classpath, and the format needed is this small.
 */
final class CampaignCsv {

    static final List<String> COLUMNS = List.of("phone", "channel", "language", "surveyId");
    static final List<String> RESULT_COLUMNS =
            List.of("row", "phone", "channel", "language", "surveyId", "outcome", "reason", "detail", "sessionId");
    private static final Pattern LANGUAGE_TAG_ANY_CASE =
            Pattern.compile("[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?", Pattern.CASE_INSENSITIVE);
    /** A header cell worth quoting back in a refusal; anything else might be a phone number. */
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,30}");
    private static final char BOM = '\uFEFF';

    /** The rows of a campaign file, in file order. */
    record CampaignFile(List<CampaignRow> rows) {
    }

    private CampaignCsv() {
    }

    /**
     * @throws CampaignRefusedException when the file has no usable header, no rows, or more than {@code maxRows}
     */
    static CampaignFile read(byte[] content, int maxRows) {
        List<String> lines = lines(decode(content));
        int headerIndex = 0;
        while (headerIndex < lines.size() && lines.get(headerIndex).isBlank()) {
            headerIndex++;
        }
        if (headerIndex == lines.size()) {
            throw new CampaignRefusedException("The file is empty: it needs a header row " + String.join(",", COLUMNS)
                    + " and one row a survey.");
        }
        Map<String, Integer> columns = header(lines.get(headerIndex));
        List<CampaignRow> rows = new ArrayList<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        for (int i = headerIndex + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int rowNumber = i + 1;
            try {
                List<String> fields = fields(line);
                if (fields.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                rows.add(row(rowNumber, fields, columns, firstRowOf));
            } catch (MalformedLineException e) {
                rows.add(CampaignRow.refused(rowNumber, null, null, null, null, RowResult.Outcome.FAILED,
                        "malformed_row", e.getMessage()));
            }
            if (rows.size() > maxRows) {
                throw new CampaignRefusedException("The file has more than " + maxRows
                        + " rows; a campaign holds at most " + maxRows + ". Split it into several files.");
            }
        }
        if (rows.isEmpty()) {
            throw new CampaignRefusedException("The file has a header but no rows.");
        }
        return new CampaignFile(List.copyOf(rows));
    }

    private static Map<String, Integer> header(String line) {
        List<String> cells;
        try {
            cells = fields(line);
        } catch (MalformedLineException e) {
            throw new CampaignRefusedException("The header row is not valid CSV: " + e.getMessage());
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            Optional<String> column = COLUMNS.stream().filter(name -> name.equalsIgnoreCase(cell)).findFirst();
            if (column.isEmpty()) {
                throw new CampaignRefusedException(COLUMN_NAME.matcher(cell).matches()
                        ? "The header names an unknown column \"" + cell + "\"; the columns are "
                                + String.join(", ", COLUMNS) + "."
                        : "The first row must be the header " + String.join(",", COLUMNS) + ".");
            }
            if (columns.putIfAbsent(column.get(), i) != null) {
                throw new CampaignRefusedException("The header names the column " + column.get() + " twice.");
            }
        }
        if (!columns.containsKey("phone") || !columns.containsKey("channel")) {
            throw new CampaignRefusedException("The header must name the columns phone and channel "
                    + "(language and surveyId are optional).");
        }
        return columns;
    }

    private static CampaignRow row(int rowNumber, List<String> fields, Map<String, Integer> columns,
            Map<String, Integer> firstRowOf) {
        String phone = cell(fields, columns, "phone");
        String channel = cell(fields, columns, "channel");
        String language = cell(fields, columns, "language");
        String surveyId = cell(fields, columns, "surveyId");
        if (fields.size() > columns.size()) {
            return CampaignRow.refused(rowNumber, phone, channel, language, surveyId, RowResult.Outcome.FAILED,
                    "malformed_row", "The row has " + fields.size() + " fields; the header names " + columns.size() + ".");
        }
        if (phone == null) {
            return failed(rowNumber, phone, channel, language, surveyId, "missing_phone", "The row has no phone number.");
        }
        Optional<E164> to = E164.parse(phone);
        if (to.isEmpty()) {
            return failed(rowNumber, phone, channel, language, surveyId, "invalid_phone",
                    "The phone is not a number in E.164 form, like +15551234567.");
        }
        if (channel == null) {
            return failed(rowNumber, phone, channel, language, surveyId, "missing_channel",
                    "The row has no channel: sms, voice or whatsapp.");
        }
        Channel medium = medium(channel);
        if (medium == null) {
            return failed(rowNumber, phone, channel, language, surveyId, "invalid_channel",
                    "The channel must be sms, voice or whatsapp.");
        }
        if (language != null && !LANGUAGE_TAG_ANY_CASE.matcher(language).matches()) {
            return failed(rowNumber, phone, channel, language, surveyId, "unknown_language",
                    "The language must be a language tag like en-US.");
        }
        if (surveyId != null && !SurveyConfigLoader.isSurveyId(surveyId)) {
            return failed(rowNumber, phone, channel, language, surveyId, "unknown_survey",
                    "There is no survey with that surveyId.");
        }
        // Spreadsheets lose the case of es-MX; the survey's prompt files are named in canonical case.
        String tag = language == null ? null : Locale.forLanguageTag(language).toLanguageTag();
        // The same survey twice to one person is a slip in the file, not a wish: the first one stands.
        String request = to.get().value() + "|" + medium + "|" + tag + "|" + surveyId;
        Integer first = firstRowOf.putIfAbsent(request, rowNumber);
        if (first != null) {
            return CampaignRow.refused(rowNumber, phone, channel, language, surveyId, RowResult.Outcome.SKIPPED,
                    "duplicate_row", "The same survey to the same number as row " + first + ".");
        }
        return CampaignRow.toStart(rowNumber, phone, channel, language, surveyId, medium, to.get(), tag);
    }

    private static CampaignRow failed(int rowNumber, String phone, String channel, String language, String surveyId,
            String reason, String detail) {
        return CampaignRow.refused(rowNumber, phone, channel, language, surveyId, RowResult.Outcome.FAILED, reason, detail);
    }

    private static Channel medium(String channel) {
        for (Channel medium : Channel.values()) {
            if (medium.medium().equalsIgnoreCase(channel)) {
                return medium;
            }
        }
        return null;
    }

    private static String cell(List<String> fields, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= fields.size() || fields.get(index).isEmpty()) {
            return null;
        }
        return fields.get(index);
    }

    // ---- results ----

    static String header() {
        return record(RESULT_COLUMNS);
    }

    static String record(RowResult result) {
        List<String> values = new ArrayList<>();
        values.add(Integer.toString(result.row()));
        values.add(result.phone());
        values.add(result.channel());
        values.add(result.language());
        values.add(result.surveyId());
        values.add(result.outcome().label());
        values.add(result.reason());
        values.add(result.detail());
        values.add(result.sessionId());
        return record(values);
    }

    /** The results of earlier runs of a campaign, by row; lines that do not read back are left to run again. */
    static Map<Integer, RowResult> readResults(byte[] content) {
        Map<Integer, RowResult> results = new HashMap<>();
        List<String> lines = lines(decode(content));
        for (int i = 1; i < lines.size(); i++) {
            try {
                List<String> fields = fields(lines.get(i));
                if (fields.size() != RESULT_COLUMNS.size()) {
                    continue;
                }
                int row = Integer.parseInt(fields.get(0));
                results.put(row, new RowResult(row, empty(fields.get(1)), empty(fields.get(2)), empty(fields.get(3)),
                        empty(fields.get(4)), RowResult.Outcome.of(fields.get(5)), empty(fields.get(6)),
                        empty(fields.get(7)), empty(fields.get(8))));
            } catch (MalformedLineException | IllegalArgumentException e) {
                // Not ours to guess: the row has no result and is run again (the ledger stops a second send).
            }
        }
        return results;
    }

    private static String empty(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String record(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(values.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /**
     * Quotes when CSV needs it, and defuses values a spreadsheet would run as a formula; a phone number's
     * {@code +} is left alone.
     */
    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        String text = value.replaceAll("[\\r\\n]+", " ");
        if (!text.isEmpty() && "=+-@\t".indexOf(text.charAt(0)) >= 0 && E164.parse(text).isEmpty()) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || !text.equals(text.strip())) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    // ---- CSV ----

    private static String decode(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(content)).toString();
            return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("REPLACE never throws", e);
        }
    }

    /** Splits on CRLF, LF or a lone CR (old Mac exports). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The fields of one line (RFC 4180 quoting), each stripped of surrounding spaces. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int length = line.length();
        while (true) {
            while (i < length && line.charAt(i) == ' ') {
                i++;
            }
            StringBuilder field = new StringBuilder();
            if (i < length && line.charAt(i) == '"') {
                int opened = i + 1;
                i++;
                while (true) {
                    if (i >= length) {
                        throw new MalformedLineException("A quote opened at character " + opened + " is never closed.");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < length && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                while (i < length && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < length && line.charAt(i) != ',') {
                    throw new MalformedLineException("Text follows a closing quote at character " + (i + 1) + ".");
                }
            } else {
                while (i < length && line.charAt(i) != ',') {
                    field.append(line.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString().strip());
            if (i >= length) {
                return fields;
            }
            i++; // the comma
            if (i == length) {
                fields.add("");
                return fields;
            }
        }
    }

    /** A line that is not CSV; it fails its own row and no other. */
    static final class MalformedLineException extends RuntimeException {
        MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }
}
