package com.surveyrelay.survey;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; the message lists every problem found, one a line. */
public final class SurveyConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public SurveyConfigException(List<ConfigProblem> problems) {
        super(describe(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The most problems the message lists: a file of 200,000 junk keys made a 30 MB message in every listing. */
    static final int LISTED = 100;

    /**
     * One line a problem, at most {@value #LISTED} of them and then how many more; a control character or line
     * separator an author's text brought in is written as {@code \\uXXXX}, so no file can forge a log line.
     */
    private static String describe(List<ConfigProblem> problems) {
        return "survey configuration refused, " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:")
                + problems.stream().limit(LISTED).map(problem -> "\n  - " + PlainText.escapeControls(shortened(problem.toString())))
                        .collect(Collectors.joining())
                + (problems.size() > LISTED ? "\n  - and " + (problems.size() - LISTED) + " more" : "");
    }

    /** The longest problem line written: an author's megabyte-long goTo is no message. */
    static final int LONGEST = 500;

    private static String shortened(String text) {
        return text.length() <= LONGEST ? text
                : PlainText.prefix(text, LONGEST) + "… (" + text.length() + " characters)";
    }
}
