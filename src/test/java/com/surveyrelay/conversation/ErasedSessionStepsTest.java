package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.outbox.DeliveredEntries;
import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxProperties;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.survey.VoiceWebhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * Steps whose session changed under them. A STOP texted in the instant its number is erased wrote an open marker
 * back: {@code open-sessions/<digits>/<id>}, an object whose key holds the erased number, naming a document no longer
 * there, until the relay's sweep found it five minutes old. A repeat of a text answered from this instance's copy,
 * older than the write that marked its replies sent by REST, sent them again. The store and the markers are mocks
 * because the change must land between two exact calls of the step (its read and its write) and the order of the
 * calls is what is checked; the processor is real.
 */
class ErasedSessionStepsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final E164 PHONE = new E164("+15550107301");
    private static final SurveyInput STOP = new SurveyInput.SmsReceived("STOP", "STOP");
    private static final SessionSteps.InboundText TEXT = new SessionSteps.InboundText(
            "SM0123456789abcdef0123456789abcdef", null, false);

    private final Survey survey = shippedSurvey();
    private final SurveyProcessor processor = new SurveyProcessor(CLOCK, new VoiceWebhook(
            URI.create("https://relay.example.com/voice/webhook"),
            URI.create("https://relay.example.com/voice/status")));
    private final SessionStore store = mock(SessionStore.class);
    private final OpenSessionMarkers markers = mock(OpenSessionMarkers.class);
    private final SessionSteps steps;

    ErasedSessionStepsTest() {
        SurveyCatalog catalog = mock(SurveyCatalog.class);
        when(catalog.survey(any(), any())).thenReturn(survey);
        steps = new SessionSteps(store, markers, catalog, processor, new OutboxLeases(new OutboxProperties(null, null,
                null, null, null, null, null, null)), new DeliveredEntries(), CLOCK, event -> { });
    }

    private static Survey shippedSurvey() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SMS survey of {@link #PHONE}, welcomed, then ended as {@code input} ends it; its outbox delivered. */
    private StoredSession ended(SurveyInput.Ended input) {
        SurveySession begun = SurveySession.begin(SessionStore.newSessionId(), survey, PHONE, Channel.SMS, null,
                NOW.minusSeconds(600));
        SurveySession started = processor.process(survey, begun, new SurveyInput.Start()).session();
        return new StoredSession(processor.end(started, input).session(), Outbox.EMPTY, Inbox.EMPTY, "\"e1\"");
    }

    /**
     * The STOP's step read the finished session, then the erasure deleted it and removed its marker, then the step
     * wrote its marker (for the opt-out's event) and its conditional write failed: the document is gone, and the
     * step takes its marker back out.
     */
    @Test
    void aStepWhoseSessionWasErasedUnderItRemovesTheMarkerItWrote() {
        StoredSession finished = ended(new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
        SessionRef ref = finished.ref();
        AtomicBoolean erased = new AtomicBoolean();
        when(store.findRecent(ref)).thenReturn(Optional.of(finished));
        when(store.find(ref)).thenAnswer(call -> erased.get() ? Optional.empty() : Optional.of(finished));
        when(store.replace(any(), any(), any(), any())).thenAnswer(call -> {
            // The erasure runs here: the document is deleted, and If-Match on it fails.
            erased.set(true);
            throw new SessionConflictException("survey-results/15550107301/" + ref.sessionId() + ".json");
        });

        assertThat(steps.apply(ref, STOP, TEXT, true)).isEmpty();

        InOrder order = inOrder(store, markers);
        order.verify(markers).markOpen(ref);
        order.verify(store).replace(any(), any(), any(), any());
        order.verify(store).find(ref);
        order.verify(markers).unmarkOpen(ref);
        verify(markers).markOpen(ref);
    }

    /**
     * The STOP's step read the session after the erasure ended it ({@code erased}) and before it deleted it: the
     * opt-out's event would carry the erased number out after the erasure answered, and need an open marker. The step
     * adds no event and writes no marker (the opt-out itself is in the consent record, written before the step).
     */
    @Test
    void aSessionEndedByAnErasureTakesNoEventAndNoMarker() {
        StoredSession erasedEnd = ended(new SurveyInput.Ended(SurveyStatus.ABANDONED, SurveyProcessor.ERASED));
        SessionRef ref = erasedEnd.ref();
        when(store.findRecent(ref)).thenReturn(Optional.of(erasedEnd));
        when(store.find(ref)).thenReturn(Optional.of(erasedEnd));
        ArgumentCaptor<Outbox> written = ArgumentCaptor.forClass(Outbox.class);
        when(store.replace(eq(erasedEnd), any(), written.capture(), any())).thenAnswer(call -> new StoredSession(
                call.getArgument(1), call.getArgument(2), call.getArgument(3), "\"e2\""));

        steps.apply(ref, STOP, TEXT, true);

        verify(markers, never()).markOpen(any());
        assertThat(written.getAllValues()).allSatisfy(outbox -> assertThat(outbox.entries()).isEmpty());
    }

    /**
     * The same STOP on a session that ended otherwise still publishes the opt-out, with its marker, and its results
     * copy is made again with the opt-out (since 2026-12-07).
     */
    @Test
    void aSessionEndedOtherwiseStillPublishesTheOptOut() {
        StoredSession expired = ended(new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
        SessionRef ref = expired.ref();
        when(store.findRecent(ref)).thenReturn(Optional.of(expired));
        ArgumentCaptor<Outbox> written = ArgumentCaptor.forClass(Outbox.class);
        when(store.replace(eq(expired), any(), written.capture(), any())).thenAnswer(call -> new StoredSession(
                call.getArgument(1), call.getArgument(2), call.getArgument(3), "\"e2\""));

        steps.apply(ref, STOP, TEXT, true);

        verify(markers, times(2)).markOpen(ref);
        assertThat(written.getValue().entries()).extracting(OutboxEntry::kind)
                .containsExactly(OutboxEntry.Kind.EVENT, OutboxEntry.Kind.RESULT);
    }

    /**
     * Twilio repeats a text whose replies went by REST after all: the bucket's entry says so ({@code repliedByRest}),
     * this instance's copy (a relay's batch handed it back) predates that write. The repeat is answered as the bucket
     * has it, so its webhook sends nothing again (StorageOutageTest.aKeptTextWhoseWriteHadLandedStillGetsItsReply
     * failed so once in CI).
     */
    @Test
    void aRepeatIsAnsweredAsTheBucketHasItNotFromAnOlderCopy() {
        StoredSession open = ended(new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
        Inbox.InboundMessage applied = new Inbox.InboundMessage(TEXT.messageSid(), java.util.List.of("Next question."),
                null, false);
        StoredSession older = new StoredSession(open.session(), Outbox.EMPTY, Inbox.EMPTY.with(applied), "\"e1\"");
        StoredSession bucket = new StoredSession(open.session(), Outbox.EMPTY,
                Inbox.EMPTY.with(applied).withRepliedByRest(TEXT.messageSid()), "\"e2\"");
        when(store.findRecent(open.ref())).thenReturn(Optional.of(older));
        when(store.find(open.ref())).thenReturn(Optional.of(bucket));

        SessionSteps.Step repeat = steps.apply(open.ref(), STOP, TEXT, true).orElseThrow();

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.appliedBefore().repliedByRest()).as("as the bucket has it").isTrue();
        verify(store, never()).replace(any(), any(), any(), any());
    }
}
