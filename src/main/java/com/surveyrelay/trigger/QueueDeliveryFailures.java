package com.surveyrelay.trigger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an SQS consumer's route reports a delivery whose exchange failed, leaving the message on the queue (the
 * consumer's {@code exceptionHandler}): one warning line a failed delivery, without a stack trace, where Camel's
 * default
 * handler logs two, each with the trace, at every redelivery of every message while a dependency is down. The stack
 * trace is at DEBUG. A subclass names what the queue holds ({@link #subject}).
 */
public abstract class QueueDeliveryFailures implements ExceptionHandler {

    /** Set on an exchange once reported: the consumer reports one failure twice (rollback, then its callback). */
    static final String REPORTED = "surveyRelayDeliveryFailureReported";

    private final Logger log = LoggerFactory.getLogger(getClass());

    /** What one message is, for the log line: {@code Start request sqs:<message id>}, say. */
    protected abstract String subject(String messageId);

    /** What the queue is, for a failure of the consumer itself (a poll): {@code The trigger queue}, say. */
    protected abstract String queue();

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
                log.debug("Delivery failure reported again: {}", message);
                return;
            }
            exchange.setProperty(REPORTED, Boolean.TRUE);
        }
        if (exception instanceof RedeliveryRequested redelivery) {
            log.warn(redelivery.getMessage());
        } else if (exchange == null) {
            log.warn("{}'s consumer failed ({}): {}", queue(), message, String.valueOf(exception));
        } else {
            // Not necessarily the message's own step: deleting a message once it was handled may fail too, so Camel's
            // message says which step failed.
            String messageId = exchange.getMessage().getHeader("CamelAwsSqsMessageId", String.class);
            log.warn("{}: {}: {}", subject(messageId == null ? "(no message id)" : "sqs:" + messageId), message,
                    String.valueOf(exception));
        }
        log.debug("The failure's stack trace", exception);
    }
}
