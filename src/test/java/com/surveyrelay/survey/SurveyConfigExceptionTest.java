package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SurveyConfigExceptionTest {

    /** A goTo holding a line break and a log line's shape was logged as a line of its own. */
    @Test
    void anAuthorsLineBreaksAndEscapesCannotForgeALogLine() {
        SurveyConfigException refused = new SurveyConfigException(List.of(new ConfigProblem("survey-config.json",
                "questions[0].next[0].goTo", "\"x\n2026-12-03T10:00:00Z  INFO [survey-catalog] FORGED\u001b[31m\" is "
                        + "not a question")));
        assertThat(refused.getMessage()).isEqualTo("survey configuration refused, 1 problem:\n  - survey-config.json: "
                + "questions[0].next[0].goTo: \"x\\u000a2026-12-03T10:00:00Z  INFO [survey-catalog] FORGED"
                + "\\u001b[31m\" is not a question");
        assertThat(refused.problems().get(0).message()).as("the problem itself as found").contains("\n");
    }

    /** 200,000 junk keys made a 30 MB message in every GET /surveys and log line. */
    @Test
    void aFileWithThousandsOfProblemsListsTheFirstHundred() {
        List<ConfigProblem> problems = IntStream.range(0, 200_000)
                .mapToObj(i -> new ConfigProblem("voice-prompts/survey-en-US.env", "junk" + i, "unknown key")).toList();
        String message = new SurveyConfigException(problems).getMessage();
        assertThat(message).startsWith("survey configuration refused, 200000 problems:")
                .contains("junk99: unknown key").doesNotContain("junk100:").endsWith("\n  - and 199900 more");
        assertThat(message.lines()).hasSize(SurveyConfigException.LISTED + 2);
    }

    @Test
    void aProblemHoldingAMegabyteOfAnAuthorsTextIsShortened() {
        String message = new SurveyConfigException(List.of(new ConfigProblem("survey-config.json", "goTo",
                "\"" + "x".repeat(1_000_000) + "\" is not a question"))).getMessage();
        assertThat(message).endsWith("… (1000046 characters)").hasSizeLessThan(600);
    }
}
