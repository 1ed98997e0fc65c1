package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One warning line, without a stack trace, for each delivery of a kept text that storage could not take yet. */
class KeptTextDeliveryFailuresTest {

    private final KeptTextDeliveryFailures failures = new KeptTextDeliveryFailures();
    private final Logger logger = (Logger) LoggerFactory.getLogger(KeptTextDeliveryFailures.class);
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

    @Test
    void aKeptTextStorageCannotTakeYetIsOneWarningWithoutAStackTrace() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelAwsSqsMessageId", "m-7");
        exchange.getMessage().setBody("{\"From\":\"+15550100999\",\"Body\":\"4\"}");
        Exception down = S3Exception.builder().statusCode(503).message("Service Unavailable").build();

        failures.handleException("Error during processing exchange.", exchange, down);
        failures.handleException("Error processing exchange", exchange, down);

        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).startsWith("Kept text sqs:m-7 not applied or answered yet")
                    .contains("Service Unavailable").doesNotContain("+15550100999");
            assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
        });
    }

    /**
     * A kept text is delivered again about every 5 s while storage is down: its first failure is named, and the later
     * ones counted in one warning a minute (each was a warning until 2026-12-07: some 720,000 lines for an hour's
     * outage with 1,000 kept texts, an operator's probe).
     */
    @Test
    void aKeptTextDeliveredAgainIsNamedOnceAndItsRepeatsCountedOnceAMinute() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        KeptTextDeliveryFailures quiet = new KeptTextDeliveryFailures(nanos::get);
        Exception down = S3Exception.builder().statusCode(503).message("Service Unavailable").build();
        // Up for ten minutes before the outage: its first repeat was summarised at once, "in the last 0 s", until
        // 2026-12-07 (an operator's probe).
        nanos.addAndGet(java.util.concurrent.TimeUnit.MINUTES.toNanos(10));
        for (int delivery = 0; delivery < 14; delivery++) {
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.getMessage().setHeader("CamelAwsSqsMessageId", delivery == 3 ? "m-9" : "m-8");
            quiet.handleException("Error processing exchange", exchange, down);
            nanos.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                first -> assertThat(first).startsWith("Kept text sqs:m-8 not applied"),
                other -> assertThat(other).startsWith("Kept text sqs:m-9 not applied"),
                summary -> assertThat(summary).startsWith("The SMS retry queue: 12 more failed deliveries of "
                        + "messages named before, in the last 60 s").contains("Service Unavailable"));
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    }
}
