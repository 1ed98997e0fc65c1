package com.surveyrelay.survey;

/**
 * One question of a survey. A {@code dtmf} question takes a whole number in {@code [min, max]}; without a
 * range it takes one keypress, 0 to 9, as the original template did.
 */
public record Question(String name, QuestionType type, Integer min, Integer max) {

    static final int DEFAULT_MIN = 0;
    static final int DEFAULT_MAX = 9;

    public int lowest() {
        return min == null ? DEFAULT_MIN : min;
    }

    public int highest() {
        return max == null ? DEFAULT_MAX : max;
    }

    /** How many keypresses the voice channel waits for before it submits the answer. */
    public int numDigits() {
        return Integer.toString(highest()).length();
    }
}
