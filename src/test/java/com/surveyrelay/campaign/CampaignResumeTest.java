package com.surveyrelay.campaign;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How an instance takes campaigns up ({@code campaign-resume}'s look, once a minute) and ends their runs, against a
 * local S3: each test has a bucket of its own, as the look reads every queue marker in the bucket.
 */
class CampaignResumeTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-03T10:00:00Z");
    private static final CampaignProperties SETTINGS = new CampaignProperties(true, BigDecimal.ONE, 1, 100, 10, null,
            null);
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static LocalS3 s3;
    private static S3Client client;
    private String bucket;
    private CampaignStore store;
    private TriggerLedger ledger;

    @BeforeAll
    static void server() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "resume-" + BUCKETS.incrementAndGet();
        client.createBucket(create -> create.bucket(bucket));
        SurveyRelayProperties settings = new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                bucket, bucket, "bus", "us-east-1", null, null, null, null, 0, null, null);
        store = new CampaignStore(client, settings);
        ledger = new TriggerLedger(client, settings);
    }

    @AfterEach
    void noFault() {
        s3.faults().clear();
    }

    /**
     * The look handed every waiting campaign to {@code seda:campaign-run} again each minute while its one consumer ran
     * another: 25 waiting campaigns filled the queue's 1,000 places in some 40 minutes. A campaign is handed out once,
     * and again only after a run took it from the queue (and left it: here, too large for this heap).
     */
    @Test
    void aWaitingCampaignIsHandedOutOnceUntilARunTakesIt() {
        String first = queued("first.csv", refusedRows(), RECEIVED, null);
        String second = queued("second.csv", refusedRows(), RECEIVED.plusSeconds(1), null);
        CampaignRunner runner = runner(Clock.systemUTC(), new CampaignSizeLimit(100, 1));

        assertThat(runner.resumable()).containsExactly(first, second);
        assertThat(runner.resumable()).as("both still wait in the queue").isEmpty();

        assertThat(runner.run(first).lanes()).as("three rows, more than this heap holds: left").isEmpty();
        assertThat(runner.resumable()).as("taken from the queue and left there").containsExactly(first);
        assertThat(runner.resumable()).isEmpty();
    }

    /**
     * A hand-over that never reached the queue ("Queue full", the route stopping) left its campaign handed out for
     * good: this instance never took it up again until it restarted. It is handed out again an hour later.
     */
    @Test
    void aCampaignHandedOutAndNeverTakenIsHandedOutAgainAnHourLater() {
        String waiting = queued("waiting.csv", refusedRows(), RECEIVED, null);
        com.surveyrelay.service.TestClock clock = new com.surveyrelay.service.TestClock();
        CampaignRunner runner = runner(clock, roomy());

        assertThat(runner.resumable()).containsExactly(waiting);
        clock.advance(CampaignRunner.HANDED_OUT_FOR.minusMinutes(1));
        assertThat(runner.resumable()).as("may still wait in the queue").isEmpty();
        clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(runner.resumable()).as("never taken: handed out again").containsExactly(waiting);
    }

    /**
     * The intake writes the marker, then the file (up to some 8 MB), then the status: a look in between removed the
     * marker of a campaign without a status, and the campaign, once received, was never resumed.
     */
    @Test
    void aMarkerWithoutAStatusIsKeptWhileItsIntakeMayBeUnderWay() {
        String id = CampaignId.of("arriving.csv", refusedRows());
        store.enqueue(id);

        assertThat(runner(Clock.systemUTC(), roomy()).resumable()).isEmpty();
        assertThat(store.isQueued(id)).as("written just now: its intake may be under way").isTrue();

        Clock later = Clock.offset(Clock.systemUTC(), CampaignRunner.MARKER_GRACE.plusMinutes(1));
        assertThat(runner(later, roomy()).resumable()).isEmpty();
        assertThat(store.isQueued(id)).as("no status long after: never fully received").isFalse();
    }

    /**
     * One status.json that is not JSON threw out of the look every minute, so the campaigns listed after it were never
     * taken up, and {@code GET /campaigns/{id}} answered it with a stack trace.
     */
    @Test
    void anUnreadableStatusIsSkippedAndTheCampaignsAfterItAreTakenUp() {
        String broken = queued("aaa-broken.csv", refusedRows(), RECEIVED, null);
        client.putObject(put -> put.bucket(bucket).key(CampaignStore.PREFIX + broken + "/status.json"),
                RequestBody.fromString("{\"id\": \"aaa-broken-"));
        String after = queued("zzz-after.csv", refusedRows(), RECEIVED.plusSeconds(1), null);
        CampaignRunner runner = runner(Clock.systemUTC(), roomy());

        assertThat(runner.resumable()).containsExactly(after);
        assertThat(store.isQueued(broken)).as("left queued, for when it is mended").isTrue();
        assertThat(runner.run(broken).lanes()).isEmpty();

        CampaignStatuses statuses = new CampaignStatuses(runner, store, SETTINGS, roomy(), Clock.systemUTC());
        assertThatThrownBy(() -> statuses.status(broken)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
            ErrorResponses answers = new ErrorResponses();
            assertThat(answers.status(problem)).isEqualTo(500);
            assertThat(answers.body(problem, "campaign-status")).isEqualTo(Map.of(
                    "error", "campaign_status_unreadable",
                    "message", "The campaign's stored status (campaigns/" + broken + "/status.json) is not readable, "
                            + "so its progress cannot be shown and it is not run; it needs mending or deleting in the "
                            + "bucket."));
        });
    }

    /**
     * The run's last write failed (S3 down a moment) and the run ended as if it had not: the campaign was taken up
     * again two minutes later, its last rows recorded skipped. The failure reaches the route, whose retry writes it.
     */
    @Test
    void theEndOfRunWriteThatFailsIsTriedAgainNotLeftForAResume() {
        String id = queued("refused-rows.csv", refusedRows(), RECEIVED, null);
        CampaignRunner runner = runner(Clock.systemUTC(), roomy());
        CampaignRun run = runner.run(id);

        s3.faults().setOnWrites(Faults.Mode.INTERNAL_ERROR, "status.json");
        assertThatThrownBy(() -> runner.finish(run)).as("for the route to try again").isInstanceOf(SdkException.class);
        s3.faults().clear();
        assertThat(store.status(id).orElseThrow().state()).isEqualTo(CampaignStatus.RUNNING);

        runner.finish(run);

        CampaignStatus finished = store.status(id).orElseThrow();
        assertThat(finished.state()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(finished.failed()).isEqualTo(3);
        assertThat(finished.pending()).isZero();
        assertThat(store.isQueued(id)).isFalse();
    }

    /**
     * The run's last write failed through an S3 outage of a few minutes, and the run had already left the campaign:
     * no heartbeat stored it, and once S3 was back another instance's look found its status stale and took it up
     * before the route's retry wrote the ending. The campaign stays this instance's until its ending is written, and
     * the heartbeat writes it.
     */
    @Test
    void aRunWhoseLastWriteFailsStaysThisInstancesAndTheHeartbeatWritesItsEnding() {
        String id = queued("outage.csv", refusedRows(), RECEIVED, null);
        com.surveyrelay.service.TestClock clock = new com.surveyrelay.service.TestClock();
        CampaignRunner runner = runner(clock, roomy());
        CampaignRun run = runner.run(id);

        s3.faults().setOnWrites(Faults.Mode.INTERNAL_ERROR, "status.json");
        assertThatThrownBy(() -> runner.finish(run)).isInstanceOf(SdkException.class);
        clock.advance(java.time.Duration.ofMinutes(1));
        runner.heartbeat();
        s3.faults().clear();
        clock.advance(CampaignRunner.ABANDONED_AFTER);
        runner.heartbeat();
        CampaignRunner other = runner(clock, roomy());

        assertThat(other.resumable()).as("its ending is stored").isEmpty();
        assertThat(other.run(id).lanes()).isEmpty();
        CampaignStatus finished = store.status(id).orElseThrow();
        assertThat(List.of(finished.state(), finished.failed(), finished.pending()))
                .containsExactly(CampaignStatus.FINISHED, 3, 0);
        assertThat(store.isQueued(id)).isFalse();
        assertThat(runner.live(id)).isEmpty();
        runner.finish(run);
        assertThat(store.status(id).orElseThrow()).as("the route's retry writes nothing more").isEqualTo(finished);
    }

    /**
     * A run over in memory whose ending is not stored yet (here S3 refuses the status) is not reported finished from
     * memory: GET /campaigns/{id} answered "finished" before the results file had the last rows, and a client that
     * downloaded the results on seeing it (CampaignServiceTest, in CI) found a row missing.
     */
    @Test
    void aRunIsNotReportedFinishedBeforeItsEndingIsStored() {
        String id = queued("unstored.csv", refusedRows(), RECEIVED, null);
        CampaignRunner runner = runner(Clock.systemUTC(), roomy());
        CampaignRun run = runner.run(id);

        s3.faults().setOnWrites(Faults.Mode.INTERNAL_ERROR, "status.json");
        assertThatThrownBy(() -> runner.finish(run)).isInstanceOf(SdkException.class);
        assertThat(runner.live(id)).as("over in memory, not in the bucket: the bucket's copy answers").isEmpty();
        assertThat(store.status(id).orElseThrow().state()).isNotEqualTo(CampaignStatus.FINISHED);
        s3.faults().clear();

        runner.finish(run);
        CampaignStatus answered = runner.live(id).orElseGet(() -> store.status(id).orElseThrow());
        assertThat(List.of(answered.state(), answered.failed())).containsExactly(CampaignStatus.FINISHED, 3);
    }

    /**
     * A resumed campaign looks for each row's claim under the key rows had before their prefix; that lookup was not
     * tried again, so a storage blip recorded a row started before the restart as {@code failed, internal_error}.
     */
    @Test
    void aResumedRowsLookupUnderTheOldKeyIsTriedAgainWhenStorageBlips() {
        byte[] content = "phone,channel\n+15552220001,sms\n".getBytes(UTF_8);
        String id = queued("resumed.csv", content, RECEIVED, RECEIVED.plusSeconds(1));
        ledger.claim(id + ":2");
        ledger.started(id + ":2", "session-before-the-upgrade");
        // No survey starts here: a row found under its old key is not started again.
        CampaignRunner runner = runner(Clock.systemUTC(), roomy());
        CampaignRun run = runner.run(id);

        // More failures than the S3 client's own tries of one lookup: the row's retry has to take the next.
        s3.faults().setFor(Faults.Mode.INTERNAL_ERROR, 5, "/" + bucket + "/" + TriggerLedger.PREFIX);
        run.lanes().forEach(lane -> lane.forEach(runner::start));
        s3.faults().clear();
        runner.finish(run);

        RowResult row = CampaignCsv.readResults(store.results(id).orElseThrow()).get(2);
        assertThat(row.outcome()).isEqualTo(RowResult.Outcome.STARTED);
        assertThat(row.reason()).isEqualTo("already_started");
        assertThat(row.sessionId()).isEqualTo("session-before-the-upgrade");
    }

    /**
     * A resumed row whose claim the ledger holds under another fingerprint (the hash key changed since, or an
     * instance on the earlier version claimed it): its start was refused {@code 422 idempotency_key_reused}, and the
     * row recorded failed, "nothing was sent", beside a text that went. The row's start is a campaign row's
     * ({@link StartRequest#campaignRow}), which {@code SurveyStarts} answers as a repeat without comparing
     * fingerprints ({@code StartFingerprintComparisonTest}; mocked here as it answers each kind of request), so the
     * row is recorded as its claim says; a row never claimed still starts.
     */
    @Test
    void aRowClaimedUnderAnotherFingerprintIsRecordedAsItsClaimSays() {
        byte[] twoRows = "phone,channel\n+15552220001,sms\n+15552220002,sms\n".getBytes(UTF_8);
        String id = queued("rotated.csv", twoRows, RECEIVED, RECEIVED);
        ledger.claim(RowTask.KEY_PREFIX + id + ":2");
        ledger.started(RowTask.KEY_PREFIX + id + ":2", "session-texted");
        SurveyStarts starts = mock(SurveyStarts.class);
        when(starts.start(any(StartRequest.class), any(ContactPace.class))).thenAnswer(call -> {
            StartRequest request = call.getArgument(0);
            if (request.idempotencyKey().endsWith(":2") && !request.campaignRow()) {
                throw new HttpProblem(422, "idempotency_key_reused", "The idempotency key was already used for a "
                        + "different request; nothing was sent.");
            }
            if (request.idempotencyKey().endsWith(":2")) {
                return new StartedSurvey(true, true, null, "session-texted", null, null, null, null, null, "started",
                        null, null);
            }
            return newSession();
        });

        Map<Integer, RowResult> results = runToTheEnd(id, starts);
        assertThat(results.get(2)).extracting(RowResult::outcome, RowResult::reason, RowResult::sessionId)
                .containsExactly(RowResult.Outcome.STARTED, "already_started", "session-texted");
        assertThat(results.get(3)).extracting(RowResult::outcome, RowResult::sessionId)
                .containsExactly(RowResult.Outcome.STARTED, "session-new");
    }

    /**
     * A row whose respondent was erased while it waited for its contact slot sent nothing ({@code SurveyOpener}
     * answers {@code 409 respondent_erased}; mocked here as it answers): nobody is left to ask, which is not the row's
     * fault, so it is recorded skipped with that reason, as the frequency cap's {@code contacted_recently} is, and the
     * next row still starts.
     */
    @Test
    void aRowWhoseRespondentWasErasedWhileItWaitedIsSkippedWithTheReason() {
        byte[] twoRows = "phone,channel\n+15552220001,sms\n+15552220002,sms\n".getBytes(UTF_8);
        String id = queued("erased.csv", twoRows, RECEIVED, null);
        SurveyStarts starts = mock(SurveyStarts.class);
        when(starts.start(any(StartRequest.class), any(ContactPace.class))).thenAnswer(call -> {
            StartRequest request = call.getArgument(0);
            if (request.idempotencyKey().endsWith(":2")) {
                throw new HttpProblem(409, "respondent_erased", "The respondent's data was erased while this start "
                        + "waited for its contact slot; nothing was sent.");
            }
            return newSession();
        });

        Map<Integer, RowResult> results = runToTheEnd(id, starts);
        assertThat(results.get(2)).extracting(RowResult::outcome, RowResult::reason)
                .containsExactly(RowResult.Outcome.SKIPPED, "respondent_erased");
        assertThat(results.get(3).outcome()).isEqualTo(RowResult.Outcome.STARTED);
        CampaignStatus status = store.status(id).orElseThrow();
        assertThat(List.of(status.done(), status.failed(), status.skipped())).containsExactly(1, 0, 1);
    }

    /**
     * Numbers erased while their campaign was paused: a resumed run starts nothing more to them, and records a row
     * started before the restart as its claim says (started, already_started, with its session), the other skipped,
     * respondent_erased.
     */
    @Test
    void aResumedRowsErasedNumberStartsNothingAndAClaimedRowKeepsItsClaim() {
        byte[] twoRows = "phone,channel\n+15552220001,sms\n+15552220002,sms\n".getBytes(UTF_8);
        String id = queued("erased-paused.csv", twoRows, RECEIVED, RECEIVED);
        ledger.claim(RowTask.KEY_PREFIX + id + ":2");
        ledger.started(RowTask.KEY_PREFIX + id + ":2", "session-texted");
        SurveyStarts starts = mock(SurveyStarts.class);

        Map<Integer, RowResult> results = runToTheEnd(id, starts, (campaignId, phone) -> campaignId.equals(id));

        verify(starts, never()).start(any(StartRequest.class), any(ContactPace.class));
        assertThat(results.get(2)).extracting(RowResult::outcome, RowResult::reason, RowResult::sessionId)
                .containsExactly(RowResult.Outcome.STARTED, "already_started", "session-texted");
        assertThat(results.get(3)).extracting(RowResult::outcome, RowResult::reason)
                .containsExactly(RowResult.Outcome.SKIPPED, "respondent_erased");
    }

    /** A row's survey started: session {@code session-new}. */
    private static StartedSurvey newSession() {
        return new StartedSurvey(true, null, null, "session-new", null, null, null, "sms", "en-US", "welcome", null,
                null);
    }

    /** Runs the campaign's every row with {@code starts} and finishes it; its results, by row. */
    private Map<Integer, RowResult> runToTheEnd(String id, SurveyStarts starts) {
        return runToTheEnd(id, starts, (campaignId, phone) -> false);
    }

    /** As {@link #runToTheEnd(String, SurveyStarts)}, each row asking {@code erased} first (CampaignErasures). */
    private Map<Integer, RowResult> runToTheEnd(String id, SurveyStarts starts,
            java.util.function.BiPredicate<String, com.surveyrelay.survey.E164> erased) {
        CampaignRunner runner = new CampaignRunner(starts, ledger, store, SETTINGS, Clock.systemUTC(),
                ContactPace.NONE, roomy(), new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class));
        runner.checkErasuresWith(erased);
        CampaignRun run = runner.run(id);
        run.lanes().forEach(lane -> lane.forEach(runner::start));
        runner.finish(run);
        return CampaignCsv.readResults(store.results(id).orElseThrow());
    }

    /**
     * A campaign stored running that no instance wrote for a while says why nothing moves, and when another instance
     * takes it up: until 2026-12-07 it read running with its ETA for some three minutes after a kill -9, no word said
     * (an operator's probe). One written within the last heartbeat and a half says nothing.
     */
    @Test
    void aRunningCampaignNoInstanceWroteForAWhileSaysWhy() {
        Instant now = Instant.parse("2026-12-07T03:00:00Z");
        Instant wrote = now.minusSeconds(100);
        byte[] content = refusedRows();
        String id = CampaignId.of("stale.csv", content);
        store.storeFile(id, content);
        assertThat(store.createStatus(new CampaignStatus(id, "stale.csv", CampaignStatus.RUNNING, null, 3, 1, 0, 0, 0,
                2, BigDecimal.ONE, 2, RECEIVED, RECEIVED, null, wrote, store.resultsUri(id)))).isTrue();
        CampaignRunner runner = runner(Clock.systemUTC(), roomy());

        CampaignStatus stale = new CampaignStatuses(runner, store, SETTINGS, roomy(), Clock.fixed(now,
                java.time.ZoneOffset.UTC)).status(id).status();
        assertThat(stale.state()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(stale.reason()).isEqualTo("No instance has stored its progress since 2026-12-07T02:58:20Z (the "
                + "instance running it may have stopped): an instance takes it up by about 2026-12-07T03:01:20Z, and "
                + "its rows go on then; none is sent twice.");
        CampaignStatus fresh = new CampaignStatuses(runner, store, SETTINGS, roomy(), Clock.fixed(wrote.plusSeconds(
                60), java.time.ZoneOffset.UTC)).status(id).status();
        assertThat(fresh.reason()).isNull();
    }

    /** A campaign received (and, with {@code startedAt}, paused by a shutdown) as the bucket holds it. */
    private String queued(String name, byte[] content, Instant receivedAt, Instant startedAt) {
        String id = CampaignId.of(name, content);
        int rows = CampaignCsv.read(content, 100).rows().size();
        store.enqueue(id);
        store.storeFile(id, content);
        assertThat(store.createStatus(new CampaignStatus(id, name, CampaignStatus.QUEUED, null, rows, 0, 0, 0, 0,
                rows, BigDecimal.ONE, rows, receivedAt, startedAt, null, receivedAt, store.resultsUri(id)))).isTrue();
        return id;
    }

    private CampaignRunner runner(Clock clock, CampaignSizeLimit limit) {
        // Its runs start no row, but read the file knowing the default survey: a mock's is none.
        return new CampaignRunner(mock(SurveyStarts.class), ledger, store, SETTINGS, clock, ContactPace.NONE, limit,
                new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class));
    }

    private static CampaignSizeLimit roomy() {
        return new CampaignSizeLimit(100, Long.MAX_VALUE);
    }

    /** Three rows the file alone refuses (no phone number in them): a run records them without starting anything. */
    private static byte[] refusedRows() {
        return "phone,channel\nnot-a-phone,sms\nnone,sms\n12,sms\n".getBytes(UTF_8);
    }
}
