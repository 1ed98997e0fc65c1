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
 * request, which delivery of how many, why); anything else (the dead-letter queue refusing a message, say) by its
 * class and message. The stack trace is at DEBUG.
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
        } else {
            String messageId = exchange == null ? null : exchange.getMessage().getHeader("CamelAwsSqsMessageId",
                    String.class);
            LOG.warn("Start request {} failed and stays on the queue for its next delivery: {}",
                    messageId == null ? "(no message id)" : "sqs:" + messageId, String.valueOf(exception));
        }
        LOG.debug("The failure's stack trace", exception);
    }
}
