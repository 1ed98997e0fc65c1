package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A text's body as Twilio lists it after Smart Encoding or a Messaging Service changed it is still the text we sent;
 * until 2026-12-06 only an equal body was.
 */
class SmartEncodingTest {

    @Test
    void aBodyListedWithSmartEncodingsReplacementsIsTheTextSent() {
        String sent = "\u201cThanks\u201d \u2014 we\u2019re listening\u2026\u00a0Reply \u2018continue\u2019.";
        assertThat(SmartEncoding.listedAs("\"Thanks\" - we're listening... Reply 'continue'.", sent)).isTrue();
        assertThat(SmartEncoding.listedAs(sent, sent)).isTrue();
    }

    @Test
    void aBodyListedWithAMessagingServicesLineAppendedIsTheTextSent() {
        assertThat(SmartEncoding.listedAs("We\u2019re glad. Reply STOP to unsubscribe.", "We're glad.")).isTrue();
        assertThat(new TwilioLookups.SentText("SM" + "0".repeat(32), "sent", "We're glad.\nReply STOP to stop.")
                .sentAs("We\u2019re glad.")).isTrue();
    }

    @Test
    void anotherBodyOrNoneIsNotTheTextSent() {
        assertThat(SmartEncoding.listedAs("We are glad.", "We\u2019re glad.")).isFalse();
        assertThat(SmartEncoding.listedAs("glad.", "We're glad.")).as("only text appended, none before").isFalse();
        assertThat(SmartEncoding.listedAs(null, "We're glad.")).isFalse();
        assertThat(SmartEncoding.listedAs("", "We're glad.")).isFalse();
        assertThat(new TwilioLookups.SentText("SM" + "0".repeat(32), "sent", null).sentAs("We're glad.")).isFalse();
    }
}
