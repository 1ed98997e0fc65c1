package com.surveyrelay.conversation;

import com.surveyrelay.twilio.TwilioFailure;
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
 * answered long ago, with nothing; the step records that ({@link com.surveyrelay.storage.Inbox.InboundMessage#
 * repliedByRest()}), so a repeat of the text Twilio sends later is answered with nothing. A text found applied already
 * is not applied again. On the message's first delivery its stored replies are sent all the same if the webhook
 * delivery that kept it applied it ({@link KeptTexts#DELIVERY_ID}): its write landed while S3 failed to say so, and
 * without them the respondent would wait for a next question that never comes. Not if another delivery did: a repeat
 * answered in TwiML while this copy waited, or another copy of a text kept twice (a standard queue does not
 * deduplicate). On a later delivery they are not sent (an earlier one may have applied the text and sent them). A
 * failure (storage still down) leaves the message on the queue for its next delivery. The answer is never lost nor
 * stored twice.
 *
 * <p>Replies Twilio does not take while nothing went out (it answers 5xx or 429, or cannot be reached: {@link
 * TwilioFailure#worthAnotherTryLater}) are kept on the queue in their own message and sent when it is delivered again,
 * after the queue's visibility timeout (5 s), for up to {@link #REPLY_GIVE_UP_AFTER} after Twilio first failed them;
 * then they are given up, with a warning. While they wait, the respondent's texts kept after them wait too (one FIFO
 * group a respondent), which is why the wait is short. Texts kept before the replies were (in the same outage) are
 * applied first, so their replies may go before these. A reply refused for good (a Twilio 4xx: opted out, not a
 * reachable number, a body too long) is not tried again, nor one Twilio may have taken without answering ({@code
 * twilio_outcome_unknown}), so no reply goes twice on our side. When none of a text's replies went out (the first
 * refused for good, or all given up), the text's {@code repliedByRest} mark is taken back
 * ({@link MessageWebhooks#repliesNotSent}), so that Twilio's repeat of the text, if one comes, is answered with them in
 * TwiML; when some went, a repeat gets nothing. A reply can go twice only if a first delivery that
 * sent it is delivered again as a first (SQS counts receives approximately), or if the queue fails to delete a
 * message of replies that went out.
 */
@Component("keptTextReplies")
public class KeptTextReplies {

    private static final Logger LOG = LoggerFactory.getLogger(KeptTextReplies.class);
    /** How long kept replies are tried again after Twilio first failed them: a Twilio incident's usual length. */
    static final java.time.Duration REPLY_GIVE_UP_AFTER = java.time.Duration.ofMinutes(15);

    private final KeptTexts queue;
    private final MessageWebhooks messages;
    private final TwilioGateway twilio;
    private final java.time.Clock clock;

    public KeptTextReplies(KeptTexts queue, MessageWebhooks messages, TwilioGateway twilio, java.time.Clock clock) {
        this.queue = queue;
        this.messages = messages;
        this.twilio = twilio;
        this.clock = clock;
    }

    /**
     * @param message the queue message's body
     * @param attributes the message's SQS system attributes ({@code ApproximateReceiveCount}), or null: then taken for
     *     a later delivery
     * @param deliveryId the message attribute {@value KeptTexts#DELIVERY_ID}: the webhook delivery that kept the
     *     text; null for replies kept to send again, and for a text an earlier version kept
     * @throws RuntimeException when storage still fails, or Twilio did not take a reply kept for it: the message stays
     *     on the queue for its next delivery
     */
    public void apply(@Body String message, @Header(Sqs2Constants.ATTRIBUTES) Map<?, ?> attributes,
            @Header(KeptTexts.DELIVERY_ID) String deliveryId) {
        KeptText kept;
        List<String> replies;
        try {
            kept = queue.read(message);
            if (kept.repliesToSend() != null) {
                sendKept(kept);
                return;
            }
            replies = messages.applyKept(kept, deliveryId, firstDelivery(attributes));
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
        } else if (sending.refused() && sending.sent() == 0) {
            messages.repliesNotSent(kept, replies);
        }
        LOG.info("Kept text {} applied after a storage outage; {} of {} repl{} sent", kept.messageSid(),
                sending.sent(), replies.size(), replies.size() == 1 ? "y" : "ies");
    }

    /** Sends replies kept because Twilio did not take them: those it still does not take are kept again. */
    private void sendKept(KeptText kept) {
        List<String> replies = kept.repliesToSend();
        Sending sending = send(kept, replies);
        long keptAt = kept.repliesKeptAt() == null ? clock.millis() : kept.repliesKeptAt();
        if (!sending.worthAnotherTry()) {
            LOG.info("Kept replies to text {}: {} of {} sent", kept.messageSid(), sending.sent(), replies.size());
            if (sending.refused() && sending.sent() == 0) {
                messages.repliesNotSent(kept, replies);
            }
        } else if (clock.millis() - keptAt >= REPLY_GIVE_UP_AFTER.toMillis()) {
            LOG.warn("{} kept repl{} to text {} given up after {} min: Twilio did not take them",
                    replies.size() - sending.sent(), replies.size() - sending.sent() == 1 ? "y" : "ies",
                    kept.messageSid(), REPLY_GIVE_UP_AFTER.toMinutes());
            if (sending.sent() == 0) {
                messages.repliesNotSent(kept, replies);
            }
        } else if (sending.sent() > 0) {
            keepUnsent(kept, replies.subList(sending.sent(), replies.size()));
        } else {
            throw new IllegalStateException("Twilio did not take the kept replies to text " + kept.messageSid()
                    + " yet");
        }
    }

    /**
     * How far sending a text's replies went.
     *
     * @param sent how many went out, from the first
     * @param worthAnotherTry true when the one after them failed and nothing went out (Twilio answered 5xx or 429, or
     *     could not be reached): it and the rest may be sent later
     * @param refused true when Twilio refused the one after them for good (a 4xx), so that it surely did not go out
     *     either; false when all went, when it may have gone ({@code twilio_outcome_unknown}), and for an opt-out
     *     ({@code recipient_opted_out}: nothing is to be sent to the number, in TwiML either)
     */
    private record Sending(int sent, boolean worthAnotherTry, boolean refused) {
    }

    /** Sends {@code replies} in order, stopping at the first Twilio does not take. */
    private Sending send(KeptText kept, List<String> replies) {
        for (int i = 0; i < replies.size(); i++) {
            try {
                twilio.send(kept.channel(), kept.number(), replies.get(i));
            } catch (HttpProblem failed) {
                boolean nothingWentOut = failed instanceof TwilioFailure twilioFailure
                        && twilioFailure.worthAnotherTryLater();
                if (nothingWentOut) {
                    LOG.info("Reply {} of {} to kept text {} not sent ({}); kept to send again", i + 1,
                            replies.size(), kept.messageSid(), failed.code());
                } else {
                    LOG.warn("Reply {} of {} to kept text {} not sent ({}); not tried again", i + 1, replies.size(),
                            kept.messageSid(), failed.code());
                }
                // Refused for good: a Twilio 4xx, or our own refusal before any request (invalid_recipient,
                // whatsapp_window_closed); not when it may have gone, nor to a number that opted out.
                boolean refused = !nothingWentOut && !TwilioGateway.OUTCOME_UNKNOWN.equals(failed.code())
                        && !"recipient_opted_out".equals(failed.code());
                return new Sending(i, nothingWentOut, refused);
            }
        }
        return new Sending(replies.size(), false, false);
    }

    /**
     * Keeps {@code unsent} on the queue in a message of their own. Should the queue fail too, they are lost (logged):
     * a later delivery of the text finds it applied and sends nothing.
     */
    private void keepUnsent(KeptText kept, List<String> unsent) {
        try {
            queue.keep(kept.withRepliesToSend(unsent, clock.millis()));
        } catch (RuntimeException e) {
            LOG.warn("{} repl{} to kept text {} lost: the SMS retry queue did not take them either ({})", unsent.size(),
                    unsent.size() == 1 ? "y" : "ies", kept.messageSid(), e.toString());
        }
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
