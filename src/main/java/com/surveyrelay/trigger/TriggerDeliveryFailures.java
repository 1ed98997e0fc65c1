package com.surveyrelay.trigger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How the {@code survey-trigger} route's SQS consumer reports a delivery whose exchange failed, leaving the message on
 * the queue (its {@code exceptionHandler}): one warning line a failed delivery, without a stack trace, where Camel's
 * default handler logs two, each with the trace. A {@link RedeliveryRequested} is logged by its own message (which
 * request, which delivery of how many, why); anything else (the dead-letter queue refusing a message, deleting a
 * message failing, a poll failing) by Camel's words for the step and the failure's class and message. The stack trace
 * is at DEBUG.
 */
@Component("triggerDeliveryFailures")
public class TriggerDeliveryFailures implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerDeliveryFailures.class);
    /** Set on an exchange once reported: the consumer reports one failure twice (rollback, then its callback). */
    static final String REPORTED = "surveyRelayDeliveryFailureReported";

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange != null) {
            if (exchange.getProperty(REPORTED) != null) {
                LOG.debug("Delivery failure reported again: {}", message);
                return;
            }
            exchange.setProperty(REPORTED, Boolean.TRUE);
        }
        if (exception instanceof RedeliveryRequested redelivery) {
            LOG.warn(redelivery.getMessage());
        } else if (exchange == null) {
            LOG.warn("The trigger queue's consumer failed ({}): {}", message, String.valueOf(exception));
        } else {
            // Not necessarily the start: deleting a message after its survey started may fail too, so Camel's
            // message says which step failed.
            String messageId = exchange.getMessage().getHeader("CamelAwsSqsMessageId", String.class);
            LOG.warn("Start request {}: {}: {}", messageId == null ? "(no message id)" : "sqs:" + messageId,
                    message, String.valueOf(exception));
        }
        LOG.debug("The failure's stack trace", exception);
    }
}
