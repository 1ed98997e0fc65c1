package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepliesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Español!|espanol", "  FRANÇAIS  |francais", "continue, please|continue please", "Ça va?|ca va",
        "ﬁve|five"})
    void normalisesCaseAccentsAndPunctuation(String text, String expected) {
        assertThat(Replies.normalise(text)).isEqualTo(expected);
    }

    @Test
    void matchesWholeLeadingWordsOnly() {
        assertThat(Replies.startsWithAny("espanol por favor", List.of("espanol"))).isTrue();
        assertThat(Replies.startsWithAny("espanola", List.of("espanol"))).isFalse();
        assertThat(Replies.startsWithAny("yo espanol", List.of("espanol"))).isFalse();
    }
}
