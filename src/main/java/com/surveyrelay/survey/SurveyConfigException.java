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

    private static String describe(List<ConfigProblem> problems) {
        return "survey configuration refused, " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:")
                + problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining());
    }
}
