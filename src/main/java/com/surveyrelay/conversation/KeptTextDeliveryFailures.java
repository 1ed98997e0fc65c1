package com.surveyrelay.conversation;

import com.surveyrelay.trigger.QueueDeliveryFailures;
import org.springframework.stereotype.Component;

/**
 * How the {@code sms-retries} route's SQS consumer reports a kept text not applied yet (storage still down), or its
 * kept replies not sent yet (Twilio still failing), which the queue delivers again after its visibility timeout: one
 * warning line for a message's first failed delivery, and one a minute counting the later ones, naming the message
 * and the failure but never the text or the number, without a stack trace. Camel's default handler logged two lines
 * with a full AWS SDK trace for each kept text about every 5 s of an S3 outage.
 */
@Component("keptTextDeliveryFailures")
public class KeptTextDeliveryFailures extends QueueDeliveryFailures {

    public KeptTextDeliveryFailures() {
    }

    /** @param nanoTime the clock repeated failures are counted by, in nanoseconds */
    KeptTextDeliveryFailures(java.util.function.LongSupplier nanoTime) {
        super(nanoTime);
    }

    @Override
    protected String subject(String messageId) {
        return "Kept text " + messageId + " not applied or answered yet, the queue delivers it again";
    }

    @Override
    protected String queue() {
        return "The SMS retry queue";
    }
}
