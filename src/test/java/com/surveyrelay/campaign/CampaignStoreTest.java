package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalS3;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** A campaign's status as instances take the campaign up: of two that read the same status, one writes it. */
class CampaignStoreTest {

    private static LocalS3 s3;
    private static S3Client client;
    private static CampaignStore store;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket("campaigns"));
        store = new CampaignStore(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), "campaigns", "campaigns", "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    @Test
    void ofTwoInstancesTakingACampaignUpFromTheSameStatusOneDoes() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        CampaignStatus queued = new CampaignStatus("promo-0123456789ab", "promo.csv", CampaignStatus.QUEUED, null, 3,
                0, 0, 0, 0, 3, java.math.BigDecimal.ONE, 3, at, null, null, at,
                "s3://campaigns/campaigns/promo-0123456789ab/results.csv");
        assertThat(store.createStatus(queued)).isTrue();

        CampaignStore.TaggedStatus first = store.taggedStatus(queued.id()).orElseThrow();
        CampaignStore.TaggedStatus second = store.taggedStatus(queued.id()).orElseThrow();
        assertThat(first.status()).isEqualTo(queued);
        assertThat(store.replaceStatus(first.status().takenUp(at.plusSeconds(1)), first.etag())).isPresent();
        assertThat(store.replaceStatus(second.status().takenUp(at.plusSeconds(2)), second.etag()))
                .as("read before the first took it up").isEmpty();

        CampaignStatus stored = store.taggedStatus(queued.id()).orElseThrow().status();
        assertThat(stored.state()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(stored.updatedAt()).isEqualTo(at.plusSeconds(1));
        assertThat(stored.runningElsewhere(at.plusSeconds(60), CampaignRunner.ABANDONED_AFTER)).isTrue();
        assertThat(stored.runningElsewhere(at.plusSeconds(1).plus(CampaignRunner.ABANDONED_AFTER),
                CampaignRunner.ABANDONED_AFTER)).as("quiet as long as allowed: abandoned").isFalse();
    }

    private static CampaignStatus queued(String id, Instant at) {
        return new CampaignStatus(id, "lost.csv", CampaignStatus.QUEUED, null, 2, 0, 0, 0, 0, 2,
                java.math.BigDecimal.ONE, 2, at, null, null, at, "s3://campaigns/campaigns/" + id + "/results.csv");
    }

    /**
     * A new campaign's status that S3 stored but whose answer it lost: the SDK's next attempt is refused ({@code 412},
     * the status being the first attempt's), and the status is the intake's own. Until 2026-12-06 the intake took the
     * campaign for one "received by another instance" and left it to the next resume check.
     */
    @Test
    void aStatusCreatedWhoseAnswerWasLostIsTheWritersOwn() {
        CampaignStatus status = queued("lost-create-0123456789ab", Instant.parse("2026-12-06T02:00:00Z"));
        s3.loseAnswers(CampaignStore.PREFIX + status.id() + "/status.json", 1);
        try {
            assertThat(store.createStatus(status)).isTrue();
        } finally {
            s3.loseAnswers("", 0);
        }
        assertThat(store.status(status.id())).contains(status);
        assertThat(store.createStatus(status)).as("created before: received before").isFalse();
    }

    /**
     * A run's status write that S3 stored but whose answer it lost is the run's own, with the ETag for its next write:
     * until 2026-12-06 the run took itself for one that lost the campaign to another instance, and the campaign waited
     * {@link CampaignRunner#ABANDONED_AFTER} to be resumed.
     */
    @Test
    void aStatusReplacedWhoseAnswerWasLostIsTheWritersOwn() {
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        CampaignStatus status = queued("lost-replace-0123456789ab", at);
        assertThat(store.createStatus(status)).isTrue();
        CampaignStore.TaggedStatus read = store.taggedStatus(status.id()).orElseThrow();

        s3.loseAnswers(CampaignStore.PREFIX + status.id() + "/status.json", 1);
        java.util.Optional<String> written;
        try {
            written = store.replaceStatus(status.takenUp(at.plusSeconds(1)), read.etag());
        } finally {
            s3.loseAnswers("", 0);
        }
        assertThat(written).contains(store.statusEtag(status.id()));
        assertThat(store.status(status.id()).orElseThrow().state()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(store.replaceStatus(status.takenUp(at.plusSeconds(2)), written.orElseThrow()))
                .as("the next write goes on from it").isPresent();
    }

    /**
     * Another instance's write of the very same status (same counts, same instant) is not taken for this one's when
     * this one's first attempt never reached S3 and its next is refused: the status names its writer.
     */
    @Test
    void theSameStatusWrittenByAnotherInstanceIsNotTheWritersOwn() {
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        CampaignStatus status = queued("same-bytes-0123456789ab", at);
        assertThat(store.createStatus(status)).isTrue();
        String read = store.taggedStatus(status.id()).orElseThrow().etag();
        CampaignStatus taken = status.takenUp(at.plusSeconds(1));
        assertThat(store.replaceStatus(taken, read)).as("the other instance").isPresent();

        s3.faults().setFor(Faults.Mode.RESET, 1, CampaignStore.PREFIX + status.id() + "/status.json");
        try {
            assertThat(store.replaceStatus(taken, read)).as("lost to the other instance").isEmpty();
        } finally {
            s3.faults().clear();
        }
    }

    /**
     * A status write answered {@code 409 ConditionalRequestConflict} (another conditional write to it under way on
     * AWS) is another writer's, as a {@code 412}: until 2026-12-06 it failed as S3 failing.
     */
    @Test
    void aStatusWriteMetByAConditionalRequestConflictIsAnotherWriters() {
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        CampaignStatus status = queued("conflict-0123456789ab", at);
        String key = CampaignStore.PREFIX + status.id() + "/status.json";
        s3.conflictConditionalPuts(key, 1);
        try {
            assertThat(store.createStatus(status)).isFalse();
            assertThat(store.createStatus(status)).isTrue();
            String read = store.taggedStatus(status.id()).orElseThrow().etag();
            s3.conflictConditionalPuts(key, 1);
            assertThat(store.replaceStatus(status.takenUp(at.plusSeconds(1)), read)).isEmpty();
            assertThat(store.replaceStatus(status.takenUp(at.plusSeconds(1)), read)).isPresent();
        } finally {
            s3.conflictConditionalPuts("", 0);
        }
    }

    /** The list stopped at a thousand ids, in key order, so a newer campaign named after them was missing. */
    @Test
    void everyCampaignIsListedPastTheFirstThousand() {
        for (int i = 0; i < 1001; i++) {
            String id = String.format("aaa-%012x", i);
            client.putObject(put -> put.bucket("campaigns").key("campaigns/" + id + "/status.json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));
        }
        client.putObject(put -> put.bucket("campaigns").key("campaigns/zz-latest-4c983aad0603/status.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));

        List<String> ids = store.ids();

        assertThat(ids).contains("aaa-0000000003e8", "zz-latest-4c983aad0603");
        assertThat(ids.stream().filter(id -> id.startsWith("aaa-"))).hasSize(1001);
    }
}
