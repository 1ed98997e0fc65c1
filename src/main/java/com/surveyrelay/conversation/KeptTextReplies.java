package com.surveyrelay.conversation;

import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a text kept during a storage outage (the {@code sms-retries} route's bean): the step once per
 * {@code MessageSid}, then its replies through the Twilio REST API, since the webhook that carried the text was
 * answered long ago, with nothing. A text found applied already is not applied again. On the message's first delivery
 * its stored replies are sent all the same: its webhook's write landed while S3 failed to say so, and without them
 * the respondent would wait for a next question that never comes. On a later delivery they are not (an earlier one
 * may have applied the text and sent them). A failure (storage still down) leaves the message on the queue for its
 * next delivery. The answer is never lost nor stored twice; a reply is lost when its sending fails, and can go twice
 * only if a first delivery that sent it is delivered again as a first (SQS counts receives approximately).
 */
@Component("keptTextReplies")
public class KeptTextReplies {

    private static final Logger LOG = LoggerFactory.getLogger(KeptTextReplies.class);

    private final KeptTexts queue;
    private final MessageWebhooks messages;
    private final TwilioGateway twilio;

    public KeptTextReplies(KeptTexts queue, MessageWebhooks messages, TwilioGateway twilio) {
        this.queue = queue;
        this.messages = messages;
        this.twilio = twilio;
    }

    /**
     * @param message the queue message's body
     * @param attributes the message's SQS system attributes ({@code ApproximateReceiveCount}), or null: then taken for
     *     a later delivery
     */
    public void apply(@Body String message, @Header(Sqs2Constants.ATTRIBUTES) Map<?, ?> attributes) {
        KeptText kept;
        List<String> replies;
        try {
            kept = queue.read(message);
            replies = messages.applyKept(kept, firstDelivery(attributes));
        } catch (IllegalArgumentException | HttpProblem refused) {
            if (refused instanceof HttpProblem problem && problem.status() >= 500) {
                throw problem;
            }
            LOG.warn("A kept text could not be applied and is dropped: {}", refused.getMessage());
            return;
        }
        for (String reply : replies) {
            twilio.send(kept.channel(), kept.number(), reply);
        }
        LOG.info("Kept text {} applied after a storage outage; {} repl{} sent", kept.messageSid(), replies.size(),
                replies.size() == 1 ? "y" : "ies");
    }

    /** Whether SQS says this is the message's first receive ({@code ApproximateReceiveCount} 1). */
    static boolean firstDelivery(Map<?, ?> attributes) {
        if (attributes == null) {
            return false;
        }
        for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
            if (String.valueOf(attribute.getKey()).equals("ApproximateReceiveCount")) {
                return "1".equals(String.valueOf(attribute.getValue()));
            }
        }
        return false;
    }
}
