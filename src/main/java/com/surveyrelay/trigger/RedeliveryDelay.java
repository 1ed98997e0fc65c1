package com.surveyrelay.trigger;

import com.surveyrelay.config.TriggerProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts off the next delivery of a start request just received from the trigger queue, by SQS's
 * {@code ChangeMessageVisibility} on its receipt handle: a request whose idempotency key is claimed by a first request
 * without an outcome can do nothing before that claim may be taken over, and each earlier delivery would only count
 * against {@code max-receives}. Camel's SQS consumer leaves a failed message to the queue's own visibility timeout
 * and has no option for this; the call goes through the {@code sqsClient} its route uses.
 */
@Component
class RedeliveryDelay {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryDelay.class);
    /**
     * The longest delay asked: SQS refuses a visibility timeout past 12 hours from the message's receipt, and a minute
     * of it has gone on the delivery at most.
     */
    static final Duration LONGEST = Duration.ofHours(12).minusMinutes(1);

    private final SqsClient sqs;
    private final String queueUrl;

    RedeliveryDelay(SqsClient sqs, TriggerProperties triggers) {
        this.sqs = sqs;
        this.queueUrl = triggers.queueUrl();
    }

    /**
     * Makes the message come again {@code after} from now (whole seconds, rounded up; at most {@link #LONGEST}), not
     * after the queue's visibility timeout.
     *
     * @param receiptHandle the message's {@code CamelAwsSqsReceiptHandle}; null when it came from no queue (the route's
     *     {@code from} changed to a folder), when nothing is done
     * @return the delay set, in whole seconds; 0 when none was (no receipt handle, or SQS refused: logged at WARN,
     *     and the message then comes again after the queue's visibility timeout)
     */
    long putOff(String receiptHandle, Duration after) {
        if (receiptHandle == null || queueUrl == null || queueUrl.isBlank()) {
            return 0;
        }
        Duration capped = after.compareTo(LONGEST) > 0 ? LONGEST : after;
        long seconds = Math.max(1, capped.toSeconds() + (capped.toNanosPart() > 0 ? 1 : 0));
        try {
            sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) seconds));
            return seconds;
        } catch (SdkException e) {
            LOG.warn("The trigger queue refused to put a start request's next delivery off by {} s ({}); it comes "
                    + "again after the queue's visibility timeout", seconds, e.toString());
            return 0;
        }
    }
}
