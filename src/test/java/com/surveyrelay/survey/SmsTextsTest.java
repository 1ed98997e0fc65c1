package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every text fits Twilio's 1,600 characters, in order, with nothing lost. */
class SmsTextsTest {

    @Test
    void paragraphsThatFitStayInOneText() {
        assertThat(SmsTexts.fit(List.of("Thanks.", "Next question.", "How was it?")))
                .containsExactly("Thanks.\n\nNext question.\n\nHow was it?");
        assertThat(SmsTexts.fit(List.of())).isEmpty();
    }

    @Test
    void paragraphsThatDoNotFitGoToTheNextText() {
        String nine = "a".repeat(900);
        String eight = "b".repeat(800);
        assertThat(SmsTexts.fit(List.of(nine, eight, "c"))).containsExactly(nine, eight + "\n\nc");
    }

    @Test
    void aParagraphTooLongIsCutAtALineBreakThenAtASpaceThenWhereItMust() {
        String lines = ("x".repeat(99) + "\n").repeat(20).strip();
        List<String> byLine = SmsTexts.fit(List.of(lines));
        assertThat(byLine).hasSize(2).allSatisfy(text -> assertThat(text).hasSizeLessThanOrEqualTo(1600)
                .doesNotStartWith("\n").doesNotEndWith("\n"));
        assertThat(byLine.get(0)).endsWith("x".repeat(99));

        String words = "word ".repeat(400).strip();
        List<String> byWord = SmsTexts.fit(List.of(words));
        assertThat(byWord).allSatisfy(text -> assertThat(text).hasSizeLessThanOrEqualTo(1600).endsWith("word"));
        assertThat(String.join(" ", byWord)).isEqualTo(words);

        String solid = "y".repeat(3500);
        assertThat(SmsTexts.fit(List.of(solid))).extracting(String::length).containsExactly(1600, 1600, 300);
    }

    @Test
    void neverSplitsAnEmojiInTwo() {
        String emoji = "😀".repeat(900);
        List<String> texts = SmsTexts.fit(List.of(emoji));
        assertThat(texts).allSatisfy(text -> {
            assertThat(text).hasSizeLessThanOrEqualTo(1600);
            assertThat(Character.isHighSurrogate(text.charAt(text.length() - 1))).isFalse();
        });
        assertThat(String.join("", texts)).isEqualTo(emoji);
    }

    /** A cut where it must fell between a flag's two regional indicators, and every flag after it paired wrongly. */
    @Test
    void neverSplitsAFlagInTwo() {
        String flags = "x" + "\uD83C\uDDEB\uD83C\uDDF7".repeat(500);
        List<String> texts = SmsTexts.fit(List.of(flags));
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).hasSize(1 + 4 * 399);
        assertThat(texts.get(1)).isEqualTo("\uD83C\uDDEB\uD83C\uDDF7".repeat(101));
    }

    @Test
    void aFirstEndIsKeptInTheFirstTextWhenTheParagraphsTakeMore() {
        String end = "Reply STOP to opt out.";
        String welcome = "w".repeat(1_570);
        assertThat(SmsTexts.fit(List.of(welcome, "Reply GO."), end)).containsExactly(welcome + "\n\n" + end,
                "Reply GO.");
        String solid = "s".repeat(1_590);
        List<String> cut = SmsTexts.fit(List.of(solid, "Reply GO."), end);
        assertThat(cut.get(0)).as("the paragraph cut where the first text's room ends").hasSize(1_600)
                .endsWith("s\n\n" + end);
        assertThat(cut.get(1)).isEqualTo("s".repeat(1_590 - (1_600 - 2 - end.length())) + "\n\nReply GO.");
        assertThat(SmsTexts.fit(List.of("Hi."), end)).as("all in one").containsExactly("Hi.\n\n" + end);
        String whole = "e".repeat(1_600);
        assertThat(SmsTexts.fit(List.of("Hi."), whole)).as("a line a message long").containsExactly(whole, "Hi.");
    }
}
