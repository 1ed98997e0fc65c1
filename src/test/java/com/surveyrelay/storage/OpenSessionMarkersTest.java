package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.survey.E164;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Open-session markers in a real S3-protocol server: an empty object under {@code open-sessions/<digits>/<sessionId>},
 * listed back for the sweep and per number; a key under the prefix that is not a marker this service writes is skipped.
 * Each test has a bucket of its own, so a listing holds its markers only.
 */
class OpenSessionMarkersTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final E164 PHONE = new E164("+15551230101");
    private static final E164 OTHER = new E164("+15551230102");

    private static LocalS3 s3;
    private static S3Client client;
    private String bucket;
    private OpenSessionMarkers markers;

    @BeforeAll
    static void server() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    @BeforeEach
    void bucket() {
        bucket = "markers-" + BUCKETS.incrementAndGet();
        client.createBucket(create -> create.bucket(bucket));
        markers = new OpenSessionMarkers(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), bucket, bucket, "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    private static SessionRef ref(E164 phone) {
        return new SessionRef(phone, SessionStore.newSessionId());
    }

    @Test
    void aMarkerIsAnEmptyObjectUnderTheNumberAndSession() {
        SessionRef ref = ref(PHONE);

        markers.markOpen(ref);

        assertThat(OpenSessionMarkers.openKey(ref)).isEqualTo("open-sessions/15551230101/" + ref.sessionId());
        assertThat(client.getObjectAsBytes(get -> get.bucket(bucket).key("open-sessions/15551230101/"
                + ref.sessionId())).asByteArray()).isEmpty();
    }

    @Test
    void listsEverySessionMarkedOpenWithWhenItWasMarked() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SessionRef first = ref(PHONE);
        SessionRef second = ref(OTHER);
        markers.markOpen(first);
        markers.markOpen(second);
        Instant after = Instant.now().plusSeconds(1);

        List<OpenSessionMarkers.OpenSession> open = markers.openSessions();

        assertThat(open).extracting(OpenSessionMarkers.OpenSession::ref).containsExactlyInAnyOrder(first, second);
        assertThat(open).allSatisfy(session -> assertThat(session.markedAt()).isBetween(before, after));
    }

    @Test
    void listsTheOpenSessionsOfOneNumberOnly() {
        SessionRef mine = ref(PHONE);
        SessionRef alsoMine = ref(PHONE);
        markers.markOpen(mine);
        markers.markOpen(alsoMine);
        markers.markOpen(ref(OTHER));

        assertThat(markers.openSessionsOf(PHONE)).containsExactlyInAnyOrder(mine, alsoMine);
    }

    @Test
    void anUnmarkedSessionIsListedNoMore() {
        SessionRef closed = ref(PHONE);
        SessionRef open = ref(PHONE);
        markers.markOpen(closed);
        markers.markOpen(open);

        markers.unmarkOpen(closed);
        markers.unmarkOpen(ref(PHONE)); // never marked: nothing happens

        assertThat(markers.openSessions()).extracting(OpenSessionMarkers.OpenSession::ref).containsExactly(open);
        assertThat(markers.openSessionsOf(PHONE)).containsExactly(open);
    }

    @Test
    void aKeyUnderThePrefixThatDoesNotParseIsSkipped() {
        SessionRef marked = ref(PHONE);
        markers.markOpen(marked);
        String sessionId = SessionStore.newSessionId();
        s3.putDirect(bucket, "open-sessions/15551230101/not-a-session-id", "");
        s3.putDirect(bucket, "open-sessions/15551230101/" + sessionId.toUpperCase(), "");
        s3.putDirect(bucket, "open-sessions/15551230101/" + sessionId + "/extra", "");
        s3.putDirect(bucket, "open-sessions/not-a-number/" + sessionId, "");
        s3.putDirect(bucket, "open-sessions/15551230103", "");

        assertThat(markers.openSessions()).extracting(OpenSessionMarkers.OpenSession::ref).containsExactly(marked);
        assertThat(markers.openSessionsOf(PHONE)).containsExactly(marked);
    }
}
