package com.surveyrelay.campaign;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A campaign file refused for a setting (more than {@code CAMPAIGN_MAX_ROWS} rows) stayed refused for ever: a copy
 * dropped again once the setting allowed it was ignored as received before. A refused campaign never ran, so a new
 * copy is judged again, by one instance of several.
 */
class CampaignIntakeTest {

    private static final Instant FIRST = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant AGAIN = FIRST.plusSeconds(3600);
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

    /**
     * CAMPAIGN_MAX_ROWS allows a million rows, which the production launch's 144 MiB heap cannot hold while they run:
     * a file over what the heap holds is refused, and its status says why and what to do.
     */
    @Test
    void aFileLargerThanTheHeapHoldsIsRefusedAndTheStatusNamesTheHeap() {
        String name = "too-large-for-the-heap.csv";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);
        long holdsTwoRows = 2L * CampaignSizeLimit.HEAP_SHARE_DIVISOR * CampaignSizeLimit.HEAP_BYTES_PER_ROW;

        assertThat(receive(intake(store, 1_000_000, holdsTwoRows, FIRST), name, content)).as("refused").isNull();

        CampaignStatus refused = store.status(id).orElseThrow();
        assertThat(refused.state()).isEqualTo(CampaignStatus.REFUSED);
        assertThat(refused.reason()).isEqualTo("The file has more than 2 rows; a campaign holds at most 2. Split it "
                + "into several files. This instance's heap (0 MiB) sets that limit, below CAMPAIGN_MAX_ROWS "
                + "(1000000): run the service with more heap (-Xmx) for larger campaigns.");
        assertThat(store.queued()).doesNotContain(id);
    }

    /**
     * A file of few but long rows: within the rows the heap holds, but its bytes, decoded all at once, are not (41.5
     * MB ran a 144 MB heap out of memory in the decoder). It is refused before it is decoded, naming the heap.
     */
    @Test
    void aFileOfMoreBytesThanTheHeapHoldsIsRefusedBeforeItIsDecoded() {
        String name = "long-rows.csv";
        byte[] content = ("phone,channel,surveyId\n+15552220001,sms," + "x".repeat(80_000) + "\n").getBytes(UTF_8);
        // The intake reads one byte past the limit, no more, and names the campaign by what it read.
        String id = CampaignId.of(name, java.util.Arrays.copyOf(content, 70_001));
        long holdsSeventyThousandBytes = 70_000L * CampaignSizeLimit.HEAP_SHARE_DIVISOR
                * CampaignSizeLimit.HEAP_BYTES_PER_FILE_BYTE;

        assertThat(receive(intake(store, 1_000, holdsSeventyThousandBytes, FIRST), name, content)).isNull();

        assertThat(store.status(id).orElseThrow().reason()).isEqualTo("The file is larger than 70000 bytes; a "
                + "campaign holds at most 350 rows. This instance's heap (1 MiB) sets that limit: run the service with "
                + "more heap (-Xmx) for larger files, or split the file.");
    }

    /**
     * A right-to-left override in a file's name would make a console or dashboard show the name other than it is; the
     * status shows it replaced. The id is the one the name always gave, so a file received before is still known.
     */
    @Test
    void aFileNamesDirectionOverridesAreNotShownAndItsIdIsUnchanged() {
        String name = "results\u202Evsc.exe";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);

        assertThat(receive(intake(store, 5, FIRST), name, content)).isEqualTo(id);
        assertThat(store.status(id).orElseThrow().fileName()).isEqualTo("results\uFFFDvsc.exe");
        assertThat(CampaignIntake.shownName("\u2066a\u2069\u200Fb\u061C.csv")).isEqualTo("\uFFFDa\uFFFD\uFFFDb\uFFFD.csv");
        assertThat(CampaignIntake.shownName("señal-日本-مرحبا.csv")).as("letters of any script are kept")
                .isEqualTo("señal-日本-مرحبا.csv");
    }

    /**
     * A file whose status S3 stored but whose answer it lost is received by this instance: until 2026-12-06 the SDK's
     * next attempt, refused {@code 412} by the first attempt's own status, made the intake take the campaign for one
     * "received by another instance at the same moment", and the campaign waited for the next resume check.
     */
    @Test
    void aFileWhoseStatusWasStoredButItsAnswerLostIsReceivedHere() {
        String name = "lost-answer.csv";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);

        s3.loseAnswers(CampaignStore.PREFIX + id + "/status.json", 1);
        try {
            assertThat(receive(intake(store, 5, FIRST), name, content)).isEqualTo(id);
        } finally {
            s3.loseAnswers("", 0);
        }
        assertThat(store.status(id).orElseThrow().state()).isEqualTo(CampaignStatus.QUEUED);
    }

    @Test
    void aFileRefusedForItsRowsRunsWhenDroppedAgainOnceTheLimitAllowsThem() {
        String name = "raised.csv";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);

        assertThat(receive(intake(store, 2, FIRST), name, content)).as("refused").isNull();
        assertThat(store.status(id).orElseThrow().reason())
                .isEqualTo("The file has more than 2 rows; a campaign holds at most 2. Split it into several files.");

        assertThat(receive(intake(store, 5, AGAIN), name, content)).as("to run").isEqualTo(id);
        CampaignStatus queued = store.status(id).orElseThrow();
        assertThat(queued.state()).isEqualTo(CampaignStatus.QUEUED);
        assertThat(queued.reason()).isNull();
        assertThat(queued.total()).isEqualTo(3);
        assertThat(queued.receivedAt()).isEqualTo(AGAIN);
        assertThat(store.file(id)).isEqualTo(content);
        assertThat(store.queued()).contains(id);

        assertThat(receive(intake(store, 5, AGAIN.plusSeconds(1)), name, content)).as("unfinished: it goes on")
                .isEqualTo(id);
        assertThat(store.status(id).orElseThrow()).as("not queued a second time").isEqualTo(queued);
    }

    @Test
    void aFileRefusedAgainStaysRefusedWithItsNewReason() {
        String name = "still-too-long.csv";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);

        assertThat(receive(intake(store, 1, FIRST), name, content)).isNull();
        assertThat(receive(intake(store, 2, AGAIN), name, content)).isNull();

        CampaignStatus refused = store.status(id).orElseThrow();
        assertThat(refused.state()).isEqualTo(CampaignStatus.REFUSED);
        assertThat(refused.reason())
                .isEqualTo("The file has more than 2 rows; a campaign holds at most 2. Split it into several files.");
        assertThat(refused.receivedAt()).isEqualTo(AGAIN);
        assertThat(store.queued()).doesNotContain(id);
    }

    /**
     * Two instances judge the same refused file at once (a copy dropped in each, or their settings differ during a
     * rollout): the second writes over the status it read only if no one wrote it since, so the first's verdict
     * stands, whichever it was.
     */
    @Test
    void ofTwoInstancesJudgingARefusedFileAgainAtOnceOneDecides() {
        String name = "two-instances.csv";
        byte[] content = threeRows();
        String id = CampaignId.of(name, content);
        assertThat(receive(intake(store, 2, FIRST), name, content)).isNull();
        CampaignStore staleReader = readingOnly(store.taggedStatus(id).orElseThrow());

        assertThat(receive(intake(store, 5, AGAIN), name, content)).as("the first queues it").isEqualTo(id);
        CampaignStatus queued = store.status(id).orElseThrow();

        assertThat(receive(intake(staleReader, 5, AGAIN.plusSeconds(1)), name, content))
                .as("the second, having read it refused, does not run it too").isNull();
        assertThat(receive(intake(staleReader, 2, AGAIN.plusSeconds(1)), name, content))
                .as("nor refuses it over the first's verdict").isNull();
        assertThat(store.status(id).orElseThrow()).isEqualTo(queued);
    }

    /** A store whose every read of a status answers {@code stale}: an instance that read just before another wrote. */
    private static CampaignStore readingOnly(CampaignStore.TaggedStatus stale) {
        return new CampaignStore(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), "campaigns", "campaigns", "bus", "us-east-1", null, null, null, null, 0, null, null)) {
            @Override
            Optional<TaggedStatus> taggedStatus(String id) {
                return Optional.of(stale);
            }
        };
    }

    private static CampaignIntake intake(CampaignStore campaigns, int maxRows, Instant now) {
        return intake(campaigns, maxRows, Long.MAX_VALUE, now);
    }

    private static CampaignIntake intake(CampaignStore campaigns, int maxRows, long maxHeapBytes, Instant now) {
        return new CampaignIntake(campaigns, new CampaignProperties(true, BigDecimal.ONE, 1, maxRows, 10, null, null),
                new CampaignSizeLimit(maxRows, maxHeapBytes), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String receive(CampaignIntake intake, String name, byte[] content) {
        return intake.receive(new ByteArrayInputStream(content), name, null);
    }

    /**
     * followup_15550140481.csv was campaign followup-15550140481-..., a number in S3 keys, URLs, the status's fileName
     * and log lines, which an erasure of the number does not reach (privacy probe). A date names no number. A file
     * received before, under the id its number was in, keeps that id: dropped again, it does not run twice.
     */
    @Test
    void aNumberInTheFilesNameIsMaskedInItsIdAndShownNameButADateIsNot() {
        byte[] content = "phone,channel\n+15550100402,sms\n".getBytes(UTF_8);
        String id = receive(intake(store, 5, AGAIN), "followup_15550140481.csv", content);
        assertThat(id).startsWith("followup-0481-").doesNotContain("5550140481");
        assertThat(store.status(id).orElseThrow().fileName()).isEqualTo("followup_***0481.csv");
        assertThat(CampaignId.withNumbersMasked("callback +1 (555) 014-0480.csv")).isEqualTo("callback ***0480.csv");
        assertThat(CampaignId.withNumbersMasked("list 555-014-0480.csv")).isEqualTo("list ***0480.csv");
        // Full-width digits and underscores kept the number whole in the id, so in S3 keys and log lines, until
        // 2026-12-06 (a newcomer's probe): "list-15550146592-...", "list-555-014-6594-...".
        String fullWidth = "list \uFF11\uFF15\uFF15\uFF15\uFF10\uFF11\uFF14\uFF16\uFF15\uFF19\uFF12.csv";
        assertThat(CampaignId.withNumbersMasked(fullWidth)).isEqualTo("list ***6592.csv");
        assertThat(CampaignId.of(fullWidth, content)).startsWith("list-6592-");
        assertThat(CampaignId.withNumbersMasked("list_555_014_6594.csv")).isEqualTo("list_***6594.csv");
        assertThat(CampaignId.of("list_555_014_6594.csv", content)).startsWith("list-6594-");
        assertThat(CampaignId.ids("list_555_014_6594.csv", content).earlier()).as("its id before 2026-12-06")
                .anySatisfy(earlier -> assertThat(earlier).startsWith("list-555-014-6594-"));
        // An area code and seven digits kept the number whole in the id and logs until 2026-12-06.
        for (String named : List.of("a 555 0150880.csv", "b (555)0150880.csv", "c 555.0150880.csv",
                "list 555-0150880.csv", "d (555) 0150880.csv")) {
            assertThat(CampaignId.withNumbersMasked(named)).as(named).endsWith(" ***0880.csv")
                    .doesNotContain("015");
            assertThat(CampaignId.of(named, content)).as(named).doesNotContain("015088");
        }
        // Other groupings kept the number whole in the id, S3 keys and logs until 2026-12-06 (an integration
        // engineer's probe): France's pairs, and a North American number grouped otherwise.
        for (String grouped : List.of("u 55 50 16 37 60.csv", "x 1555 016 3760.csv", "k 555016 3760.csv",
                "l 55501 63760.csv", "w 555 01 63 760.csv", "fr 06 12 34 37 60.csv")) {
            assertThat(CampaignId.withNumbersMasked(grouped)).as(grouped).endsWith(" ***3760.csv");
            assertThat(CampaignId.of(grouped, content)).as(grouped).contains("3760").doesNotContain("16-37")
                    .doesNotContain("016").doesNotContain("5501").doesNotContain("34-37");
        }
        // Separators the id's reduction turns into dashes rebuilt the number there until 2026-12-07.
        for (String odd : List.of("call_555~018~0667.csv", "a555,018,0667.csv", "b555=018=0667.csv",
                "c(555)~0180667.csv", "d 555/018/0667.csv")) {
            assertThat(CampaignId.withNumbersMasked(odd)).as(odd).contains("***0667").doesNotContain("018");
            String slug = CampaignId.of(odd, content).substring(0, CampaignId.of(odd, content).length() - 13);
            assertThat(slug).as(odd).contains("0667").doesNotContain("018").doesNotContain("555");
        }
        // A file received before that keeps its id then, so dropped again it does not run twice.
        assertThat(CampaignId.ids("list 555~018~0667 and 555-014-0480.csv", content).earlier())
                .anySatisfy(earlier -> assertThat(earlier).startsWith("list-555-018-0667-and-0480-"));
        for (String dated : List.of("invoice#12345#67890.csv",
                "store 123, 4567, 890.csv")) {
            assertThat(CampaignId.withNumbersMasked(dated)).as("masked for a few hours on 2026-12-07").isEqualTo(dated);
        }
        for (String dated : List.of("promo-2026-12-05.csv", "promo_20261205.csv", "week 49 2026.csv",
                "promo_2026_12_05.csv", "promo 2026 1205.csv", "promo 2026-12-05-1530.csv", "batch 12 34.csv",
                "promo~2026~12~05~1530.csv")) {
            assertThat(CampaignId.withNumbersMasked(dated)).as(dated).isEqualTo(dated);
        }

        String name = "callback 15550140482.csv";
        byte[] older = "phone,channel\n+15550100403,sms\n".getBytes(UTF_8);
        List<String> earlier = CampaignId.ids(name, older).earlier();
        String before = earlier.get(earlier.size() - 1);
        assertThat(before).startsWith("callback-15550140482-");
        assertThat(store.createStatus(new CampaignStatus(before, name, CampaignStatus.FINISHED, null, 1, 1, 0, 0, 0, 0,
                BigDecimal.ONE, 0, FIRST, FIRST, FIRST, FIRST, store.resultsUri(before)))).isTrue();
        assertThat(receive(intake(store, 5, AGAIN), name, older)).as("received before and finished").isNull();
        assertThat(store.status(CampaignId.of(name, older))).as("no second campaign").isEmpty();
    }

    private static byte[] threeRows() {
        return "phone,channel\n+15552220001,sms\n+15552220002,sms\n+15552220003,voice\n".getBytes(UTF_8);
    }

    /**
     * A file received before ids hashed a changed name in keeps its id: dropped again, it is the same campaign and does
     * not run twice. A file of the same rows under another name that reduces alike is a campaign of its own.
     */
    @Test
    void aFileReceivedUnderItsOldIdIsTheSameCampaignAndAnotherNameIsAnother() {
        String name = "Week 1.csv";
        byte[] content = "phone,channel\n+15550100401,sms\n".getBytes(UTF_8);
        String legacy = CampaignId.ids(name, content).earlier().get(0);
        assertThat(store.createStatus(new CampaignStatus(legacy, name, CampaignStatus.FINISHED, null, 1, 1, 0, 0, 0, 0,
                BigDecimal.ONE, 0, FIRST, FIRST, FIRST, FIRST, store.resultsUri(legacy)))).isTrue();

        assertThat(receive(intake(store, 5, AGAIN), name, content)).as("received before and finished").isNull();
        assertThat(store.status(CampaignId.of(name, content))).as("no second campaign").isEmpty();

        String other = receive(intake(store, 5, AGAIN), "week_1.csv", content);
        assertThat(other).as("another file").isEqualTo(CampaignId.of("week_1.csv", content)).isNotEqualTo(legacy);
        assertThat(store.status(other).orElseThrow().state()).isEqualTo(CampaignStatus.QUEUED);
    }
}
