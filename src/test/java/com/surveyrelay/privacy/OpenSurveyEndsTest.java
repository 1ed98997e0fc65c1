package com.surveyrelay.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxProperties;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.survey.VoiceWebhook;
import com.surveyrelay.twilio.TwilioGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end an erasure gives a running survey, against a real S3-protocol server: {@code ABANDONED}, reason
 * {@code erased}, its outbox emptied and no event added, in a conditional write that a webhook's step, which read the
 * session before it, cannot write over.
 */
class OpenSurveyEndsTest {

    private static final String BUCKET = "open-survey-ends";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static PrivacyBucket bucket;
    private static Survey survey;
    private static SessionStore sessions;
    private static SurveyProcessor processor;
    private static OpenSessionMarkers markers;

    private final OutboxRelay relay = mock(OutboxRelay.class);
    private final TwilioGateway twilio = mock(TwilioGateway.class);
    private final OutboxLeases leases = new OutboxLeases(new OutboxProperties(null, null, null, null, null, null, null,
            null));

    private OpenSurveyEnds ends() {
        return new OpenSurveyEnds(sessions, processor, markers, relay, leases, twilio, CLOCK);
    }

    @BeforeAll
    static void bucket() throws Exception {
        bucket = PrivacyBucket.create(BUCKET);
        survey = PrivacyBucket.shippedSurvey();
        sessions = new SessionStore(bucket.client(), bucket.settings());
        markers = new OpenSessionMarkers(bucket.client(), bucket.settings());
        processor = new SurveyProcessor(CLOCK, new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                URI.create("https://relay.example.com/voice/status")));
    }

    @AfterAll
    static void close() throws Exception {
        bucket.close();
    }

    /** An SMS survey started and welcomed, its events (and an answer's) still in its outbox, as a step stores it. */
    private static StoredSession runningSurvey(E164 phone) {
        SurveySession begun = SurveySession.begin(SessionStore.newSessionId(), survey, phone, Channel.SMS, null,
                NOW.minusSeconds(120));
        var started = processor.process(survey, begun, new SurveyInput.Start());
        StoredSession created = sessions.create(started.session(),
                Outbox.EMPTY.append(started.events(), null, NOW.minusSeconds(120)));
        var answered = processor.process(survey, created.session(), new SurveyInput.SmsReceived("continue", null));
        return sessions.replace(created, answered.session(),
                created.outbox().append(answered.events(), null, NOW.minusSeconds(60)), created.inbox());
    }

    @Test
    void aRunningSurveyEndsErasedWithItsOutboxEmptiedAndNoEvent() {
        E164 phone = new E164("+15550107001");
        StoredSession running = runningSurvey(phone);
        assertThat(running.outbox().isEmpty()).isFalse();

        OpenSurveyEnds.Ending ending = ends()
                .end(running.ref()).orElseThrow();

        StoredSession stored = sessions.find(running.ref()).orElseThrow();
        assertThat(ending.ended()).isTrue();
        assertThat(ending.hadUndelivered()).isTrue();
        assertThat(stored.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(stored.session().endReason()).isEqualTo("erased");
        assertThat(stored.outbox().entries()).as("nothing left to publish: events carry the number").isEmpty();
        assertThat(stored.outbox().nextSequence()).as("numbering goes on, should anything follow")
                .isEqualTo(running.outbox().nextSequence());
        assertThat(stored.inbox()).isEqualTo(running.inbox());
        assertThat(ending.stored().etag()).isEqualTo(stored.etag());
    }

    /**
     * A text's step read the session before the erasure ended it, and writes after: its conditional write fails, so
     * its answer is neither applied to the ended session nor written back; re-applied, it finds the session ended.
     */
    @Test
    void aStepThatReadTheSessionBeforeTheEndCannotWriteOverIt() {
        E164 phone = new E164("+15550107002");
        StoredSession readByTheWebhook = runningSurvey(phone);
        var answer = processor.process(survey, readByTheWebhook.session(), new SurveyInput.SmsReceived("4", null));

        ends().end(readByTheWebhook.ref()).orElseThrow();

        assertThatThrownBy(() -> sessions.replace(readByTheWebhook, answer.session(),
                readByTheWebhook.outbox().append(answer.events(), null, NOW), readByTheWebhook.inbox()))
                .isInstanceOf(SessionConflictException.class);
        StoredSession stored = sessions.find(readByTheWebhook.ref()).orElseThrow();
        assertThat(stored.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(stored.outbox().entries()).isEmpty();
        assertThat(processor.process(survey, stored.session(), new SurveyInput.SmsReceived("4", null)).events())
                .as("the ended session takes the answer no more").isEmpty();
    }

    /** Ending twice (an erasure sent again after a failure) ends once: the second finds it ended and writes nothing. */
    @Test
    void anEndedSurveyIsNotWrittenAgain() {
        E164 phone = new E164("+15550107003");
        StoredSession running = runningSurvey(phone);
        OpenSurveyEnds ends = ends();
        String etag = ends.end(running.ref()).orElseThrow().stored().etag();

        OpenSurveyEnds.Ending again = ends.end(running.ref()).orElseThrow();

        assertThat(again.ended()).isFalse();
        assertThat(again.hadUndelivered()).isFalse();
        assertThat(sessions.find(running.ref()).orElseThrow().etag()).isEqualTo(etag);
    }

    /** Once the document is deleted, its marker goes and this instance's relay drops any copy it kept. */
    @Test
    void anErasedSessionLosesItsMarkerAndTheRelaysCopy() {
        E164 phone = new E164("+15550107004");
        StoredSession running = runningSurvey(phone);
        markers.markOpen(running.ref());
        sessions.erase(running.ref());

        ends().erased(running.ref());

        assertThat(markers.openSessionsOf(phone)).isEmpty();
        verify(relay).erased(running.ref(), NOW);
        assertThat(ends().end(running.ref())).isEmpty();
    }

    /**
     * Another instance holds the delivery lease (it answered the last text) and delivers, retrying, from its own copy
     * of the entries, without reading the document again: ended here, the erased answers would still be published
     * there after the erasure answered. The erasure waits for the lease instead, and nothing is written.
     */
    @Test
    void aSurveyWhoseEventsAnotherInstanceDeliversIsNotEndedUntilItsLeaseEnds() {
        E164 phone = new E164("+15550107005");
        StoredSession unleased = runningSurvey(phone);
        StoredSession leased = sessions.replace(unleased, unleased.session(),
                unleased.outbox().leasedTo("another-instance", NOW.plusSeconds(30)), unleased.inbox());

        assertThatThrownBy(() -> ends().end(leased.ref())).isInstanceOfSatisfying(HttpProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(409);
            assertThat(problem.code()).isEqualTo("survey_in_progress");
            assertThat(problem.getMessage()).contains("its lease ends in 30 s");
            assertThat(problem.retryAfterSeconds()).as("Retry-After (none until 2026-12-07)").isEqualTo(30);
        });
        assertThat(sessions.find(leased.ref()).orElseThrow().etag()).as("nothing written").isEqualTo(leased.etag());

        // This instance's own lease, or a lapsed one, is no reason to wait: its relay drops its copy at the erasure.
        StoredSession mine = sessions.replace(leased, leased.session(),
                leased.outbox().leasedTo(leases.owner(), NOW.plusSeconds(30)), leased.inbox());
        assertThat(ends().end(mine.ref()).orElseThrow().ended()).isTrue();
        StoredSession lapsed = runningSurvey(new E164("+15550107006"));
        lapsed = sessions.replace(lapsed, lapsed.session(),
                lapsed.outbox().leasedTo("another-instance", NOW.minusSeconds(1)), lapsed.inbox());
        assertThat(ends().end(lapsed.ref()).orElseThrow().ended()).isTrue();
    }
}
