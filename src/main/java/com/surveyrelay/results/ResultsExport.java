package com.surveyrelay.results;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Question;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.web.HttpProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/results.csv} and {@code results.jsonl}: every finished session of a survey that
 * matches the filters, one row or line each, newest day first, as a stream made while the client reads it. The
 * day folders are listed a page at a time and the documents read {@value #BATCH} at a time, so an export holds at
 * most {@value #BATCH} sessions (and one listing page of names) however many it writes.
 *
 * <p>The request is checked before the first byte: a bad filter is a 400, an unknown survey a 404, and the
 * first listing page is read then too, so storage failing already is a 503. A storage failure after that breaks
 * the stream; the status being sent, the route's {@code abortableBody} step has the connection aborted, which the
 * client sees as a chunked response without its last chunk.
 */
@Component("resultsExport")
public class ResultsExport {

    /** The session documents an export reads, and holds, at once: the bound of {@link #mostSessionsHeld()}. */
    public static final int BATCH = 100;
    /**
     * Starts the CSV export when asked ({@code bom=true}): Excel reads a CSV file without it in the system's ANSI
     * code page (Windows-1252, say), so {@code café} showed as {@code cafÃ©}. Not by default: a program reading the
     * file by column name would find its first column named with U+FEFF before {@code sessionId}.
     */
    static final char BYTE_ORDER_MARK = '\uFEFF';
    /** The JSON Lines export's parameters: the filters, and the survey version ({@link VersionFilter}). */
    static final List<String> JSONL_PARAMETERS = Stream.concat(SessionPages.FILTERS.stream(), Stream.of("version"))
            .toList();
    /** The CSV export's parameters: the JSON Lines export's, and {@code bom}. */
    static final List<String> CSV_PARAMETERS = Stream.concat(JSONL_PARAMETERS.stream(), Stream.of("bom")).toList();

    private final SurveyCatalog catalog;
    private final FinishedSessions sessions;
    private final Clock clock;
    private final ObjectMapper json = SurveyJson.mapper();
    private final ObjectWriter lineSafe = json.writer().with(new LineSafeEscapes());

    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    @Autowired
    public ResultsExport(SurveyCatalog catalog, FinishedSessions sessions) {
        this(catalog, sessions, Clock.systemUTC());
    }

    ResultsExport(SurveyCatalog catalog, FinishedSessions sessions, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * The CSV export (RFC 4180, CRLF line ends, UTF-8; with {@code bom=true} starting with a byte order mark,
     * {@link #BYTE_ORDER_MARK}, so that spreadsheets read it as UTF-8): a header row, then one row a session. Columns:
     * {@link CsvColumns#SESSION_COLUMNS} ({@code fallbackFrom}: the call a text session went on from, unanswered or
     * dropped; after a dropped call it keeps the call's answers, so a reader counting answers skips that call's row;
     * empty otherwise), then for each question of the survey's current definition, and after them for each question
     * only its earlier versions kept under {@code survey-versions/} had (the oldest version's first),
     * {@code <questionName>} (the normalised answer; empty when none), {@code <questionName>.raw} (what the respondent
     * pressed, said or texted; for a skipped question, the last invalid input) and {@code <questionName>.state}
     * ({@link QuestionState}: {@code answered}, {@code skipped}, {@code notAsked}, {@code notReached} or
     * {@code notInVersion}, so a reader tells the empty answers apart). The last column, {@code otherAnswers}, is
     * empty unless the session holds questions no other column names (a version whose copy is gone): then a JSON
     * object of them, {@code {"<questionName>": {"answer": ..., "raw": ..., "state": ...}}}. A question named as
     * another column ({@code status}, say) has {@code <questionName>.answer} instead, so that every column has a
     * name of its own (a question name has no dot). A respondent's text that a spreadsheet would run as a formula (it
     * starts with {@code =}, {@code +}, {@code -}, {@code @}, blanks before one of them, a tab, a carriage return or a
     * line feed) is prefixed with {@code '};
     * control characters but tabs and line ends are left out. See {@link CsvColumns}.
     *
     * <p>With {@code version}, only that version's sessions, and the question columns are that version's questions, in
     * its order (no other version's: its sessions have none).
     *
     * @param rawQuery the request's query string, or null: the filters of {@link SessionPages#page}
     *     ({@link SessionPages#FILTERS}), without limit and cursor, {@code version} (16 hex digits, see
     *     {@link VersionFilter}) and {@code bom} ({@code true} or {@code false}, the default)
     * @throws com.surveyrelay.web.HttpProblem as {@link SessionPages#page} (but {@code invalid_limit} and
     *     {@code invalid_cursor}), 400 {@code invalid_version} and {@code unknown_version}, and 400
     *     {@code invalid_bom} for a {@code bom} other than true or false, before anything is read
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails to list or read the kept versions'
     *     question names, or the first listing (a 503); a later failure breaks the stream instead (the status is
     *     sent by then)
     */
    public InputStream csv(String surveyId, String rawQuery) {
        ResultsRequest request = csvRequest(surveyId, rawQuery);
        Survey survey = request.survey();
        SessionFilter filter = request.filter();
        boolean byteOrderMark = byteOrderMark(request.query().get("bom"));
        Survey chosen = request.chosen();
        CsvColumns columns = chosen == null ? new CsvColumns(survey.questions().stream().map(Question::name).toList(),
                catalog.keptQuestionNames(surveyId))
                : new CsvColumns(chosen.questions().stream().map(Question::name).toList(), List.of());
        StringBuilder buffer = new StringBuilder();
        if (byteOrderMark) {
            buffer.append(BYTE_ORDER_MARK);
        }
        CSVPrinter printer;
        try {
            printer = new CSVPrinter(buffer, CSVFormat.RFC4180.builder().setHeader(columns.header()
                    .toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stream(filter, chosen, buffer, session -> {
            try {
                printer.printRecord(columns.row(session));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * What a {@code HEAD} of the CSV export learns: whether {@link #csv} would answer, from the same checks of the
     * survey and the query (its {@code bom} too), without listing or reading a session (until 2026-12-05 a HEAD made
     * the whole export and threw it away). At most the survey's kept versions are listed and, for {@code version},
     * that version's copy read.
     *
     * @param rawQuery as {@link #csv} takes it
     * @throws HttpProblem as {@link #csv} does for the same request, before anything is read
     */
    public void checkCsv(String surveyId, String rawQuery) {
        csvRequest(surveyId, rawQuery);
    }

    /** A CSV export's request, checked, its {@code bom} too. */
    private ResultsRequest csvRequest(String surveyId, String rawQuery) {
        ResultsRequest request = ResultsRequest.of(catalog, surveyId, rawQuery, CSV_PARAMETERS, clock.instant());
        byteOrderMark(request.query().get("bom"));
        return request;
    }

    /**
     * Whether the CSV starts with a byte order mark.
     *
     * @param bom the {@code bom} parameter, or null when absent (false)
     * @throws HttpProblem 400 {@code invalid_bom} for anything but true or false (any case)
     */
    private static boolean byteOrderMark(String bom) {
        if (bom == null || bom.equalsIgnoreCase("false")) {
            return false;
        }
        if (bom.equalsIgnoreCase("true")) {
            return true;
        }
        throw new HttpProblem(400, "invalid_bom", "bom must be true (a byte order mark first, "
                + "for Excel) or false (the default)");
    }

    /**
     * The JSON Lines export: each session document as the sink stored it, on one line, {@code \n} after each. The
     * line and paragraph separators U+2028 and U+2029 and NEL (U+0085), which JSON allows raw in a string, are
     * written escaped: readers that split lines on them (Python's {@code splitlines}) still see one document a line.
     * Parameters and errors as {@link #csv}, without {@code bom}.
     */
    public InputStream jsonl(String surveyId, String rawQuery) {
        ResultsRequest request = ResultsRequest.of(catalog, surveyId, rawQuery, JSONL_PARAMETERS, clock.instant());
        StringBuilder buffer = new StringBuilder();
        return stream(request.filter(), request.chosen(), buffer, session -> {
            try {
                buffer.append(lineSafe.writeValueAsString(session)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * What a {@code HEAD} of the JSON Lines export learns, as {@link #checkCsv} for {@link #jsonl}.
     *
     * @throws HttpProblem as {@link #jsonl} does for the same request
     */
    public void checkJsonl(String surveyId, String rawQuery) {
        ResultsRequest.of(catalog, surveyId, rawQuery, JSONL_PARAMETERS, clock.instant());
    }

    /** The most session documents any export held at once since the service started. */
    public int mostSessionsHeld() {
        return mostHeld.get();
    }

    /**
     * Feeds each batch's sessions of the chosen version (every session when it is null) to {@code write}, which
     * appends to {@code buffer}; a chunk is a batch's text.
     */
    private InputStream stream(SessionFilter filter, Survey chosen, StringBuilder buffer,
                               Consumer<JsonNode> write) {
        Iterator<FinishedSessions.Listed> matching = sessions.matching(filter, null);
        // The first listing before the answer starts: storage failing already is a 503 the client can act on, not a
        // 200 cut short after the header row.
        matching.hasNext();
        Supplier<byte[]> nextChunk = () -> {
            while (buffer.isEmpty()) {
                if (!matching.hasNext()) {
                    return null;
                }
                List<FinishedSessions.Listed> batch = new ArrayList<>(BATCH);
                while (batch.size() < BATCH && matching.hasNext()) {
                    batch.add(matching.next());
                }
                List<JsonNode> documents = sessions.read(batch, filter);
                mostHeld.accumulateAndGet(held.addAndGet(documents.size()), Math::max);
                try {
                    documents.stream().filter(session -> VersionFilter.matches(chosen, session)).forEach(write);
                } finally {
                    held.addAndGet(-documents.size());
                }
            }
            byte[] chunk = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            return chunk;
        };
        return new RowStream(nextChunk, () -> buffer.setLength(0));
    }

    /**
     * JSON's own escapes, and U+0085, U+2028 and U+2029 as six-character {@code \\u} escapes: no character a reader
     * takes for a line end stays raw.
     */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x85 || ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch))
                    : null;
        }
    }
}
