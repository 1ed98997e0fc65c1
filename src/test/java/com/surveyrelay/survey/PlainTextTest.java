package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A cut of a respondent's text keeps whole user-perceived characters (extended grapheme clusters): a cut that kept a
 * letter without its combining accent, half a flag or a family emoji without its last members changed what the
 * respondent wrote.
 */
class PlainTextTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    private static final String FRANCE = "\uD83C\uDDEB\uD83C\uDDF7";
    private static final String THUMBS_UP_MEDIUM = "\uD83D\uDC4D\uD83C\uDFFD";
    private static final String RAINBOW_FLAG = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08";

    @Test
    void aTextWithinTheBoundIsKeptWhole() {
        assertThat(PlainText.prefix("e\u0301", 2)).isEqualTo("e\u0301");
        assertThat(PlainText.prefix("", 0)).isEmpty();
    }

    @Test
    void aLetterKeepsItsCombiningMarks() {
        assertThat(PlainText.prefix("cafe\u0301!", 4)).isEqualTo("caf");
        assertThat(PlainText.prefix("ae\u0323\u0302b", 3)).isEqualTo("a");
        assertThat(PlainText.prefix("ae\u0323\u0302b", 4)).isEqualTo("ae\u0323\u0302");
    }

    @Test
    void anEmojiKeepsItsJoinedPartsItsSkinToneAndItsVariationSelector() {
        assertThat(PlainText.prefix("a" + FAMILY + "b", 1 + FAMILY.length() - 1)).isEqualTo("a");
        assertThat(PlainText.prefix("a" + FAMILY + "b", 1 + FAMILY.length())).isEqualTo("a" + FAMILY);
        assertThat(PlainText.prefix("a" + THUMBS_UP_MEDIUM + "b", 3)).isEqualTo("a");
        assertThat(PlainText.prefix("a" + RAINBOW_FLAG + "b", 5)).isEqualTo("a");
        assertThat(PlainText.prefix("a1\uFE0F\u20E3b", 3)).as("a keycap").isEqualTo("a");
    }

    @Test
    void aFlagKeepsBothItsRegionalIndicators() {
        assertThat(PlainText.prefix("a" + FRANCE + FRANCE, 7)).isEqualTo("a" + FRANCE);
        assertThat(PlainText.prefix("a" + FRANCE + FRANCE, 3)).isEqualTo("a");
    }

    @Test
    void aLineEndIsNotSplitBetweenItsReturnAndItsLineFeed() {
        assertThat(PlainText.prefix("ab\r\nc", 3)).isEqualTo("ab");
    }

    /** A cluster boundary would keep nothing of a letter under more marks than the bound: its start is kept. */
    @Test
    void aClusterLongerThanTheBoundKeepsItsStartButNoHalfSurrogatePair() {
        assertThat(PlainText.prefix("a" + "\u0301".repeat(10), 5)).isEqualTo("a" + "\u0301".repeat(4));
        assertThat(PlainText.prefix("\uD83D\uDC68\u200D".repeat(10), 4)).isEqualTo("\uD83D\uDC68\u200D");
        assertThat(PlainText.prefix(THUMBS_UP_MEDIUM, 3)).isEqualTo("\uD83D\uDC4D");
    }
}
