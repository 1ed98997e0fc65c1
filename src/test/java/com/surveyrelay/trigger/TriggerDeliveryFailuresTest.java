package com.surveyrelay.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.web.HttpProblem;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

/** One warning line, without a stack trace, for each delivery the trigger route's SQS consumer leaves on the queue. */
class TriggerDeliveryFailuresTest {

    private final TriggerDeliveryFailures failures = new TriggerDeliveryFailures();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TriggerDeliveryFailures.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(null);
    }

    private static Exchange exchange(String messageId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelAwsSqsMessageId", messageId);
        return exchange;
    }

    @Test
    void aRedeliveryIsOneWarningByItsOwnMessageThoughTheConsumerReportsItTwice() {
        HttpProblem busy = new HttpProblem(409, "survey_in_progress", "This number is in a survey.");
        RedeliveryRequested again = new RedeliveryRequested("survey_in_progress",
                "Start request sqs:m-1 not started, delivery 1 of at most 5; the queue delivers it again: " + busy,
                busy);
        Exchange exchange = exchange("m-1");
        failures.handleException("Error during processing exchange. Will attempt to process the message on next poll.",
                exchange, again);
        failures.handleException("Error processing exchange", exchange, again);

        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo(again.getMessage());
            assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
        });
    }

    @Test
    void anyOtherFailureIsOneWarningNamingTheMessageTheStepAndTheFailure() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request");
        failures.handleException("Error processing exchange", exchange("m-2"), refused);
        failures.handleException("Error processing exchange", exchange("m-3"), refused);

        assertThat(logged.list).hasSize(2).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy()).isNull();
        });
        assertThat(logged.list.get(0).getFormattedMessage()).isEqualTo("Start request sqs:m-2: Error processing "
                + "exchange: " + refused);
        assertThat(logged.list.get(1).getFormattedMessage()).startsWith("Start request sqs:m-3: Error processing");
    }

    @Test
    void aFailureWithoutAnExchangeIsTheConsumersOwn() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request");
        failures.handleException("Failed polling endpoint", refused);
        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo("The trigger queue's consumer failed (Failed polling "
                    + "endpoint): " + refused + "; while it goes on failing, one warning a minute counts the failed "
                    + "polls");
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    /**
     * Polls failing twice a second (SQS unreachable, a mistyped queue URL) are one warning, then one a minute counting
     * them: until 2026-12-07 each was a warning, with Camel's ERROR and stack trace beside it (an operator's probe).
     * A poll failing after a quiet minute starts a new run, with a warning of its own.
     */
    @Test
    void pollsFailingInARowAreOneWarningThenOneAMinute() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1);
        TriggerDeliveryFailures counted = new TriggerDeliveryFailures(nanos::get);
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request");
        for (int poll = 0; poll < 250; poll++) {
            counted.handleException("Failed polling endpoint", refused);
            nanos.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500));
        }
        nanos.addAndGet(java.util.concurrent.TimeUnit.MINUTES.toNanos(2));
        counted.handleException("Failed polling endpoint", refused);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                first -> assertThat(first).startsWith("The trigger queue's consumer failed (Failed polling endpoint)"),
                minute -> assertThat(minute).startsWith("The trigger queue's consumer is still failing: 120 more "
                        + "failed polls in the last 60 s"),
                second -> assertThat(second).startsWith("The trigger queue's consumer is still failing: 120 more "
                        + "failed polls in the last 60 s"),
                again -> assertThat(again).startsWith("The trigger queue's consumer failed (Failed polling endpoint)"));
        assertThat(logged.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
    }
}
