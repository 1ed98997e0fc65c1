package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV export's columns, fixed before the first row, and the cells a session document fills under them. */
class CsvColumnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SESSION = List.of("sessionId", "surveyVersion", "surveyTo", "channel",
            "language", "status", "started", "ended", "endReason", "fallbackFrom", "endedAtWelcome", "noResponse",
            "optedOutAfterEnd");

    private static List<String> header(String... questions) {
        List<String> header = new ArrayList<>(SESSION);
        for (String question : questions) {
            header.addAll(List.of(question, question + ".raw", question + ".state"));
        }
        header.add("otherAnswers");
        return header;
    }

    private static JsonNode session(String questions) throws Exception {
        return JSON.readTree("{\"sessionId\": \"s1\", \"surveyVersion\": \"0123456789abcdef\", \"surveyStatus\": "
                + "\"COMPLETED\", \"questionIndex\": 2, \"questions\": " + questions + "}");
    }

    /** The cells after the session's own. */
    private static List<String> questionCells(CsvColumns columns, JsonNode session) {
        List<String> row = columns.row(session);
        assertThat(row).hasSameSizeAs(columns.header());
        return row.subList(SESSION.size(), row.size());
    }

    @Test
    void aSurveyThatNeverChangedHasItsQuestionsColumnsInItsOrderThenOtherAnswers() {
        CsvColumns columns = new CsvColumns(List.of("rate", "product"), List.of("rate", "product"));
        assertThat(columns.header()).isEqualTo(header("rate", "product"));
        assertThat(new CsvColumns(List.of("rate", "product"), List.of()).header())
                .as("no copy kept").isEqualTo(header("rate", "product"));
    }

    @Test
    void questionsOnlyEarlierVersionsHadFollowTheCurrentOnesInTheOrderTheyFirstAppeared() {
        CsvColumns columns = new CsvColumns(List.of("productName", "rate"),
                List.of("rate", "product", "feedback", "rate", "productName"));
        assertThat(columns.header()).isEqualTo(header("productName", "rate", "product", "feedback"));
    }

    @Test
    void aQuestionNamedAsAnotherColumnHasAColumnNameOfItsOwn() {
        CsvColumns columns = new CsvColumns(List.of("status"), List.of("otherAnswers"));
        assertThat(columns.header().subList(SESSION.size(), columns.header().size())).containsExactly(
                "status.answer", "status.raw", "status.state",
                "otherAnswers.answer", "otherAnswers.raw", "otherAnswers.state", "otherAnswers");
    }

    /** Tools that ignore case (Athena, Glue, SQL imports) would merge or refuse "Status" beside "status". */
    @Test
    void aQuestionNamedAsAnotherColumnInAnotherCaseHasAColumnNameOfItsOwn() {
        CsvColumns columns = new CsvColumns(List.of("Status", "ENDREASON", "statuses"), List.of());
        assertThat(columns.header().subList(SESSION.size(), columns.header().size())).containsExactly(
                "Status.answer", "Status.raw", "Status.state", "ENDREASON.answer", "ENDREASON.raw", "ENDREASON.state",
                "statuses", "statuses.raw", "statuses.state", "otherAnswers");
    }

    /**
     * An earlier version's question whose name differs from a current one's in case alone gets no column of its own,
     * which tools that ignore case would merge or refuse: its answers are in otherAnswers (until 2026-12-07 two
     * columns, an analyst's probe).
     */
    @Test
    void anEarlierQuestionNamedAsACurrentOneInAnotherCaseIsInOtherAnswers() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("questionbesttime"), List.of("questionBestTime", "visits"));
        assertThat(columns.header()).isEqualTo(header("questionbesttime", "visits"));
        JsonNode older = session("[{\"questionName\": \"questionBestTime\", \"answer\": \"evenings\", "
                + "\"rawInput\": \"evenings\"}]");
        assertThat(questionCells(columns, older)).containsExactly("", "", "notInVersion", "", "", "notInVersion",
                "{\"questionBestTime\":{\"answer\":\"evenings\",\"raw\":\"evenings\",\"state\":\"answered\"}}");
    }

    @Test
    void eachRowSaysNotInVersionUnderANameItsVersionDidNotHave() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("rate", "productName"), List.of("rate", "product"));
        JsonNode older = session("[{\"questionName\": \"rate\", \"answer\": 4, \"rawInput\": \"4\"},"
                + " {\"questionName\": \"product\", \"answer\": \"=the app\", \"rawInput\": \"=the app\"}]");
        assertThat(questionCells(columns, older)).containsExactly("4", "4", "answered",
                "", "", "notInVersion", "'=the app", "'=the app", "answered", "");
        JsonNode newer = session("[{\"questionName\": \"rate\", \"skipped\": true, \"rawInput\": \"9\"},"
                + " {\"questionName\": \"productName\", \"answer\": \"web\", \"rawInput\": \"web\"}]");
        assertThat(questionCells(columns, newer)).containsExactly("", "9", "skipped",
                "web", "web", "answered", "", "", "notInVersion", "");
    }

    @Test
    void whatNoColumnNamesIsKeptInOtherAnswersInTheSessionsOrder() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("rate"), List.of());
        JsonNode session = session("[{\"questionName\": \"gone\", \"answer\": \"=1+1\\u0000\", "
                + "\"rawInput\": \"=1+1\\u001b[31m\"},"
                + " {\"questionName\": \"rate\", \"answer\": 5, \"rawInput\": \"5\"},"
                + " {\"questionName\": \"older\", \"notAsked\": true}, {\"questionName\": \"count\", \"answer\": 3}]");
        assertThat(questionCells(columns, session)).containsExactly("5", "5", "answered",
                "{\"gone\":{\"answer\":\"=1+1\",\"raw\":\"=1+1[31m\",\"state\":\"answered\"},"
                        + "\"older\":{\"answer\":null,\"raw\":null,\"state\":\"notAsked\"},"
                        + "\"count\":{\"answer\":3,\"raw\":null,\"state\":\"answered\"}}");
    }

    /**
     * Each character a spreadsheet starts a formula with ({@code =}, {@code +}, {@code -}, {@code @}, a tab, a
     * carriage return) gets a leading {@code '} in a respondent's text, answer and raw input alike.
     */
    @Test
    void aRespondentsTextStartingAnyFormulaCharacterGetsALeadingQuote() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("product"), List.of());
        for (String text : List.of("=1+1", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tthe app",
                "\rthe app")) {
            String quoted = JSON.writeValueAsString(text);
            JsonNode session = session("[{\"questionName\": \"product\", \"answer\": " + quoted + ", "
                    + "\"rawInput\": " + quoted + "}]");
            String cell = "'" + text;
            assertThat(questionCells(columns, session)).as(text).containsExactly(cell, cell, "answered", "");
        }
    }

    /**
     * A formula character behind blanks is a formula to the spreadsheets that trim a cell before reading it (Google
     * Sheets and LibreOffice on import, CSV-to-XLSX converters), and a line feed is a line end as a carriage return
     * is: a text SMS reply {@code " =1+1"} or {@code "\n=2+2"} kept its raw input unquoted (probe, 2026-12-05). They
     * get the leading {@code '} too; blanks before words do not.
     */
    @Test
    void aFormulaCharacterBehindBlanksOrALineFeedGetsALeadingQuote() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("product"), List.of());
        for (String text : List.of(" =1+1 leading space", "   @SUM(A1:A2)", "\n=2+2", "\nthe app", " \t-1+1",
                "\u00a0+cmd|' /C calc'!A0", "\u3000=1+1")) {
            String quoted = JSON.writeValueAsString(text);
            JsonNode session = session("[{\"questionName\": \"product\", \"answer\": \"the app\", "
                    + "\"rawInput\": " + quoted + "}]");
            assertThat(questionCells(columns, session)).as(text).containsExactly("the app", "'" + text, "answered",
                    "");
        }
        JsonNode session = session("[{\"questionName\": \"product\", \"answer\": \"the app\", "
                + "\"rawInput\": \"  the app, = fine\"}]");
        assertThat(questionCells(columns, session)).containsExactly("the app", "  the app, = fine", "answered", "");
    }

    /**
     * What no spreadsheet runs is left as it is: a number answer stays a number, negative too (only its raw text
     * gets the quote), words with a formula character further in, and the session's own columns (the respondent's
     * phone keeps its {@code +}).
     */
    @Test
    void aNumberAnswerAndThePhoneAreLeftAlone() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("visits", "product"), List.of());
        JsonNode session = JSON.readTree("{\"sessionId\": \"s1\", \"surveyTo\": \"+15551234567\", "
                + "\"surveyStatus\": \"COMPLETED\", \"questionIndex\": 2, \"questions\": ["
                + "{\"questionName\": \"visits\", \"answer\": -3, \"rawInput\": \"-3\"},"
                + " {\"questionName\": \"product\", \"answer\": \"a+b=c\", \"rawInput\": \"a+b=c\"}]}");
        List<String> row = columns.row(session);
        assertThat(row.get(SESSION.indexOf("surveyTo"))).isEqualTo("+15551234567");
        assertThat(row.subList(SESSION.size(), row.size())).containsExactly("-3", "'-3", "answered",
                "a+b=c", "a+b=c", "answered", "");
    }
    /**
     * The export says where the summary counts a session: until 2026-12-07 one that ended at the welcome, or had no
     * response, showed only its first question notReached, as one that left there (an analyst's probe).
     */
    @Test
    void aSessionEndedAtTheWelcomeOrWithoutResponseSaysSo() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("q1"), List.of());
        String unanswered = "\"questionIndex\": 0, \"questions\": [{\"questionName\": \"q1\"}]";
        JsonNode silent = JSON.readTree("{\"surveyMedium\": \"sms\", \"surveyStatus\": \"ABANDONED\", \"endReason\": "
                + "\"expired\", \"endedAtWelcome\": true, \"turn\": 0, " + unanswered + "}");
        JsonNode unread = JSON.readTree("{\"surveyMedium\": \"sms\", \"surveyStatus\": \"ABANDONED\", \"endReason\": "
                + "\"expired\", \"endedAtWelcome\": true, \"invalidAnswers\": 2, " + unanswered + "}");
        JsonNode declined = JSON.readTree("{\"surveyMedium\": \"voice\", \"surveyStatus\": \"ABANDONED\", "
                + "\"endReason\": \"declined\", " + unanswered + "}");
        JsonNode undelivered = JSON.readTree("{\"surveyMedium\": \"sms\", \"surveyStatus\": \"ABANDONED\", "
                + "\"endReason\": \"not-delivered:unreachable_handset\", \"endedAtWelcome\": true, " + unanswered
                + "}");
        JsonNode atQuestion = JSON.readTree("{\"surveyMedium\": \"sms\", \"surveyStatus\": \"ABANDONED\", "
                + "\"endReason\": \"expired\", \"turn\": 1, " + unanswered + "}");
        int welcome = SESSION.indexOf("endedAtWelcome");
        int noResponse = SESSION.indexOf("noResponse");
        for (Object[] expected : new Object[][] {{silent, "true", "true"}, {unread, "true", "false"},
                {declined, "true", "false"}, {atQuestion, "false", "false"},
                // Reached nobody: counted in notReached, at no welcome (true for a few hours on 2026-12-07).
                {undelivered, "false", "false"}}) {
            List<String> row = columns.row((JsonNode) expected[0]);
            assertThat(List.of(row.get(welcome), row.get(noResponse))).as(expected[0].toString())
                    .containsExactly((String) expected[1], (String) expected[2]);
        }
    }

    /**
     * A STOP after the survey ended keeps the session's status; the row says when it came, so a compliance officer's
     * export tells it (until 2026-12-07 it could not).
     */
    @Test
    void anOptOutAfterTheEndIsInItsOwnColumn() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("q1"), List.of());
        int column = SESSION.indexOf("optedOutAfterEnd");
        JsonNode optedOut = JSON.readTree("{\"surveyStatus\": \"COMPLETED\", \"optedOutAfterEnd\": "
                + "\"2026-12-07T13:05:00Z\", \"questionIndex\": 1, \"questions\": [{\"questionName\": \"q1\"}]}");
        assertThat(columns.row(optedOut).get(column)).isEqualTo("2026-12-07T13:05:00Z");
        assertThat(columns.row(session("[{\"questionName\": \"q1\", \"answer\": 4}]")).get(column)).isEmpty();
    }

    /** A decimal answer is written out in full, as typed, not as a double prints it (5.0E-4 until 2026-12-07). */
    @Test
    void aDecimalAnswerIsWrittenOutInFull() throws Exception {
        CsvColumns columns = new CsvColumns(List.of("q1"), List.of());
        for (String[] expected : new String[][] {{"5.0E-4", "0.0005"}, {"1.0E7", "10000000"}, {"2.50", "2.5"},
                {"-3.5", "-3.5"}, {"7", "7"}}) {
            List<String> cells = questionCells(columns, session("[{\"questionName\": \"q1\", \"answer\": "
                    + expected[0] + "}]"));
            assertThat(cells.get(0)).as(expected[0]).isEqualTo(expected[1]);
        }
    }
}
