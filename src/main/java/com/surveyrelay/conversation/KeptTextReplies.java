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
 * next delivery. The answer is never lost nor stored twice.
 *
 * <p>Replies Twilio does not take (it answers 5xx, or cannot be reached: nothing went out) are kept on the queue in
 * their own message and sent when it is delivered again, after the queue's visibility timeout, for up to
 * {@value #MAX_REPLY_DELIVERIES} deliveries (about an hour at 5 s); then they are given up, with a warning. A reply
 * refused for good ({@code 422}: opted out, not a reachable number, WhatsApp's window closed) is not tried again, nor
 * one Twilio may have taken without answering ({@code twilio_outcome_unknown}), so no reply goes twice on our side. A
 * reply can go twice only if a first delivery that sent it is delivered again as a first (SQS counts receives
 * approximately), or if the queue fails to delete a message of replies that went out.
 */
@Component("keptTextReplies")
public class KeptTextReplies {

    private static final Logger LOG = LoggerFactory.getLogger(KeptTextReplies.class);
    /** Deliveries of kept replies before they are given up: an hour at the queue's 5 s visibility timeout. */
    static final int MAX_REPLY_DELIVERIES = 720;

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
     * @throws RuntimeException when storage still fails, or Twilio did not take a reply kept for it: the message stays
     *     on the queue for its next delivery
     */
    public void apply(@Body String message, @Header(Sqs2Constants.ATTRIBUTES) Map<?, ?> attributes) {
        KeptText kept;
        List<String> replies;
        try {
            kept = queue.read(message);
            if (kept.repliesToSend() != null) {
                sendKept(kept, receiveCount(attributes));
                return;
            }
            replies = messages.applyKept(kept, firstDelivery(attributes));
        } catch (IllegalArgumentException | HttpProblem refused) {
            if (refused instanceof HttpProblem problem && problem.status() >= 500) {
                throw problem;
            }
            LOG.warn("A kept text could not be applied and is dropped: {}", refused.getMessage());
            return;
        }
        Sending sending = send(kept, replies);
        if (sending.worthAnotherTry()) {
            keepUnsent(kept, replies.subList(sending.sent(), replies.size()));
        }
        LOG.info("Kept text {} applied after a storage outage; {} of {} repl{} sent", kept.messageSid(),
                sending.sent(), replies.size(), replies.size() == 1 ? "y" : "ies");
    }

    /** Sends replies kept because Twilio did not take them: those it still does not take are kept again. */
    private void sendKept(KeptText kept, int delivery) {
        List<String> replies = kept.repliesToSend();
        Sending sending = send(kept, replies);
        if (!sending.worthAnotherTry()) {
            LOG.info("Kept replies to text {}: {} of {} sent", kept.messageSid(), sending.sent(), replies.size());
        } else if (sending.sent() > 0) {
            keepUnsent(kept, replies.subList(sending.sent(), replies.size()));
        } else if (delivery < MAX_REPLY_DELIVERIES) {
            throw new IllegalStateException("Twilio did not take the kept replies to text " + kept.messageSid()
                    + " yet");
        } else {
            LOG.warn("{} kept repl{} to text {} given up after {} deliveries: Twilio did not take them",
                    replies.size(), replies.size() == 1 ? "y" : "ies", kept.messageSid(), delivery);
        }
    }

    /**
     * How far sending a text's replies went.
     *
     * @param sent how many went out, from the first
     * @param worthAnotherTry true when the one after them failed and nothing went out (Twilio answered 5xx, or could
     *     not be reached): it and the rest may be sent later
     */
    private record Sending(int sent, boolean worthAnotherTry) {
    }

    /** Sends {@code replies} in order, stopping at the first Twilio does not take. */
    private Sending send(KeptText kept, List<String> replies) {
        for (int i = 0; i < replies.size(); i++) {
            try {
                twilio.send(kept.channel(), kept.number(), replies.get(i));
            } catch (HttpProblem failed) {
                boolean nothingWentOut = failed.status() >= 500
                        && !TwilioGateway.OUTCOME_UNKNOWN.equals(failed.code());
                if (nothingWentOut) {
                    LOG.info("Reply {} of {} to kept text {} not sent ({}); kept to send again", i + 1,
                            replies.size(), kept.messageSid(), failed.code());
                } else {
                    LOG.warn("Reply {} of {} to kept text {} not sent ({}); not tried again", i + 1, replies.size(),
                            kept.messageSid(), failed.code());
                }
                return new Sending(i, nothingWentOut);
            }
        }
        return new Sending(replies.size(), false);
    }

    /**
     * Keeps {@code unsent} on the queue in a message of their own. Should the queue fail too, they are lost (logged):
     * a later delivery of the text finds it applied and sends nothing.
     */
    private void keepUnsent(KeptText kept, List<String> unsent) {
        try {
            queue.keep(kept.withRepliesToSend(unsent));
        } catch (RuntimeException e) {
            LOG.warn("{} repl{} to kept text {} lost: the SMS retry queue did not take them either ({})", unsent.size(),
                    unsent.size() == 1 ? "y" : "ies", kept.messageSid(), e.toString());
        }
    }

    /** SQS's {@code ApproximateReceiveCount}; 1 when absent or unreadable. */
    static int receiveCount(Map<?, ?> attributes) {
        try {
            return Integer.parseInt(String.valueOf(receiveCountAttribute(attributes)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Whether SQS says this is the message's first receive ({@code ApproximateReceiveCount} 1). */
    static boolean firstDelivery(Map<?, ?> attributes) {
        return "1".equals(receiveCountAttribute(attributes));
    }

    private static String receiveCountAttribute(Map<?, ?> attributes) {
        if (attributes != null) {
            for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
                if (String.valueOf(attribute.getKey()).equals("ApproximateReceiveCount")) {
                    return String.valueOf(attribute.getValue());
                }
            }
        }
        return null;
    }
}
