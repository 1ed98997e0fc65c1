package com.surveyrelay.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.surveyrelay.survey.PlainText;
import com.surveyrelay.survey.SurveyJson;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of one CSV export, and each finished session's row under them. The header goes first and the rows
 * are streamed, so the columns are fixed before any session is read: the questions of the survey's current
 * definition, then those that only its earlier versions had, as far as their copies under {@code survey-versions/}
 * tell. Learning them from the sessions themselves would take reading every session twice. A session can still hold
 * a question no column names (its version's copy expired, or it was stored before copies were kept): the last column,
 * {@value #OTHER_ANSWERS}, keeps it, so no answer is left out of the file.
 */
final class CsvColumns {

    /** The columns before the three of each question. */
    static final List<String> SESSION_COLUMNS = List.of("sessionId", "surveyVersion", "surveyTo", "channel",
            "language", "status", "started", "ended", "endReason", "fallbackFrom", "endedAtWelcome", "noResponse",
            "optedOutAfterEnd");
    /** The last column: what a session holds under questions that have no column of their own. */
    static final String OTHER_ANSWERS = "otherAnswers";

    /** The session document's fields of {@link #SESSION_COLUMNS} but the last four, in their order. */
    private static final List<String> SESSION_FIELDS = List.of("sessionId", "surveyVersion", "surveyTo",
            "surveyMedium", "languageSet", "surveyStatus", "surveyStarted", "surveyEnded", "endReason");

    private final Set<String> questions;
    private final ObjectMapper json = SurveyJson.mapper();

    /**
     * @param current the question names of the survey's current definition, in its order
     * @param kept the question names of the survey's kept versions ({@code SurveyCatalog.keptQuestionNames}): those
     *     the current definition lacks get columns after its own, in this order; one that differs from a question
     *     with a column in case alone ({@code questionbesttime} beside {@code questionBestTime}) gets none, and its
     *     answers are in {@value #OTHER_ANSWERS}: two such columns, which Athena, Glue and SQL imports refuse or merge,
     *     came until 2026-12-07 (an analyst's probe)
     */
    CsvColumns(List<String> current, List<String> kept) {
        questions = new LinkedHashSet<>(current);
        for (String name : kept) {
            if (questions.stream().noneMatch(name::equalsIgnoreCase)) {
                questions.add(name);
            }
        }
    }

    /**
     * The header: {@link #SESSION_COLUMNS}; for each question {@code <questionName>}, {@code <questionName>.raw} and
     * {@code <questionName>.state} (a question named as another column in any case, {@code status}, {@code Status} or
     * {@code otherAnswers}, has {@code <questionName>.answer} first, so that no two columns share a name: a question
     * name has no dot); then
     * {@value #OTHER_ANSWERS}.
     */
    List<String> header() {
        List<String> header = new ArrayList<>(SESSION_COLUMNS);
        questions.forEach(name -> {
            header.add(namesAnotherColumn(name) ? name + ".answer" : name);
            header.add(name + ".raw");
            header.add(name + ".state");
        });
        header.add(OTHER_ANSWERS);
        return header;
    }

    /**
     * Whether a question's name is another column's, in any case: {@code Status} beside the session's {@code status}
     * made two columns that Athena, Glue and SQL imports, which ignore case, refuse or merge (until 2026-12-07 only the
     * exact name was told apart, by an analyst's probe).
     */
    private static boolean namesAnotherColumn(String name) {
        return OTHER_ANSWERS.equalsIgnoreCase(name) || SESSION_COLUMNS.stream().anyMatch(name::equalsIgnoreCase);
    }

    /**
     * A session's row, a cell a column of {@link #header()}. {@code optedOutAfterEnd} is when the respondent first
     * opted out after the survey had ended (ISO-8601, UTC), or empty. {@code endedAtWelcome} and {@code noResponse} are
     * {@code true} or {@code false}, as the summary counts the session ({@link ResultsSummary#endedAtWelcome},
     * {@link ResultsSummary#withoutResponse}; a session with no response ended at its welcome too). A question's
     * cells: the answer and the raw input
     * (empty when none; a respondent's text that a spreadsheet would run as a formula, blanks before it or not, gets
     * a leading {@code '}),
     * and its {@link QuestionState} ({@code notInVersion} when the session's version had no question of that name).
     * The last cell is empty, or a JSON object with a member for each question of the session that has no column,
     * in the session's order: {@code {"<questionName>": {"answer": 4, "raw": "4", "state": "answered"}}}, answer
     * and raw null when none. Control characters but tabs and line ends are left out of every respondent's text.
     *
     * @param session the document as the results sink stored it
     */
    List<String> row(JsonNode session) {
        List<String> row = new ArrayList<>(SESSION_COLUMNS.size() + 3 * questions.size() + 1);
        for (String field : SESSION_FIELDS) {
            row.add(text(session.path(field)));
        }
        row.add(text(session.path("fallbackFrom").path("sessionId")));
        // Where the summary counts the session, so an export rebuilds its drop-off: until 2026-12-07 a session that
        // ended at the welcome, or had no response, showed only its first question notReached, as one that left
        // there (an analyst's probe).
        row.add(Boolean.toString(ResultsSummary.endedAtWelcome(session)));
        row.add(Boolean.toString(ResultsSummary.withoutResponse(session)));
        // A STOP after the end keeps the session's status: until 2026-12-07 an export could not tell it (a compliance
        // officer's probe), and the results copy was not made again after it.
        row.add(text(session.path("optedOutAfterEnd")));
        JsonNode results = session.path("questions");
        Map<String, Integer> positions = positions(results);
        for (String name : questions) {
            int index = positions.getOrDefault(name, -1);
            JsonNode result = results.path(index);
            row.add(index < 0 ? "" : respondentText(result.path("answer")));
            row.add(index < 0 ? "" : respondentText(result.path("rawInput")));
            row.add(QuestionState.of(session, index).word());
        }
        row.add(otherAnswers(session, positions));
        return row;
    }

    /** Where each named question is in the document's {@code questions}, in their order; the last of a name twice. */
    private static Map<String, Integer> positions(JsonNode results) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode name = results.get(i).path("questionName");
            if (name.isTextual()) {
                positions.put(name.asText(), i);
            }
        }
        return positions;
    }

    private String otherAnswers(JsonNode session, Map<String, Integer> positions) {
        ObjectNode other = json.createObjectNode();
        positions.forEach((name, index) -> {
            if (!questions.contains(name)) {
                JsonNode result = session.path("questions").path(index);
                ObjectNode entry = other.putObject(name);
                entry.set("answer", plain(result.path("answer")));
                entry.set("raw", plain(result.path("rawInput")));
                entry.put("state", QuestionState.of(session, index).word());
            }
        });
        if (other.isEmpty()) {
            return "";
        }
        try {
            return json.writeValueAsString(other);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A respondent's value for JSON: null when absent, text without control characters, a number as it is. */
    private static JsonNode plain(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return NullNode.getInstance();
        }
        return value.isTextual() ? TextNode.valueOf(PlainText.withoutControls(value.asText())) : value;
    }

    /**
     * A cell's text: empty for none; a decimal number written out in full ({@code 0.0005}, {@code 10000000}, no
     * trailing zeros), never in the scientific notation a stored double reads back as ({@code 5.0E-4}, until
     * 2026-12-07 beside its raw input {@code 0.0005}: an analyst's probe).
     */
    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isFloatingPointNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * Respondents type what they like; a spreadsheet must not run it. A number stays a number. Control characters
     * but tab and line ends go (a NUL ends a cell for many CSV readers; an escape sequence recolours a terminal).
     */
    private static String respondentText(JsonNode value) {
        String text = PlainText.withoutControls(text(value));
        return value.isTextual() && runsAsFormula(text) ? "'" + text : text;
    }

    /**
     * Whether a spreadsheet may take the text for a formula: it starts with a tab, a carriage return or a line feed
     * (OWASP's CSV injection advice names the first two; a line feed is their sibling), or its first character after
     * any blanks (spaces of any kind, line ends) is {@code =}, {@code +}, {@code -} or {@code @}. The blanks count
     * since 2026-12-05: Google Sheets and LibreOffice trim a cell on import, and CSV-to-XLSX converters too, before
     * they look for a formula, and a reply {@code " =1+1"} kept its raw input unquoted.
     */
    private static boolean runsAsFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        if ("\t\r\n".indexOf(text.charAt(0)) >= 0) {
            return true;
        }
        int first = 0;
        while (first < text.length() && (Character.isWhitespace(text.charAt(first))
                || Character.isSpaceChar(text.charAt(first)))) {
            first++;
        }
        return first < text.length() && "=+-@".indexOf(text.charAt(first)) >= 0;
    }
}
