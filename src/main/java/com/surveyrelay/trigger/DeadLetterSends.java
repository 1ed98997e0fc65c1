package com.surveyrelay.trigger;

import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the {@code trigger-errors} route configuration says of a start request it sends to the dead-letter queue
 * ({@code TRIGGER_DEAD_LETTER_QUEUE_URL}), once the send is done or has failed. Sent: one WARN with the request's
 * delivery id ({@code sqs:<MessageId>}), the reason and the size, nothing of the request itself (the dead letter
 * holds it). Refused (the queue missing, a mistyped URL, no {@code sqs:SendMessage} permission): one WARN naming the
 * queue and what SQS said, without a stack trace, and the request stays on the trigger queue, delivered again after
 * its visibility timeout, until the dead letter can be written; nothing is lost. Until 2026-12-07 the WARN said
 * "the message and the request are in the dead letter" before the send, and a failed send was Camel's ERROR with a
 * 60-line stack trace every 30 s (an operator's probe).
 */
@Component("deadLetterSends")
public class DeadLetterSends {

    private static final Logger LOG = LoggerFactory.getLogger(BusTriggers.class);
    /** The exchange property holding the request's delivery id, set before the dead letter is sent. */
    public static final String DELIVERY_ID = "deadLetterDeliveryId";
    /** The exchange property holding the dead letter's reason, set before it is sent. */
    public static final String REASON = "deadLetterReason";

    /**
     * Notes, before the send, what the lines after it tell: the SQS message id (the send's own answer replaces the
     * header) and the reason (a failed send replaces the exception caught).
     */
    public void prepare(Exchange exchange, @Header("CamelAwsSqsMessageId") String messageId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        exchange.setProperty(DELIVERY_ID, messageId);
        exchange.setProperty(REASON, BusTriggers.reasonOf(failure));
    }

    /** The dead letter was sent: one WARN line. */
    public void sent(@ExchangeProperty(BusTriggers.ORIGINAL_MESSAGE) String original,
            @ExchangeProperty(REASON) String reason, @ExchangeProperty(DELIVERY_ID) String deliveryId) {
        LOG.warn("Start request {}dead-lettered: {} ({} bytes; the message and the request are in the dead letter)",
                named(deliveryId), reason, bytes(original));
    }

    /**
     * The dead letter could not be sent: one WARN line, and the exchange marked not handled, so that it fails and the
     * request is left on the trigger queue (Camel's error handler honours a handling set during the failure
     * processor's steps over the {@code onException}'s {@code handled}, which it reads before them).
     *
     * @param sendFailure what the dead-letter queue's send threw
     */
    public void failed(Exchange exchange, @ExchangeProperty(BusTriggers.ORIGINAL_MESSAGE) String original,
            @ExchangeProperty(REASON) String reason, @ExchangeProperty(DELIVERY_ID) String deliveryId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable sendFailure) {
        exchange.getExchangeExtension().setErrorHandlerHandled(false);
        LOG.warn("Start request {}({}, {} bytes) could not be dead-lettered: the dead-letter endpoint refused it ({}: "
                + "{}); it stays where it came from and is tried again at its next delivery (an SQS queue's "
                + "visibility timeout, a folder's next poll). Check TRIGGER_DEAD_LETTER_QUEUE_URL and the "
                + "sqs:SendMessage permission on that queue, or the route's dead-letter endpoint.", named(deliveryId),
                reason, bytes(original), sendFailure.getClass().getSimpleName(), firstLine(sendFailure.getMessage()));
    }

    private static String named(String deliveryId) {
        return deliveryId == null || deliveryId.isBlank() ? "" : "sqs:" + deliveryId + " ";
    }

    private static int bytes(String original) {
        return original == null ? 0 : original.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
