package com.surveyrelay.campaign;

import com.surveyrelay.twilio.TwilioGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A running campaign's results so far, shared by its lanes. Every row gets one result: a second one for the
 * same row (which no run produces) is ignored rather than counted twice.
 */
final class CampaignProgress {

    private final CampaignStatus campaign;
    private final CampaignProperties settings;
    private final Map<Integer, RowResult> results = new TreeMap<>();
    /** Rows without a result that repeat an earlier row: recorded when it is, not paced, so no part of the ETA. */
    private final java.util.Set<Integer> duplicatesPending = new java.util.HashSet<>();
    private int done;
    private int failed;
    private int skipped;
    private int scheduled;
    private final int resumedWith;
    private Instant finishedAt;
    /** Set when a shutdown stops the run with rows left: stored {@code queued}, for any instance to take up. */
    /** Why its rows wait while it runs here (an outage pause, {@link CampaignOutagePause#note}), or null. */
    private volatile String waitingFor;
    private boolean paused;
    /** The ETag of the status this instance last wrote: a status with another was written by another instance. */
    private String statusEtag;
    /** Set once another instance took the campaign up: this one starts no more rows and writes nothing more. */
    private volatile boolean lost;
    /** Set once the campaign is cancelled ({@code POST /campaigns/{id}/cancel}): no more rows start. */
    private volatile boolean cancelled;
    /** Set once the run's lanes are done and its ending is complete ({@code CampaignRunner.finish}). */
    private volatile boolean ending;
    /** Set once the ending was written: nothing is written after it. */
    private volatile boolean endStored;
    /** Rows recorded {@code skipped, cancelled}: by {@link #skipUnstarted}, or called off at their contact slot. */
    private int skippedAsCancelled;
    /** Rows that failed on our side ({@link #ON_OUR_SIDE}): nothing went out, and they may go again as a new file. */
    private int failedOnOurSide;
    private Instant storedAt;
    /** When a lane last looked whether the campaign was cancelled elsewhere. */
    private Instant cancelCheckedAt = Instant.MIN;
    private int storedCount;

    CampaignProgress(CampaignStatus campaign, Map<Integer, RowResult> earlier, CampaignProperties settings, Instant now) {
        this.campaign = campaign;
        this.settings = settings;
        earlier.values().forEach(this::record);
        this.resumedWith = results.size();
        this.storedAt = now;
        this.storedCount = results.size();
    }

    String id() {
        return campaign.id();
    }

    /** @return how many rows have a result now, or -1 when this row already had one */
    synchronized int record(RowResult result) {
        if (results.putIfAbsent(result.row(), result) != null) {
            return -1;
        }
        duplicatesPending.remove(result.row());
        switch (result.outcome()) {
            case STARTED -> done++;
            case FAILED -> {
                failed++;
                failedOnOurSide += ON_OUR_SIDE.contains(result.reason()) ? 1 : 0;
            }
            case SKIPPED -> {
                skipped++;
                skippedAsCancelled += CANCELLED.equals(result.reason()) ? 1 : 0;
            }
            case SCHEDULED -> scheduled++;
        }
        return results.size();
    }

    synchronized boolean has(int row) {
        return results.containsKey(row);
    }

    /** The row's result, when it has one. */
    synchronized java.util.Optional<RowResult> result(int row) {
        return java.util.Optional.ofNullable(results.get(row));
    }

    synchronized int pending() {
        return campaign.total() - results.size();
    }

    /** Rows that already had a result when this run began (a resumed campaign). */
    synchronized int resumedWith() {
        return resumedWith;
    }

    /** Every row has a result, at {@code now}; called again (a retried end of run), it keeps the first time. */
    synchronized void finished(Instant now) {
        if (finishedAt == null) {
            finishedAt = now;
        }
    }

    synchronized String statusEtag() {
        return statusEtag;
    }

    synchronized void statusEtag(String etag) {
        statusEtag = etag;
    }

    /** Another instance took the campaign up (a paused process, a storage stall past the heartbeat): stop here. */
    void lost() {
        lost = true;
    }

    boolean isLost() {
        return lost;
    }

    /**
     * The campaign was cancelled, its status now the one written with {@code etag}: no more rows start, and the next
     * writes are conditional on that status. Called again, it changes nothing (the first ETag is already this run's).
     *
     * @return true when this call cancelled it, false when it was cancelled already
     */
    synchronized boolean cancelled(String etag) {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        statusEtag = etag;
        return true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The run's lanes are done and its ending (finished, paused or cancelled) is recorded: it is due to be written. */
    void ending() {
        ending = true;
    }

    boolean isEnding() {
        return ending;
    }

    /** The run's ending was written: the campaign is no longer this run's to write. */
    void endStored() {
        endStored = true;
    }

    boolean isEndStored() {
        return endStored;
    }

    /**
     * The reasons of a row that failed on our side, Twilio or storage failing, rather than for its respondent or its
     * cells: nothing went out, and the row can go again as a new file once the outage is over.
     */
    static final Set<String> ON_OUR_SIDE = Set.of("twilio_error", TwilioGateway.TWILIO_UNREACHABLE, "internal_error");

    /** How many rows failed on our side ({@link #ON_OUR_SIDE}). */
    synchronized int failedOnOurSide() {
        return failedOnOurSide;
    }

    /** How many rows were recorded {@code skipped, cancelled}: by {@link #skipUnstarted}, or at their contact slot. */
    synchronized int skippedAsCancelled() {
        return skippedAsCancelled;
    }

    /**
     * Records every row of {@code rows} still without a result: its verdict when the file alone decided it (malformed,
     * invalid), else {@code skipped, cancelled}.
     *
     * @return the results recorded now, in row order (for the rows counter, {@code survey_relay_campaign_rows_total})
     */
    synchronized List<RowResult> skipUnstarted(Iterable<CampaignRow> rows) {
        List<RowResult> recorded = new ArrayList<>();
        for (CampaignRow row : rows) {
            if (results.containsKey(row.row())) {
                continue;
            }
            RowResult result = row.verdict() != null ? row.verdict()
                    : row.result(RowResult.Outcome.SKIPPED, CANCELLED, CANCELLED_DETAIL, null);
            if (record(result) >= 0) {
                recorded.add(result);
            }
        }
        return recorded;
    }

    /** How many of {@code results} are {@code skipped, cancelled}. */
    static long skippedAsCancelled(List<RowResult> results) {
        return results.stream().filter(result -> CANCELLED.equals(result.reason())).count();
    }

    /**
     * A row's reason when its campaign was cancelled before its text or call went out: before it started, or while it
     * waited for its contact slot.
     */
    static final String CANCELLED = "cancelled";
    static final String CANCELLED_DETAIL = "The campaign was cancelled before this row's text or call went out.";

    /** Notes why its rows wait ({@link CampaignOutagePause#note}), or null: the running status's reason. */
    void waitingFor(String why) {
        waitingFor = why;
    }

    /** A shutdown stopped the run with rows left: the status is stored {@code queued}, waiting for an instance. */
    synchronized void paused() {
        paused = true;
    }

    /** True, and noted as done now, when the last look for a cancel is {@code interval} old or older. */
    synchronized boolean cancelCheckDue(Instant now, Duration interval) {
        if (now.isBefore(cancelCheckedAt.plus(interval))) {
            return false;
        }
        cancelCheckedAt = now;
        return true;
    }

    /** Whether the stored copy is old enough, in rows or in time, to write again. */
    synchronized boolean storeDue(Instant now, Duration interval) {
        return results.size() - storedCount >= settings.progressEvery()
                || (results.size() > storedCount && !now.isBefore(storedAt.plus(interval)));
    }

    synchronized void stored(Instant now, int count) {
        storedAt = now;
        storedCount = Math.max(storedCount, count);
    }

    /**
     * Notes the rows (by their numbers) that repeat an earlier row of the file ({@link CampaignRow#duplicateOf}): they
     * are settled with the row they repeat (started in its place only if it fails), so the ETA counts only the rows
     * still to start. Until
     * 2026-12-07 a file of 5,000 rows to 49 numbers, 25 s at 2/s, showed about 2,450 s left (an operator's probe).
     */
    synchronized void duplicates(java.util.Collection<Integer> rows) {
        rows.stream().filter(row -> !results.containsKey(row)).forEach(duplicatesPending::add);
    }

    synchronized CampaignStatus status(Instant now) {
        int pending = campaign.total() - results.size();
        int toStart = Math.max(0, pending - duplicatesPending.size());
        String state = cancelled ? CampaignStatus.CANCELLED : finishedAt != null ? CampaignStatus.FINISHED
                : paused ? CampaignStatus.QUEUED : CampaignStatus.RUNNING;
        String reason = CampaignStatus.RUNNING.equals(state) ? waitingFor : null;
        return new CampaignStatus(campaign.id(), campaign.fileName(), state, reason, campaign.total(), done, failed,
                skipped, scheduled, pending, settings.ratePerSecond(), cancelled ? 0 : settings.secondsFor(toStart),
                campaign.receivedAt(),
                campaign.startedAt(), finishedAt, now, campaign.results());
    }

    /** The results file: a header, then one line a row that has a result, in file order. */
    synchronized Snapshot snapshot(Instant now) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(CampaignCsv.header().getBytes(StandardCharsets.UTF_8));
        results.values().forEach(result -> csv.writeBytes(CampaignCsv.record(result).getBytes(StandardCharsets.UTF_8)));
        return new Snapshot(status(now), csv.toByteArray(), results.size());
    }

    record Snapshot(CampaignStatus status, byte[] resultsCsv, int count) {
    }
}
