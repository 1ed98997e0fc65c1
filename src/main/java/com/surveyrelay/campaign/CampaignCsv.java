package com.surveyrelay.campaign;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.LanguageTags;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.IanaTimeZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads campaign files and writes their results, in CSV as spreadsheets export it: a header row naming the
 * columns {@code phone}, {@code channel} and optionally {@code language}, {@code surveyId} and {@code timeZone} (any
 * order, any case), then one row a survey. UTF-8 with or without a BOM (a file received that is not UTF-8 is refused:
 * {@link #received}), CRLF or LF, blank lines ignored, fields
 * quoted or not; no field of ours can hold a line break, so a quote left open spoils its own line only (a quoted
 * cell with a line break, Excel's Alt+Enter, fails each of its lines, the first one saying why).
 *
 * <p>A bad row is one failed row; only a file without a usable header, or with too many rows, is refused
 * as a whole. Commons CSV reads and writes the fields; the file is split into lines first, so that an
 * unclosed quote cannot swallow the rows after it.
 */
final class CampaignCsv {

    static final List<String> COLUMNS = List.of("phone", "channel", "language", "surveyId", "timeZone");
    /**
     * The columns of a results file. {@code timeZone} (2026-12-05) comes last, so that a results file written before it
     * (its first {@link #RESULT_COLUMNS_BEFORE_TIME_ZONE} columns only) still reads, and a reader of columns by
     * position finds the others where they were.
     */
    static final List<String> RESULT_COLUMNS = List.of("row", "phone", "channel", "language", "surveyId", "outcome",
            "reason", "detail", "sessionId", "timeZone");
    /** The columns of a results file written before its {@code timeZone} column: all but the last. */
    static final int RESULT_COLUMNS_BEFORE_TIME_ZONE = RESULT_COLUMNS.size() - 1;
    /** A header cell worth quoting back in a refusal; anything else might be a phone number. */
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 _-]{0,30}");
    private static final char BOM = '\uFEFF';
    /** The first bytes of an OLE2 compound file: an Excel 97-2003 {@code .xls} workbook (or another Office file). */
    private static final byte[] OLE2_SIGNATURE =
            {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    /** A number as Excel writes one it shows in scientific notation: {@code 1.5550132E+10}, {@code 1,55501E+10}. */
    private static final Pattern SCIENTIFIC_NOTATION =
            Pattern.compile("[0-9]([.,][0-9]*)?E\\+?[0-9]{1,3}", Pattern.CASE_INSENSITIVE);
    /** Digits and the separators of a written number, no {@code +}: a national number, or one Excel dropped it from. */
    private static final Pattern DIGITS_WITHOUT_PLUS = Pattern.compile("[0-9][0-9 ().-]*[0-9]");
    /**
     * The international call prefix 00 (ITU-T E.164's recommendation, most countries) before a number. Not 011, the
     * North American one: UK and Brazilian national numbers start with it too ("0115 496 0123", a reviewer's probe).
     */
    static final Pattern INTERNATIONAL_PREFIX = Pattern.compile("\\(?00[ ().-]*[1-9]");
    /** One line of a campaign file: RFC 4180, spaces around a quoted field allowed. */
    private static final CSVFormat LINE = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();
    /**
     * A results row: RFC 4180, CRLF after each record, quoted only where needed. Its own instance: printing locks
     * the format, and {@link CSVFormat#RFC4180} is shared by everything in the JVM.
     */
    private static final CSVFormat RESULTS = CSVFormat.RFC4180.builder().get();

    /** The first bytes of a zip archive: an Excel {@code .xlsx} workbook (or another Office Open XML file). */
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
    /** The byte order marks of UTF-16, little- and big-endian: Excel's "Unicode Text". */
    private static final byte[][] UTF_16_BOMS = {{(byte) 0xFF, (byte) 0xFE}, {(byte) 0xFE, (byte) 0xFF}};

    /** The rows of a campaign file, in file order. */
    record CampaignFile(List<CampaignRow> rows) {
    }

    private CampaignCsv() {
    }

    /**
     * A file stored before, read as it was received (bytes that are not UTF-8 read as U+FFFD; {@link #received}
     * refuses a new file that has them).
     *
     * @throws CampaignRefusedException when the file has no usable header, no rows, or more than {@code maxRows}
     */
    static CampaignFile read(byte[] content, int maxRows) {
        return read(content, maxRows, "", null);
    }

    /**
     * A file as it arrives in the inbox, read as {@link #read(byte[], int)} reads it once it is UTF-8: a file that is
     * not (a byte sequence UTF-8 does not allow) is refused as a whole, naming the line and the byte offset of its
     * first such byte, instead of read with each such byte made U+FFFD.
     *
     * <p>Why refuse rather than read it in another charset: such a file is almost always Excel's "CSV (Comma
     * delimited)", written in the computer's ANSI code page, which the bytes do not name: windows-1252 in Western
     * Europe and the Americas ({@code José} as the single byte 0xE9), but windows-1250, 1251 or Shift-JIS elsewhere,
     * each of which reads without error as windows-1252 into other letters. A guess would be silent corruption in
     * exactly the case it guessed wrong; a refusal is certain, nothing has been sent yet, and the fix is one "Save as
     * CSV UTF-8". No column's value (a phone, a channel, a language tag, a survey id, a time zone) needs a letter
     * outside ASCII, so no row is lost by asking for it. A file read before (stored, running or kept for an erasure)
     * is read by {@link #read} as it was.
     *
     * <p>A UTF-8 byte order mark is fine. A workbook (.xls, .xlsx) or UTF-16 ("Unicode Text") file is refused naming
     * what it is, as {@link #read} does.
     *
     * @param limitNote empty, or starting with a space: added to the refusal of a file over {@code maxRows}, what sets
     *     the limit when a setting's name alone does not say
     * @throws CampaignRefusedException for a file that is not UTF-8, and as {@link #read(byte[], int)} does
     */
    static CampaignFile received(byte[] content, int maxRows, String limitNote) {
        boolean namedByRead = startsWith(content, OLE2_SIGNATURE) || startsWith(content, ZIP_SIGNATURE)
                || Arrays.stream(UTF_16_BOMS).anyMatch(bom -> startsWith(content, bom));
        if (!namedByRead) {
            firstNonUtf8Byte(content).ifPresent(offset -> {
                throw new CampaignRefusedException(String.format(Locale.ROOT, "The file is not UTF-8 text: line %d "
                        + "has byte 0x%02X at byte offset %d of the file (counted from 0), which UTF-8 does not allow "
                        + "there. A spreadsheet saved it in the computer's code page (Excel's \"CSV (Comma "
                        + "delimited)\"; windows-1252 writes é as 0xE9). Save it as \"CSV UTF-8\" and drop it in again; "
                        + "no row of it was started.", lineAt(content, offset), content[offset] & 0xFF, offset));
            });
        }
        return read(content, maxRows, limitNote, null);
    }

    /**
     * As {@link #read(byte[], int)}, {@code limitNote} (empty, or starting with a space) added to the refusal of a
     * file over {@code maxRows}, and a row with a blank {@code surveyId} asking {@code defaultSurveyId} as a
     * row naming it does, for {@link CampaignRow#duplicateOf}; with null (no default survey known) the two ask apart.
     */
    static CampaignFile read(byte[] content, int maxRows, String limitNote, String defaultSurveyId) {
        if (startsWith(content, OLE2_SIGNATURE)) {
            throw new CampaignRefusedException("The file is an Excel 97-2003 .xls workbook, not CSV: save it as \"CSV "
                    + "UTF-8\", with the header " + String.join(",", COLUMNS) + ".");
        }
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
                rows.add(row(rowNumber, fields, columns, firstRowOf, defaultSurveyId));
            } catch (MalformedLineException e) {
                Optional<Span> span = quotedLineBreak(lines, i, columns.size());
                if (span.isPresent()) {
                    List<String> fields = span.get().fields();
                    rows.add(CampaignRow.refused(rowNumber, cell(fields, columns, "phone"),
                            cell(fields, columns, "channel"), cell(fields, columns, "language"),
                            cell(fields, columns, "surveyId"), cell(fields, columns, "timeZone"),
                            RowResult.Outcome.FAILED, "malformed_row",
                            "A quoted cell runs past the end of line " + rowNumber + " to line " + span.get().lastLine()
                                    + ": a line break inside a cell (Alt+Enter in Excel); remove it and export again."));
                    for (i++; i < span.get().lastLine(); i++) {
                        if (isRowAlone(lines.get(i))) {
                            rows.add(CampaignRow.refused(i + 1, null, null, null, null, null, RowResult.Outcome.FAILED,
                                    "malformed_row", "The rest of row " + rowNumber + ", whose quoted cell holds a "
                                            + "line break: see row " + rowNumber + "."));
                        }
                    }
                    i--;
                } else {
                    // Its cells as best they read with the quotes left out, so that the results name whom the row was
                    // for (until 2026-12-07 they were empty: an operator's probe).
                    List<String> loose = java.util.Arrays.stream(line.replace("\"", "").split(",", -1))
                            .map(String::strip).toList();
                    rows.add(CampaignRow.refused(rowNumber, cell(loose, columns, "phone"),
                            cell(loose, columns, "channel"), cell(loose, columns, "language"),
                            cell(loose, columns, "surveyId"), cell(loose, columns, "timeZone"),
                            RowResult.Outcome.FAILED, "malformed_row", e.getMessage()));
                }
            }
            if (rows.size() > maxRows) {
                throw new CampaignRefusedException("The file has more than " + maxRows
                        + " rows; a campaign holds at most " + maxRows + ". Split it into several files." + limitNote);
            }
        }
        if (rows.isEmpty()) {
            throw new CampaignRefusedException("The file has a header but no rows.");
        }
        return new CampaignFile(List.copyOf(rows));
    }

    /**
     * The lines of one record whose quoted cell holds a line break, from its first line: Excel quotes a cell typed with
     * Alt+Enter and writes the break inside the quotes, so the record runs over the next lines. Read apart, its lines
     * were failed rows saying "A quote is never closed." (probe 2026-12-05); read as one, its first line's row says what
     * happened, with the record's cells, and each line after it fails pointing there. Every line stays a row of its
     * own, so row = line of the file (README), a campaign stored before keeps its rows, and access and erasure
     * ({@link CampaignRespondentRows}, line by line) find the rows the results hold.
     *
     * @param first the index of the line whose quote is not closed on it
     * @param columns the columns the header names: a record with more fields is no such row, nor one whose next lines
     *     hold a phone number; those are rows of their own under a quote left open, each failing alone as before
     * @return empty when the quote is not closed within {@link #MAX_CELL_LINES} lines, or the lines are not one record
     */
    private static Optional<Span> quotedLineBreak(List<String> lines, int first, int columns) {
        long quotes = 0;
        for (int last = first; last < lines.size() && last < first + MAX_CELL_LINES; last++) {
            // A phone as a row's cell would read it: trimmed of invisible spaces, without Excel's text marker.
            if (last > first && Arrays.stream(lines.get(last).split("[,\"]"))
                    .anyMatch(piece -> E164.parse(withoutTextMarker(trimmed(piece))).isPresent())) {
                return Optional.empty(); // a row of its own, a quote left open above it: not to be swallowed
            }
            quotes += lines.get(last).chars().filter(c -> c == '"').count();
            if (last == first && quotes % 2 == 0) {
                return Optional.empty(); // every quote closed on the line: text after one, no line break
            }
            if (quotes % 2 == 0) {
                String record = String.join("\n", lines.subList(first, last + 1));
                try (CSVParser parser = CSVParser.parse(record, LINE)) {
                    List<CSVRecord> records = parser.getRecords();
                    List<String> fields = records.size() != 1 ? List.of()
                            : records.get(0).stream().map(CampaignCsv::trimmed).toList();
                    if (fields.isEmpty() || used(fields, columns) > columns) {
                        return Optional.empty();
                    }
                    return Optional.of(new Span(last + 1, fields));
                } catch (IOException | UncheckedIOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * True when the line, read alone, is a row: not blank, nor empty cells only. The lines a quoted line break runs
     * over are the rows they were read as before, so that a campaign stored before keeps its rows and its total.
     */
    private static boolean isRowAlone(String line) {
        try {
            return !line.isBlank() && !fields(line).stream().allMatch(String::isEmpty);
        } catch (MalformedLineException e) {
            return true;
        }
    }

    /** How many lines one cell may run over, line breaks inside its quotes, before a quote is taken as never closed. */
    private static final int MAX_CELL_LINES = 10;

    /**
     * A record over several lines.
     *
     * @param lastLine the file line it ends on (from 1)
     * @param fields its fields, as {@link #fields} gives them
     */
    private record Span(int lastLine, List<String> fields) {
    }

    private static Map<String, Integer> header(String line) {
        List<String> cells;
        try {
            cells = fields(line);
        } catch (MalformedLineException e) {
            throw new CampaignRefusedException("The header row is not valid CSV: " + e.getMessage());
        }
        // A spreadsheet's export ends the header with the empty cells of unused columns: "phone,channel,,".
        int named = cells.size();
        while (named > 1 && cells.get(named - 1).isBlank()) {
            named--;
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < named; i++) {
            String cell = cells.get(i);
            Optional<String> column = COLUMNS.stream().filter(name -> name.equalsIgnoreCase(cell)).findFirst();
            if (column.isEmpty()) {
                throw new CampaignRefusedException(COLUMN_NAME.matcher(cell).matches()
                        ? "The header names an unknown column \"" + cell + "\"; the columns are "
                                + String.join(", ", COLUMNS) + "."
                        : headerProblem(line, cell, i + 1));
            }
            if (columns.putIfAbsent(column.get(), i) != null) {
                throw new CampaignRefusedException("The header names the column " + column.get() + " twice.");
            }
        }
        if (!columns.containsKey("phone") || !columns.containsKey("channel")) {
            throw new CampaignRefusedException("The header must name the columns phone and channel "
                    + "(language, surveyId and timeZone are optional).");
        }
        return columns;
    }

    /**
     * Why a header cell that is no column name is wrong, in the words a spreadsheet user can act on: a file saved with
     * semicolons or tabs (Excel's default in many European locales), as UTF-16 ("Unicode text"), as a workbook, or with
     * an empty column; else the header expected.
     *
     * @param column the cell's column, from 1
     */
    private static String headerProblem(String line, String cell, int column) {
        String expected = String.join(",", COLUMNS);
        if (line.startsWith("PK")) {
            return "The file is a spreadsheet workbook (.xlsx, a zip), not CSV: save it as \"CSV UTF-8\", with the "
                    + "header " + expected + ".";
        }
        if (line.indexOf('\0') >= 0) {
            return "The file is not UTF-8 text (it looks like UTF-16, \"Unicode text\"): save it as \"CSV UTF-8\", "
                    + "with the header " + expected + ".";
        }
        for (String[] separator : new String[][] {{";", "semicolons (;)"}, {"\t", "tabs"}}) {
            if (cell.contains(separator[0])) {
                return "The header is separated by " + separator[1] + ": save the file as CSV with commas, with the "
                        + "header " + expected + ".";
            }
        }
        if (cell.isBlank()) {
            return "The header's column " + column + " has no name: name every column, with the header " + expected
                    + ".";
        }
        return "The first row must be the header " + expected + ".";
    }

    private static CampaignRow row(int rowNumber, List<String> fields, Map<String, Integer> columns,
            Map<String, Integer> firstRowOf, String defaultSurveyId) {
        String phone = cell(fields, columns, "phone");
        String channel = cell(fields, columns, "channel");
        String language = cell(fields, columns, "language");
        String surveyId = cell(fields, columns, "surveyId");
        String timeZone = cell(fields, columns, "timeZone");
        Cells cells = new Cells(rowNumber, phone, channel, language, surveyId, timeZone);
        int used = used(fields, columns.size());
        if (used > columns.size()) {
            return cells.failed("malformed_row", "The row has " + used + " fields; the header names " + columns.size()
                    + ".");
        }
        if (phone == null) {
            return cells.failed("missing_phone", "The row has no phone number.");
        }
        Optional<E164> to = E164.parse(withoutTextMarker(phone));
        if (to.isEmpty()) {
            return cells.failed("invalid_phone", phoneProblem(phone));
        }
        Optional<String> length = E164.lengthProblem(to.get());
        if (length.isPresent()) {
            return cells.failed("invalid_phone", "The phone number is " + length.get() + ".");
        }
        if (channel == null) {
            return cells.failed("missing_channel",
                    "The row has no channel: sms, voice or whatsapp.");
        }
        Channel startChannel = channelNamed(channel);
        if (startChannel == null) {
            return cells.failed("invalid_channel",
                    "The channel must be sms, voice or whatsapp.");
        }
        // Spreadsheets lose the case of es-MX, and some write es_MX; prompt files are named in canonical case.
        Optional<String> tag = language == null ? Optional.empty() : LanguageTags.canonical(language);
        if (language != null && tag.isEmpty()) {
            return cells.failed("unknown_language",
                    "The language must be a language tag like en-US" + LanguageTags.meantHint(language) + ".");
        }
        if (surveyId != null && !SurveyConfigLoader.isSurveyId(surveyId)) {
            HttpProblem unknown = SurveyCatalog.notASurveyId();
            return cells.failed(unknown.code(), unknown.getMessage());
        }
        // Read as an HTTP start's timeZone is, so a row takes the zones a request takes and fails with its code.
        ZoneId zone;
        try {
            zone = IanaTimeZone.parseRespondentZone(timeZone, "timeZone");
        } catch (HttpProblem invalid) {
            return cells.failed(invalid.code(), invalid.getMessage());
        }
        // The same survey twice to one person is a slip in the file, not a wish: the first one that starts stands,
        // whatever language, channel or time zone the others ask it in (no blank cell means another survey: blank is
        // the default survey, the same as a row naming it: probe 2026-12-05, the two raced each other to one number).
        // Only rows valid here count; which one stands is decided as they run (CampaignRowDuplicates). A zone says
        // when to ask, not what: two rows in two zones would still survey one person twice.
        String asked = surveyId == null ? defaultSurveyId : surveyId;
        String request = to.get().value() + "|" + (asked == null ? "" : asked);
        Integer first = firstRowOf.putIfAbsent(request, rowNumber);
        return CampaignRow.toStart(rowNumber, phone, channel, language, surveyId, timeZone, startChannel, to.get(),
                tag.orElse(null), zone, first);
    }

    /**
     * The phone cell without the apostrophe Excel shows before a value typed as text ({@code '+15551234567}): it is no
     * part of the value, and only one before a {@code +} is taken off, so the number is still the one written. (A
     * results file writes {@code '} before a value that starts with {@code +} only when it is no number, which this
     * leaves as invalid as it was.)
     */
    private static String withoutTextMarker(String phone) {
        return phone.startsWith("'+") ? phone.substring(1) : phone;
    }

    /**
     * Why a phone cell is not a number, in words a spreadsheet user can act on: Excel writes a long number it took
     * for a quantity in scientific notation ({@code 1.5550132E+10}, its digits lost) and drops a leading {@code +}
     * ({@code 15550132140}). The number is never guessed from either: a survey would go to whoever has the number
     * guessed (probe 2026-12-05).
     */
    private static String phoneProblem(String phone) {
        // 00 (ITU-T E.164's recommended international prefix, most of Europe) before the country code:
        // "0015551234567" told to add a country code it had (until 2026-12-07, a compliance officer's probe).
        if (SCIENTIFIC_NOTATION.matcher(phone).matches()) {
            return "Excel wrote this number in scientific notation, its last digits lost: format the phone column as "
                    + "Text and export again; a number needs + and its country code, like +15551234567.";
        }
        if (DIGITS_WITHOUT_PLUS.matcher(phone).matches() && INTERNATIONAL_PREFIX.matcher(phone).lookingAt()) {
            return "The phone starts with the international call prefix 00: write + instead of it, like "
                    + "+15551234567; the prefix depends on the country the call is made from, so it is not read as +.";
        }
        if (DIGITS_WITHOUT_PLUS.matcher(phone).matches()) {
            return "The phone has no + and country code: write + then the country code and the number, like "
                    + "+15551234567 (Excel drops a leading + unless the phone column is formatted as Text).";
        }
        return "The phone is not a number in E.164 form, like +15551234567.";
    }

    /** The fields of a row that count: spreadsheets export the empty cells of columns beyond the header's ("a,b,,"). */
    private static int used(List<String> fields, int columns) {
        int used = fields.size();
        while (used > columns && fields.get(used - 1).isBlank()) {
            used--;
        }
        return used;
    }

    /** A row's number and its cells as written (null when blank), to fail it with. */
    private record Cells(int row, String phone, String channel, String language, String surveyId, String timeZone) {

        CampaignRow failed(String reason, String detail) {
            return CampaignRow.refused(row, phone, channel, language, surveyId, timeZone, RowResult.Outcome.FAILED,
                    reason, detail);
        }
    }

    private static Channel channelNamed(String cell) {
        for (Channel channel : Channel.values()) {
            if (channel.value().equalsIgnoreCase(cell)) {
                return channel;
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
        values.add(result.timeZone());
        return record(values);
    }

    /** One record as {@link #record(List)} writes it, without its line break: for a line written in place. */
    static String line(List<String> values) {
        String record = record(values);
        return record.substring(0, record.length() - RESULTS.getRecordSeparator().length());
    }

    /**
     * The results of earlier runs of a campaign, by row; lines that do not read back are left to run again. A line
     * of {@link #RESULT_COLUMNS_BEFORE_TIME_ZONE} fields, as results were written before the {@code timeZone} column,
     * reads with no time zone: its file had no such column.
     */
    static Map<Integer, RowResult> readResults(byte[] content) {
        Map<Integer, RowResult> results = new HashMap<>();
        List<String> lines = lines(decode(content));
        for (int i = 1; i < lines.size(); i++) {
            try {
                List<String> fields = fields(lines.get(i));
                if (!isResultRow(fields)) {
                    continue;
                }
                int row = Integer.parseInt(fields.get(0));
                String timeZone = fields.size() > RESULT_COLUMNS_BEFORE_TIME_ZONE
                        ? empty(fields.get(RESULT_COLUMNS_BEFORE_TIME_ZONE)) : null;
                results.put(row, new RowResult(row, empty(fields.get(1)), empty(fields.get(2)), empty(fields.get(3)),
                        empty(fields.get(4)), RowResult.Outcome.of(fields.get(5)), empty(fields.get(6)),
                        empty(fields.get(7)), empty(fields.get(8)), timeZone));
            } catch (MalformedLineException | IllegalArgumentException e) {
                // Not ours to guess: the row has no result and is run again (the ledger stops a second send).
            }
        }
        return results;
    }

    /** True for the fields of a results line as this service writes them, or wrote them before {@code timeZone}. */
    static boolean isResultRow(List<String> fields) {
        return fields.size() == RESULT_COLUMNS.size() || fields.size() == RESULT_COLUMNS_BEFORE_TIME_ZONE;
    }

    private static String empty(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String record(List<String> values) {
        StringBuilder line = new StringBuilder();
        try {
            RESULTS.printRecord(line, values.stream().map(CampaignCsv::defused).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return line.toString();
    }

    /**
     * A value as a results row holds it: line breaks made spaces (a row is one line), other control characters (a
     * NUL, an escape; tabs stay) left out, as a file that held them would be garbled in a spreadsheet or a terminal,
     * and a value a spreadsheet would run as a formula prefixed with {@code '}; a phone number's {@code +} is left
     * alone. Null is empty.
     */
    private static String defused(String value) {
        if (value == null) {
            return "";
        }
        String text = CONTROLS.matcher(LINE_BREAKS.matcher(value).replaceAll(" ")).replaceAll("");
        // After any blanks too: spreadsheets trim a cell as they import it (until 2026-12-07 a cell starting with
        // U+0085, which the row's trim keeps and this turns into a space, kept its formula).
        int first = 0;
        while (first < text.length() && (Character.isWhitespace(text.charAt(first))
                || Character.isSpaceChar(text.charAt(first)))) {
            first++;
        }
        boolean formula = !text.isEmpty() && "=+-@\t".indexOf(text.charAt(0)) >= 0
                || first < text.length() && "=+-@".indexOf(text.charAt(first)) >= 0;
        if (formula && E164.parse(text.strip()).isEmpty()) {
            return "'" + text;
        }
        return text;
    }

    // ---- CSV ----

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]+");
    /**
     * C0 and C1 control characters but the tab (line breaks are made spaces first), and DEL; and the bidirectional
     * marks, embeddings and isolates (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), with which a cell shows
     * reversed in a spreadsheet (written as they came until 2026-12-07, a hostile client's probe).
     */
    private static final Pattern CONTROLS = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    private static boolean startsWith(byte[] content, byte[] prefix) {
        return content.length >= prefix.length
                && Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The offset of the first byte of {@code content} that does not belong to a valid UTF-8 sequence, if any. */
    private static OptionalInt firstNonUtf8Byte(byte[] content) {
        ByteBuffer in = ByteBuffer.wrap(content);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .decode(in, CharBuffer.allocate(content.length), true);
        return result.isError() ? OptionalInt.of(in.position()) : OptionalInt.empty();
    }

    /** The line (from 1) the byte at {@code offset} is on, lines ending as {@link #lines} ends them. */
    private static int lineAt(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n' || content[i] == '\r' && (i + 1 >= content.length || content[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }

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
        return text.lines().toList();
    }

    /**
     * The fields of one line, by Commons CSV's RFC 4180 format, each stripped of surrounding spaces (inside
     * quotes too: a spreadsheet pads cells, no value of ours starts or ends with a space), the {@link #PADDING} a
     * cell pasted from a web page or a document brings too.
     *
     * @throws MalformedLineException when a quote is not closed on the line, or text follows a closing quote
     */
    static List<String> fields(String line) {
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(line, LINE)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            // RFC 4180 doubles a quote inside a quoted field, so an odd count means one was opened and never closed.
            throw new MalformedLineException(line.chars().filter(c -> c == '"').count() % 2 == 1
                    ? "A quote is never closed." : "Text follows a closing quote.");
        }
        if (records.isEmpty()) {
            return List.of("");
        }
        return records.get(0).stream().map(CampaignCsv::trimmed).toList();
    }

    /**
     * What pads a cell besides the spaces {@link String#strip} takes: no-break spaces (U+00A0, U+2007, U+202F),
     * zero-width ones (U+200B, U+2060) and a stray byte order mark (U+FEFF), as a cell pasted from a web page or a
     * document carries them. Left in, {@code sms} and a no-break space was an invalid channel, and a cell of a lone one
     * after the last column one field too many (probe 2026-12-05).
     */
    private static final String PADDING = "\u00A0\u2007\u202F\u200B\u2060\uFEFF\u0085";

    /** {@code cell} without the whitespace and {@link #PADDING} at either end. */
    private static String trimmed(String cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && isPadding(cell.charAt(start))) {
            start++;
        }
        while (end > start && isPadding(cell.charAt(end - 1))) {
            end--;
        }
        return cell.substring(start, end);
    }

    private static boolean isPadding(char c) {
        return Character.isWhitespace(c) || PADDING.indexOf(c) >= 0;
    }

    /** A line that is not CSV; it fails its own row and no other. */
    static final class MalformedLineException extends RuntimeException {
        MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }
}
