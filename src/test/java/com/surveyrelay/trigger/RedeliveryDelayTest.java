package com.surveyrelay.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.surveyrelay.config.TriggerProperties;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;

/** The visibility a start request waiting on a claim is given: rounded up to whole seconds, within SQS's 12 hours. */
class RedeliveryDelayTest {

    private final SqsClient sqs = mock(SqsClient.class);
    private final RedeliveryDelay delay = new RedeliveryDelay(sqs, new TriggerProperties(true, "http://sqs/q",
            "http://sqs/dlq", null, 5));

    @SuppressWarnings("unchecked")
    private ChangeMessageVisibilityRequest asked() {
        ArgumentCaptor<Consumer<ChangeMessageVisibilityRequest.Builder>> change = ArgumentCaptor.forClass(
                Consumer.class);
        verify(sqs).changeMessageVisibility(change.capture());
        ChangeMessageVisibilityRequest.Builder request = ChangeMessageVisibilityRequest.builder();
        change.getValue().accept(request);
        return request.build();
    }

    @Test
    void putsTheNextDeliveryOffByTheWholeSecondsAsked() {
        assertThat(delay.putOff("receipt-1", Duration.ofMillis(2_500))).isEqualTo(3);
        assertThat(asked()).isEqualTo(ChangeMessageVisibilityRequest.builder().queueUrl("http://sqs/q")
                .receiptHandle("receipt-1").visibilityTimeout(3).build());
    }

    /** SQS refuses a visibility timeout past 12 hours from the receipt: a longer wait is cut to fit. */
    @Test
    void neverAsksPastSqsTwelveHours() {
        assertThat(delay.putOff("receipt-2", Duration.ofDays(3))).isEqualTo(12 * 3600 - 60);
        assertThat(asked().visibilityTimeout()).isEqualTo(12 * 3600 - 60);
    }

    @Test
    void aRefusalLeavesTheQueuesOwnTimeoutAndAMessageFromNoQueueIsLeftAlone() {
        assertThat(delay.putOff(null, Duration.ofMinutes(5))).isZero();
        verifyNoInteractions(sqs);
        when(sqs.changeMessageVisibility(any(Consumer.class))).thenThrow(SdkClientException.create("unreachable"));
        assertThat(delay.putOff("receipt-3", Duration.ofMinutes(5))).isZero();
    }
}
