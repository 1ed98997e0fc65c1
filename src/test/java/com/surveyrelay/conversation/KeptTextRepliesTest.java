package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * What becomes of a kept text's replies Twilio does not take: kept again when nothing went out, given up
 * {@link KeptTextReplies#REPLY_GIVE_UP_AFTER} after Twilio first failed them, never tried again when Twilio refused
 * them for good or may have taken them. The queue and Twilio are mocks here; {@code StorageOutageTest} runs the whole
 * way against the local SQS and Twilio emulator.
 */
class KeptTextRepliesTest {

    private static final E164 NUMBER = new E164("+15550100901");
    private static final KeptText TEXT = new KeptText(NUMBER.value(), "4", null, "SM" + "a".repeat(32));
    /** Reads a queue message as the queue does; the queue itself is a mock, to see what is kept. */
    private static final KeptTexts READER = new KeptTexts(null, "", false);
    private static final HttpProblem TWILIO_DOWN = new TwilioFailure("twilio_error", "Twilio answered 503.", true);
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    private final KeptTexts queue = mock(KeptTexts.class);
    private final MessageWebhooks messages = mock(MessageWebhooks.class);
    private final TwilioGateway twilio = mock(TwilioGateway.class);

    /** The bean as it runs at {@code now}. */
    private KeptTextReplies at(Instant now) {
        return new KeptTextReplies(queue, messages, twilio, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String message(KeptText text) throws Exception {
        return new ObjectMapper().writeValueAsString(text);
    }

    private static Map<String, String> delivery(int count) {
        return Map.of("ApproximateReceiveCount", Integer.toString(count));
    }

    private KeptText keptAgain() {
        ArgumentCaptor<KeptText> kept = ArgumentCaptor.forClass(KeptText.class);
        verify(queue).keep(kept.capture());
        return kept.getValue();
    }

    @Test
    void aReplyTwilioDoesNotTakeAfterTheTextIsAppliedIsKeptToSendAgain() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        when(messages.applyKept(any(), eq("0a1b2c3d"), eq(true))).thenReturn(List.of("Next question?"));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "Next question?");

        at(NOW).apply(message(TEXT), delivery(1), "0a1b2c3d");

        KeptText again = keptAgain();
        assertThat(again.repliesToSend()).containsExactly("Next question?");
        assertThat(again.repliesKeptAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(again.messageSid()).isEqualTo(TEXT.messageSid());
        assertThat(again.deduplicationId()).as("not deduplicated against the text itself")
                .isEqualTo(TEXT.messageSid() + "-replies-1");
    }

    /** The rest of a partly sent batch keeps the time its replies were first kept: the give-up does not restart. */
    @Test
    void keptRepliesGoWithoutApplyingTheTextAgainAndOnlyThoseNotSentAreKept() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "second");
        long firstKept = NOW.minusSeconds(60).toEpochMilli();

        at(NOW).apply(message(TEXT.withRepliesToSend(List.of("first", "second", "third"), firstKept)), delivery(3),
                null);

        verify(twilio).send(Channel.SMS, NUMBER, "first");
        verify(twilio, never()).send(Channel.SMS, NUMBER, "third");
        verify(messages, never()).applyKept(any(), any(), org.mockito.ArgumentMatchers.anyBoolean());
        assertThat(keptAgain().repliesToSend()).containsExactly("second", "third");
        assertThat(keptAgain().repliesKeptAt()).isEqualTo(firstKept);
    }

    @Test
    void keptRepliesNoneOfWhichWentStayOnTheQueueUntilTheirTimeIsUpThenAreGivenUp() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "Next question?");
        String kept = message(TEXT.withRepliesToSend(List.of("Next question?"), NOW.toEpochMilli()));

        Instant justBefore = NOW.plus(KeptTextReplies.REPLY_GIVE_UP_AFTER).minusSeconds(1);
        assertThatThrownBy(() -> at(justBefore).apply(kept, delivery(170), null)).as("left on the queue")
                .isInstanceOf(IllegalStateException.class);
        verify(messages, never()).repliesNotSent(any(), any());
        at(NOW.plus(KeptTextReplies.REPLY_GIVE_UP_AFTER)).apply(kept, delivery(180), null);

        verify(queue, never()).keep(any());
        // None went: the text's repliedByRest mark is taken back, so that a repeat of it gets them in TwiML.
        verify(messages).repliesNotSent(ofText(), eq(List.of("Next question?")));
    }

    /**
     * A reply Twilio refused for good (a 4xx it answers as {@code 502 twilio_error}, such as 21617, a body too long;
     * an opt-out), or may have taken, is neither kept again nor left on the queue.
     */
    @Test
    void aReplyRefusedForGoodOrPerhapsTakenIsNotTriedAgain() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        for (HttpProblem failure : List.of(new TwilioFailure("twilio_error", "Twilio refused the text (Twilio error "
                + "21617).", false), new HttpProblem(422, "recipient_opted_out", "21610"),
                new HttpProblem(502, TwilioGateway.OUTCOME_UNKNOWN, "no answer"))) {
            doThrow(failure).when(twilio).send(Channel.SMS, NUMBER, "Next question?");

            at(NOW).apply(message(TEXT.withRepliesToSend(List.of("Next question?"), NOW.toEpochMilli())),
                    delivery(1), null);
        }
        when(messages.applyKept(any(), any(), eq(true))).thenReturn(List.of("Next question?"));
        at(NOW).apply(message(TEXT), delivery(1), null);
        verify(queue, never()).keep(any());
    }

    private static KeptText ofText() {
        return org.mockito.ArgumentMatchers.argThat(kept -> kept != null && kept.messageSid().equals(TEXT.messageSid()));
    }

    /**
     * A reply Twilio refused for good (a 4xx) went nowhere: the text's repliedByRest mark is taken back, so that
     * Twilio's repeat of it gets the reply in TwiML. Before, the repeat got nothing and the respondent no question.
     */
    @Test
    void aReplyRefusedForGoodHasItsRestMarkTakenBack() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        when(messages.applyKept(any(), any(), eq(true))).thenReturn(List.of("Next question?"));
        doThrow(new TwilioFailure("twilio_error", "Twilio refused the text (Twilio error 21617).", false))
                .when(twilio).send(Channel.SMS, NUMBER, "Next question?");

        at(NOW).apply(message(TEXT), delivery(1), "0a1b2c3d");

        verify(messages).repliesNotSent(ofText(), eq(List.of("Next question?")));
        verify(queue, never()).keep(any());
    }

    /**
     * Refusals the gateway names itself (Twilio error 21211 or 21614 as invalid_recipient, 63016 as
     * whatsapp_window_closed) went nowhere either: the mark was kept for them, as only a TwilioFailure counted.
     */
    @Test
    void aReplyToANumberTwilioCannotReachHasItsRestMarkTakenBack() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        when(messages.applyKept(any(), any(), eq(true))).thenReturn(List.of("Next question?"));
        doThrow(new HttpProblem(422, "invalid_recipient", "Twilio cannot reach that number (Twilio error 21614)."))
                .when(twilio).send(Channel.SMS, NUMBER, "Next question?");

        at(NOW).apply(message(TEXT), delivery(1), "0a1b2c3d");

        verify(messages).repliesNotSent(ofText(), eq(List.of("Next question?")));
        verify(queue, never()).keep(any());
    }

    /**
     * The mark stays where a reply may have gone (no answer from Twilio), where the number opted out (nothing is to
     * reach it, in TwiML either), and where some replies went (a repeat would send them again).
     */
    @Test
    void theRestMarkStaysWhenAReplyMayHaveGoneOrSomeWent() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        when(messages.applyKept(any(), any(), eq(true))).thenReturn(List.of("Thanks.", "Next question?"));
        for (HttpProblem failure : List.of(new HttpProblem(422, "recipient_opted_out", "21610"),
                new HttpProblem(502, TwilioGateway.OUTCOME_UNKNOWN, "no answer"))) {
            doThrow(failure).when(twilio).send(Channel.SMS, NUMBER, "Thanks.");
            at(NOW).apply(message(TEXT), delivery(1), null);
        }
        org.mockito.Mockito.reset(twilio);
        doThrow(new TwilioFailure("twilio_error", "Twilio refused the text (Twilio error 21617).", false))
                .when(twilio).send(Channel.SMS, NUMBER, "Next question?");
        at(NOW).apply(message(TEXT), delivery(1), null);

        verify(twilio).send(Channel.SMS, NUMBER, "Thanks.");
        verify(messages, never()).repliesNotSent(any(), any());
    }
}
