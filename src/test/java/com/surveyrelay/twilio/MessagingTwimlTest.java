package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

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

    @Test
    void aSummaryQuotingControlCharactersIsStillXmlTwilioCanRead() throws Exception {
        String twiml = MessagingTwiml.of(
                List.of("Your answers: 2. a\u0000b\u0001c\u001b\u000bd\ufffe 4. x\u0008y \uD83D\uDE00"));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getElementsByTagName("Message").item(0).getTextContent())
                .isEqualTo("Your answers: 2. abcd 4. xy \uD83D\uDE00");
    }
}
