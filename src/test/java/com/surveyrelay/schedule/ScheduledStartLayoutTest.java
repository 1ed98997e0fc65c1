package com.surveyrelay.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where deferred starts are kept, against the local S3: campaign rows apart from the requests' starts, so that a
 * night's rows do not fill every listing of the others, and both found by the respondent's access and erasure.
 */
class ScheduledStartLayoutTest {

    private static final String BUCKET = "starts";
    private static final Instant NOW = Instant.parse("2026-12-08T14:00:00Z");

    private LocalS3 s3;
    private S3Client client;
    private ScheduledStartStore store;

    @BeforeEach
    void start() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        store = new ScheduledStartStore(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), BUCKET, BUCKET, "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        s3.close();
    }

    private String save(String idempotencyKey, Instant when) {
        String id = UUID.randomUUID().toString();
        store.save(new ScheduledStart(id, "sms", "+12125550123", null, null, null, idempotencyKey, when,
                NOW.minusSeconds(86_400)));
        return id;
    }

    private static String rootKey(Instant when, String id) {
        return ScheduledStartStore.PREFIX + String.format("%013d", when.toEpochMilli()) + "-" + id + ".json";
    }

    @Test
    void campaignRowsAreListedApartFromTheRequestsStarts() {
        String row = save("campaign-row:promo-0123456789ab:1", NOW.minusSeconds(120));
        String request = save("crm-42", NOW.minusSeconds(60));
        String noKey = save(null, NOW.minusSeconds(30));

        assertThat(store.dueKeys(NOW, 100, null)).as("the requests' due starts only, earliest first").containsExactly(
                rootKey(NOW.minusSeconds(60), request), rootKey(NOW.minusSeconds(30), noKey));
        assertThat(store.dueCampaignRows(NOW, 100, null)).singleElement().asString()
                .startsWith(ScheduledStartStore.CAMPAIGN_ROWS).endsWith(row + ".json");
        assertThat(store.find(store.dueCampaignRows(NOW, 100, null).get(0)).orElseThrow().idempotencyKey())
                .isEqualTo("campaign-row:promo-0123456789ab:1");
        assertThat(store.dueKeys(NOW, 100, rootKey(NOW.minusSeconds(60), request))).as("the next page")
                .containsExactly(rootKey(NOW.minusSeconds(30), noKey));
        String later = save("crm-43", NOW.plusSeconds(60));
        assertThat(store.allKeys()).as("access and erasure read them all").hasSize(4)
                .anyMatch(key -> key.endsWith(row + ".json")).anyMatch(key -> key.endsWith(later + ".json"));
    }

    /** A campaign row deferred before the rows were kept apart stays where it was, and is still found due. */
    @Test
    void aCampaignRowKeptBeforeTheRowsWentApartIsStillDue() {
        String id = UUID.randomUUID().toString();
        String oldKey = rootKey(NOW.minusSeconds(60), id);
        client.putObject(put -> put.bucket(BUCKET).key(oldKey), software.amazon.awssdk.core.sync.RequestBody
                .fromString("{\"id\":\"" + id + "\",\"channel\":\"sms\",\"to\":\"+12125550123\","
                        + "\"idempotencyKey\":\"campaign-row:promo-0123456789ab:1\","
                        + "\"scheduledFor\":\"2026-12-08T13:59:00Z\",\"requestedAt\":\"2026-12-07T14:00:00Z\"}"));

        assertThat(store.dueKeys(NOW, 100, null)).containsExactly(oldKey);
        assertThat(store.find(oldKey).orElseThrow().campaignRow()).isTrue();
        assertThat(store.allKeys()).containsExactly(oldKey);
    }

    /**
     * An ended start's outcome is kept under {@code ended/}: no start to list, fire or find by id, read back by id, and
     * deleted once older than the cut-off given.
     */
    @Test
    void outcomesAreKeptApartFromTheStartsAndPrunedByAge() {
        String id = save("crm-44", NOW.plusSeconds(60));
        ScheduledStart start = store.findById(id).orElseThrow().start();
        store.saveOutcome(ScheduledStartOutcome.of(start, ScheduledStartState.STARTED, NOW, "a-session", null, null));

        assertThat(store.allKeys()).containsExactly(rootKey(NOW.plusSeconds(60), id));
        assertThat(store.dueKeys(NOW.plusSeconds(120), 100, null)).containsExactly(rootKey(NOW.plusSeconds(60), id));
        assertThat(store.findById(id)).map(ScheduledStartStore.Pending::key).contains(rootKey(NOW.plusSeconds(60), id));
        assertThat(store.outcome(id)).hasValueSatisfying(outcome -> {
            assertThat(outcome.state()).isEqualTo("started");
            assertThat(outcome.sessionId()).isEqualTo("a-session");
            assertThat(outcome.to()).isEqualTo("+12125550123");
        });
        assertThat(store.allOutcomes()).extracting(ScheduledStartOutcome::scheduleId).containsExactly(id);

        assertThat(store.pruneOutcomes(Instant.now().minus(java.time.Duration.ofDays(1)))).as("written just now")
                .isZero();
        assertThat(store.pruneOutcomes(Instant.now().plusSeconds(5))).isEqualTo(1);
        assertThat(store.outcome(id)).isEmpty();
        assertThat(store.findById(id)).as("the start itself stays").isPresent();
    }
}
