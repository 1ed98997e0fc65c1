package com.surveyrelay.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.surveyrelay.config.TriggerProperties;
import com.surveyrelay.conversation.StartOutcomeUnknown;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyOpener;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.EventDetails;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.JsonErrorText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Start requests from the integration bus (the {@code survey-trigger} route's SQS queue): a plain detail
 * ({@code {"to", "channel", "language", "surveyId", "idempotencyKey"}}) or the EventBridge event that
 * carries it. Queues deliver at least once, so every request starts at most one survey: keyed by its
 * {@code idempotencyKey}, else the event's id, else the queue message's id. A request that can never
 * succeed is dead-lettered with its reason (so is one Twilio refused for good, such as error 21408, a region not
 * enabled, or 20003, credentials refused: {@link TwilioFailure#worthAnotherTryLater()} false); a failure on our side
 * (Twilio failing or unreachable included) or a number busy in another survey is left to the
 * queue's redelivery, up to {@code survey-relay.triggers.max-receives} deliveries, then dead-lettered too. A key whose
 * first request has no outcome yet ({@code idempotency_key_in_use}) waits on the queue until its claim may be taken
 * over ({@link #awaitClaim}).
 */
@Component("busTriggers")
public class BusTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(BusTriggers.class);
    private static final int MAX_BYTES = 16_384;
    /** The exchange property the route keeps the message in, as it came, for the dead-letter queue. */
    public static final String ORIGINAL_MESSAGE = "originalMessage";

    private final SurveyStarts conversations;
    private final int maxReceives;
    private final RedeliveryDelay redeliveryDelay;
    private final Clock clock;
    /**
     * Strict as the HTTP path's reader ({@code InitiationRequests}): a repeated key or anything after the object is
     * refused, never half-read ({@code {"to": A, "to": B}} would otherwise text B, and a second object be dropped).
     */
    private final ObjectMapper json = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    BusTriggers(SurveyStarts conversations, TriggerProperties settings, RedeliveryDelay redeliveryDelay,
            Clock clock) {
        this.conversations = conversations;
        this.maxReceives = settings.maxReceives();
        this.redeliveryDelay = redeliveryDelay;
        this.clock = clock;
    }

    /**
     * Starts the survey a queued request asks for. The route binds the parameters by these annotations, not by a
     * Simple expression in its method call: Camel reads a quoted argument there as a literal, so a body of
     * {@code 'text'} lost its quotes and {@code null} became null before this method saw them.
     *
     * @param body the message as it came (the route's {@code originalMessage})
     * @param messageId the SQS message id, when the request came from SQS
     * @param attributes the SQS message's system attributes ({@code ApproximateReceiveCount}), or null
     * @param receiptHandle the SQS message's receipt handle, to put its next delivery off ({@link #awaitClaim})
     * @param fileName the file name, when the route's {@code from} was changed to a folder
     * @throws DeadLetterException when the request can never succeed (its reason a start error code), or could
     *     start later but was received {@code max-receives} times already
     * @throws RedeliveryRequested when it may start later (its cause the failure): the queue delivers it again after
     *     its visibility timeout, or when its key's claim may be taken over ({@link #awaitClaim}), and the route's
     *     consumer logs it ({@link TriggerDeliveryFailures})
     */
    public StartedSurvey start(@ExchangeProperty(ORIGINAL_MESSAGE) String body,
            @Header("CamelAwsSqsMessageId") String messageId, @Header(Sqs2Constants.ATTRIBUTES) Map<?, ?> attributes,
            @Header(Sqs2Constants.RECEIPT_HANDLE) String receiptHandle, @Header(Exchange.FILE_NAME) String fileName) {
        String deliveryId = messageId != null ? "sqs:" + messageId : fileName != null ? "file:" + fileName : null;
        StartRequest request = parse(body, deliveryId);
        int received = receiveCount(attributes);
        StartedSurvey started = startOnce(request, received, deliveryId);
        if (started.firstOutcomePending()) {
            // The first delivery may still be starting, or storage failed to free its key after a failure, when
            // nothing was sent: a later delivery reads its outcome, or takes the claim over once abandoned. Dropped
            // as a repeat, the request was lost.
            throw awaitClaim(started, received, receiptHandle, deliveryId);
        }
        if (started.repeatsEarlierRequest()) {
            // The key's first request started a survey, was scheduled, or failed.
            // A deferred first request has a schedule and no session yet: "(session null)" until 2026-12-06.
            // A refusal names its code, and says a new request needs a new key (until 2026-12-07 "failed (no
            // session)": an operator's probe).
            LOG.info("Repeated start request {} ignored: its idempotency key's first request is {} ({})", deliveryId,
                    started.status(), started.sessionId() != null ? "session " + started.sessionId()
                            : started.scheduleId() != null ? "scheduled start " + started.scheduleId()
                            : "no session" + (started.firstRefusal() != null ? ", refused "
                                    + started.firstRefusal().code() + "; a new request needs a new idempotency key"
                                    : ""));
        }
        return started;
    }

    /** {@link #start}'s start, its failures turned into a redelivery or a dead letter. */
    private StartedSurvey startOnce(StartRequest request, int received, String deliveryId) {
        try {
            return conversations.start(request);
        } catch (StartOutcomeUnknown unknown) {
            // Its key is recorded started, with the doubt: a later delivery would only be ignored as a repeat.
            LOG.warn("Start request {}: Twilio did not answer, so its text or call may have gone out; session {} "
                    + "stays open for a reply, and the request is not tried again", deliveryId, unknown.sessionId());
            return StartedSurvey.NOTHING;
        } catch (HttpProblem problem) {
            // A number in another survey is free once that one ends: as for a failure on our side, a later delivery
            // may start it (HTTP answers both as worth retrying).
            if (problem.status() < 500 && !SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code())) {
                throw new DeadLetterException(problem.code(), problem.getMessage());
            }
            // Twilio refused for good (answered 502 twilio_error too): each delivery would open a session, publish
            // its start and its end, and be refused again. Until 2026-12-05 such a request came five times.
            if (problem instanceof TwilioFailure twilio && !twilio.worthAnotherTryLater()) {
                throw new DeadLetterException(problem.code(), problem.getMessage());
            }
            throw retryOrGiveUp(problem, problem.code(), received, deliveryId);
        } catch (RuntimeException failure) {
            if (!(failure instanceof SdkException)) {
                // Not storage nor Twilio failing (those come as HttpProblem or SdkException): a defect, with its trace.
                LOG.error("Start request {} failed unexpectedly", deliveryId, failure);
            }
            // S3 failing is named as the HTTP API names it (ErrorResponses: 503 survey_unavailable).
            throw retryOrGiveUp(failure, ErrorResponses.storageFailure(failure) != null ? "survey_unavailable"
                    : "internal_error", received, deliveryId);
        }
    }

    /**
     * What a request meeting its key claimed by a first request without an outcome ({@code repeat}) fails with, for
     * the queue to deliver it again when that claim may be taken over ({@link StartedSurvey#claimTakeoverAt}): its
     * visibility is set to the claim's time left, plus a second (at most 12 hours, {@link RedeliveryDelay}). The
     * queue's 30 s redeliveries spent {@code max-receives} (5) in 2.5 minutes, and a request the takeover, after five
     * minutes, would have started was dead-lettered. Such a wait is not held against {@code max-receives}: waiting on a
     * claim, a request is dead-lettered only on its receive twice {@code max-receives}, a claim taken over again and
     * again being no reason to keep it for ever (the waits still raise SQS's count, so a failure of the request's own
     * start after one has a retry fewer). A claim that is never taken over (kept before claims named their session)
     * is counted as any failure, and dead-lettered {@code idempotency_key_in_use} on the {@code max-receives}-th
     * receive.
     */
    private RuntimeException awaitClaim(StartedSurvey repeat, int received, String receiptHandle, String deliveryId) {
        HttpProblem inUse = StartedSurvey.keyInUse();
        Instant takeoverAt = repeat.claimTakeoverAt();
        if (takeoverAt == null || received >= 2L * maxReceives) {
            return retryOrGiveUp(inUse, StartedSurvey.KEY_IN_USE, received, deliveryId);
        }
        Duration left = Duration.between(clock.instant(), takeoverAt);
        long putOff = left.isNegative() || left.isZero() ? 0
                : redeliveryDelay.putOff(receiptHandle, left.plusSeconds(1));
        return new RedeliveryRequested(StartedSurvey.KEY_IN_USE, "Start request " + deliveryId + " not started, "
                + "delivery " + received + " (" + StartedSurvey.KEY_IN_USE + "): its idempotency key's first request "
                + "has no outcome yet; the queue delivers it again " + (putOff > 0 ? "in " + putOff + " s, when its "
                + "claim may be taken over" : "after its visibility timeout") + ", not counted against "
                + maxReceives + " deliveries", inUse);
    }

    /**
     * The failure to rethrow, for the queue to deliver the request again, or, on its {@code max-receives}-th
     * receive, a dead letter with the failure's reason: a request is never retried for ever.
     */
    private RuntimeException retryOrGiveUp(RuntimeException failure, String reason, int received, String deliveryId) {
        if (received >= maxReceives) {
            return new DeadLetterException(reason, failure.getMessage() + " (given up after " + received
                    + " deliveries)");
        }
        return new RedeliveryRequested(reason, "Start request " + deliveryId + " not started, delivery " + received
                + " of at most " + maxReceives + " (" + reason + "); the queue delivers it again: "
                + failure.getMessage(), failure);
    }

    /** SQS's {@code ApproximateReceiveCount}; 1 when the request did not come from SQS or the count is absent. */
    static int receiveCount(Map<?, ?> attributes) {
        if (attributes != null) {
            for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
                if (String.valueOf(attribute.getKey()).equals("ApproximateReceiveCount")) {
                    try {
                        return Integer.parseInt(String.valueOf(attribute.getValue()));
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                }
            }
        }
        return 1;
    }

    StartRequest parse(String body, String deliveryId) {
        if (body == null || body.isBlank()) {
            throw new DeadLetterException("empty_message", "The message has no body.");
        }
        if (body.length() > MAX_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new DeadLetterException("payload_too_large", "The message is larger than " + MAX_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            // A byte order mark before the JSON, as some producers write it: over HTTP the body filter takes it too.
            root = json.readTree(body.charAt(0) == '\uFEFF' ? body.substring(1) : body);
        } catch (JsonProcessingException e) {
            throw new DeadLetterException("invalid_json", "The message is not valid JSON: " + JsonErrorText.of(e) + ".");
        }
        if (root == null || !root.isObject()) {
            throw new DeadLetterException("invalid_json", "The message must be a JSON object.");
        }
        try {
            return EventDetails.read(root, null, deliveryId);
        } catch (HttpProblem problem) {
            throw new DeadLetterException(problem.code(), problem.getMessage());
        }
    }

    /**
     * The most of the original a dead letter quotes, in UTF-8 bytes once JSON-escaped: with the reason and message
     * it stays well under SQS's limit of 262,144 bytes a message, so a dead letter can always be sent (and the
     * poison message is then deleted, never redelivered).
     */
    static final int MAX_QUOTED_BYTES = 200_000;

    /**
     * A dead letter as sent: {@code reason} (an error code), {@code message}, {@code original}, and when the original
     * was cut, {@code originalTruncated} and {@code originalBytes} (its whole size in UTF-8 bytes).
     */
    private record DeadLetter(String reason, String message, String original,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean originalTruncated,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer originalBytes) {
    }

    /** The reason a dead letter gives: a {@link DeadLetterException}'s, else {@code internal_error}. */
    static String reasonOf(Throwable failure) {
        return failure instanceof DeadLetterException dead ? dead.reason() : "internal_error";
    }

    /**
     * What the dead-letter queue receives: why, and the message as it came, cut to {@value #MAX_QUOTED_BYTES}
     * escaped bytes when it is longer ({@code originalTruncated: true}, {@code originalBytes}: its whole size).
     */
    public String deadLetter(@ExchangeProperty(ORIGINAL_MESSAGE) String original,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        String reason = reasonOf(failure);
        String text = original == null ? "" : original;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        String quoted = text;
        try {
            // Cut in proportion to what escaping made of it, then a little more while it does not fit: until
            // 2026-12-06 each cut took a quarter, and a 200,051-byte message kept 150,038 bytes.
            for (int escaped = json.writeValueAsBytes(quoted).length; escaped > MAX_QUOTED_BYTES;
                    escaped = json.writeValueAsBytes(quoted).length) {
                int keep = (int) Math.min(quoted.length() - 1L, (long) quoted.length() * MAX_QUOTED_BYTES / escaped
                        - 8);
                quoted = com.surveyrelay.survey.PlainText.prefix(quoted, Math.max(0, keep));
            }
            boolean truncated = quoted.length() < text.length();
            DeadLetter letter = new DeadLetter(reason, failure.getMessage(), quoted, truncated ? Boolean.TRUE : null,
                    truncated ? bytes : null);
            // The message may quote the request (a parser's "Unrecognized token 'tel15551234567'", an unknown field's
            // name, a respondent's name beside it): the dead letter keeps it whole; the WARN line once it is sent
            // (DeadLetterSends) gives the reason alone, and DEBUG here the message with its numbers masked.
            LOG.debug("Start request to dead-letter: {}: {}", reason, E164.maskedIn(failure.getMessage()));
            return json.writeValueAsString(letter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
