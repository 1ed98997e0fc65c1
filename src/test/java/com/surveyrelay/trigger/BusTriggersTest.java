package com.surveyrelay.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.config.TriggerProperties;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which queued requests the queue delivers again and which are dead-lettered: one that can never start at once; one
 * that may start later (the number busy in another survey, a failure on our side) until its
 * {@code max-receives}-th delivery, by SQS's {@code ApproximateReceiveCount}, and then with its reason.
 */
class BusTriggersTest {

    private static final String REQUEST = "{\"to\": \"+15551230001\", \"channel\": \"sms\"}";

    private final SurveyStarts starts = mock(SurveyStarts.class);
    private final RedeliveryDelay delay = mock(RedeliveryDelay.class);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
    private final BusTriggers triggers = new BusTriggers(starts,
            new TriggerProperties(true, "http://sqs/q", "http://sqs/dlq", null, 3), delay, clock);

    private static Map<String, String> received(int times) {
        return Map.of("ApproximateReceiveCount", String.valueOf(times));
    }

    @Test
    void aNumberBusyInAnotherSurveyIsDeliveredAgainThenDeadLetteredWithItsReason() {
        HttpProblem busy = new HttpProblem(409, "survey_in_progress", "This number is in the middle of a survey.");
        when(starts.start(any(StartRequest.class))).thenThrow(busy);

        assertThatThrownBy(() -> triggers.start(REQUEST, "m-1", received(1), null, null))
                .isInstanceOfSatisfying(RedeliveryRequested.class, again -> {
                    assertThat(again).hasCause(busy);
                    assertThat(again.reason()).isEqualTo("survey_in_progress");
                    // The failure's message, no class name (until 2026-12-07 "com.surveyrelay...: ", a probe).
                    assertThat(again).hasMessage("Start request sqs:m-1 not started, delivery 1 of at most 3 "
                            + "(survey_in_progress); the queue delivers it again: This number is in the middle of a "
                            + "survey.");
                });
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-1", received(2), null, null)).hasCause(busy)
                .hasMessageContaining("delivery 2 of at most 3");
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-1", received(3), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead -> {
                    assertThat(dead.reason()).isEqualTo("survey_in_progress");
                    assertThat(dead.getMessage()).endsWith("(given up after 3 deliveries)");
                });
    }

    /**
     * A repeat whose key's first request has no outcome yet (still starting, or storage failed to free its key after
     * a failure that sent nothing) was dropped as a repeat, losing the request: it stays on the queue for a later
     * delivery, which reads the outcome. A claim that is never taken over (kept before claims named their session) is
     * dead-lettered with its reason after {@code max-receives}, never dropped.
     */
    @Test
    void aRepeatWhoseFirstRequestHasNoOutcomeYetIsDeliveredAgain() {
        StartedSurvey claimed = new StartedSurvey(false, true, null, null, null, null, null, null, null, "claimed",
                null, null);
        when(starts.start(any(StartRequest.class))).thenReturn(claimed);

        assertThatThrownBy(() -> triggers.start(REQUEST, "m-5", received(1), "receipt-5", null))
                .isInstanceOfSatisfying(RedeliveryRequested.class, again ->
                        assertThat(again.reason()).isEqualTo("idempotency_key_in_use"));
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-5", received(3), "receipt-5", null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead ->
                        assertThat(dead.reason()).isEqualTo("idempotency_key_in_use"));
        verify(delay, never()).putOff(anyString(), any(Duration.class));
    }

    /**
     * A repeat meeting a claim that may be taken over in 200 s came again every visibility timeout (30 s), and was
     * dead-lettered on its {@code max-receives}-th receive, before the takeover that would have started it. It comes
     * again when the claim may be taken over, a second after, and such waits do not count against
     * {@code max-receives}; only on twice as many receives is it dead-lettered, with its reason.
     */
    @Test
    void aRepeatWaitingOnAClaimComesAgainWhenTheClaimMayBeTakenOverUncounted() {
        StartedSurvey claimed = new StartedSurvey(false, true, null, null, null, null, null, null, null, "claimed",
                null, null, clock.instant().plusSeconds(200));
        when(starts.start(any(StartRequest.class))).thenReturn(claimed);
        when(delay.putOff("receipt-7", Duration.ofSeconds(201))).thenReturn(201L);

        assertThatThrownBy(() -> triggers.start(REQUEST, "m-7", received(3), "receipt-7", null))
                .isInstanceOfSatisfying(RedeliveryRequested.class, again -> {
                    assertThat(again.reason()).isEqualTo("idempotency_key_in_use");
                    assertThat(again).hasMessage("Start request sqs:m-7 not started, delivery 3 "
                            + "(idempotency_key_in_use): its idempotency key's first request has no outcome yet; the "
                            + "queue delivers it again in 201 s, when its claim may be taken over, not counted against "
                            + "3 deliveries");
                });
        verify(delay).putOff("receipt-7", Duration.ofSeconds(201));
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-7", received(5), "receipt-7", null))
                .isInstanceOf(RedeliveryRequested.class);
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-7", received(6), "receipt-7", null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead -> {
                    assertThat(dead.reason()).isEqualTo("idempotency_key_in_use");
                    assertThat(dead.getMessage()).endsWith("(given up after 6 deliveries)");
                });
    }

    /**
     * Twilio did not answer a bus start (a reset): the message was left on the queue "to be delivered again", and each
     * later delivery was only ignored as a repeat of a key recorded started. It is taken off the queue at once.
     */
    @Test
    void aStartWhoseTextMayHaveGoneOutIsNotDeliveredAgain() {
        when(starts.start(any(StartRequest.class))).thenThrow(new com.surveyrelay.conversation.StartOutcomeUnknown(
                new HttpProblem(502, "twilio_outcome_unknown", "Twilio did not answer"), "session-1"));

        assertThat(triggers.start(REQUEST, "m-9", received(1), null, null).sessionId()).isNull();
    }

    @Test
    void aFailureOnOurSideIsDeliveredAgainThenDeadLetteredToo() {
        HttpProblem unavailable = new HttpProblem(503, "survey_unavailable", "Storage is unavailable.");
        when(starts.start(any(StartRequest.class))).thenThrow(unavailable);
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-2", received(2), null, null))
                .isInstanceOf(RedeliveryRequested.class).hasCause(unavailable);
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-2", received(4), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead ->
                        assertThat(dead.reason()).isEqualTo("survey_unavailable"));

        SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request");
        when(starts.start(any(StartRequest.class))).thenThrow(unreachable);
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-3", null, null, null)).as("no count: a first delivery")
                .isInstanceOfSatisfying(RedeliveryRequested.class, again -> {
                    assertThat(again).hasCause(unreachable);
                    assertThat(again.reason()).isEqualTo("survey_unavailable");
                });
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-3", received(3), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead ->
                        assertThat(dead.reason()).isEqualTo("survey_unavailable"));

        when(starts.start(any(StartRequest.class))).thenThrow(new IllegalStateException("a defect"));
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-6", received(3), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead ->
                        assertThat(dead.reason()).isEqualTo("internal_error"));
    }

    @Test
    void aRequestThatCanNeverStartIsDeadLetteredOnItsFirstDelivery() {
        when(starts.start(any(StartRequest.class))).thenThrow(
                new HttpProblem(422, "recipient_opted_out", "The recipient opted out."));
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-4", received(1), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead ->
                        assertThat(dead.reason()).isEqualTo("recipient_opted_out"));
    }

    /**
     * Twilio refusing the text for good (error 21408, the number's region not enabled; 20003, the credentials) is
     * answered {@code 502 twilio_error} as Twilio failing is, yet no later delivery can start it: each opened a session
     * and published its start and its end, five times, before the dead letter.
     */
    @Test
    void aRequestTwilioRefusedForGoodIsDeadLetteredOnItsFirstDelivery() {
        when(starts.start(any(StartRequest.class))).thenThrow(new TwilioFailure("twilio_error",
                "Twilio refused the text (Twilio error 21408).", false));
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-7", received(1), null, null))
                .isInstanceOfSatisfying(DeadLetterException.class, dead -> {
                    assertThat(dead.reason()).isEqualTo("twilio_error");
                    assertThat(dead).hasMessageContaining("21408");
                });

        TwilioFailure failing = new TwilioFailure("twilio_error", "Twilio failed the text: it answered HTTP 503.",
                true);
        when(starts.start(any(StartRequest.class))).thenThrow(failing);
        assertThatThrownBy(() -> triggers.start(REQUEST, "m-8", received(1), null, null))
                .as("Twilio failing may take it later").isInstanceOf(RedeliveryRequested.class).hasCause(failing);
    }

    @Test
    void aMessageWithAByteOrderMarkIsReadAsItsJson() {
        StartedSurvey started = new StartedSurvey(true, null, null, "0b0f5c1e-6a57-4e8e-9d3a-2f1b7c9e4a10", null, null,
                "customer-satisfaction", "sms", "en-US", "STARTED", "SM" + "1".repeat(32), null);
        when(starts.start(any(StartRequest.class))).thenReturn(started);
        assertThat(triggers.start("\uFEFF" + REQUEST, "m-5", received(1), null, null)).isSameAs(started);
    }

    /**
     * A request that is no JSON was dead-lettered with a WARN quoting the parser, whose message quotes the request:
     * {@code Unrecognized token 'tel15550140430'} put the whole number in the log. The dead letter keeps the request
     * as it came, for the operator; the WARN line gives the reason and the size alone (a name beside the number would
     * be quoted as well), the message going to DEBUG with its numbers masked.
     */
    @Test
    void aDeadLetterKeepsTheRequestWhileItsWarningQuotesNothingOfIt() throws Exception {
        String notJson = "{\"to\": tel15550140430, \"channel\": \"sms\"}";
        Throwable refusal = org.assertj.core.api.Assertions.catchThrowable(
                () -> triggers.start(notJson, "m-9", received(1), null, null));
        assertThat(refusal).isInstanceOf(DeadLetterException.class).hasMessageContaining("tel15550140430");

        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                BusTriggers.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String letter;
        try {
            letter = triggers.deadLetter(notJson, refusal);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(letter).path("original").asText())
                .isEqualTo(notJson);

        // Cut to nearly the 200,000 bytes said, not to three quarters of it (150,038 bytes until 2026-12-06).
        String large = "{\"surveyId\": \"" + "s".repeat(200_030) + "\"}";
        String cut = new com.fasterxml.jackson.databind.ObjectMapper().readTree(triggers.deadLetter(large, refusal))
                .path("original").asText();
        assertThat(large).startsWith(cut);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(cut).length)
                .isBetween(BusTriggers.MAX_QUOTED_BYTES - 100, BusTriggers.MAX_QUOTED_BYTES);
        // The WARN comes once the dead letter is sent (DeadLetterSends, TriggerServiceTest); here DEBUG at most.
        assertThat(appender.list).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
            assertThat(line.getFormattedMessage()).doesNotContain("15550140430");
        });
    }
    /**
     * A repeat of a request that was refused said only "failed (no session)" (an operator's probe, 2026-12-07): it
     * names the refusal's code and that a new request needs a new key.
     */
    @Test
    void aRepeatOfARefusedRequestNamesTheRefusal() throws Exception {
        StartedSurvey refused = new StartedSurvey(false, true, null, null, null, null, null, null, null, "failed",
                null, new HttpProblem(422, "recipient_opted_out", "The recipient opted out."));
        when(starts.start(any(StartRequest.class))).thenReturn(refused);

        var lines = com.surveyrelay.LoggedLines.during(BusTriggers.class,
                () -> triggers.start(REQUEST, "m-9", received(1), null, null));

        assertThat(lines).extracting(line -> line.getFormattedMessage()).anySatisfy(line -> assertThat(line)
                .contains("sqs:m-9").contains("refused recipient_opted_out")
                .contains("a new request needs a new idempotency key"));
    }
}
