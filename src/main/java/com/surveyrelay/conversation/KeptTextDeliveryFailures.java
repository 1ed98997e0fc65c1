package com.surveyrelay.conversation;

import com.surveyrelay.trigger.QueueDeliveryFailures;
import org.springframework.stereotype.Component;

/**
 * How the {@code sms-retries} route's SQS consumer reports a kept text not applied yet (storage still down), or its
 * kept replies not sent yet (Twilio still failing), which the queue delivers again after its visibility timeout: one
 * warning line a delivery, naming the message and the failure but never the text or the number, without a stack
 * trace. Camel's default handler logged two lines with a full AWS SDK
 * trace for each kept text about every 5 s of an S3 outage.
 */
@Component("keptTextDeliveryFailures")
public class KeptTextDeliveryFailures extends QueueDeliveryFailures {

    @Override
    protected String subject(String messageId) {
        return "Kept text " + messageId + " not applied or answered yet, the queue delivers it again";
    }

    @Override
    protected String queue() {
        return "The SMS retry queue";
    }
}
