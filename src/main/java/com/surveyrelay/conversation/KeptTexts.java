package com.surveyrelay.conversation;

import com.surveyrelay.config.SettingBounds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The queue that keeps inbound texts while storage (S3) is unavailable ({@code SMS_RETRY_QUEUE_URL}; off when
 * unset). Twilio does not retry an inbound-message webhook, so a text the service could not store would be lost:
 * instead the webhook puts it on this SQS queue and answers Twilio at once, and the {@code sms-retries} route
 * applies it when storage is back ({@link MessageWebhooks#applyKept}).
 *
 * <p>Use a FIFO queue (its URL ends in {@code .fifo}): each respondent's texts form one message group, so SQS hands
 * them over in the order they arrived and never the next before the previous is applied, and the {@code MessageSid}
 * deduplicates. On a standard queue two texts of one respondent kept during an outage may be applied out of order,
 * and a text Twilio delivered twice during the outage is kept twice: it is applied once all the same (its
 * {@code MessageSid} is recorded with the step), and replied to once.
 */
@Component
public class KeptTexts {

    /**
     * The message attribute, and so the Camel header of the {@code sms-retries} route, naming the webhook delivery
     * that kept a text ({@link com.surveyrelay.storage.Inbox.InboundMessage#deliveryId()}). An attribute rather
     * than a field of the body: an instance of an earlier version refuses a body with a field it does not know.
     */
    public static final String DELIVERY_ID = "deliveryId";

    /**
     * How long after this instance last kept a text of a respondent their later texts are kept behind it, unless it
     * is seen applied sooner: the kept text waits on the queue for at least its visibility timeout (5 s) after storage
     * is back, and is applied by whichever instance receives it.
     */
    static final Duration HOLD = Duration.ofSeconds(60);

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean applied;
    private final ObjectMapper json = new ObjectMapper();
    /** By respondent ({@code From}): the texts this instance kept and has not seen applied, and when it last kept. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    /** When {@link #forgetHoldsOver} last walked {@link #waiting} ({@link System#nanoTime()}). */
    private final java.util.concurrent.atomic.AtomicLong prunedAtNanos = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime());

    /**
     * @param queueUrl {@code SMS_RETRY_QUEUE_URL}; blank keeps nothing
     * @throws com.surveyrelay.config.SettingRefused when it is set and is no SQS queue URL
     * @param applied {@code SMS_RETRIES_ENABLED}: whether the {@code sms-retries} route runs to apply what is kept
     */
    public KeptTexts(SqsClient sqs, @Value("${survey-relay.sms-retries.queue-url:}") String queueUrl,
            @Value("${survey-relay.sms-retries.enabled:false}") boolean applied) {
        this.sqs = sqs;
        this.queueUrl = SettingBounds.sqsQueueUrl(queueUrl, "SMS_RETRY_QUEUE_URL",
                "survey-relay.sms-retries.queue-url");
        this.applied = applied;
    }

    /**
     * Whether a text storage could not take is kept: only with a queue and the route that applies it. With the URL
     * set but {@code SMS_RETRIES_ENABLED=false}, a text (an opt-out among them) was answered as kept and then sat on a
     * queue nobody read; it is answered 503 instead.
     */
    public boolean enabled() {
        return applied && !queueUrl.isEmpty();
    }

    /**
     * Puts the replies to a text that are still to send on the queue.
     *
     * @throws RuntimeException when SQS fails
     */
    public void keep(KeptText text) {
        keep(text, null);
    }

    /**
     * Puts a text on the queue, with the id of the webhook delivery that kept it ({@link #DELIVERY_ID}).
     *
     * @param deliveryId 8 hex digits, or null for none
     * @throws RuntimeException when SQS fails too: the webhook then answers 503, as nothing kept the text
     */
    public void keep(KeptText text, String deliveryId) {
        try {
            String body = json.writeValueAsString(text);
            sqs.sendMessage(send -> {
                send.queueUrl(queueUrl).messageBody(body);
                if (deliveryId != null) {
                    send.messageAttributes(Map.of(DELIVERY_ID, MessageAttributeValue.builder().dataType("String")
                            .stringValue(deliveryId).build()));
                }
                if (queueUrl.endsWith(".fifo")) {
                    // One group per respondent: their texts are applied in the order they came, one at a time.
                    send.messageGroupId(text.from()).messageDeduplicationId(text.deduplicationId());
                }
            });
            if (text.repliesToSend() == null && text.messageSid() != null) {
                forgetHoldsOver();
                waiting.compute(text.from(), (from, before) -> (before == null ? Waiting.NONE : before)
                        .with(text.messageSid()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops the holds over, at most once per {@link #HOLD}, so that an outage's thousands of kept texts do not each
     * walk the whole map: those another instance applied are never seen applied here, and would stay.
     */
    private void forgetHoldsOver() {
        long now = System.nanoTime();
        long last = prunedAtNanos.get();
        if (now - last > HOLD.toNanos() && prunedAtNanos.compareAndSet(last, now)) {
            waiting.values().removeIf(kept -> now - kept.lastKeptNanos() > HOLD.toNanos());
        }
    }

    /**
     * Whether a text from {@code from} must wait behind texts of theirs this instance kept within {@link #HOLD} and has
     * not seen applied: storage back, a later text applied at once went before them, answered the question they
     * answer, and they were then applied to the next one (a breaker's finding: "3" stored as the answer to the
     * free-text question, and "Widget" refused at the rating question after it). A repeat of a kept text itself
     * ({@code messageSid} among them) waits as its kept copy does, behind the texts kept before it (until 2026-12-07 it
     * need not wait: Twilio's repeat of the second of two kept texts answered the first's question, and the first, then
     * applied, took it from it, a breaker's finding); the first of them need not: it is next. Only what this instance
     * kept is known: a text kept on another instance is not waited for.
     *
     * @param from the respondent as Twilio wrote it ({@link KeptText#from()})
     */
    public boolean mustWait(String from, String messageSid) {
        Waiting kept = waiting.get(from);
        if (kept == null) {
            return false;
        }
        if (System.nanoTime() - kept.lastKeptNanos() > HOLD.toNanos()) {
            waiting.remove(from, kept);
            return false;
        }
        return kept.messageSids().indexOf(messageSid) != 0;
    }

    /**
     * Whether this instance kept a text of {@code from} with this {@code messageSid} and has not seen it applied: a
     * repeat of it that must wait ({@link #mustWait}) is answered by that kept copy, and is not kept again.
     */
    public boolean keptAlready(String from, String messageSid) {
        Waiting kept = waiting.get(from);
        return kept != null && kept.messageSids().contains(messageSid);
    }

    /** Notes that a kept text was applied (or found applied before): texts after it no longer wait for it. */
    public void applied(KeptText text) {
        applied(text.from(), text.messageSid());
    }

    /**
     * Notes that the text {@code messageSid} of {@code from} ({@link KeptText#from()}) was seen applied, by this
     * instance or, found in the session's inbox, by another ({@link #waitingBehind}).
     */
    public void applied(String from, String messageSid) {
        waiting.computeIfPresent(from, (number, kept) -> kept.without(messageSid));
    }

    /**
     * The {@code MessageSid}s of {@code from}'s texts this instance kept and has not seen applied, in the order kept;
     * empty for none. Another instance may have applied them: the queue hands a kept text to whichever instance
     * receives it, and only that one calls {@link #applied} there.
     */
    public java.util.List<String> waitingBehind(String from) {
        Waiting kept = waiting.get(from);
        return kept == null ? java.util.List.of() : kept.messageSids();
    }

    /** The texts of one respondent this instance kept and has not seen applied, in the order they were kept. */
    private record Waiting(java.util.List<String> messageSids, long lastKeptNanos) {

        static final Waiting NONE = new Waiting(java.util.List.of(), 0);

        Waiting with(String messageSid) {
            java.util.List<String> sids = new java.util.ArrayList<>(messageSids);
            if (!sids.contains(messageSid)) {
                sids.add(messageSid);
            }
            return new Waiting(java.util.List.copyOf(sids), System.nanoTime());
        }

        /** This without {@code messageSid}; null (no entry) when none is left. */
        Waiting without(String messageSid) {
            java.util.List<String> sids = new java.util.ArrayList<>(messageSids);
            sids.remove(messageSid);
            return sids.isEmpty() ? null : new Waiting(java.util.List.copyOf(sids), lastKeptNanos);
        }
    }

    /** A kept text from its queue message. */
    public KeptText read(String message) {
        try {
            return json.readValue(message, KeptText.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a kept text", e);
        }
    }
}
