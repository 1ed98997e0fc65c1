package com.surveyrelay.schedule;

import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Answers {@code DELETE /scheduled-starts/{scheduleId}}: cancels a start deferred by quiet hours before it fires (a
 * respondent who called support meanwhile, a start sent by mistake at night), on whichever instance is asked.
 *
 * <p>Once across instances, against a firing at the same moment: the cancel takes the start's firing claim
 * ({@code scheduled-start:<id>} in the trigger ledger, a create-only write) as a firing does, and only the one that
 * takes it acts. A cancel that wins writes the claim {@code cancelled}, so an instance that meets the start later (a
 * poll that listed it before it was deleted, or a copy a late firing moved to the next opening) removes it unsent; a
 * cancel that loses answers {@code 409} with the state it found, and the firing goes on. The request's idempotency
 * key, if it had one, records the cancel as a refusal ({@code 409 schedule_cancelled}), so a repeat of the request is
 * answered with it and starts nothing; a new request needs a new key.
 *
 * <p>A campaign row's deferred start is its campaign's ({@code 409 campaign_row}): the campaign is cancelled whole
 * ({@code POST /campaigns/{id}/cancel}), which refuses its deferred rows when due, and keeps its counts true.
 */
@Component("scheduledStartCancels")
public class ScheduledStartCancels {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledStartCancels.class);
    /** The code a cancelled start's outcome, its idempotency key and its {@link ScheduledStartEnded} carry. */
    public static final String CANCELLED = "schedule_cancelled";

    private final ScheduledStartStore store;
    private final ScheduledStartStates states;
    private final TriggerLedger ledger;
    private final SurveyStarts starts;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public ScheduledStartCancels(ScheduledStartStore store, ScheduledStartStates states, TriggerLedger ledger,
            SurveyStarts starts, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.states = states;
        this.ledger = ledger;
        this.starts = starts;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Cancels the deferred start, or answers it cancelled again when it was cancelled before.
     *
     * @param scheduleId the {@code scheduleId} of the {@code 202} that deferred it
     * @return its state, {@code cancelled}
     * @throws HttpProblem {@code 400 invalid_schedule_id}, {@code 404 unknown_schedule} (as
     *     {@link ScheduledStartStates#state}); {@code 409 campaign_row} for a campaign row's start; {@code 409
     *     schedule_not_cancellable} when it is starting now, started or was refused (the message names the state)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503): the start is cancelled
     *     or not, as a repeat of the request, or {@code GET}, shows
     */
    public ScheduledStartState cancel(String scheduleId) {
        String id = ScheduledStartStates.checked(scheduleId);
        Optional<ScheduledStartStore.Pending> pending = store.findById(id);
        if (pending.isEmpty()) {
            return cancelledBefore(states.state(id));
        }
        ScheduledStart start = pending.get().start();
        if (start.campaignRow()) {
            throw new HttpProblem(409, "campaign_row", "This deferred start is a row of campaign " + start.campaignId()
                    + ": cancel the campaign (POST /campaigns/" + start.campaignId() + "/cancel), which refuses its "
                    + "deferred rows when due; its rows are not cancelled one by one.");
        }
        String claim = ScheduledStartFiring.firingKey(id);
        if (ledger.claim(claim, clock.instant()).isEmpty()) {
            // A firing took it first (or a cancel did): answered as it stands.
            return cancelledBefore(states.state(id));
        }
        try {
            ledger.cancelled(claim);
        } catch (RuntimeException e) {
            releaseQuietly(claim);
            throw e;
        }
        // From here the start never fires: what follows tells its requester, and tidies up.
        LOG.info("Scheduled start {} cancelled before it fell due", id);
        try {
            starts.refuseScheduled(start, new HttpProblem(409, CANCELLED, "The start was deferred to the respondent's "
                    + "contact hours and then cancelled (DELETE /scheduled-starts/" + id + ")."));
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} cancelled, but recording it under its request's key failed ({}): a repeat of "
                    + "the request is answered as still scheduled, and starts nothing", id, e.toString());
        }
        ScheduledStartOutcome outcome = ScheduledStartOutcome.of(start, ScheduledStartState.CANCELLED,
                clock.instant(), null, CANCELLED, null);
        try {
            store.saveOutcome(outcome);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} cancelled, but keeping its outcome failed ({}): its lookup reads the claim",
                    id, e.toString());
        }
        try {
            store.delete(pending.get().key());
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} cancelled, but deleting it failed ({}): a later poll removes it unsent", id,
                    e.toString());
        }
        try {
            events.publishEvent(new ScheduledStartEnded(start.idempotencyKey(), start.channel(), false, CANCELLED));
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} cancelled, but noting it for its requester failed: {}", id, e.toString());
        }
        return ScheduledStartState.ended(outcome);
    }

    /**
     * The answer to a cancel of a start no longer waiting: itself again when it was cancelled before (a repeat).
     *
     * @throws HttpProblem {@code 409 schedule_not_cancellable} naming any other state
     */
    private static ScheduledStartState cancelledBefore(ScheduledStartState found) {
        if (ScheduledStartState.CANCELLED.equals(found.state())) {
            return found;
        }
        // Scheduled again by now: a firing held its claim a moment ago and released it (it failed on our side).
        String state = ScheduledStartState.SCHEDULED.equals(found.state()) ? ScheduledStartState.STARTING
                : found.state();
        String detail = found.code() == null ? "" : " (" + found.code() + ")";
        throw new HttpProblem(409, "schedule_not_cancellable", "The deferred start is " + state + detail
                + ": only a start still scheduled, and not being fired, can be cancelled. GET /scheduled-starts/"
                + found.scheduleId() + " tells its state" + (ScheduledStartState.STARTING.equals(state)
                        ? "; a start that failed on our side is scheduled again, and can then be cancelled." : "."));
    }

    /** Frees a claim whose cancel could not be recorded, so the start fires as due; a failure here only logs. */
    private void releaseQuietly(String claim) {
        try {
            ledger.release(claim);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {}: its cancel failed and freeing its claim failed too ({}); it is removed "
                    + "unsent an hour on, as an abandoned claim", claim, e.toString());
        }
    }
}
