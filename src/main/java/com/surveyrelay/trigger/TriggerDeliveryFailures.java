package com.surveyrelay.trigger;

import org.springframework.stereotype.Component;

/**
 * How the {@code survey-trigger} route's SQS consumer reports a delivery whose exchange failed, leaving the message on
 * the queue (its {@code exceptionHandler}): one warning line a failed delivery, without a stack trace. A
 * {@link RedeliveryRequested} is logged by its own message (which request, which delivery of how many, why); anything
 * else (the dead-letter queue refusing a message, deleting a message failing, a poll failing) by Camel's words for the
 * step and the failure's class and message.
 */
@Component("triggerDeliveryFailures")
public class TriggerDeliveryFailures extends QueueDeliveryFailures {

    public TriggerDeliveryFailures() {
    }

    /** @param nanoTime the clock repeats are counted by, in nanoseconds (a test's) */
    TriggerDeliveryFailures(java.util.function.LongSupplier nanoTime) {
        super(nanoTime);
    }

    @Override
    protected String subject(String messageId) {
        return "Start request " + messageId;
    }

    @Override
    protected String queue() {
        return "The trigger queue";
    }
}
