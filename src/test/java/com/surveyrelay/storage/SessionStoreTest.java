package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.VoiceWebhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Sessions in a real S3-protocol server: written only when nobody else wrote first. */
class SessionStoreTest {

    private static LocalS3 s3;
    private static S3Client client;
    private static SessionStore store;
    private static Survey survey;
    private static final E164 PHONE = new E164("+15551230001");

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        s3.seed("sessions", Path.of("config-files"));
        client = s3.client();
        store = new SessionStore(client, new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                "sessions", "sessions", "bus", "us-east-1", null, null, null, null, 0, null, null));
        survey = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    private static SurveySession fresh() {
        return SurveySession.begin(SessionStore.newSessionId(), survey, PHONE, Channel.SMS, null,
                Instant.parse("2026-11-24T10:00:00Z"));
    }

    /**
     * A new session's copy is kept even when the cache is full of sessions used more often: the first answer of a
     * survey just begun, after fifty others began, starts from it without a read. (A frequency-based cache,
     * Caffeine's, turned such copies away.)
     */
    @Test
    void aNewSessionsCopyIsKeptWhenTheCacheIsFullOfOftenUsedOnes() {
        S3Client counting = mock(S3Client.class);
        when(counting.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().eTag("\"e\"").build());
        when(counting.getObjectAsBytes(ArgumentMatchers.<Consumer<GetObjectRequest.Builder>>any())).thenThrow(
                NoSuchKeyException.builder().build()); // nothing to read
        SessionStore recentOnly = new SessionStore(counting, new SurveyRelayProperties(
                URI.create("https://relay.example.com"), List.of(), "sessions", "sessions", "bus", "us-east-1", null,
                null, null, null, 0, null, null));
        List<SessionRef> older = new ArrayList<>();
        for (int i = 0; i < SessionStore.RECENT_SESSIONS; i++) {
            older.add(recentOnly.create(fresh()).ref());
        }
        for (int round = 0; round < 3; round++) {
            older.forEach(recentOnly::findRecent); // each older session answered three more times
        }

        StoredSession newest = recentOnly.create(fresh());
        for (int i = 0; i < 50; i++) {
            recentOnly.create(fresh()); // other surveys begin before its respondent answers
        }

        assertThat(recentOnly.findRecent(newest.ref())).contains(newest);
        verify(counting, never()).getObjectAsBytes(ArgumentMatchers.<Consumer<GetObjectRequest.Builder>>any());
    }

    /**
     * A session that is over (final, its outbox emptied) keeps its copy among the last ones over only, then the note
     * that it is over, not a copy of a few KiB of heap: a start to its number learns so without a read, and a step on
     * it reads the bucket.
     */
    @Test
    void aSessionThatIsOverKeepsNoCopyButIsKnownToBeOver() {
        S3Client counting = mock(S3Client.class);
        when(counting.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().eTag("\"e\"").build());
        when(counting.getObjectAsBytes(ArgumentMatchers.<Consumer<GetObjectRequest.Builder>>any())).thenThrow(
                NoSuchKeyException.builder().build());
        SessionStore counted = new SessionStore(counting, new SurveyRelayProperties(
                URI.create("https://relay.example.com"), List.of(), "sessions", "sessions", "bus", "us-east-1", null,
                null, null, null, 0, null, null));
        SurveyProcessor processor = new SurveyProcessor(java.time.Clock.systemUTC(),
                new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                        URI.create("https://relay.example.com/voice/status")));
        SurveySession started = processor.process(survey, fresh(), new SurveyInput.Start()).session();
        StoredSession open = counted.create(started);
        SurveySession over = processor.process(survey, started, new SurveyInput.SmsReceived("STOP", null)).session();
        assertThat(over.surveyStatus().isFinal()).isTrue();
        assertThat(counted.seenFinal(open.ref())).isFalse();

        StoredSession delivering = counted.replace(open, over, Outbox.EMPTY.append(List.of(), over, Instant.now()),
                Inbox.EMPTY);
        assertThat(counted.findRecent(open.ref())).as("entries left: the copy is kept").contains(delivering);
        StoredSession emptied = counted.replace(delivering, over, Outbox.EMPTY, Inbox.EMPTY);
        assertThat(counted.findRecent(open.ref())).as("among the last over").contains(emptied);
        for (int i = 0; i < SessionStore.OVER_COPIES; i++) { // other sessions end after it
            SurveySession other = processor.process(survey, fresh(), new SurveyInput.Start()).session();
            counted.create(processor.process(survey, other, new SurveyInput.SmsReceived("STOP", null)).session());
        }
        assertThat(counted.seenFinal(open.ref())).isTrue();
        verify(counting, never()).getObjectAsBytes(ArgumentMatchers.<Consumer<GetObjectRequest.Builder>>any());

        assertThat(counted.findRecent(open.ref())).as("no copy: the bucket is read (here it holds none)").isEmpty();
        verify(counting).getObjectAsBytes(ArgumentMatchers.<Consumer<GetObjectRequest.Builder>>any());
        counted.erase(open.ref());
        assertThat(counted.seenFinal(open.ref())).as("erased: nothing known of it").isFalse();
    }

    @Test
    void storesUnderTheNumberAndReadsBackIdentically() {
        SurveySession session = fresh();
        StoredSession stored = store.create(session);
        assertThat(store.find(PHONE, session.sessionId())).contains(stored);
        assertThat(SessionStore.resultsKey(PHONE, session.sessionId()))
                .isEqualTo("survey-results/15551230001/" + session.sessionId() + ".json");
    }

    /**
     * A session document is the session's own fields, then its outbox and inbox when they hold anything: the format
     * is the one the documents were written in before they were serialised in one pass (a JSON tree of the session
     * with the two fields set on it), byte for byte, and reads back identically.
     */
    @Test
    void writesTheSessionsFieldsThenItsOutboxAndInboxAndReadsThemBack() throws Exception {
        SurveySession session = fresh();
        StoredSession created = store.create(session);
        Outbox outbox = Outbox.EMPTY.append(List.of(), session, Instant.parse("2026-11-24T10:00:01Z"))
                .leasedTo("instance-a", Instant.parse("2026-11-24T10:00:31Z"));
        Inbox inbox = Inbox.EMPTY.with(new Inbox.InboundMessage("SM" + "0".repeat(32), List.of("Thank you."),
                "0a1b2c3d", false)).with(new Inbox.InboundMessage("SM" + "1".repeat(32), List.of("Next?"), null, true));
        StoredSession replaced = store.replace(created, session, outbox, inbox);

        ObjectMapper json = SurveyJson.mapper();
        ObjectNode expected = json.valueToTree(session);
        expected.set("outbox", json.valueToTree(outbox));
        expected.set("inbox", json.valueToTree(inbox));
        assertThat(stored(session)).isEqualTo(json.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
        assertThat(store.find(PHONE, session.sessionId())).contains(replaced);

        store.replace(replaced, session, Outbox.EMPTY, Inbox.EMPTY);
        assertThat(stored(session))
                .isEqualTo(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.valueToTree(session)));
    }

    private static String stored(SurveySession session) {
        return client.getObjectAsBytes(get -> get.bucket("sessions")
                .key(SessionStore.resultsKey(PHONE, session.sessionId()))).asUtf8String();
    }

    @Test
    void refusesToCreateASessionTwice() {
        SurveySession session = fresh();
        store.create(session);
        assertThatThrownBy(() -> store.create(session)).isInstanceOf(SessionConflictException.class);
    }

    @Test
    void refusesAnUpdateBasedOnAStaleRead() {
        SurveySession session = fresh();
        StoredSession first = store.create(session);
        SurveySession changed = SurveySession.begin(session.sessionId(), survey, PHONE, Channel.SMS, "fr-CA",
                session.surveyStarted());
        StoredSession second = store.replace(first, changed);
        assertThat(second.etag()).isNotEqualTo(first.etag());
        assertThatThrownBy(() -> store.replace(first, session)).isInstanceOf(SessionConflictException.class);
        assertThat(store.find(PHONE, session.sessionId()).orElseThrow().session().languageSet()).isEqualTo("fr-CA");
    }

    @Test
    void neverPutsAnythingButAServerMadeIdInAKey() {
        assertThatThrownBy(() -> SessionStore.resultsKey(PHONE, "../../survey-config"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionStore.isSessionId("7a1c9d2e-0b4f-4e8a-9c3d-5f6e7a8b9c0d")).isTrue();
        assertThat(SessionStore.isSessionId("7A1C9D2E-0B4F-4E8A-9C3D-5F6E7A8B9C0D")).isFalse();
    }
}
