package com.surveyrelay.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.FallbackFrom;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deferred starts in a real S3-protocol server. One object under {@code scheduled-starts/} that is no start (not JSON,
 * a field of a later version, no number) made every read of them throw: no deferred start fired again anywhere, as the
 * bad one's key sorted first at every poll.
 */
class ScheduledStartStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-08T14:00:00Z");
    private static LocalS3 s3;
    private static S3Client client;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket("starts"));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    private static ScheduledStartStore store() {
        return store("starts");
    }

    private static ScheduledStartStore store(String bucket) {
        return new ScheduledStartStore(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), bucket, bucket, "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    private static void put(String key, String content) {
        put("starts", key, content);
    }

    private static void put(String bucket, String key, String content) {
        client.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    /** A request's start's key (not a campaign row's). */
    private static String key(Instant when, String id) {
        return ScheduledStartStore.PREFIX + String.format("%013d", when.toEpochMilli()) + "-" + id + ".json";
    }

    @Test
    void unreadableObjectsAreSkippedAndTheOtherDueStartsStillFire() {
        ScheduledStartStore store = store();
        String notJson = key(NOW.minusSeconds(300), "00000000-0000-4000-8000-000000000001");
        String noNumber = key(NOW.minusSeconds(290), "00000000-0000-4000-8000-000000000002");
        put(notJson, "{\"id\": \"00000000-0000-4000-8000-0000");
        put(noNumber, "{\"id\": \"00000000-0000-4000-8000-000000000002\", \"channel\": \"sms\", "
                + "\"scheduledFor\": \"2026-12-08T13:55:10Z\", \"requestedAt\": \"2026-12-07T20:00:00Z\"}");
        ScheduledStart due = new ScheduledStart("00000000-0000-4000-8000-000000000003", "sms", "+12125550123", null,
                null, "America/New_York", "crm-42", NOW.minusSeconds(60), NOW.minusSeconds(86_400));
        store.save(due);
        TriggerLedger ledger = mock(TriggerLedger.class);
        SurveyStarts starts = mock(SurveyStarts.class);
        when(starts.stillQuiet(due)).thenReturn(Optional.empty());
        when(ledger.claim(eq("scheduled-start:" + due.id()), any(Instant.class))).thenReturn(Optional.of(
                new TriggerLedger.Entry("claimed", null, null, "etag", NOW, null, null, null)));
        StartedSurvey started = mock(StartedSurvey.class);
        when(started.sessionId()).thenReturn("session-1");
        when(starts.startScheduled(eq(due), any())).thenReturn(started);

        int fired = new ScheduledStartFiring(store, ledger, starts, Clock.fixed(NOW, ZoneOffset.UTC), event -> { },
                () -> 0, ContactPace.NONE).fireDue();

        assertThat(fired).isOne();
        verify(ledger).started("scheduled-start:" + due.id(), "session-1");
        assertThat(store.allKeys()).as("the unreadable ones stay, for an operator to look at")
                .containsExactly(notJson, noNumber);
        store.delete(notJson);
        store.delete(noNumber);
    }

    @Test
    void aFieldTheStoreDoesNotKnowIsIgnored() {
        ScheduledStartStore store = store();
        String key = key(NOW, "00000000-0000-4000-8000-000000000004");
        put(key, "{\"id\": \"00000000-0000-4000-8000-000000000004\", \"channel\": \"voice\", \"to\": \"+12125550123\", "
                + "\"scheduledFor\": \"2026-12-08T14:00:00Z\", \"requestedAt\": \"2026-12-07T20:00:00Z\", "
                + "\"priority\": \"high\"}");

        assertThat(store.find(key)).contains(new ScheduledStart("00000000-0000-4000-8000-000000000004", "voice",
                "+12125550123", null, null, null, null, NOW, Instant.parse("2026-12-07T20:00:00Z")));
        store.delete(key);
    }

    /**
     * A call's SMS fallback deferred by quiet hours keeps the call it falls back from, and reads back with it; a start
     * that is no fallback is stored without the field, as before 2026-12-05, and one stored then reads as no fallback
     * (above). A fallback naming no session id is skipped, as it could not find its call.
     */
    @Test
    void aDeferredFallbackKeepsItsCallAndOtherStartsAreStoredAsBefore() {
        ScheduledStartStore store = store();
        ScheduledStart fallback = new ScheduledStart("00000000-0000-4000-8000-000000000007", "sms", "+15550139100",
                "en-US", "customer-satisfaction", "America/New_York", "fallback:6f1c8a52-3b1e-4c55-9d0f-2a4b6c8d0e1f",
                NOW, NOW.minusSeconds(3_600), null,
                new FallbackFrom("6f1c8a52-3b1e-4c55-9d0f-2a4b6c8d0e1f", "no-answer"));
        ScheduledStart plain = new ScheduledStart("00000000-0000-4000-8000-000000000008", "sms", "+15550139100", null,
                null, null, "crm-43", NOW, NOW.minusSeconds(3_600));
        store.save(fallback);
        store.save(plain);
        String fallbackKey = key(NOW, fallback.id());
        String plainKey = key(NOW, plain.id());
        String badCall = key(NOW, "00000000-0000-4000-8000-000000000009");
        put(badCall, "{\"id\": \"00000000-0000-4000-8000-000000000009\", \"channel\": \"sms\", "
                + "\"to\": \"+15550139100\", \"scheduledFor\": \"2026-12-08T14:00:00Z\", "
                + "\"requestedAt\": \"2026-12-07T20:00:00Z\", "
                + "\"fallbackFrom\": {\"sessionId\": \"../other\", \"reason\": \"busy\"}}");

        assertThat(store.find(fallbackKey)).contains(fallback);
        assertThat(client.getObjectAsBytes(get -> get.bucket("starts").key(fallbackKey)).asUtf8String())
                .contains("\"fallbackFrom\":{\"sessionId\":\"6f1c8a52-3b1e-4c55-9d0f-2a4b6c8d0e1f\","
                        + "\"reason\":\"no-answer\"}");
        assertThat(store.find(plainKey)).contains(plain);
        assertThat(client.getObjectAsBytes(get -> get.bucket("starts").key(plainKey)).asUtf8String())
                .doesNotContain("fallbackFrom");
        assertThat(store.find(badCall)).isEmpty();
        store.delete(fallbackKey);
        store.delete(plainKey);
        store.delete(badCall);
    }

    @Test
    void aStartNamingAnUnknownTimeZoneOrChannelIsSkipped() {
        ScheduledStartStore store = store();
        String badZone = key(NOW, "00000000-0000-4000-8000-000000000005");
        String badChannel = key(NOW, "00000000-0000-4000-8000-000000000006");
        put(badZone, "{\"id\": \"00000000-0000-4000-8000-000000000005\", \"channel\": \"sms\", "
                + "\"to\": \"+12125550123\", \"timeZone\": \"Mars/Olympus_Mons\", "
                + "\"scheduledFor\": \"2026-12-08T14:00:00Z\", \"requestedAt\": \"2026-12-07T20:00:00Z\"}");
        put(badChannel, "{\"id\": \"00000000-0000-4000-8000-000000000006\", \"channel\": \"fax\", "
                + "\"to\": \"+12125550123\", \"scheduledFor\": \"2026-12-08T14:00:00Z\", "
                + "\"requestedAt\": \"2026-12-07T20:00:00Z\"}");

        assertThat(store.find(badZone)).isEmpty();
        assertThat(store.find(badChannel)).isEmpty();
        store.delete(badZone);
        store.delete(badChannel);
    }

    /**
     * A deferral's key still {@code claimed} is judged by whether its deferred start is in the bucket: where it was
     * stored, or once due, moved later under the same id (it fell due outside contact hours); not when another id is,
     * nor before it is due when it is not at its key (it cannot have moved yet).
     */
    @Test
    void aDeferredStartIsHeldWhereItWasStoredOrOnceDueWhereItWasMoved() {
        ScheduledStartStore store = store();
        ScheduledStart deferred = new ScheduledStart("00000000-0000-4000-8000-0000000000a1", "sms", "+12125550123",
                null, null, null, "header:held", NOW.plusSeconds(3_600), NOW);
        store.save(deferred);
        assertThat(store.holds(deferred.id(), "header:held", deferred.scheduledFor(), NOW)).isTrue();
        assertThat(store.holds("00000000-0000-4000-8000-0000000000a2", "header:held", deferred.scheduledFor(), NOW))
                .isFalse();

        ScheduledStart moved = deferred.firingAt(NOW.plusSeconds(90_000));
        store.save(moved);
        store.delete(ScheduledStartStore.key(deferred));
        try {
            assertThat(store.holds(deferred.id(), "header:held", deferred.scheduledFor(), NOW))
                    .as("not due: not moved").isFalse();
            assertThat(store.holds(deferred.id(), "header:held", deferred.scheduledFor(), NOW.plusSeconds(3_700)))
                    .as("moved later once due").isTrue();
            assertThat(store.holds(deferred.id(), "campaign-row:c:1", deferred.scheduledFor(),
                    NOW.plusSeconds(3_700))).as("a campaign row's is kept apart").isFalse();
        } finally {
            store.delete(ScheduledStartStore.key(moved));
        }
    }

    private static final String PAST_A_PAGE = "starts-past-a-page";

    /**
     * Listings that start after a key and run past S3's page of 1,000 keys: a deferred start moved more than 1,000 keys
     * later, and a poll's page of due starts after the first 1,000. Through the SDK's paginator, which sends
     * {@code StartAfter} beside the second page's {@code ContinuationToken}, S3Proxy (the local default's S3) refused
     * the second page with 400 and both threw.
     */
    @Test
    void listingsAfterAKeyGoOnPastTheFirstThousandKeys() {
        client.createBucket(create -> create.bucket(PAST_A_PAGE));
        ScheduledStartStore store = store(PAST_A_PAGE);
        Instant first = NOW.minusSeconds(3_600);
        String firstKey = key(first, "00000000-0000-4000-8000-000000000b00");
        put(PAST_A_PAGE, firstKey, "{}");
        List<String> later = new ArrayList<>();
        for (int i = 1; i <= 1_100; i++) {
            later.add(key(first.plusMillis(i), String.format("00000000-0000-4000-8000-%012x", 0xb00 + i)));
        }
        // Eight at a time: one after another the 1,100 writes took 35 s of the suite (2026-12-06).
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            later.forEach(key -> writes.add(writers.submit(() -> put(PAST_A_PAGE, key, "{}"))));
            for (java.util.concurrent.Future<?> write : writes) {
                write.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a write failed", e);
        } finally {
            writers.shutdownNow();
        }
        String movedId = "00000000-0000-4000-8000-000000000bff";
        String moved = key(first.plusSeconds(10), movedId);
        put(PAST_A_PAGE, moved, "{}");

        assertThat(store.holds(movedId, "header:moved", first, NOW)).as("moved 1,101 keys later").isTrue();
        assertThat(store.dueKeys(NOW, 1_100, firstKey)).as("the 1,100 due after the first").isEqualTo(later);
    }
}
