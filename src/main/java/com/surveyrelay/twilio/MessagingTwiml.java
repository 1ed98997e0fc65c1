package com.surveyrelay.twilio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.surveyrelay.survey.TwimlText;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import java.util.List;

/**
 * The TwiML an SMS webhook answers with: a {@code <Response>} holding one {@code <Message>} a reply text, in
 * order, rendered by twilio-java's {@link MessagingResponse}; no text gives an empty {@code <Response/>}.
 *
 * <p>twilio-java renders through a new DOM document builder and XML transformer each time, about 3% of the
 * service's CPU under the benchmark's SMS load. A survey's replies repeat (every respondent gets the same prompts),
 * so each distinct list of texts is rendered once and kept, up to {@value #KEPT} lists (Caffeine's size-bounded
 * cache: past that, the rarely used go first). Not every reply repeats: the SMS answer summary at a survey's end
 * quotes the respondent's own answers. Such a reply is rendered and offered to the cache like any other, and
 * Caffeine's frequency-based admission keeps one-off replies from pushing the prompts out; what it holds stays in
 * this process's memory only, as the session copies do.
 */
public final class MessagingTwiml {

    /** Distinct replies kept: a few kilobytes each at most (an SMS reply is 1,600 characters at most). */
    static final int KEPT = 2_000;

    private static final Cache<List<String>, String> RENDERED = Caffeine.newBuilder().maximumSize(KEPT)
            .executor(Runnable::run).build();

    private MessagingTwiml() {
    }

    /**
     * The TwiML for these replies.
     *
     * @param texts the reply texts, each already cut to what one message may carry; none for an empty response
     * @return the XML document, UTF-8 text with an XML declaration, as twilio-java renders it; characters XML 1.0
     *     forbids are left out of the texts ({@link TwimlText#xmlSafe})
     */
    public static String of(List<String> texts) {
        return RENDERED.get(List.copyOf(texts), MessagingTwiml::render);
    }

    private static String render(List<String> texts) {
        MessagingResponse.Builder reply = new MessagingResponse.Builder();
        texts.forEach(text -> reply.message(new Message.Builder(TwimlText.xmlSafe(text)).build()));
        return reply.build().toXml();
    }
}
