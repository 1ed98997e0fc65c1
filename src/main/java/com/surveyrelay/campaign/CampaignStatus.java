package com.surveyrelay.campaign;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A campaign's state and progress: what {@code GET /campaigns/{id}} answers, and what is kept in
 * {@code campaigns/<id>/status.json} so it outlives the instance that ran it.
 *
 * @param id the campaign id (the file name reduced, and a hash of the content)
 * @param fileName the file's name as it arrived
 * @param state {@code queued}, {@code running}, {@code finished}, {@code refused} or {@code cancelled} (by
 *     {@code POST /campaigns/{id}/cancel}; {@code pending} above 0 while the instance running it records its rows)
 * @param reason why a refused file was refused; for a running campaign, why its rows wait (an outage pause,
 *     {@link CampaignOutagePause#note}, stored by each progress write, at least each heartbeat); or (never stored, only
 *     answered) why an unfinished campaign waits; null otherwise
 * @param total rows in the file; done (a survey started), scheduled (deferred to the respondent's contact hours),
 *     failed and skipped add up to it once finished
 * @param ratePerSecond rows started a second, as set ({@code 1}, {@code 0.5}); 0 for a refused file
 * @param etaSeconds how long the rows left take at the configured rate
 * @param results where each row's outcome is kept, as an {@code s3://} URI
 */
public record CampaignStatus(String id, String fileName, String state, String reason, int total, int done,
        int failed, int skipped, int scheduled, int pending, BigDecimal ratePerSecond, long etaSeconds,
        Instant receivedAt, Instant startedAt, Instant finishedAt, Instant updatedAt, String results) {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String FINISHED = "finished";
    static final String REFUSED = "refused";
    static final String CANCELLED = "cancelled";

    /** @param toStart the rows that will start a survey (not malformed, invalid or repeated) */
    static CampaignStatus queued(String id, String fileName, int total, int toStart, CampaignProperties settings,
            Instant now, String results) {
        return new CampaignStatus(id, fileName, QUEUED, null, total, 0, 0, 0, 0, total, settings.ratePerSecond(),
                settings.secondsFor(toStart), now, null, null, now, results);
    }

    static CampaignStatus refused(String id, String fileName, String reason, Instant now) {
        return new CampaignStatus(id, fileName, REFUSED, reason, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, now, null, now,
                now, null);
    }

    /** Still to run: queued, or stopped while running. */
    boolean isUnfinished() {
        return QUEUED.equals(state) || RUNNING.equals(state);
    }

    /** Refused as a whole: it never ran, so a new copy of its file is judged again. */
    boolean isRefused() {
        return REFUSED.equals(state);
    }

    /** Cancelled by {@code POST /campaigns/{id}/cancel}: it starts no more rows. */
    boolean isCancelled() {
        return CANCELLED.equals(state);
    }

    /**
     * True while a run may still write the campaign's files: unfinished, or cancelled with rows its instance has not
     * recorded yet (it rewrites the results file then).
     */
    boolean mayBeWritten() {
        return isUnfinished() || CANCELLED.equals(state) && pending > 0;
    }

    /** Its run over, every row with its result (rows deferred by quiet hours may still fall due). */
    boolean isFinished() {
        return FINISHED.equals(state);
    }

    /** Finished or refused: no row left to start (a finished campaign's deferred rows aside). */
    boolean isOver() {
        return FINISHED.equals(state) || REFUSED.equals(state);
    }

    /**
     * This status as the cancel writes it: {@code cancelled}, updated {@code now}, its counts as stored (the rows
     * still pending are recorded {@code skipped, cancelled} by whoever settles the campaign), no ETA.
     */
    CampaignStatus cancelled(Instant now) {
        return new CampaignStatus(id, fileName, CANCELLED, null, total, done, failed, skipped, scheduled, pending,
                ratePerSecond, 0, receivedAt, startedAt, finishedAt, now, results);
    }

    /**
     * True while an instance records the rows of this cancelled campaign: {@code cancelled} with rows pending, its
     * status written within {@code within} of {@code now}. Past that, that instance is gone and a repeated cancel
     * records them itself.
     */
    boolean settlingElsewhere(Instant now, java.time.Duration within) {
        return CANCELLED.equals(state) && pending > 0 && updatedAt != null && updatedAt.isAfter(now.minus(within));
    }

    /** This status with {@code why} it waits as its reason: answered, never stored. */
    CampaignStatus waitingFor(String why) {
        return new CampaignStatus(id, fileName, state, why, total, done, failed, skipped, scheduled, pending,
                ratePerSecond, etaSeconds, receivedAt, startedAt, finishedAt, updatedAt, results);
    }

    /** This status as an instance taking the campaign up writes it: {@code running}, updated {@code now}. */
    CampaignStatus takenUp(Instant now) {
        return new CampaignStatus(id, fileName, RUNNING, reason, total, done, failed, skipped, scheduled, pending,
                ratePerSecond, etaSeconds, receivedAt, startedAt, finishedAt, now, results);
    }

    /**
     * True while an instance runs the campaign: {@code running}, its progress stored within {@code within} of
     * {@code now} (a running instance stores it at least once a minute, {@link CampaignRunner#HEARTBEAT}).
     */
    boolean runningElsewhere(Instant now, java.time.Duration within) {
        return RUNNING.equals(state) && updatedAt != null && updatedAt.isAfter(now.minus(within));
    }

    /**
     * A running campaign's stored status, with its ETA at this instance's rate (the copy may come from an
     * instance that stopped, or runs with another rate).
     */
    CampaignStatus at(CampaignProperties settings) {
        if (!RUNNING.equals(state)) {
            return this;
        }
        return new CampaignStatus(id, fileName, state, reason, total, done, failed, skipped, scheduled, pending,
                settings.ratePerSecond(), settings.secondsFor(pending), receivedAt, startedAt, finishedAt, updatedAt,
                results);
    }
}
