package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagingTwimlTest {

    @Test
    void aReplyIsTheTwimlTwilioJavaRendersWithOneMessageATextInOrder() {
        List<String> texts = List.of("Thanks! Q1: how would you rate us, 1 to 5?", "Reply STOP to opt out & <leave>");

        String twiml = MessagingTwiml.of(texts);

        assertThat(twiml).isEqualTo(new MessagingResponse.Builder()
                .message(new Message.Builder(texts.get(0)).build())
                .message(new Message.Builder(texts.get(1)).build()).build().toXml());
        assertThat(twiml).contains("<Message>Thanks! Q1").contains("opt out &amp; &lt;leave&gt;</Message>");
        assertThat(twiml.indexOf("Thanks!")).isLessThan(twiml.indexOf("Reply STOP"));
    }

    @Test
    void noTextIsAnEmptyResponse() {
        assertThat(MessagingTwiml.of(List.of())).isEqualTo(new MessagingResponse.Builder().build().toXml())
                .contains("<Response/>");
    }

    @Test
    void aRepeatedReplyIsRenderedOnceAndAChangedOneAfresh() {
        List<String> texts = new ArrayList<>(List.of("Q2: what did you use?"));
        String first = MessagingTwiml.of(texts);

        assertThat(MessagingTwiml.of(List.of("Q2: what did you use?"))).isSameAs(first);
        texts.set(0, "Q3: anything else?"); // the caller's list changing later does not change what was kept
        assertThat(MessagingTwiml.of(List.of("Q2: what did you use?"))).isSameAs(first).contains("Q2:");
        assertThat(MessagingTwiml.of(texts)).contains("Q3: anything else?").doesNotContain("Q2");
    }
}
