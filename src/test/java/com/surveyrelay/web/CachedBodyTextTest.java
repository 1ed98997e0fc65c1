package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.converter.stream.ReaderCache;
import org.junit.jupiter.api.Test;

/**
 * A cached body read as text gives what Camel's own Reader-to-String conversion gives: the text from the reader's
 * position to its end, leaving the reader at its end, however long, and any characters.
 */
class CachedBodyTextTest {

    private final CachedBodyText.ToText toText = new CachedBodyText.ToText();

    @Test
    void givesTheWholeBodyAndLeavesTheReaderAtItsEnd() throws Exception {
        String form = "Body=%C3%A9t%C3%A9+4&From=%2B15551230001&Lang=日本語";
        ReaderCache body = new ReaderCache(form);
        assertThat(toText.convertTo(String.class, null, body)).isEqualTo(form);
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void givesWhatIsLeftAfterTheReadersPositionAndAllAgainOnceReset() throws Exception {
        ReaderCache body = new ReaderCache("Body=4&From=x");
        assertThat(body.skip(7)).isEqualTo(7);
        assertThat(toText.convertTo(String.class, null, body)).isEqualTo("From=x");
        body.reset();
        assertThat(toText.convertTo(String.class, null, body)).isEqualTo("Body=4&From=x");
        assertThat(toText.convertTo(String.class, null, body)).isEmpty();
    }

    @Test
    void givesABodyLargerThanCamelsBufferWhole() {
        String large = "Body=" + "a".repeat(40_000);
        assertThat(toText.convertTo(String.class, null, new ReaderCache(large))).isEqualTo(large);
        assertThat(toText.convertTo(String.class, null, new ReaderCache(""))).isEmpty();
    }

    @Test
    void leavesAnyOtherConversionToCamel() {
        assertThat(toText.convertTo(Integer.class, null, new ReaderCache("4"))).isNull();
        assertThat(toText.convertTo(String.class, null, "already text")).isNull();
    }
}
