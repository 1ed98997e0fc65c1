package com.surveyrelay.conversation;

import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a text kept during a storage outage (the {@code sms-retries} route's bean): the step once per
 * {@code MessageSid}, then its replies through the Twilio REST API, since the webhook that carried the text was
 * answered long ago, with nothing. A text found applied already (its webhook's write landed while S3 failed to say
 * so, or a first delivery of the kept text got that far) is not applied again, but its stored replies are sent:
 * without them the respondent would wait for a next question that never comes. A failure (storage still down)
 * leaves the message on the queue for its next delivery. The answer is never lost nor stored twice; the reply can go
 * twice only when an instance dies between texting it and taking the message off the queue.
 */
@Component("keptTextReplies")
public class KeptTextReplies {

    private static final Logger LOG = LoggerFactory.getLogger(KeptTextReplies.class);

    private final KeptTexts queue;
    private final SurveyConversations conversations;
    private final TwilioGateway twilio;

    public KeptTextReplies(KeptTexts queue, SurveyConversations conversations, TwilioGateway twilio) {
        this.queue = queue;
        this.conversations = conversations;
        this.twilio = twilio;
    }

    /** @param message the queue message's body */
    public void apply(String message) {
        KeptText kept;
        List<String> replies;
        try {
            kept = queue.read(message);
            replies = conversations.applyKept(kept);
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
}
