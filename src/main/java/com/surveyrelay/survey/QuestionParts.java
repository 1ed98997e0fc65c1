package com.surveyrelay.survey;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the parts of a question beyond its name and type: a {@code choice} question's {@code options} and any
 * question's skip logic ({@code next}), syntax only, each mistake a {@link ConfigProblem} naming the file and the
 * place ({@code questions[2].options[1].key}). {@link SkipLogicLint} checks what the branches mean once every
 * question is read.
 */
final class QuestionParts {

    private static final Set<String> OPTION_KEYS = Set.of("value", "key");
    private static final Set<String> BRANCH_KEYS = Set.of("if", "goTo");
    private static final Set<String> CONDITION_KEYS = Set.of("equals", "atLeast", "atMost", "question");
    private static final Pattern OPTION_VALUE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /**
     * The most branches one question may have. The lint compares each branch with every earlier one ({@link
     * SkipLogicLint}), so a survey-config.json under the catalog's 1 MiB of 20,000 branches on one question took 14 s to
     * lint, holding up every survey's refresh at each upload and each start; a hundred is one per question a survey may
     * ask, and far more than ranges of answers need ({@code atLeast} and {@code atMost} cover many values at once).
     */
    static final int MAX_BRANCHES = SurveyConfigLoader.MAX_QUESTIONS;

    private QuestionParts() {
    }

    /** {@code "options": [{"value": "web", "key": "1"}, ...]}: for choice questions only, 2 to 9 of them. */
    static List<Question.ChoiceOption> options(
            JsonNode node, QuestionType type, String file, String path, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            if (type == QuestionType.CHOICE) {
                problems.add(new ConfigProblem(file, path + ".options", "is missing: a choice question needs 2 to 9 "
                        + "options like {\"value\": \"web\", \"key\": \"1\"}"));
            }
            return List.of();
        }
        if (type != QuestionType.CHOICE) {
            problems.add(new ConfigProblem(file, path + ".options", "applies to choice questions only"));
            return List.of();
        }
        if (!node.isArray() || node.size() < 2 || node.size() > 9) {
            problems.add(new ConfigProblem(file, path + ".options", "must be an array of 2 to 9 options"));
            return List.of();
        }
        List<Question.ChoiceOption> options = new ArrayList<>();
        Set<String> values = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode option = node.get(i);
            String at = path + ".options[" + i + "]";
            if (!option.isObject()) {
                problems.add(new ConfigProblem(file, at, "expected {\"value\": \"web\", \"key\": \"1\"}"));
                continue;
            }
            SurveyConfigLoader.unknownKeys(option, OPTION_KEYS, file, at + ".", problems);
            String value = option.path("value").asText("");
            String key = option.path("key").isIntegralNumber() ? option.get("key").asText()
                    : option.path("key").asText("");
            if (option.path("value").isMissingNode()) {
                // Said missing, not as an empty value (a breaker's probe, 2026-12-07: "\"\" must be lower-case...").
                problems.add(new ConfigProblem(file, at + ".value", "missing: the option's value, lower-case letters, "
                        + "digits, - and _, at most 32 characters (it is stored as the answer)"));
            } else if (!OPTION_VALUE.matcher(value).matches()) {
                problems.add(new ConfigProblem(file, at + ".value", "\"" + value + "\" must be lower-case letters, "
                        + "digits, - and _, at most 32 characters (it is stored as the answer)"));
            } else if (!values.add(value)) {
                problems.add(new ConfigProblem(file, at + ".value", "\"" + value + "\" is used twice"));
            }
            if (option.path("key").isMissingNode()) {
                // Said missing, as a missing value is, not as an empty key (a survey author's probe, 2026-12-07).
                problems.add(new ConfigProblem(file, at + ".key", "missing: the option's key, one from 1 to 9 (what "
                        + "a caller presses for it)"));
            } else if (!key.matches("[1-9]")) {
                problems.add(new ConfigProblem(file, at + ".key", "must be one key from 1 to 9, not \"" + key + "\""));
            } else if (!keys.add(key)) {
                problems.add(new ConfigProblem(file, at + ".key", "key " + key + " is used twice"));
            }
            options.add(new Question.ChoiceOption(value, key));
        }
        return options;
    }

    /** {@code "next": [{"if": {"atMost": 2}, "goTo": "questionWhy"}, {"goTo": "end"}]}: the syntax only. */
    static List<Question.Branch> branches(
            JsonNode node, String file, String path, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(new ConfigProblem(file, path + ".next", "must be a non-empty array of branches like "
                    + "{\"if\": {\"atMost\": 2}, \"goTo\": \"questionWhy\"}"));
            return List.of();
        }
        if (node.size() > MAX_BRANCHES) {
            problems.add(new ConfigProblem(file, path + ".next", "has " + node.size() + " branches; a question may have "
                    + "at most " + MAX_BRANCHES + " (test ranges of answers with atLeast and atMost rather than each "
                    + "value with equals)"));
            return List.of();
        }
        List<Question.Branch> branches = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode branch = node.get(i);
            String at = path + ".next[" + i + "]";
            if (!branch.isObject()) {
                problems.add(new ConfigProblem(file, at, "expected {\"if\": {...}, \"goTo\": \"...\"}"));
                continue;
            }
            SurveyConfigLoader.unknownKeys(branch, BRANCH_KEYS, file, at + ".", problems);
            String goTo = branch.path("goTo").asText("");
            if (!branch.path("goTo").isTextual() || goTo.isBlank()) {
                problems.add(new ConfigProblem(file, at + ".goTo", "is missing: a question name, or \"end\""));
                continue;
            }
            Question.Condition condition = null;
            JsonNode when = branch.get("if");
            if (when != null && !when.isNull()) {
                condition = condition(when, file, at + ".if", problems);
                if (condition == null) {
                    continue;
                }
            }
            branches.add(new Question.Branch(condition, goTo));
        }
        return branches;
    }

    private static Question.Condition condition(JsonNode when, String file, String at, List<ConfigProblem> problems) {
        if (!when.isObject() || when.isEmpty()) {
            problems.add(new ConfigProblem(file, at, "must be {\"equals\": ...}, or {\"atLeast\": n} and/or "
                    + "{\"atMost\": n}"));
            return null;
        }
        int before = problems.size();
        SurveyConfigLoader.unknownKeys(when, CONDITION_KEYS, file, at + ".", problems);
        JsonNode equals = when.get("equals");
        if (equals != null && (when.has("atLeast") || when.has("atMost"))) {
            problems.add(new ConfigProblem(file, at, "equals cannot be combined with atLeast or atMost"));
        }
        if (equals != null && !equals.isTextual() && !finite(equals)) {
            problems.add(new ConfigProblem(file, at + ".equals", "must be a string or a finite number"));
        }
        JsonNode subject = when.get("question");
        if (subject != null && (!subject.isTextual() || subject.asText().isBlank())) {
            problems.add(new ConfigProblem(file, at + ".question", "must be the questionName of this question or an "
                    + "earlier one, whose answer the condition tests"));
        }
        if (subject != null && equals == null && !when.has("atLeast") && !when.has("atMost")) {
            problems.add(new ConfigProblem(file, at, "names a question but no test: add {\"equals\": ...}, or "
                    + "{\"atLeast\": n} and/or {\"atMost\": n}"));
        }
        BigDecimal atLeast = bound(when, "atLeast", file, at, problems);
        BigDecimal atMost = bound(when, "atMost", file, at, problems);
        if (atLeast != null && atMost != null && atLeast.compareTo(atMost) > 0) {
            problems.add(new ConfigProblem(file, at, "atLeast " + SkipLogicLint.printable(atLeast)
                    + " is greater than atMost " + SkipLogicLint.printable(atMost) + ": no answer meets it"));
        }
        if (problems.size() > before) {
            return null;
        }
        String equalsText = equals == null ? null : equals.isNumber()
                ? SkipLogicLint.printable(equals.decimalValue().stripTrailingZeros()) : equals.asText();
        return new Question.Condition(equalsText, atLeast, atMost, subject == null ? null : subject.asText());
    }

    private static BigDecimal bound(JsonNode when, String key, String file, String at, List<ConfigProblem> problems) {
        JsonNode value = when.get(key);
        if (value == null) {
            return null;
        }
        if (!finite(value)) {
            // A number in quotes is text to JSON: said so, as min's is (a survey author's probe, 2026-12-07).
            String quoted = value.isTextual() && value.asText().strip().matches("-?[0-9]+(\\.[0-9]+)?")
                    ? ", not the text " + value + ": write it without quotes" : "";
            problems.add(new ConfigProblem(file, at + "." + key, "must be a finite number" + quoted));
            return null;
        }
        return value.decimalValue();
    }

    /** True for a JSON number a {@link BigDecimal} can hold: {@code 1e400} is read as an infinite double. */
    private static boolean finite(JsonNode value) {
        return value.isNumber() && (!value.isFloatingPointNumber() || value.isBigDecimal()
                || Double.isFinite(value.doubleValue()));
    }
}
