package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One question of a survey, as the loader accepted it.
 *
 * @param min the lowest answer of a numeric type, or null for the type's default ({@code dtmf} 0, {@code rating}
 *     1, {@code nps} 0, {@code number} 0)
 * @param max the highest answer of a numeric type, or null for the type's default ({@code dtmf} 9, {@code rating}
 *     5, {@code nps} 10, {@code number} 99,999)
 * @param decimals for {@code number}: whether answers like 7.5 are taken; whole numbers only otherwise
 * @param options for {@code choice}: the options in order, each with its stored value and its key; empty otherwise
 * @param next skip logic: branches tried in order after the question is answered or skipped; the first whose
 *     condition holds names the next question (or the end). When none holds, the next question in order follows
 */
public record Question(
        String name, QuestionType type, Integer min, Integer max, boolean decimals, List<ChoiceOption> options,
        List<Branch> next) {

    public Question {
        options = List.copyOf(options);
        next = List.copyOf(next);
    }

    /** A question without options or skip logic, as the original template declared them. */
    public Question(String name, QuestionType type, Integer min, Integer max) {
        this(name, type, min, max, false, List.of(), List.of());
    }

    /** One option of a {@code choice} question: {@code value} is stored; {@code key} is pressed or texted (1 to 9). */
    public record ChoiceOption(String value, String key) {
    }

    /**
     * One branch of skip logic.
     *
     * @param when the condition on the recorded answer, or null for "always" (only as the last branch)
     * @param goTo the name of a later question, or {@link #END} to end the survey there
     */
    public record Branch(Condition when, String goTo) {

        /** The {@code goTo} that ends the survey. */
        public static final String END = "end";
    }

    /**
     * A condition on an answer: {@code equals} a value ({@code "yes"}/{@code "no"}, an option's value, or a
     * number), or a number {@code atLeast} and/or {@code atMost} a bound. A skipped question meets none.
     *
     * @param question the question whose answer is tested: null for the branch's own question, else the name of
     *     that question or of an earlier one (the lint refuses a later one, which has no answer yet); an earlier
     *     question the respondent's path did not ask, or skipped, meets none
     */
    public record Condition(String equals, BigDecimal atLeast, BigDecimal atMost, String question) {

        /** A condition on the branch's own question's answer. */
        public Condition(String equals, BigDecimal atLeast, BigDecimal atMost) {
            this(equals, atLeast, atMost, null);
        }

        /** The name of the question whose answer is tested: {@code question}, or {@code own} when it is null. */
        public String subject(String own) {
            return question == null ? own : question;
        }

        /** True when the recorded answer meets the condition; null (no valid answer) never does. */
        public boolean holdsFor(Object answer) {
            if (answer == null) {
                return false;
            }
            if (equals != null) {
                return answer instanceof Number number
                        ? new BigDecimal(equals).compareTo(new BigDecimal(number.toString())) == 0
                        : equals.equals(answer.toString());
            }
            if (!(answer instanceof Number number)) {
                return false;
            }
            BigDecimal value = new BigDecimal(number.toString());
            return (atLeast == null || value.compareTo(atLeast) >= 0)
                    && (atMost == null || value.compareTo(atMost) <= 0);
        }
    }

    public int lowest() {
        if (min != null) {
            return min;
        }
        return type == QuestionType.RATING ? 1 : 0;
    }

    public int highest() {
        if (max != null) {
            return max;
        }
        return switch (type) {
            case RATING -> 5;
            case NPS -> 10;
            case NUMBER -> 99_999;
            default -> 9;
        };
    }

    /**
     * How many keypresses the voice channel waits for before it submits the answer (# submits sooner): the digits of
     * {@link #highest}, and for a {@code number} taking decimals room for a star as the point and two decimals
     * ({@link KeypadDecimal}).
     */
    public int numDigits() {
        int whole = Integer.toString(highest()).length();
        return KeypadDecimal.takesDecimals(this) ? whole + 1 + KeypadDecimal.MAX_DECIMALS : whole;
    }

    /** The option with this key, if any. */
    public Optional<ChoiceOption> optionByKey(String key) {
        return options.stream().filter(option -> option.key().equals(key)).findFirst();
    }
}
