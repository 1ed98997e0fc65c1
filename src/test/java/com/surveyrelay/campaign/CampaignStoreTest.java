package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
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
