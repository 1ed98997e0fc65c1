package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a question is answered, as {@code questionType} declares it in {@code survey-config.json}. The first two are
 * the original template's; the others read answers as people give them ({@link NaturalAnswers}).
 */
public enum QuestionType {
    /** A whole number in {@code [min, max]} (0 to 9 without a range); keypad only on a call. */
    DTMF("dtmf", true),
    /** Free words; speech only on a call. */
    SPEECH("speech", false),
    /** A whole number in {@code [min, max]} (1 to 5 without a range), by keypad, speech or text. */
    RATING("rating", true),
    /** Net Promoter Score: a whole number from 0 to 10, by keypad (then #), speech or text. */
    NPS("nps", true),
    /** Yes or no, in the respondent's words, or key 1 (yes) or 2 (no); recorded as {@code "yes"} or {@code "no"}. */
    YES_NO("yesNo", false),
    /** One of the question's options, by its key or one of its labels in the respondent's language. */
    CHOICE("choice", false),
    /** A number in {@code [min, max]}, whole unless {@code decimals} is true. */
    NUMBER("number", true),
    /** Free words, by speech or text. */
    TEXT("text", false);

    private final String configName;
    private final boolean numeric;

    QuestionType(String configName, boolean numeric) {
        this.configName = configName;
        this.numeric = numeric;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    /** True for the types whose answer is a number, which branches compare with {@code atLeast} and {@code atMost}. */
    public boolean numeric() {
        return numeric;
    }

    /** True for the free-word types, whose answer is the words themselves. */
    public boolean freeText() {
        return this == SPEECH || this == TEXT;
    }

    /** The type a config name declares, if any. */
    public static Optional<QuestionType> ofConfigName(String name) {
        return Arrays.stream(values()).filter(type -> type.configName.equals(name)).findFirst();
    }

    /** The config names, for error messages: {@code dtmf, speech, rating, ...}. */
    public static String configNames() {
        return String.join(", ", Arrays.stream(values()).map(QuestionType::configName).toList());
    }
}
