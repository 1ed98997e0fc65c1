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
 * some 720,000 warnings until 2026-12-07 (an operator's probe), hiding what else the log said. A failed poll of the
 * consumer itself is told the same way ({@link #pollFailed}). The stack trace is at DEBUG. A subclass names what the
 * queue holds ({@link #subject}).
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
    /** When the first repeat counted in the next summary came, in {@link #nanoTime}'s nanoseconds. */
    private final AtomicLong firstCounted = new AtomicLong();
    /** Failed polls of the consumer since the last that was a warning of its own or counted in one. */
    private final AtomicInteger pollFailures = new AtomicInteger();
    /** When the consumer's last poll failed, and when a warning last told of its failed polls; 0 before any. */
    private final AtomicLong lastPollFailure = new AtomicLong();
    private final AtomicLong lastPollWarning = new AtomicLong();

    protected QueueDeliveryFailures() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock repeats are counted by, in nanoseconds ({@link System#nanoTime}) */
    protected QueueDeliveryFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastSummary = new AtomicLong(nanoTime.getAsLong() - SUMMARY_EVERY.toNanos());
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
            pollFailed(message, exception);
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

    /**
     * Counts a repeated failure, and says how many there were once {@link #SUMMARY_EVERY} has passed since the last
     * summary and since the first of them, over the time since that first (until 2026-12-07 the time since the last
     * summary, or since start-up, so "in the last 117 s" told of an outage 11 s old: an operator's probe).
     */
    private void summarise(Throwable exception) {
        long now = nanoTime.getAsLong();
        if (repeats.getAndIncrement() == 0) {
            firstCounted.set(now);
        }
        long last = lastSummary.get();
        // A minute from the first repeat counted, too: on an instance up for longer, the first repeat of an outage
        // was summarised at once, "in the last 0 s" (an operator's probe, 2026-12-07).
        if (now - firstCounted.get() >= SUMMARY_EVERY.toNanos() && now - last >= SUMMARY_EVERY.toNanos()
                && lastSummary.compareAndSet(last, now)) {
            int told = repeats.getAndSet(0);
            log.warn("{}: {} more failed deliveries of messages named before, in the last {} s (each is delivered "
                    + "again until it is handled); the last: {}", queue(), told,
                    Duration.ofNanos(now - firstCounted.get()).toSeconds(), String.valueOf(exception));
        }
    }

    /**
     * A failed poll of the consumer (SQS unreachable, the queue gone): a warning for the first of a run, and, while
     * polls go on failing (each a second or less apart), one warning every {@link #SUMMARY_EVERY} counting them. A poll
     * failing after {@link #SUMMARY_EVERY} without one starts a new run. Until 2026-12-07 each failed poll was a
     * warning, with Camel's own ERROR and stack trace beside it (that logger is off in {@code application.yaml}): some
     * 4,700 lines a minute a queue (an operator's probe, with a mistyped queue URL).
     */
    private void pollFailed(String message, Throwable exception) {
        long now = nanoTime.getAsLong();
        long previous = lastPollFailure.getAndSet(now);
        boolean newRun = previous == 0 || now - previous > SUMMARY_EVERY.toNanos();
        if (newRun) {
            pollFailures.set(0);
            lastPollWarning.set(now);
            log.warn("{}'s consumer failed ({}): {}; while it goes on failing, one warning a minute counts the failed "
                    + "polls", queue(), message, String.valueOf(exception));
            return;
        }
        int failed = pollFailures.incrementAndGet();
        long warned = lastPollWarning.get();
        if (now - warned >= SUMMARY_EVERY.toNanos() && lastPollWarning.compareAndSet(warned, now)) {
            pollFailures.addAndGet(-failed);
            log.warn("{}'s consumer is still failing: {} more failed polls in the last {} s; the last ({}): {}",
                    queue(), failed, Duration.ofNanos(now - warned).toSeconds(), message, String.valueOf(exception));
        } else {
            log.debug("{}'s consumer failed ({}): {}", queue(), message, String.valueOf(exception));
        }
    }
}
