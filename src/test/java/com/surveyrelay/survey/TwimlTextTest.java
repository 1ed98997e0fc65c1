package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwimlTextTest {

    @Test
    void textXmlAllowsIsTheSameInstance() {
        String text = "Merci ! Tab\there, lines\r\n, emoji \uD83D\uDE00, U+FFFD \uFFFD, U+E000 \uE000";

        assertThat(TwimlText.xmlSafe(text)).isSameAs(text);
        assertThat(TwimlText.xmlSafe(null)).isNull();
    }

    @Test
    void controlCharactersNonCharactersAndLoneSurrogatesAreLeftOut() {
        assertThat(TwimlText.xmlSafe("a\u0000b\u0001c\u001b\u000bd\u000ce\u007f")).as("DEL is allowed")
                .isEqualTo("abcde\u007f");
        assertThat(TwimlText.xmlSafe("x\uFFFEy\uFFFFz")).isEqualTo("xyz");
        assertThat(TwimlText.xmlSafe("lone high \uD83D end")).isEqualTo("lone high  end");
        assertThat(TwimlText.xmlSafe("lone low \uDE00 end")).isEqualTo("lone low  end");
        assertThat(TwimlText.xmlSafe("\uDE00\uD83D")).as("a pair in the wrong order is two lone halves").isEmpty();
    }
}
