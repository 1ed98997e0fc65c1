package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.web.HttpProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query strings of results requests, read strictly: the parts HTTP clients (java.net.URI) will not send. */
class ResultsQueryTest {

    private static final List<String> ACCEPTED = List.of("status", "from");

    private static String refusal(String rawQuery) {
        try {
            ResultsQuery.parse(rawQuery, ACCEPTED);
        } catch (HttpProblem problem) {
            return problem.status() + " " + problem.code() + ": " + problem.getMessage();
        }
        return "accepted";
    }

    @Test
    void decodesEachAcceptedParameterOnce() {
        ResultsQuery query = ResultsQuery.parse("status=opted%5Fout&from=2026-11-01", ACCEPTED);
        assertThat(query.get("status")).isEqualTo("opted_out");
        assertThat(query.get("from")).isEqualTo("2026-11-01");
        assertThat(ResultsQuery.parse(null, ACCEPTED).values()).isEmpty();
        assertThat(ResultsQuery.parse("from=a+b", ACCEPTED).get("from")).as("+ is a space").isEqualTo("a b");
        assertThat(ResultsQuery.parse("&from=x&&", ACCEPTED).get("from")).as("empty pairs are skipped").isEqualTo("x");
        assertThat(ResultsQuery.parse("from=a=b", ACCEPTED).get("from")).as("after the first =").isEqualTo("a=b");
    }

    @Test
    void refusesUnknownRepeatedAndMalformedParameters() {
        assertThat(refusal("stauts=X")).isEqualTo("400 unknown_parameter: 'stauts' is not a parameter of this "
                + "endpoint; it takes status, from.");
        assertThat(refusal("status=A&status=B")).startsWith("400 repeated_parameter: status is given more than once");
        assertThat(refusal("status=%zz")).startsWith("400 invalid_query");
        // Read as absent until 2026-12-06: a script's unset variable (?status=$STATUS) got every session, unfiltered.
        assertThat(refusal("status=&from=2026-11-01")).isEqualTo("400 invalid_query: status is given without a "
                + "value (status=); give one, or leave the parameter out.");
        assertThat(refusal("from")).startsWith("400 invalid_query: from is given without a value");
        assertThat(refusal("status=%20")).as("a blank value").startsWith("400 invalid_query: status is given "
                + "without a value");
        assertThat(refusal("%zz=1")).startsWith("400 invalid_query");
        assertThat(refusal("a%0Ab" + "c".repeat(100) + "=1")).as("printable and short").isEqualTo(
                "400 unknown_parameter: 'ab" + "c".repeat(38) + "...' is not a parameter of this endpoint; it takes "
                        + "status, from.");
        assertThat(refusal("=1")).as("a value without a name").isEqualTo("400 unknown_parameter: '' is not a "
                + "parameter of this endpoint; it takes status, from.");
        assertThat(refusal("from=1&from")).startsWith("400 repeated_parameter");
        assertThatThrownBy(() -> ResultsQuery.parse("from=1&x=2", ACCEPTED)).isInstanceOf(HttpProblem.class);
    }
}
