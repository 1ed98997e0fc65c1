package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a survey's skip logic, after each question was read on its own: each {@code goTo} names a later question
 * or {@code "end"} (so no branch can loop), each condition tests this question or an earlier one (a later one has no
 * answer yet) and can be met by an answer of that question's type, a branch
 * without {@code "if"} comes last, no branch matches only answers an earlier one takes first, and every question can
 * be reached from the first. Each problem names the file,
 * the question's place ({@code questions[2].next[0].goTo}) and the question.
 */
final class SkipLogicLint {

    private SkipLogicLint() {
    }

    /**
     * Checks the questions that were read, even when others of the file were refused on their own, so that every
     * problem is reported at once: each problem names a question's place in the file ({@code positions}, one a
     * question), a {@code goTo} naming a refused question ({@code declared} holds every question name the file gives)
     * is left to that question's own problem, and reachability is judged only when every question was read.
     *
     * @param positions each read question's index in the file's {@code questions} array
     * @param allRead true when no question of the file was refused
     * @param declared the names of every question in the file, read or refused
     */
    static void check(List<Question> questions, List<Integer> positions, boolean allRead, Set<String> declared,
            String file, List<ConfigProblem> problems) {
        int before = problems.size();
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            for (int b = 0; b < question.next().size(); b++) {
                Question.Branch branch = question.next().get(b);
                String at = "questions[" + positions.get(i) + "].next[" + b + "]";
                if (b > 0 && question.next().get(b - 1).when() == null) {
                    problems.add(new ConfigProblem(file, at, "comes after a branch without \"if\" in "
                            + question.name() + ", so it is never taken"));
                }
                target(questions, i, branch.goTo(), declared, file, at + ".goTo", problems);
                if (branch.when() != null) {
                    Question subject = subject(questions, i, branch.when(), declared, file, at + ".if.question",
                            problems);
                    if (subject != null) {
                        condition(subject, branch.when(), file, at + ".if", problems);
                    }
                    shadowed(question, positions.get(i), b, file, at + ".if", problems);
                }
            }
        }
        if (problems.size() == before && allRead) {
            unreachable(questions, file, problems);
        }
    }

    /**
     * Adds {@code problem} for a name no question of the file gives, with the question name it most likely meant
     * ({@link DidYouMean}: "qChanel" is "qChannel"); or nothing, when it is most likely a question name refused for
     * its form: "qWhy" named by a goTo beside a questionName mistyped "q why" was told it named no question, where one
     * character of the questionName was wrong (a survey author's probe, 2026-12-07).
     */
    private static void unknownName(List<Question> questions, String typed, Set<String> declared, String problem,
            String file, String at, List<ConfigProblem> problems) {
        unknownName(questions, List.of(), typed, declared, problem, file, at, problems);
    }

    /** As above, {@code alsoMeant} taken for a name meant too ({@code end} for a {@code goTo}). */
    private static void unknownName(List<Question> questions, List<String> alsoMeant, String typed, Set<String> declared,
            String problem, String file, String at, List<ConfigProblem> problems) {
        List<String> refusedForTheirForm = declared.stream()
                .filter(name -> !SurveyConfigLoader.hasQuestionNameForm(name)).toList();
        if (DidYouMean.closest(typed, refusedForTheirForm).isPresent()) {
            return;
        }
        List<String> meant = new java.util.ArrayList<>(questions.stream().map(Question::name).toList());
        meant.addAll(alsoMeant);
        problems.add(new ConfigProblem(file, at, problem + DidYouMean.hint(typed, meant)));
    }

    private static void target(List<Question> questions, int from, String goTo, Set<String> declared, String file,
            String at, List<ConfigProblem> problems) {
        if (goTo.equals(Question.Branch.END)) {
            return;
        }
        int to = indexOf(questions, goTo);
        String name = questions.get(from).name();
        if (to < 0 && declared.contains(goTo)) {
            return; // a question refused for its own problem, reported already
        }
        if (to < 0) {
            // "End" and "END" are told "end" (no hint until 2026-12-07, a carried gap).
            unknownName(questions, List.of(Question.Branch.END), goTo, declared, "\"" + goTo + "\" in " + name
                    + " is not a question of this survey (a questionName, or \"end\")", file, at, problems);
        } else if (to <= from) {
            problems.add(new ConfigProblem(file, at, "\"" + goTo + "\" in " + name + " would loop: "
                    + (to == from ? "it is this question" : "it comes before this question")
                    + "; a branch may only skip ahead"));
        }
    }

    /**
     * The question whose answer a condition of question {@code from} tests: its own, or the earlier one it names.
     *
     * @return the question; null when the name is not a question read from the file (reported here, unless the
     *     question was refused for its own problem) or a later question, which has no answer yet (reported here)
     */
    private static Question subject(List<Question> questions, int from, Question.Condition when, Set<String> declared,
            String file, String at, List<ConfigProblem> problems) {
        String own = questions.get(from).name();
        String name = when.subject(own);
        int index = indexOf(questions, name);
        if (index < 0 && !declared.contains(name)) {
            unknownName(questions, name, declared, "\"" + name + "\" in " + own + " is not a question of this "
                    + "survey (the questionName of this question or an earlier one)", file, at, problems);
        } else if (index > from) {
            problems.add(new ConfigProblem(file, at, "\"" + name + "\" comes after " + own + ", so it has no answer "
                    + "when " + own + "'s branches are tried; a condition may test this question or an earlier one"));
        }
        return index < 0 || index > from ? null : questions.get(index);
    }

    private static void condition(
            Question question, Question.Condition when, String file, String at, List<ConfigProblem> problems) {
        QuestionType type = question.type();
        String name = question.name();
        if (type.freeText()) {
            problems.add(new ConfigProblem(file, at, name + " is a " + type.configName() + " question, whose answer "
                    + "is free words: only a branch without \"if\" applies"));
            return;
        }
        if (when.equals() != null) {
            if (type == QuestionType.YES_NO && !Set.of("yes", "no").contains(when.equals())) {
                problems.add(new ConfigProblem(file, at + ".equals", "\"" + when.equals() + "\" is not an answer to "
                        + name + ", a yesNo question (\"yes\" or \"no\")"));
            } else if (type == QuestionType.CHOICE && question.options().stream()
                    .noneMatch(option -> option.value().equals(when.equals()))) {
                problems.add(new ConfigProblem(file, at + ".equals", "\"" + when.equals() + "\" is not an option of "
                        + name + " (" + question.options().stream().map(Question.ChoiceOption::value)
                        .collect(Collectors.joining(", ")) + ")"));
            } else if (type.numeric()) {
                BigDecimal value = number(when.equals());
                if (value == null) {
                    problems.add(new ConfigProblem(file, at + ".equals", "\"" + when.equals() + "\" is not a number, "
                            + "and " + name + " is a " + type.configName() + " question"));
                } else {
                    inRange(question, value, file, at + ".equals", problems);
                }
            }
            return;
        }
        if (!type.numeric()) {
            problems.add(new ConfigProblem(file, at, name + " is a " + type.configName() + " question: atLeast and "
                    + "atMost apply to dtmf, rating, nps and number questions; use equals"));
            return;
        }
        if (when.atLeast() != null) {
            inRange(question, when.atLeast(), file, at + ".atLeast", problems);
        }
        if (when.atMost() != null) {
            inRange(question, when.atMost(), file, at + ".atMost", problems);
        }
    }

    /** A branch every answer of which an earlier branch of the same question takes first is never taken. */
    private static void shadowed(Question question, int index, int branch, String file, String at,
            List<ConfigProblem> problems) {
        Question.Condition later = question.next().get(branch).when();
        String subject = later.subject(question.name());
        for (int b = 0; b < branch; b++) {
            Question.Condition earlier = question.next().get(b).when();
            // Conditions on two questions' answers can each hold without the other.
            if (earlier != null && earlier.subject(question.name()).equals(subject)
                    && covers(earlier, later, subject.equals(question.name()) ? question : null)) {
                problems.add(new ConfigProblem(file, at, "is never taken: every answer it matches is taken first by "
                        + "questions[" + index + "].next[" + b + "] of " + question.name()));
                return;
            }
        }
    }

    /**
     * True when every answer meeting {@code later} meets {@code earlier}. A bound {@code later} leaves open is the
     * question's own end when the conditions are on its answers: "atMost 6" after "atLeast 0" of an NPS question is
     * never taken (until 2026-12-07 an open bound was never covered, and such a branch passed the lint: an author's
     * probe found a detractors' follow-up that was never asked).
     *
     * @param question the question whose answers both conditions test, or null when they test another's
     */
    private static boolean covers(Question.Condition earlier, Question.Condition later, Question question) {
        BigDecimal laterEquals = later.equals() == null ? null : number(later.equals());
        if (earlier.equals() != null) {
            BigDecimal earlierEquals = number(earlier.equals());
            if (later.equals() != null) {
                return earlierEquals != null && laterEquals != null ? earlierEquals.compareTo(laterEquals) == 0
                        : earlier.equals().equals(later.equals());
            }
            return earlierEquals != null && later.atLeast() != null && later.atMost() != null
                    && later.atLeast().compareTo(earlierEquals) == 0 && later.atMost().compareTo(earlierEquals) == 0;
        }
        BigDecimal low = later.equals() != null ? laterEquals : later.atLeast();
        BigDecimal high = later.equals() != null ? laterEquals : later.atMost();
        if (question != null && question.type().numeric() && later.equals() == null) {
            low = low != null ? low : BigDecimal.valueOf(question.lowest());
            high = high != null ? high : BigDecimal.valueOf(question.highest());
        }
        if (later.equals() != null && laterEquals == null) {
            return false;
        }
        boolean aboveLow = earlier.atLeast() == null || (low != null && low.compareTo(earlier.atLeast()) >= 0);
        boolean belowHigh = earlier.atMost() == null || (high != null && high.compareTo(earlier.atMost()) <= 0);
        return aboveLow && belowHigh;
    }

    private static void inRange(Question question, BigDecimal value, String file, String at,
            List<ConfigProblem> problems) {
        boolean whole = question.type() != QuestionType.NUMBER || !question.decimals();
        if (value.compareTo(BigDecimal.valueOf(question.lowest())) < 0
                || value.compareTo(BigDecimal.valueOf(question.highest())) > 0
                || (whole && value.stripTrailingZeros().scale() > 0)) {
            problems.add(new ConfigProblem(file, at, printable(value) + " is not an answer " + question.name()
                    + " can have (" + (whole ? "whole numbers " : "") + "from " + question.lowest() + " to "
                    + question.highest() + ")"));
        }
    }

    /**
     * The number as written plainly ("100", "0.5"), or in scientific notation when that would be long: "1e2000000000"
     * written plainly is two billion characters, and building it took the loader minutes and all its memory.
     */
    static String printable(BigDecimal value) {
        return Math.abs((long) value.scale()) <= 30 && value.precision() <= 60 ? value.toPlainString()
                : value.toString();
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every question a respondent can reach from the first, by any branch or by going on in order. */
    private static void unreachable(List<Question> questions, String file, List<ConfigProblem> problems) {
        boolean[] reached = new boolean[questions.size()];
        Deque<Integer> toVisit = new ArrayDeque<>(List.of(0));
        while (!toVisit.isEmpty()) {
            int index = toVisit.pop();
            if (reached[index]) {
                continue;
            }
            reached[index] = true;
            Question question = questions.get(index);
            for (Question.Branch branch : question.next()) {
                for (int i = 0; i < questions.size(); i++) {
                    if (questions.get(i).name().equals(branch.goTo())) {
                        toVisit.push(i);
                    }
                }
            }
            // Without a branch that always applies, an answer no branch takes (or a skip) goes on in order.
            boolean alwaysBranches = question.next().stream().anyMatch(branch -> branch.when() == null);
            if (!alwaysBranches && index + 1 < questions.size()) {
                toVisit.push(index + 1);
            }
        }
        for (int i = 0; i < questions.size(); i++) {
            if (!reached[i]) {
                problems.add(new ConfigProblem(file, "questions[" + i + "]", questions.get(i).name() + " is "
                        + "unreachable: nothing leads to it from the first question, by a branch or by going on in "
                        + "order"));
            }
        }
    }

    /**
     * The index of the question read from the file under {@code name}, the last if the file repeats it (a repeat is
     * refused on its own); -1 for none, {@code "end"} included.
     */
    private static int indexOf(List<Question> questions, String name) {
        int index = -1;
        for (int i = 0; i < questions.size(); i++) {
            index = questions.get(i).name().equals(name) ? i : index;
        }
        return index;
    }
}
