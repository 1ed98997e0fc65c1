package com.surveyrelay.trigger;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an SQS consumer's route reports a delivery whose exchange failed, leaving the message on the queue (the
 * consumer's {@code exceptionHandler}): one warning line for a message's first failed delivery, without a stack trace,
 * where Camel's default handler logs two, each with the trace, at every redelivery of every message while a dependency
 * is down. A message's later failures are at DEBUG, and told at most once every {@link #SUMMARY_EVERY} as one warning
 * that counts them: a kept text is delivered again about every 5 s, so an hour's S3 outage with 1,000 of them wrote
 * some 720,000 warnings until 2026-12-07 (an operator's probe), hiding what else the log said. The stack trace is at
 * DEBUG. A subclass names what the queue holds ({@link #subject}).
 */
public abstract class QueueDeliveryFailures implements ExceptionHandler {

    /** Set on an exchange once reported: the consumer reports one failure twice (rollback, then its callback). */
    static final String REPORTED = "surveyRelayDeliveryFailureReported";
    /** How often, at most, the failed deliveries of messages named before are counted in one warning. */
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
    /** How many message ids are remembered as named: more are named again, the oldest first. */
    private static final int REMEMBERED = 10_000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final LongSupplier nanoTime;
    private final Set<String> named = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));
    private final AtomicInteger repeats = new AtomicInteger();
    private final AtomicLong lastSummary;

    protected QueueDeliveryFailures() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock repeats are counted by, in nanoseconds ({@link System#nanoTime}) */
    protected QueueDeliveryFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastSummary = new AtomicLong(nanoTime.getAsLong());
    }

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
            if (messageId == null || named.add(messageId)) {
                log.warn("{}: {}: {}", subject(messageId == null ? "(no message id)" : "sqs:" + messageId), message,
                        String.valueOf(exception));
            } else {
                log.debug("{}: {}: {}", subject("sqs:" + messageId), message, String.valueOf(exception));
                summarise(exception);
            }
        }
        log.debug("The failure's stack trace", exception);
    }

    /** Counts a repeated failure, and says how many there were once {@link #SUMMARY_EVERY} has passed. */
    private void summarise(Throwable exception) {
        repeats.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastSummary.get();
        if (now - last >= SUMMARY_EVERY.toNanos() && lastSummary.compareAndSet(last, now)) {
            int told = repeats.getAndSet(0);
            log.warn("{}: {} more failed deliveries of messages named before, in the last {} s (each is delivered "
                    + "again until it is handled); the last: {}", queue(), told,
                    Duration.ofNanos(now - last).toSeconds(), String.valueOf(exception));
        }
    }
}
