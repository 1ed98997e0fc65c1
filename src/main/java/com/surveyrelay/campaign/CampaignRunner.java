package com.surveyrelay.campaign;

import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.E164;
import com.surveyrelay.initiation.StartRequest;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs campaigns for the {@code campaign-run} route: hands out a campaign's rows to its lanes, has each row's survey
 * started once ({@link CampaignRowStart}), records every row's outcome and keeps the bucket's copy of the progress
 * current.
 *
 * <p>No double send across restarts: each row starts through {@link SurveyStarts#startOnce} with the
 * key {@code campaign-row:<campaignId>:<row>}, which claims the row in the trigger ledger before anything is sent. A
 * resumed campaign runs only the rows without a stored result; a row that was started but whose result was not yet
 * stored meets its own claim and is recorded as started ({@code already_started}), with its session, whatever
 * fingerprint the claim keeps ({@link StartRequest#campaignRow}: say {@code RESPONDENT_HASH_KEY} changed). A resumed
 * run also looks for the row's claim under the key rows had before their prefix, {@code <campaignId>:<row>}, so a
 * campaign under way across the upgrade sends nothing twice; a claim there counts only without a request's
 * fingerprint, as the old runner wrote it, not a caller's key of that shape claimed since.
 *
 * <p>One instance runs a campaign at a time: an instance takes a campaign up with a conditional write of its status
 * ({@code If-Match}), and leaves alone one stored {@code running} within {@link #ABANDONED_AFTER}, which its instance
 * refreshes every {@link #HEARTBEAT}. On shutdown the lanes take no new row, the rows under way finish, and the
 * progress is stored {@code queued}: any instance takes the campaign up at its next look ({@code campaign-resume},
 * at start and every {@link #HEARTBEAT}). A campaign whose instance died is taken up once its status is
 * {@link #ABANDONED_AFTER} old; its rows started but not recorded meet their claims and send nothing twice.
 */
@Component("campaignRunner")
public class CampaignRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
    /**
     * How often, at most, a lane stores the progress while rows move (besides every {@code CAMPAIGN_PROGRESS_EVERY}
     * rows): a lane writes once this long has passed since the last write and a row got a result. A campaign whose
     * rows move slower (a row every minute at a low rate) has its progress stored by the {@link #HEARTBEAT}, so the
     * stored copy may then be up to a heartbeat old.
     */
    static final Duration STORE_INTERVAL = Duration.ofSeconds(5);
    /** How often a running campaign's progress is stored even when no row moved: the campaign-resume route's period. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(1);
    /** A campaign stored {@code running} longer ago than this lost its instance: another may take it up. */
    static final Duration ABANDONED_AFTER = HEARTBEAT.multipliedBy(2);
    /**
     * How old a queue marker without a campaign to run must be before a resume look removes it. The intake writes the
     * marker, then the file (up to some 8 MB), then the status; a marker removed in between left a received campaign
     * that no instance ever resumed. Ten minutes is far beyond one intake, and beyond any clock skew between S3's
     * {@code LastModified} and this instance.
     */
    static final Duration MARKER_GRACE = Duration.ofMinutes(10);
    private static final StartedSurvey NOTHING = StartedSurvey.NOTHING;
    private final SurveyStarts conversations;
    private final CampaignRowStart rowStart;
    /** Holds the rows of every campaign this instance runs while their starts fail on our side. */
    private final CampaignOutagePause outagePause;
    private final CampaignStore store;
    private final CampaignProperties settings;
    private final Clock clock;
    private final CampaignSizeLimit limit;
    /** Campaign rows by outcome ({@code survey_relay_campaign_rows_total}), and the pending ones (a gauge). */
    static final String ROWS = "survey.relay.campaign.rows";
    private final Map<String, CampaignProgress> running = new ConcurrentHashMap<>();
    /**
     * Campaigns {@link #resumable} handed out that {@link #run} has not taken yet, and when: queued once, not every
     * look; one not taken within {@link #HANDED_OUT_FOR} is handed out again (its hand-over may never have reached the
     * queue: "Queue full", a route stopping).
     */
    private final Map<String, Instant> handedOut = new ConcurrentHashMap<>();
    /** How long a campaign handed out and not taken up is left to its queue before it is handed out again. */
    static final Duration HANDED_OUT_FOR = Duration.ofHours(1);
    private final MeterRegistry metrics;
    private final ReentrantLock storing = new ReentrantLock();
    /** What a run does when its stored status changed under it: a cancel to adopt, or the campaign lost. */
    private final CampaignCancelAdoption cancelAdoption;
    private volatile boolean stopping;
    /**
     * What a resume look does with a cancelled campaign whose rows nobody records: {@link CampaignCancels} settles it
     * ({@link #settleCancelledWith}); nothing until it is set.
     */
    private volatile Consumer<String> settleCancelled = campaignId -> { };
    /**
     * @param contactPace what each row's first contact waits for right before Twilio, after the row pace's slot (the
     *     route's delay) and its session's S3 writes: the campaign rate where Twilio counts it
     * @param limit what this instance's heap holds: a campaign larger than that is left to an instance with more
     */
    public CampaignRunner(SurveyStarts conversations, TriggerLedger ledger, CampaignStore store,
            CampaignProperties settings, Clock clock, ContactPace contactPace, CampaignSizeLimit limit,
            ObjectProvider<MeterRegistry> metrics) {
        this.metrics = metrics.stream().findFirst().orElse(null);
        if (this.metrics != null) {
            // Rows of the campaigns running on this instance still without a result.
            Gauge.builder(ROWS + ".pending", running, progress -> progress.values().stream()
                    .mapToInt(CampaignProgress::pending).sum()).description("Campaign rows still to start")
                    .register(this.metrics);
        }
        this.conversations = conversations;
        this.rowStart = new CampaignRowStart(conversations, ledger, contactPace);
        this.outagePause = new CampaignOutagePause(settings.outageProbeEvery(), settings.outagePause(), clock);
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.limit = limit;
        this.cancelAdoption = new CampaignCancelAdoption(store, clock, storing);
    }

    /**
     * Unfinished campaigns no instance runs, oldest first: what this instance takes up (at start, and every
     * {@link #HEARTBEAT}). Not those running here, nor those stored {@code running} within {@link #ABANDONED_AFTER}:
     * another instance runs them. Nor those this instance handed out before that {@link #run} has not taken yet: the
     * {@code campaign-resume} route queues each id returned on {@code seda:campaign-run}, whose one consumer may be
     * running a long campaign, and queued again every minute, 25 waiting campaigns filled its 1,000 places in about 40
     * minutes ("Queue full", and the intake's hand-over failed too).
     *
     * <p>Each campaign is looked at on its own: one whose stored status is unreadable is skipped with a warning, and the
     * others are still taken up. A cancelled campaign with rows not recorded is never returned (nor run): its marker
     * stays, and once its status is {@link #ABANDONED_AFTER} old (the instance recording its rows died) it is handed to
     * {@link CampaignCancels}, which records them ({@link #settleCancelledWith}). Any other queue marker without a
     * status, or whose campaign is not unfinished, is removed once it is {@link #MARKER_GRACE} old (its intake, which
     * writes the marker first, is over by then).
     *
     * @return campaign ids; empty when storage failed (logged as one warning; the next look tries again)
     */
    public List<String> resumable() {
        try {
            List<String> ids = unfinishedNobodyRuns();
            Instant now = clock.instant();
            ids.forEach(id -> handedOut.put(id, now));
            return ids;
        } catch (SdkException e) {
            LOG.warn("Unfinished campaigns not looked at: storage failed ({}); looking again in {} s", e.toString(),
                    HEARTBEAT.toSeconds());
            return List.of();
        }
    }

    private List<String> unfinishedNobodyRuns() {
        List<CampaignStatus> unfinished = new ArrayList<>();
        Instant now = clock.instant();
        for (CampaignStore.QueueMarker marker : store.markers()) {
            String id = marker.id();
            Instant handed = handedOut.get(id);
            if (running.containsKey(id) || handed != null && handed.plus(HANDED_OUT_FOR).isAfter(now)) {
                continue;
            }
            Optional<CampaignStatus> status;
            try {
                status = store.status(id);
            } catch (UnreadableCampaignStatus unreadable) {
                LOG.warn("Campaign {} skipped: {}; mend or delete it, and the campaign is looked at again at the next "
                        + "look", id, unreadable.getMessage());
                continue;
            }
            if (status.isPresent() && status.get().isUnfinished()) {
                if (!status.get().runningElsewhere(now, ABANDONED_AFTER)) {
                    unfinished.add(status.get());
                }
            } else if (status.isPresent() && status.get().mayBeWritten()) {
                // Cancelled with rows not recorded yet: never run again, and its marker stays until they are. One
                // whose settle or run stopped storing its status lost its instance: its rows are recorded here.
                if (!status.get().settlingElsewhere(now, ABANDONED_AFTER)) {
                    settleCancelled.accept(id);
                }
            } else if (marker.markedAt() == null || marker.markedAt().isBefore(now.minus(MARKER_GRACE))) {
                // Finished between its last result and its marker's removal, or never fully received. A younger
                // marker may be an intake's under way (the marker, then the file, then the status) or a refused
                // file's received again: removed then, the campaign would never be resumed.
                store.dequeue(id);
            }
        }
        unfinished.sort(Comparator.comparing(CampaignStatus::receivedAt));
        if (!unfinished.isEmpty() && !stopping) {
            LOG.info("{} unfinished campaign(s) to resume: {}", unfinished.size(),
                    unfinished.stream().map(CampaignStatus::id).toList());
        }
        return unfinished.stream().map(CampaignStatus::id).toList();
    }

    /**
     * A run of the campaign: lanes that each take the next row left, so they share the work however long each
     * start takes. Rows decided by reading the file alone (malformed, invalid) get their result here and never reach
     * a lane; rows asking the same survey of the same number share one lane's task ({@link CampaignRowDuplicates}).
     * A run without lanes for a campaign that is finished, already running here, or whose stored status is unreadable
     * (logged as a warning).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails reading the status, file or results, or
     *     taking the campaign up (the route tries again)
     */
    public CampaignRun run(String campaignId) {
        // Taken from the queue: whatever this run does, the next resume look may hand the campaign out again.
        handedOut.remove(campaignId);
        if (stopping || running.containsKey(campaignId)) {
            return CampaignRun.none(campaignId);
        }
        Optional<CampaignStore.TaggedStatus> stored;
        try {
            stored = store.taggedStatus(campaignId);
        } catch (UnreadableCampaignStatus unreadable) {
            LOG.warn("Campaign {} not run: {}", campaignId, unreadable.getMessage());
            return CampaignRun.none(campaignId);
        }
        if (stored.isEmpty() || !stored.get().status().isUnfinished()) {
            return CampaignRun.none(campaignId);
        }
        Instant now = clock.instant();
        CampaignStatus campaign = stored.get().status();
        if (campaign.runningElsewhere(now, ABANDONED_AFTER)) {
            LOG.info("Campaign {} is running on another instance (progress stored at {}); left to it", campaignId,
                    campaign.updatedAt());
            return CampaignRun.none(campaignId);
        }
        if (!limit.heapHolds(campaign.total())) {
            LOG.warn("Campaign {} has {} rows, more than this instance's heap ({} MiB) holds while they run; left "
                    + "queued for an instance with more heap (-Xmx)", campaignId, campaign.total(), limit.maxHeapMib());
            return CampaignRun.none(campaignId);
        }
        boolean resumed = campaign.startedAt() != null;
        campaign = resumed ? campaign.takenUp(now) : new CampaignStatus(campaign.id(), campaign.fileName(),
                CampaignStatus.RUNNING, null, campaign.total(), 0, 0, 0, 0, campaign.total(), settings.ratePerSecond(),
                0, campaign.receivedAt(), now, null, now, campaign.results());
        // Read before taking it up: a read that fails (the route tries the run again) leaves the status as it was.
        CampaignCsv.CampaignFile file = CampaignCsv.read(store.file(campaignId), Integer.MAX_VALUE, "",
                conversations.defaultSurveyId().orElse(null));
        Map<Integer, RowResult> earlier = store.results(campaignId).map(CampaignCsv::readResults).orElse(Map.of());
        // Taken up by one instance: of two that read the same status, the second's write is refused.
        Optional<String> written = store.replaceStatus(campaign, stored.get().etag());
        if (written.isEmpty()) {
            LOG.info("Campaign {} was taken up by another instance; left to it", campaignId);
            return CampaignRun.none(campaignId);
        }
        CampaignProgress progress = new CampaignProgress(campaign, earlier, settings, now);
        progress.statusEtag(written.get());
        for (CampaignRow row : file.rows()) {
            if (row.verdict() != null && progress.record(row.verdict()) >= 0) {
                countRow(row.verdict());
            }
        }
        progress.duplicates(file.rows().stream().filter(row -> row.verdict() == null && row.duplicateOf() != null)
                .map(CampaignRow::row).toList());
        Queue<RowTask> rows = new ConcurrentLinkedQueue<>(CampaignRowDuplicates.tasks(campaignId, file.rows(),
                progress, resumed, result -> {
                    if (progress.record(result) >= 0) {
                        countRow(result);
                    }
                }));
        if (running.putIfAbsent(campaignId, progress) != null) {
            return CampaignRun.none(campaignId);
        }
        store(progress, true);
        if (progress.resumedWith() == 0) {
            LOG.info("Campaign {} started: {} rows, {} to start at {}/s, about {} s", campaignId, campaign.total(),
                    rows.size(), settings.ratePerSecond(), settings.secondsFor(rows.size()));
        } else {
            LOG.info("Campaign {} resumed: {} of {} rows had a result, {} to start at {}/s, about {} s", campaignId,
                    progress.resumedWith(), campaign.total(), rows.size(), settings.ratePerSecond(),
                    settings.secondsFor(rows.size()));
        }
        List<Iterable<RowTask>> lanes = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            lanes.add(() -> new Lane(rows, progress));
        }
        return new CampaignRun(campaignId, List.copyOf(lanes), progress, file.rows());
    }

    /**
     * Starts one row's survey, once, and records its outcome. Never throws: a refused row is a failed row, and
     * the campaign goes on. The later rows asking the same survey of the same number ({@link RowTask#duplicates}) are
     * then recorded {@code skipped, duplicate_row}, or, when this row failed, the next of them is started in its place
     * ({@link CampaignRowDuplicates}).
     *
     * @return the survey the row started ({@link StartedSurvey#NOTHING} for a row that started nothing: refused,
     *     deferred, skipped, or not tried as the service stops); the {@code campaign-run} route does not read it
     */
    public StartedSurvey start(RowTask task) {
        CampaignProgress progress = task.progress();
        if (!stopping && !progress.isCancelled()) {
            // After the row's pace wait, which may be seconds long: a cancel made on another instance meanwhile stops
            // this row too (the look is made at most every CANCEL_CHECK, by whichever lane comes first).
            cancelAdoption.lookForCancel(progress);
        }
        if (stopping || progress.isCancelled()) {
            // Not attempted: the row has no result, so the resumed campaign starts it, or the cancelled run's end
            // records it skipped.
            return NOTHING;
        }
        CampaignRow row = task.row();
        Optional<CampaignRowStart.Attempt> tried = startThroughOutages(task);
        if (tried.isEmpty()) {
            return NOTHING;
        }
        CampaignRowStart.Attempt attempt = tried.get();
        StartedSurvey started = attempt.started();
        RowResult result = attempt.result();
        if (result.outcome() != RowResult.Outcome.STARTED) {
            LOG.debug("Campaign {} row {} to {}: {} {}", task.campaignId(), row.row(), row.maskedPhone(),
                    result.outcome().label(), result.reason());
        }
        record(progress, result);
        if (task.duplicates().isEmpty()) {
            return started;
        }
        if (CampaignRowDuplicates.stands(result)) {
            task.duplicates().forEach(duplicate -> record(progress,
                    CampaignRowDuplicates.skipped(duplicate, row.row())));
            return started;
        }
        // This row reached nobody: the next row asking the same survey of the same number is started in its place,
        // in this lane, without a row slot of its own (the contact pace still spaces its text or call for Twilio).
        return start(task.nextDuplicate());
    }

    /**
     * A row's start, held through an outage ({@link CampaignOutagePause}): tried once the pause lets it, and again
     * after the pause when it failed on our side during one.
     *
     * @return what the start came to; empty when the row was not tried, as the instance stops or its campaign was
     *     cancelled while it waited (it has no result: the resumed campaign starts it, or the cancel's end skips it)
     */
    private Optional<CampaignRowStart.Attempt> startThroughOutages(RowTask task) {
        boolean heldBefore = false;
        while (true) {
            Optional<CampaignOutagePause.Permit> permit = outagePause.await(() -> stopping
                    || task.progress().isCancelled());
            if (permit.isEmpty()) {
                return Optional.empty();
            }
            CampaignRowStart.Attempt attempt = rowStart.attempt(task, permit.get().probe());
            if (!permit.get().settle(attempt, heldBefore)) {
                return Optional.of(attempt);
            }
            LOG.debug("Campaign {} row {} held until the outage is over: {}", task.campaignId(), task.row().row(),
                    attempt.result().reason());
            if (!heldBefore) {
                // The status says why its rows wait now, not at the next heartbeat (CampaignOutagePause#note).
                store(task.progress(), false);
            }
            heldBefore = true;
        }
    }

    private void countRow(RowResult result) {
        if (metrics != null) {
            Counter.builder(ROWS).description("Campaign rows with a result, by outcome")
                    .tag("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .register(metrics).increment();
        }
    }

    private void record(CampaignProgress progress, RowResult result) {
        int count = progress.record(result);
        if (count < 0) {
            return;
        }
        countRow(result);
        Instant now = clock.instant();
        if (count % settings.progressEvery() == 0) {
            CampaignStatus status = progress.status(now);
            // Deferred rows (quiet hours) counted too, so that the figures add up (until 2026-12-07 they did not).
            LOG.info("Campaign {}: {} of {} rows, {} started, {} scheduled, {} failed, {} skipped, about {} s left",
                    status.id(), count, status.total(), status.done(), status.scheduled(), status.failed(),
                    status.skipped(), status.etaSeconds());
        }
        if (progress.storeDue(now, STORE_INTERVAL)) {
            store(progress, false);
        }
    }

    /**
     * Ends a campaign's run once its lanes are done: finished when every row has a result, else (on shutdown)
     * left unfinished, with its progress stored, for the next start. A cancelled campaign's rows not started are
     * recorded {@code skipped, cancelled}, and its results and its {@code cancelled} status, counts adding up, are
     * written over the status the cancel wrote. Called again for the same run (the route's retry after a failed
     * write), it writes the same ending again, or nothing once that write succeeded.
     *
     * <p>The campaign stays this instance's ({@link #live}, and stored by every {@link #heartbeat}) until that write
     * succeeded, or another instance took it up: it left at once, and during an S3 outage of a few minutes the
     * write's retries could lose to a resume elsewhere, which found the status stale and recorded the last rows
     * {@code started, already_started}. Once the route stops trying, the heartbeat writes the ending.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when the ending's write failed (S3 down) and the
     *     campaign is still this instance's: the {@code campaign-run} route tries this step again. Left unwritten, the
     *     campaign was taken up again two minutes later as abandoned, and the rows started in its last seconds, whose
     *     results that write held, were recorded {@code started, already_started}. Returns normally when another
     *     instance took the campaign up, which then owns it.
     */
    public void finish(CampaignRun run) {
        CampaignProgress progress = run.progress();
        if (progress == null) {
            return;
        }
        // Under the lock: a heartbeat writes either the progress before this, or the ending whole, marked as such.
        storing.lock();
        try {
            if (progress.isCancelled()) {
                // Counted as every row with a result is (until 2026-12-06 the rows a cancel skipped were not).
                progress.skipUnstarted(run.rows()).forEach(this::countRow);
                progress.finished(clock.instant());
            } else if (progress.pending() == 0) {
                progress.finished(clock.instant());
            } else if (stopping) {
                progress.paused();
            }
            progress.ending();
        } finally {
            storing.unlock();
        }
        try {
            storeEnding(progress);
        } catch (RuntimeException e) {
            LOG.warn("Campaign {}: its {} status was not stored ({}); the campaign-run route tries again, then every "
                    + "heartbeat ({} s) while the campaign stays this instance's", run.campaignId(),
                    progress.status(clock.instant()).state(), e.toString(), HEARTBEAT.toSeconds());
            throw e;
        }
    }

    /**
     * Writes a run's ending ({@link #finish}) unless written already, and then lets the campaign go from this
     * instance: off the queue when it is over, and logged once.
     *
     * @throws RuntimeException as S3 failed (an {@link SdkException}): the campaign stays this instance's
     */
    private void storeEnding(CampaignProgress progress) {
        if (!write(progress, true)) {
            running.remove(progress.id(), progress);
            return;
        }
        if (!running.remove(progress.id(), progress)) {
            return;
        }
        String campaignId = progress.id();
        CampaignStatus status = progress.status(clock.instant());
        if (status.isCancelled()) {
            store.dequeue(campaignId);
            LOG.info("Campaign {} cancelled: {} rows, {} started, {} failed, {} skipped ({} of them not started as it "
                    + "was cancelled), {} scheduled", campaignId, status.total(), status.done(), status.failed(),
                    status.skipped(), progress.skippedAsCancelled(), status.scheduled());
        } else if (status.pending() == 0) {
            store.dequeue(campaignId);
            Duration took = Duration.between(status.startedAt(), status.finishedAt());
            int onOurSide = progress.failedOnOurSide();
            if (onOurSide == 0) {
                // Rows refused for their respondent or cells (opted out, a bad number) are the file's, not an
                // incident: INFO, where any failed row made this a WARN until 2026-12-07 (an operator's probe).
                LOG.info("Campaign {} finished in {} s: {} rows, {} started, {} scheduled, {} failed, {} skipped; "
                        + "results in {}{}", campaignId, took.toSeconds(), status.total(), status.done(),
                        status.scheduled(), status.failed(), status.skipped(), status.results(),
                        status.failed() == 0 ? "" : " (the failed rows' reasons are there)");
            } else {
                // A WARN, so that a Twilio or storage outage that failed rows is seen (INFO until 2026-12-07): the
                // same file dropped again is ignored, and such rows run again only from a file of their own.
                LOG.warn("Campaign {} finished in {} s: {} rows, {} started, {} scheduled, {} failed ({} on our side: "
                        + "twilio_error, twilio_unreachable, internal_error), {} skipped; results in {}: the rows that "
                        + "failed on our side sent nothing and can go again as a new file", campaignId,
                        took.toSeconds(), status.total(), status.done(), status.scheduled(), status.failed(),
                        onOurSide, status.skipped(), status.results());
            }
        } else if (stopping) {
            LOG.info("Campaign {} paused by shutdown with {} of {} rows left; it goes on when an instance takes it "
                    + "up", campaignId, status.pending(), status.total());
        } else {
            LOG.warn("Campaign {} stopped with {} of {} rows left; an instance takes it up again in about {} min",
                    campaignId, status.pending(), status.total(), ABANDONED_AFTER.toMinutes());
        }
    }

    /**
     * Stops the run of a campaign this instance runs, as its cancel's status (written with {@code etag} over the status
     * with ETag {@code replaced}) says: {@link CampaignCancels} on this instance asks, and
     * {@link CampaignCancelAdoption#cancelHere} stops the run.
     *
     * @return true when this instance runs the campaign; false too when it had lost it to another instance
     */
    boolean cancelHere(String campaignId, String replaced, String etag) {
        CampaignProgress progress = running.get(campaignId);
        return progress != null && cancelAdoption.cancelHere(progress, replaced, etag);
    }

    /**
     * Has each resume look hand {@code settle} the id of a cancelled campaign whose rows nobody records (its marker
     * left, its status stored {@code cancelled} with rows pending longer than {@link #ABANDONED_AFTER} ago): set by
     * {@link CampaignCancels}, which depends on this runner. {@code settle} must not throw.
     */
    void settleCancelledWith(Consumer<String> settle) {
        settleCancelled = settle;
    }

    /**
     * Has each row ask {@code erased} whether its number was erased while the campaign ran, before its start: set by
     * {@link CampaignErasures}, which depends on this runner. {@code erased} may throw as S3 fails.
     */
    void checkErasuresWith(BiPredicate<String, E164> erased) {
        rowStart.checkErasuresWith(erased);
    }

    /**
     * The live progress of a campaign running on this instance; empty once its run here lost it to another instance,
     * and while its run is over in memory but its ending not yet stored (the bucket's copy is then the one to answer).
     * A run's ending writes the results file, then the status: answered from memory, {@code finished} came before
     * the results file had its last rows, and a client that downloads the results on seeing it found rows missing.
     */
    Optional<CampaignStatus> live(String campaignId) {
        CampaignProgress progress = running.get(campaignId);
        if (progress == null || progress.isLost()) {
            return Optional.empty();
        }
        CampaignStatus status = progress.status(clock.instant());
        return status.isOver() && !progress.isEndStored() ? Optional.empty() : Optional.of(status);
    }

    /**
     * Published before Spring stops anything, Camel included: from here the lanes take no new row, so Camel's
     * graceful shutdown only waits for the rows already under way.
     */
    @EventListener(ContextClosedEvent.class)
    public void stopTakingRows() {
        stopping = true;
    }

    /** After Camel has stopped: whatever was recorded since the last write is kept, the campaign left queued. */
    @PreDestroy
    void storeProgress() {
        running.values().forEach(progress -> {
            progress.paused();
            store(progress, true);
        });
    }

    /**
     * Stores the progress of every campaign running here, moved or not: the {@code campaign-resume} route calls it
     * every {@link #HEARTBEAT}, so other instances see them alive ({@link #ABANDONED_AFTER}).
     */
    public void heartbeat() {
        if (!stopping) {
            running.values().forEach(progress -> {
                if (progress.isEnding()) {
                    storeEndingAgain(progress);
                } else {
                    store(progress, false);
                }
            });
        }
    }

    /**
     * A heartbeat's write of a run's ending whose own write failed ({@link #finish}): the route tries for some five
     * minutes, then stops, and the campaign would have stayed this instance's, unwritten and never resumed.
     */
    private void storeEndingAgain(CampaignProgress progress) {
        try {
            storeEnding(progress);
        } catch (RuntimeException e) {
            LOG.warn("Campaign {}: its {} status is still not stored ({}); trying again in {} s", progress.id(),
                    progress.status(clock.instant()).state(), e.toString(), HEARTBEAT.toSeconds());
        }
    }

    /**
     * Writes the results, then the status, as {@link #write} does; a failure is logged (a warning, without its stack
     * trace: storage failing is expected now and then) and answered, not thrown.
     *
     * @return false when a write that had to happen failed: the campaign then stays unfinished in the bucket and is
     *     resumed by the next instance, which re-meets the ledger for every row it lost; false too once another
     *     instance took the campaign up, when nothing is written
     */
    private boolean store(CampaignProgress progress, boolean mustWrite) {
        try {
            return write(progress, mustWrite);
        } catch (RuntimeException e) {
            if (mustWrite) {
                LOG.warn("Campaign {}: progress not stored ({}); it stays unfinished for the next start",
                        progress.id(), e.toString());
                return false;
            }
            LOG.warn("Campaign {}: progress not stored this time ({}); trying again with the next rows",
                    progress.id(), e.toString());
            return true;
        }
    }

    /**
     * Writes the results, then the status. Lanes write when it is due and skip it while another lane writes;
     * the start and end of a run always write.
     *
     * @return true when written, or skipped as not due; false once another instance took the campaign up, when
     *     nothing is written
     * @throws RuntimeException as S3 failed (an {@link SdkException}): the status was not written
     */
    private boolean write(CampaignProgress progress, boolean mustWrite) {
        if (mustWrite) {
            storing.lock();
        } else if (!storing.tryLock()) {
            return true;
        }
        try {
            if (progress.isLost()) {
                return false;
            }
            // A run's ending is written once: the campaign may be finished, and a finished campaign's results are only
            // redacted (an erasure), never written whole again. So is a heartbeat that picked the campaign up just
            // before its run ended.
            if (progress.isEndStored() || !mustWrite && running.get(progress.id()) != progress) {
                return true;
            }
            // Read before the snapshot: the run's end marks it under this lock once the ending is complete.
            boolean ending = progress.isEnding();
            progress.waitingFor(outagePause.note().orElse(null));
            Instant now = clock.instant();
            CampaignProgress.Snapshot snapshot = progress.snapshot(now);
            // Still this instance's: the status is the one it last wrote (else another instance took the campaign up
            // while this one was paused or stalled past the heartbeat, and its results must not be overwritten).
            // A cancel changes it too: the run then writes over the cancel's status, as cancelled.
            String mine = progress.statusEtag();
            if (!mine.equals(store.statusEtag(progress.id()))) {
                if (!cancelAdoption.adoptCancel(progress)) {
                    return cancelAdoption.lose(progress);
                }
                mine = progress.statusEtag();
                snapshot = progress.snapshot(now);
            }
            // Results first: a status never counts a result the bucket does not have.
            store.putResults(progress.id(), snapshot.resultsCsv());
            Optional<String> written = store.replaceStatus(snapshot.status(), mine);
            if (written.isEmpty() && cancelAdoption.adoptCancel(progress)) {
                snapshot = progress.snapshot(now);
                store.putResults(progress.id(), snapshot.resultsCsv());
                written = store.replaceStatus(snapshot.status(), progress.statusEtag());
            }
            if (written.isEmpty()) {
                return cancelAdoption.lose(progress);
            }
            progress.statusEtag(written.get());
            progress.stored(now, snapshot.count());
            if (ending) {
                progress.endStored();
            }
            return true;
        } finally {
            storing.unlock();
        }
    }

    /**
     * One lane's view of the rows left: the next one, until there are none, the service stops, or another instance
     * took the campaign up.
     */
    private final class Lane implements Iterator<RowTask> {

        private final Queue<RowTask> rows;
        private final CampaignProgress progress;
        private RowTask next;

        Lane(Queue<RowTask> rows, CampaignProgress progress) {
            this.rows = rows;
            this.progress = progress;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !stopping) {
                cancelAdoption.lookForCancel(progress);
                if (!progress.isLost() && !progress.isCancelled()) {
                    next = rows.poll();
                }
            }
            return next != null;
        }

        @Override
        public RowTask next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RowTask row = next;
            next = null;
            return row;
        }
    }
}
