package com.surveyrelay.campaign;

import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rows of campaign files that name one number, for the respondent's access and erasure requests (GDPR articles 15
 * and 17): {@code campaigns/<id>/campaign.csv} (the file as received) and {@code campaigns/<id>/results.csv} (each
 * row's outcome). A row names the number when one of its cells is that number after {@link E164#parse}, the
 * normalisation the campaign's rows were started with ({@code +1 (555) 010-0555} is {@code +15550100555}); a line that
 * is not CSV (a quote never closed, such as a quoted line break, which splits a row over two lines) names it when a
 * piece of it between commas and quotes does.
 *
 * <p>Rows are lines, as {@link CampaignCsv} numbers them (the header is line 1), so a redacted file keeps every row
 * number. Redacting rewrites only the lines that name the number: every other byte (a BOM, CRLF or LF, quoting, a
 * blank line) is written back as read. The campaign's id keeps the hash of the file as received; nothing checks the
 * stored bytes against it, and the same file dropped again is still the same campaign, ignored as received before.
 *
 * <p>Cost: one S3 list request per thousand campaigns, then two GETs per campaign (its two files, streamed line by
 * line: only the rows naming the number are kept in memory), whatever the number; a HEAD and a GET more for each
 * campaign that names it (is it finished?). Campaign files hold no index by number, so an access or erasure request
 * reads every campaign ever kept; delete old campaigns' folders to keep it quick. A redaction reads and writes each
 * file it changes whole (up to 1 KiB a row of {@code CAMPAIGN_MAX_ROWS}).
 *
 * <p>Only a cell that is the number once parsed matches (or once its digits of other forms are plain and its
 * zero-width characters gone, as a refused row may hold it, or once its lost "+" is put back: {@code 15550100555}):
 * a number written in a way {@link E164#parse} refuses otherwise (no country code, an extension) was never started by
 * the campaign and is not found.
 */
@Component
public class CampaignRespondentRows {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRespondentRows.class);
    static final String FILE = "campaign.csv";
    private static final int FULLWIDTH_PLUS = 0xFF0B;
    /** Digits and the separators a phone is written with, and no "+": a number whose "+" was lost. */
    private static final java.util.regex.Pattern WITHOUT_PLUS = java.util.regex.Pattern.compile("[0-9 ().-]+");
    static final String RESULTS = "results.csv";
    /** What a redacted row of {@code campaign.csv} holds in its phone cell; its other cells are emptied. */
    public static final String ERASED_PHONE = "erased";
    /** The reason a redacted row of {@code results.csv} gives; its outcome and row number are kept. */
    public static final String ERASED_REASON = "respondent_erased";
    static final String ERASED_DETAIL = "Erased on the respondent's request (GDPR article 17).";
    /** Conditional writes of one file before an erasure gives up: two erasures in the same file at once retry. */
    static final int WRITE_ATTEMPTS = 4;
    private static final Pattern LOOSE_CELLS = Pattern.compile("[,\"]");
    private static final int RESULT_ROW = 0;
    private static final int RESULT_OUTCOME = CampaignCsv.RESULT_COLUMNS.indexOf("outcome");
    private static final int RESULT_REASON = CampaignCsv.RESULT_COLUMNS.indexOf("reason");
    private static final int RESULT_DETAIL = CampaignCsv.RESULT_COLUMNS.indexOf("detail");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * One row that names the number.
     *
     * @param row the row's number: in {@code campaign.csv} its line (the header is line 1), in {@code results.csv}
     *     the campaign row it reports (its {@code row} cell)
     * @param cells the row's cells as written, in file order; null for a line that is not CSV
     * @param text the line as written, for a line that is not CSV; null otherwise
     */
    public record NamingRow(int row, List<String> cells, String text) {
    }

    /**
     * One campaign whose files name the number.
     *
     * @param campaignId the campaign's id
     * @param finished true when no run will touch its files again (no {@code campaign-queue/<id>} marker, and a
     *     status that is neither queued nor running)
     * @param fileHeader the header cells of {@code campaign.csv} as written
     * @param fileRows the rows of {@code campaign.csv} that name the number, in file order
     * @param resultRows the rows of {@code results.csv} that name the number, in file order (header
     *     {@link #resultHeader})
     */
    public record CampaignRows(String campaignId, boolean finished, List<String> fileHeader, List<NamingRow> fileRows,
            List<NamingRow> resultRows) {
    }

    private final CampaignStore store;

    CampaignRespondentRows(CampaignStore store) {
        this.store = store;
    }

    /** The header of every {@code results.csv}. */
    public static List<String> resultHeader() {
        return CampaignCsv.RESULT_COLUMNS;
    }

    /**
     * Every campaign whose {@code campaign.csv} or {@code results.csv} names the number, in campaign id order. Reads
     * only.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503)
     */
    public List<CampaignRows> find(E164 phone) {
        List<CampaignRows> found = new ArrayList<>();
        for (String id : store.ids()) {
            List<String> header = new ArrayList<>();
            List<NamingRow> fileRows = new ArrayList<>();
            store.eachLine(id, FILE, (text, number) -> {
                if (header.isEmpty() && !text.isBlank()) {
                    header.addAll(cellsOrText(text));
                } else if (!header.isEmpty()) {
                    naming(text, phone, number).ifPresent(fileRows::add);
                }
            });
            List<NamingRow> resultRows = new ArrayList<>();
            store.eachLine(id, RESULTS, (text, number) -> {
                if (number > 1) {
                    naming(text, phone, -1).ifPresent(resultRows::add);
                }
            });
            if (!fileRows.isEmpty() || !resultRows.isEmpty()) {
                found.add(new CampaignRows(id, isFinished(id), List.copyOf(header), List.copyOf(fileRows),
                        List.copyOf(resultRows)));
            }
        }
        return found;
    }

    /**
     * Redacts the number's rows in a finished campaign's {@code campaign.csv} and {@code results.csv} (GDPR article
     * 17): in {@code campaign.csv} the row's phone cell becomes {@value #ERASED_PHONE} and its other cells empty; in
     * {@code results.csv} the row keeps its {@code row} number and {@code outcome} (so the campaign's counts stay
     * true), its reason becomes {@value #ERASED_REASON}, its detail says why, and its other cells are emptied. Every
     * other line is written back byte for byte. Each file is written only over the copy read ({@code If-Match}); on a
     * 412 it is read again and redacted again, {@value #WRITE_ATTEMPTS} times at most. A file without the number is
     * not written, so a second erasure writes nothing.
     *
     * @param campaignId a campaign {@link #find} found naming the number
     * @return the keys written ({@code campaigns/<id>/campaign.csv}, {@code campaigns/<id>/results.csv}), empty when
     *     neither file names the number any more; no value when the campaign is not finished (queued or running:
     *     nothing is written, see {@link #find})
     * @throws HttpProblem {@code 503 campaign_busy} when a file kept changing under {@value #WRITE_ATTEMPTS} writes
     *     (what was written stays written; the same request again finishes it)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503)
     */
    public Optional<List<String>> redact(String campaignId, E164 phone) {
        if (!isFinished(campaignId)) {
            return Optional.empty();
        }
        List<String> written = new ArrayList<>();
        // Results first: they name the number with its outcome, the file only as a row to send.
        for (String name : List.of(RESULTS, FILE)) {
            if (redactFile(campaignId, name, phone)) {
                written.add(CampaignStore.PREFIX + campaignId + "/" + name);
            }
        }
        if (!written.isEmpty()) {
            LOG.info("Campaign {}: the rows of {} redacted in {}", campaignId, phone, written);
        }
        return Optional.of(written);
    }

    /**
     * True when no run will write the campaign's files again: no {@code campaign-queue/<id>} marker (runs resume only
     * from it) and a status that is neither queued nor running, nor cancelled with rows its instance has yet to record
     * (that instance rewrites the results from memory, and would undo a redaction). A status that is not JSON any more
     * is not a run's: the marker alone decides.
     */
    private boolean isFinished(String id) {
        if (store.isQueued(id)) {
            return false;
        }
        try {
            return store.status(id).map(status -> !status.mayBeWritten()).orElse(true);
        } catch (UnreadableCampaignStatus e) {
            LOG.warn("Campaign {}: its status.json is not readable ({}); no marker queues it, so it is taken as "
                    + "finished", id, e.getMessage());
            return true;
        }
    }

    private boolean redactFile(String id, String name, E164 phone) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Optional<CampaignStore.TaggedFile> read = store.taggedFile(id, name);
            if (read.isEmpty()) {
                return false;
            }
            Optional<byte[]> redacted = redacted(read.get().content(), phone, FILE.equals(name));
            if (redacted.isEmpty()) {
                return false;
            }
            if (store.replaceFile(id, name, redacted.get(), read.get().etag())) {
                return true;
            }
            LOG.info("Campaign {}: {} changed while it was redacted (try {} of {}); reading it again", id, name,
                    attempt, WRITE_ATTEMPTS);
        }
        throw new HttpProblem(503, "campaign_busy", "Campaign " + id + "'s " + name + " kept changing while this "
                + "number's rows were redacted; what was erased stays erased. Send the request again.");
    }

    /** The file with the number's rows redacted; empty when no row names it. */
    static Optional<byte[]> redacted(byte[] content, E164 phone, boolean campaignFile) {
        List<Line> lines = lines(content);
        int header = campaignFile ? headerIndex(lines) : 0;
        int phoneColumn = campaignFile && header < lines.size() ? phoneColumn(lines.get(header)) : 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
        boolean changed = false;
        int position = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            out.write(content, position, line.start() - position);
            Optional<NamingRow> naming = i > header ? naming(line.text(), phone, campaignFile ? i + 1 : -1)
                    : Optional.empty();
            if (naming.isPresent()) {
                String replacement = campaignFile ? redactedFileRow(naming.get(), phoneColumn)
                        : redactedResult(naming.get());
                out.writeBytes(replacement.getBytes(StandardCharsets.UTF_8));
                changed = true;
            } else {
                out.write(content, line.start(), line.end() - line.start());
            }
            position = line.end();
        }
        out.write(content, position, content.length - position);
        return changed ? Optional.of(out.toByteArray()) : Optional.empty();
    }

    private static String redactedFileRow(NamingRow row, int phoneColumn) {
        int size = Math.max(row.cells() == null ? 0 : row.cells().size(), phoneColumn + 1);
        List<String> cells = new ArrayList<>(Collections.nCopies(size, ""));
        cells.set(phoneColumn, ERASED_PHONE);
        return CampaignCsv.line(cells);
    }

    /**
     * A results row redacted, as wide as it was: a row of a results file written before the {@code timeZone} column
     * keeps that file's width, its outcome kept as a current row's is.
     */
    private static String redactedResult(NamingRow row) {
        boolean ours = row.cells() != null && CampaignCsv.isResultRow(row.cells());
        List<String> cells = new ArrayList<>(Collections.nCopies(ours ? row.cells().size()
                : CampaignCsv.RESULT_COLUMNS.size(), ""));
        if (ours) {
            cells.set(RESULT_ROW, row.cells().get(RESULT_ROW));
            cells.set(RESULT_OUTCOME, row.cells().get(RESULT_OUTCOME));
        } else if (row.row() > 0) {
            // Not this service's shape of a results row: its row number is all that can be kept for sure.
            cells.set(RESULT_ROW, Integer.toString(row.row()));
        }
        cells.set(RESULT_REASON, ERASED_REASON);
        cells.set(RESULT_DETAIL, ERASED_DETAIL);
        return CampaignCsv.line(cells);
    }

    /** The header's phone column, as {@link CampaignCsv} finds it (any case); the first column when none is named. */
    private static int phoneColumn(Line header) {
        List<String> cells = cellsOrText(header.text());
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).toLowerCase(Locale.ROOT).equals("phone")) {
                return i;
            }
        }
        return 0;
    }

    /** The first line that is not blank, as {@link CampaignCsv} reads the header. */
    private static int headerIndex(List<Line> lines) {
        int index = 0;
        while (index < lines.size() && lines.get(index).text().isBlank()) {
            index++;
        }
        return index;
    }

    /**
     * One line of a file: where its bytes start and end (its line break not included) and its text. Split as
     * {@link String#lines} splits ({@code \r\n}, {@code \n} or a lone {@code \r}), so row numbers match
     * {@link CampaignCsv}'s; splitting the bytes keeps every other line's bytes exact, whatever their encoding.
     */
    private record Line(int start, int end, String text) {
    }

    /** The row, when one of its cells is the number; {@code row} -1 reads the row number from the first cell. */
    private static Optional<NamingRow> naming(String text, E164 phone, int row) {
        List<String> cells = cells(text);
        List<String> pieces = cells != null ? cells : Arrays.asList(LOOSE_CELLS.split(text, -1));
        if (pieces.stream().noneMatch(piece -> names(piece, phone))) {
            return Optional.empty();
        }
        return Optional.of(new NamingRow(row >= 0 ? row : rowCell(cells), cells, cells == null ? text : null));
    }

    /**
     * True when the cell is the number: parsed as the campaign's rows were started, or once written plainly (see
     * {@link #plain}), as a row the campaign refused ({@code invalid_phone}) holds it in both files; in {@code
     * results.csv} such a cell may start with the {@code '} that keeps a spreadsheet from reading {@code +...} as a
     * formula; or, with its country code, once its lost {@code +} is put back ({@code 15550100555}, which the campaign
     * refused too) or an international call prefix is read as it ({@code 0015550100555}, {@code 011 1 555...}); a
     * {@code tel:} URI's number too.
     */
    private static boolean names(String cell, E164 phone) {
        if (E164.parse(cell).filter(phone::equals).isPresent()) {
            return true;
        }
        String plain = plain(cell);
        String unquoted = plain.startsWith("'") ? plain.substring(1) : plain;
        // An RFC 3966 "tel:" URI, as a CRM exports a phone field: refused invalid_phone, kept in both files.
        unquoted = unquoted.regionMatches(true, 0, "tel:", 0, 4) ? unquoted.substring(4).strip() : unquoted;
        if (E164.parse(unquoted).filter(phone::equals).isPresent()) {
            return true;
        }
        // The number among other words ("+15550100555 mobile", "mobile: +15550100555", "+1555..., +1555...", "+1555...
        // / home"): refused invalid_phone and kept in both files, missed by erasure and access until 2026-12-08 (a
        // hostile client's probe).
        for (Matcher embedded = EMBEDDED.matcher(unquoted); embedded.find(); ) {
            if (E164.parse(embedded.group()).filter(phone::equals).isPresent()) {
                return true;
            }
        }
        // The number with its country code but without its "+" (15550100555, as Excel writes a phone column not
        // formatted as Text), or with an international call prefix for it (0015550100555, 011 1 555...; missed
        // until 2026-12-07, a compliance officer's probe): refused invalid_phone, and kept so in both files.
        if (!WITHOUT_PLUS.matcher(unquoted).matches()) {
            return false;
        }
        String digits = unquoted.replaceAll("[^0-9]", "");
        String national = phone.value().substring(1);
        // The digits alone tell: no national number is 00 or 011 and a whole international number.
        return digits.equals(national) || digits.equals("00" + national) || digits.equals("011" + national);
    }

    /**
     * The cell with every decimal digit of any script written 0 to 9 (a fullwidth {@code １}, Unicode category Nd
     * only: not a superscript {@code ²} or a circled {@code ⑫}, which are no digits of a number), the fullwidth
     * {@code ＋} as {@code +}, the invisible format characters left out (zero-width spaces and joiners, and the
     * direction marks and embeddings a phone number copied from macOS Contacts or Outlook carries, U+200E, U+202A to
     * U+202E, U+2066 to U+2069: kept until 2026-12-07, so an erasure missed such a row, a hostile client's probe; not
     * U+2063, the invisible separator, which separates), control characters left out (a NUL after the number: kept
     * until 2026-12-08, a hostile client's probe), and a note after the number ({@link #NOTE}) left out.
     */
    private static String plain(String cell) {
        StringBuilder plain = new StringBuilder(cell.length());
        cell.codePoints().forEach(point -> {
            if (Character.getType(point) == Character.DECIMAL_DIGIT_NUMBER) {
                plain.append((char) ('0' + Character.digit(point, 10)));
            } else if (point == FULLWIDTH_PLUS) {
                plain.append('+');
            } else if (Character.getType(point) != Character.FORMAT && Character.getType(point) != Character.CONTROL
                    || point == INVISIBLE_SEPARATOR) {
                plain.appendCodePoint(point);
            }
        });
        return NOTE.matcher(plain.toString().strip()).replaceFirst("");
    }

    /** A number with its {@code +} among other words, its digits grouped by blanks, dots, dashes or brackets. */
    private static final java.util.regex.Pattern EMBEDDED = java.util.regex.Pattern.compile(
            "\\+[0-9][0-9 .()\\-]{5,22}[0-9]");

    /** U+2063, the invisible separator, which separates: the one format character {@link #plain} keeps. */
    private static final int INVISIBLE_SEPARATOR = 0x2063;
    /**
     * A note after the number, which a CRM's export may hold ({@code (cell)}, {@code ext. 3}, {@code x12}): the
     * number before it is the respondent's, in a row the campaign refused (invalid_phone) and kept in both files.
     */
    private static final java.util.regex.Pattern NOTE = java.util.regex.Pattern.compile(
            "\\s*(?:\\([^()]*\\)|(?i:ext\\.?|extension|x|#)\\s*[0-9]{1,6})$");

    private static List<String> cellsOrText(String text) {
        List<String> cells = cells(text);
        return cells != null ? cells : List.of(text);
    }

    private static List<String> cells(String text) {
        try {
            return CampaignCsv.fields(text);
        } catch (CampaignCsv.MalformedLineException e) {
            return null;
        }
    }

    private static int rowCell(List<String> cells) {
        try {
            return cells == null || cells.isEmpty() ? 0 : Integer.parseInt(cells.get(RESULT_ROW));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Line> lines(byte[] content) {
        List<Line> lines = new ArrayList<>();
        int start = startsWithBom(content) ? BOM.length : 0;
        int lineStart = 0;
        int i = start;
        while (i < content.length) {
            byte b = content[i];
            if (b == '\n' || b == '\r') {
                lines.add(line(content, lineStart, i, start));
                i += b == '\r' && i + 1 < content.length && content[i + 1] == '\n' ? 2 : 1;
                lineStart = i;
            } else {
                i++;
            }
        }
        if (lineStart < content.length) {
            lines.add(line(content, lineStart, content.length, start));
        }
        return lines;
    }

    /** A line; the first one's text starts after the BOM, but its bytes keep it. */
    private static Line line(byte[] content, int from, int to, int bomEnd) {
        int textFrom = from == 0 ? bomEnd : from;
        return new Line(textFrom, to, new String(content, textFrom, Math.max(0, to - textFrom),
                StandardCharsets.UTF_8));
    }

    private static boolean startsWithBom(byte[] content) {
        return content.length >= BOM.length && content[0] == BOM[0] && content[1] == BOM[1] && content[2] == BOM[2];
    }
}
