package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The known key a misspelt one meant, and no guess where none is near or two are equally so. */
class DidYouMeanTest {

    private static final List<String> KNOWN = List.of("welcome", "thankYou", "maxRetries", "min", "max", "q1",
            "nextQuestion", "answerOutOfRange", "answerOutOfRangeDecimal");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"welcom, welcome", "Welcome, welcome", "ThankYou, thankYou", "thankyou, thankYou",
        "thnakYou, thankYou", "maxRetriez, maxRetries", "nextQuestoin, nextQuestion",
        "answerOutOfRangeDecimals, answerOutOfRangeDecimal", "Q1, q1", "mxa, max", "nxetQuestion, nextQuestion"})
    void aNearKeyIsNamed(String typed, String meant) {
        assertThat(DidYouMean.closest(typed, KNOWN)).contains(meant);
        assertThat(DidYouMean.hint(typed, KNOWN)).isEqualTo("; did you mean " + meant + "?");
    }

    @ParameterizedTest(name = "{0} has no guess")
    @CsvSource({"mix", "maximum", "goodbye", "q2x", "welcomeMessageForCallers", "xy"})
    void noKeyNearEnoughOrTwoEquallyNearIsNoGuess(String typed) {
        assertThat(DidYouMean.closest(typed, KNOWN)).isEmpty();
        assertThat(DidYouMean.hint(typed, KNOWN)).isEmpty();
    }

    @Test
    void aKeyThatIsKnownIsNotItsOwnGuess() {
        assertThat(DidYouMean.closest("min", List.of("min", "mine"))).contains("mine");
    }
}
