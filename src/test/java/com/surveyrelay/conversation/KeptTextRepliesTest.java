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
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * What becomes of a kept text's replies Twilio does not take: kept again when nothing went out, given up after an
 * hour of deliveries, never tried again when Twilio refused them for good or may have taken them. The queue and Twilio
 * are mocks here; {@code StorageOutageTest} runs the whole way against the local SQS and Twilio emulator.
 */
class KeptTextRepliesTest {

    private static final E164 NUMBER = new E164("+15550100901");
    private static final KeptText TEXT = new KeptText(NUMBER.value(), "4", null, "SM" + "a".repeat(32));
    /** Reads a queue message as the queue does; the queue itself is a mock, to see what is kept. */
    private static final KeptTexts READER = new KeptTexts(null, "", false);
    private static final HttpProblem TWILIO_DOWN = new HttpProblem(502, "twilio_error", "Twilio answered 503.");

    private final KeptTexts queue = mock(KeptTexts.class);
    private final MessageWebhooks messages = mock(MessageWebhooks.class);
    private final TwilioGateway twilio = mock(TwilioGateway.class);
    private final KeptTextReplies replies = new KeptTextReplies(queue, messages, twilio);

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
        when(messages.applyKept(any(), eq(true))).thenReturn(List.of("Next question?"));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "Next question?");

        replies.apply(message(TEXT), delivery(1));

        KeptText again = keptAgain();
        assertThat(again.repliesToSend()).containsExactly("Next question?");
        assertThat(again.messageSid()).isEqualTo(TEXT.messageSid());
        assertThat(again.deduplicationId()).as("not deduplicated against the text itself")
                .isEqualTo(TEXT.messageSid() + "-replies-1");
    }

    @Test
    void keptRepliesGoWithoutApplyingTheTextAgainAndOnlyThoseNotSentAreKept() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "second");

        replies.apply(message(TEXT.withRepliesToSend(List.of("first", "second", "third"))), delivery(3));

        verify(twilio).send(Channel.SMS, NUMBER, "first");
        verify(twilio, never()).send(Channel.SMS, NUMBER, "third");
        verify(messages, never()).applyKept(any(), org.mockito.ArgumentMatchers.anyBoolean());
        assertThat(keptAgain().repliesToSend()).containsExactly("second", "third");
    }

    @Test
    void keptRepliesNoneOfWhichWentStayOnTheQueueForAnHourThenAreGivenUp() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        doThrow(TWILIO_DOWN).when(twilio).send(Channel.SMS, NUMBER, "Next question?");
        String kept = message(TEXT.withRepliesToSend(List.of("Next question?")));

        assertThatThrownBy(() -> replies.apply(kept, delivery(2))).as("left on the queue")
                .isInstanceOf(IllegalStateException.class);
        replies.apply(kept, delivery(KeptTextReplies.MAX_REPLY_DELIVERIES));

        verify(queue, never()).keep(any());
    }

    @Test
    void aReplyRefusedForGoodOrPerhapsTakenIsNotTriedAgain() throws Exception {
        when(queue.read(any())).thenAnswer(call -> READER.read(call.getArgument(0)));
        for (HttpProblem failure : List.of(new HttpProblem(422, "recipient_opted_out", "21610"),
                new HttpProblem(502, TwilioGateway.OUTCOME_UNKNOWN, "no answer"))) {
            doThrow(failure).when(twilio).send(Channel.SMS, NUMBER, "Next question?");

            replies.apply(message(TEXT.withRepliesToSend(List.of("Next question?"))), delivery(1));
        }
        verify(queue, never()).keep(any());
    }
}
