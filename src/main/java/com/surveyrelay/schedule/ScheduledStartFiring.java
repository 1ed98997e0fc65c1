package com.surveyrelay.schedule;

import com.surveyrelay.config.SettingBounds;
import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.StartOutcomeUnknown;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyInProgress;
import com.surveyrelay.conversation.SurveyOpener;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fires the starts that quiet hours deferred, once they are due; the {@code scheduled-starts} route calls
 * {@link #fireDue()} every {@code SCHEDULED_STARTS_POLL}, on every instance. A start that falls due late, when its
 * respondent's contact hours have closed again, is moved to their next opening rather than fired.
 *
 * <p>Once across instances: each firing first claims {@code scheduled-start:<id>} in the trigger ledger with a
 * create-only write, and only the claimant starts the survey, then records it {@code started} in the ledger and
 * deletes the scheduled start. A start that fails on our side (S3 or Twilio unreachable) releases its claim and stays
 * scheduled for the next poll; one refused for good (the number opted out meanwhile) is recorded {@code failed} and
 * dropped with a log line; one whose text or call left without Twilio's answer ({@code twilio_outcome_unknown}) may
 * have gone out, so it is recorded {@code started} with that doubt, as {@link TriggerLedger#startedUnknown} says,
 * and dropped too. An instance that finds the claim taken leaves the scheduled start alone while the claim
 * is under way (the claimant may yet release it), and deletes it once the ledger says it ended, or once the claim
 * has stayed open for {@value #ABANDONED_HOURS} h: an instance that died between claim and start loses that start
 * rather than risk sending it twice. A campaign row whose campaign was cancelled is refused {@code campaign_cancelled}
 * when due, never fired ({@link CancelledCampaignRows}). A start that ended for good is announced as a
 * {@link ScheduledStartEnded}, once its outcome is recorded, and its outcome kept for
 * {@code GET /scheduled-starts/{id}} ({@link ScheduledStartOutcome}, for {@code SCHEDULED_START_OUTCOMES_KEPT},
 * {@link ConsentProperties#scheduledStartOutcomesKept}). A start cancelled
 * ({@link ScheduledStartCancels}) holds its claim, ended {@code cancelled}: it is removed unsent, as any ended claim's.
 * A call's SMS fallback deferred by quiet hours ({@link ScheduledStart#fallbackFrom}) fires as that call's fallback,
 * and is refused for good, not moved, when its number is in another survey by then.
 */
@Component("scheduledStarts")
public class ScheduledStartFiring {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledStartFiring.class);
    private static final int PER_POLL = 100;
    /**
     * Why a campaign row's deferred start was refused when due, or a row's start sent nothing at its contact slot
     * ({@code SurveyOpener}): its campaign was cancelled.
     */
    public static final String CAMPAIGN_CANCELLED = "campaign_cancelled";
    /** How long campaign rows go at their pace before the requests' starts due meanwhile go first. */
    static final Duration REQUESTS_AMID_ROWS = Duration.ofSeconds(20);
    /** Hours a claim may stay open before its start is taken for lost: its claimant died mid-start. */
    public static final int ABANDONED_HOURS = 1;
    /** How long a start whose number is in another survey waits before it tries again. */
    static final Duration BUSY_RETRY = Duration.ofMinutes(15);
    /**
     * How long after its request a start whose number stays busy is still tried: past it, it is refused
     * {@code survey_in_progress} for good (a deferral itself spans at most a long weekend).
     */
    static final Duration BUSY_FOR_AT_MOST = Duration.ofDays(4);
    /** How often an instance deletes the outcomes kept over {@code SCHEDULED_START_OUTCOMES_KEPT}: one listing each. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final ScheduledStartStore store;
    private final TriggerLedger ledger;
    private final SurveyStarts starts;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final CampaignRowPace campaignRowPace;
    private final ContactPace campaignContactPace;
    private final CancelledCampaignRows cancelledCampaigns;
    private final Duration outcomesKept;
    private volatile boolean stopping;
    /** When this instance last pruned the kept outcomes; null before its first poll. */
    private volatile Instant prunedAt;

    /**
     * @param campaignRowPace the pace a campaign's deferred rows keep when they fall due, shared with the campaigns
     *     running on this instance
     * @param campaignContactPace what such a row's first contact waits for right before Twilio, once its session is
     *     stored, shared likewise
     */
    public ScheduledStartFiring(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, Clock clock,
            ApplicationEventPublisher events, CampaignRowPace campaignRowPace, ContactPace campaignContactPace) {
        this(store, ledger, starts, clock, events, campaignRowPace, campaignContactPace, CancelledCampaignRows.NONE);
    }

    /**
     * As the constructor Spring calls, keeping outcomes {@link ConsentProperties#SCHEDULED_START_OUTCOMES_KEPT}.
     *
     * @param cancelledCampaigns which campaign rows belong to a cancelled campaign: those are refused
     *     {@code campaign_cancelled} when due, not fired
     */
    public ScheduledStartFiring(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, Clock clock,
            ApplicationEventPublisher events, CampaignRowPace campaignRowPace, ContactPace campaignContactPace,
            CancelledCampaignRows cancelledCampaigns) {
        this(store, ledger, starts, clock, events, campaignRowPace, campaignContactPace, cancelledCampaigns,
                ConsentProperties.SCHEDULED_START_OUTCOMES_KEPT);
    }

    /**
     * @param settings where {@code SCHEDULED_START_OUTCOMES_KEPT}
     *     ({@link ConsentProperties#scheduledStartOutcomesKept}) comes from: how long an ended start's outcome is kept
     *     after it was written
     */
    @Autowired
    public ScheduledStartFiring(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, Clock clock,
            ApplicationEventPublisher events, CampaignRowPace campaignRowPace, ContactPace campaignContactPace,
            CancelledCampaignRows cancelledCampaigns, ConsentProperties settings) {
        this(store, ledger, starts, clock, events, campaignRowPace, campaignContactPace, cancelledCampaigns,
                settings.scheduledStartOutcomesKept());
    }

    /**
     * @param outcomesKept how long an ended start's outcome is kept after it was written, positive; the outcomes older
     *     than that are deleted at the first poll and then hourly
     */
    private ScheduledStartFiring(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, Clock clock,
            ApplicationEventPublisher events, CampaignRowPace campaignRowPace, ContactPace campaignContactPace,
            CancelledCampaignRows cancelledCampaigns, Duration outcomesKept) {
        this.outcomesKept = outcomesKept;
        this.cancelledCampaigns = cancelledCampaigns;
        this.store = store;
        this.ledger = ledger;
        this.starts = starts;
        this.clock = clock;
        this.events = events;
        this.campaignRowPace = campaignRowPace;
        this.campaignContactPace = campaignContactPace;
    }

    /**
     * The trigger ledger key a firing of the deferred start {@code scheduleId} claims before it starts the survey, and
     * a cancel ({@code DELETE /scheduled-starts/{scheduleId}}) before it removes it, so that only one of the two acts:
     * there from the first firing on, released again only when the start stays stored for a later poll (a failure on
     * our side, its number busy).
     */
    public static String firingKey(String scheduleId) {
        return "scheduled-start:" + scheduleId;
    }

    /**
     * Fires the due starts; returns how many this instance fired. Requests' starts go first, up to {@value #PER_POLL}
     * a poll. Then campaign rows, at the campaign pace ({@code CAMPAIGN_RATE_PER_SECOND}), walking every due row once,
     * page after page, so that a night's rows go out at the rate rather than {@value #PER_POLL} a poll, and rows that
     * stay due without firing (claimed by an instance that died mid-start, unreadable) hold up none behind them. Every
     * {@link #REQUESTS_AMID_ROWS} of rows, the requests' starts due meanwhile go first again, so that a night's rows
     * never hold up a deferred request of another kind (at a slow campaign rate, at the next row). A closing context
     * ends the walk; the next poll walks again from the start.
     */
    public int fireDue() {
        pruneOutcomes();
        int fired = fireDueRequests();
        long requestsFiredAt = System.nanoTime();
        String after = null;
        while (!stopping) {
            List<String> keys = store.dueCampaignRows(clock.instant(), PER_POLL, after);
            if (keys.isEmpty()) {
                break;
            }
            for (String key : keys) {
                if (stopping) {
                    return fired; // the rest at the next instance's poll
                }
                if (System.nanoTime() - requestsFiredAt > REQUESTS_AMID_ROWS.toNanos()) {
                    fired += fireDueRequests();
                    requestsFiredAt = System.nanoTime();
                }
                Optional<ScheduledStart> row = store.find(key);
                if (row.isEmpty()) {
                    continue;
                }
                if (cancelledCampaigns.isCancelled(row.get().idempotencyKey())) {
                    // Takes no slot of the pace: nothing is sent.
                    refuseUnclaimed(key, row.get(), new HttpProblem(409, CAMPAIGN_CANCELLED,
                            "The row's campaign was cancelled before its deferred start fell due."));
                    continue;
                }
                if (firesNow(row.get()) && !waitForCampaignPace()) {
                    return fired; // the instance stops
                }
                fired += fire(key, row.get());
            }
            after = keys.get(keys.size() - 1);
        }
        return fired;
    }

    /**
     * Deletes the outcomes kept longer than {@code SCHEDULED_START_OUTCOMES_KEPT}, at the first poll and then every
     * {@link #PRUNE_EVERY}; a storage failure only logs, and the next poll tries again.
     */
    private void pruneOutcomes() {
        Instant now = clock.instant();
        if (prunedAt != null && prunedAt.plus(PRUNE_EVERY).isAfter(now)) {
            return;
        }
        try {
            int pruned = store.pruneOutcomes(now.minus(outcomesKept));
            prunedAt = now;
            if (pruned > 0) {
                LOG.info("Deleted {} deferred starts' outcomes kept over {} (SCHEDULED_START_OUTCOMES_KEPT)", pruned,
                        SettingBounds.written(outcomesKept));
            }
        } catch (RuntimeException e) {
            LOG.warn("Deleting the deferred starts' outcomes kept over {} failed ({}); the next poll tries again",
                    SettingBounds.written(outcomesKept), e.toString());
        }
    }

    /**
     * Published before Spring stops anything, Camel included: from here a poll fires no more campaign rows, so that
     * Camel's graceful shutdown waits only for the start under way, not for a night's rows.
     */
    @EventListener(ContextClosedEvent.class)
    public void stopFiringRows() {
        stopping = true;
    }

    /**
     * Fires the requests' starts that are due, up to {@value #PER_POLL} readable ones (an unreadable object takes no
     * place); a campaign row deferred before the rows were kept apart ({@link ScheduledStartStore#CAMPAIGN_ROWS}) comes
     * in the same listing, and is moved there, to go at the campaign pace.
     */
    private int fireDueRequests() {
        int fired = 0;
        int tried = 0;
        String after = null;
        while (tried < PER_POLL) {
            List<String> keys = store.dueKeys(clock.instant(), PER_POLL, after);
            if (keys.isEmpty()) {
                break;
            }
            for (String key : keys) {
                Optional<ScheduledStart> due = store.find(key);
                if (due.isEmpty()) {
                    continue;
                }
                if (due.get().campaignRow()) {
                    keepApart(key, due.get());
                } else if (tried++ < PER_POLL) {
                    fired += fire(key, due.get());
                }
            }
            after = keys.get(keys.size() - 1);
        }
        return fired;
    }

    /**
     * Moves a campaign row kept with the requests' starts (deferred before 2026-12-04) to the campaign rows' folder,
     * same id and time: the rows' walk then fires it at the campaign pace. Two instances moving it write the same key;
     * should storage fail, it stays where it was until the next poll.
     */
    private void keepApart(String key, ScheduledStart row) {
        try {
            store.save(row);
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} is a campaign row kept with the requests' starts; moving it to the campaign "
                    + "rows failed ({}), so it waits for the next poll", row.id(), e.toString());
        }
    }

    /** Fires one due start, unless it must wait or was refused; 1 when this instance started it, else 0. */
    private int fire(String key, ScheduledStart due) {
        Optional<Instant> later;
        try {
            later = starts.stillQuiet(due);
        } catch (HttpProblem never) {
            refuseUnclaimed(key, due, never);
            return 0;
        }
        if (later.isPresent()) {
            moveTo(key, due, later.get(), "it fell due outside its respondent's contact hours (late)");
            return 0;
        }
        String claim = firingKey(due.id());
        if (ledger.claim(claim, clock.instant()).isEmpty()) {
            removeIfEnded(key, due, claim);
            return 0;
        }
        StartedSurvey started;
        try {
            // A campaign row is called off at its contact slot when its campaign was cancelled while it waited.
            started = starts.startScheduled(due, due.campaignRow()
                    ? campaignContactPace.calledOffWhen(() -> cancelledMeanwhile(due)) : ContactPace.NONE);
        } catch (StartOutcomeUnknown unknown) {
            // The text or call left without Twilio's answer: it may have reached the respondent, whose session
            // stays open for the reply. Recorded started, with the doubt, and never sent again.
            LOG.warn("Scheduled start {}: Twilio did not answer, so it may have gone out; kept as started, not "
                    + "sent again", due.id());
            end(key, claim, () -> ledger.startedUnknown(claim, unknown.sessionId()),
                    new ScheduledStartEnded(due.idempotencyKey(), due.channel(), true, null, unknown.sessionId()),
                    ScheduledStartOutcome.of(due, ScheduledStartState.STARTED, clock.instant(), unknown.sessionId(),
                            TwilioGateway.OUTCOME_UNKNOWN, null));
            return 1;
        } catch (HttpProblem problem) {
            // Every Twilio outcome left unknown comes as StartOutcomeUnknown above; should one come plain, it is
            // not released either: the start may have gone out, and is not fired again.
            if (problem.status() >= 500 && !TwilioGateway.OUTCOME_UNKNOWN.equals(problem.code())) {
                ledger.release(claim);
                LOG.warn("Scheduled start {} could not start now ({}); trying again at the next poll",
                        due.id(), problem.code());
            } else if (SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code())
                    && !(problem instanceof SurveyInProgress busy && busy.sameSurvey())
                    && due.fallbackFrom() == null
                    && due.requestedAt().plus(BUSY_FOR_AT_MOST).isAfter(clock.instant())) {
                // The number is in another survey (a call, or a texted one): nothing went out, and the start
                // waits for it to end rather than be dropped, as a busy number's request waits on its queue. A
                // call's fallback does not wait: it is skipped, as it would have been at once.
                ledger.release(claim);
                moveTo(key, due, clock.instant().plus(BUSY_RETRY), "its number is in another survey");
            } else {
                // Refused for good; busy in this very survey, the start repeats a request already being served (the
                // same request sent twice at night, or by the API and a campaign), as a start by day would be refused.
                LOG.info("Scheduled start {} refused when due: {}{}", due.described(), problem.code(),
                        problem instanceof SurveyInProgress busy && busy.sameSurvey()
                                ? " (its number is in this very survey)" : "");
                if (SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code())) {
                    recordRefusal(due, problem); // the key waited, scheduled, while the start waited
                }
                end(key, claim, () -> ledger.failed(claim, problem.code()),
                        new ScheduledStartEnded(due.idempotencyKey(), due.channel(), false, problem.code()),
                        refused(due, problem));
            }
            return 0;
        } catch (RuntimeException e) {
            ledger.release(claim);
            LOG.warn("Scheduled start {} failed on our side; trying again at the next poll: {}", due.id(),
                    e.toString());
            return 0;
        }
        end(key, claim, () -> ledger.started(claim, started.sessionId()),
                new ScheduledStartEnded(due.idempotencyKey(), due.channel(), true, null, started.sessionId()),
                ScheduledStartOutcome.of(due, ScheduledStartState.STARTED, clock.instant(), started.sessionId(), null,
                        null));
        return 1;
    }

    /**
     * Whether a campaign row's campaign was cancelled while the row waited for its slots, asked right before its text
     * or call: at most one S3 read a campaign every few seconds ({@link CancelledCampaignRows}). A read that fails
     * answers false, and the row goes out on the look made before it was claimed, as it did before this look.
     */
    private boolean cancelledMeanwhile(ScheduledStart due) {
        try {
            return cancelledCampaigns.isCancelled(due.idempotencyKey());
        } catch (RuntimeException e) {
            LOG.debug("Scheduled start {}: could not look again whether its campaign was cancelled: {}", due.id(),
                    e.toString());
            return false;
        }
    }

    /**
     * True when the start would fire now rather than wait for contact hours or be refused: only such a row takes a
     * slot of the campaign pace ({@link #fire} looks at the hours again once the slot has come).
     */
    private boolean firesNow(ScheduledStart due) {
        try {
            return starts.stillQuiet(due).isEmpty();
        } catch (HttpProblem never) {
            return false;
        }
    }

    /**
     * Waits for the campaign pace's next slot, so a night's deferred rows go out at {@code CAMPAIGN_RATE_PER_SECOND},
     * not at once. Nothing is claimed while it waits.
     *
     * @return false when the poll's thread was interrupted (the instance stops): fire nothing more
     */
    private boolean waitForCampaignPace() {
        long wait = campaignRowPace.millisUntilNextSlot();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A due start refused before it is claimed (its survey's contact hours never open now): claimed, recorded failed
     * and announced as a refusal fired would be, so a repeat of its request reads the refusal. Another instance
     * holding the claim ends it itself.
     */
    private void refuseUnclaimed(String key, ScheduledStart due, HttpProblem refusal) {
        String claim = firingKey(due.id());
        if (ledger.claim(claim, clock.instant()).isEmpty()) {
            return;
        }
        LOG.info("Scheduled start {} refused when due: {}", due.described(), refusal.code());
        recordRefusal(due, refusal);
        end(key, claim, () -> ledger.failed(claim, refusal.code()),
                new ScheduledStartEnded(due.idempotencyKey(), due.channel(), false, refusal.code()),
                refused(due, refusal));
    }

    /** The outcome of a start refused when due, with the refusal's code and message (the service's own text). */
    private ScheduledStartOutcome refused(ScheduledStart due, HttpProblem refusal) {
        return ScheduledStartOutcome.of(due, ScheduledStartState.REFUSED, clock.instant(), null, refusal.code(),
                refusal.getMessage());
    }

    /** Records a refusal under the start's request's idempotency key, if it has one; a storage failure only logs. */
    private void recordRefusal(ScheduledStart due, HttpProblem refusal) {
        try {
            starts.refuseScheduled(due, refusal);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {}: could not record its refusal under its request's key: {}", due.id(),
                    e.toString());
        }
    }

    /**
     * A start that cannot fire now waits: one that fell due after its respondent's contact hours closed again (it
     * fired late) until they open, one whose number is in another survey for {@link #BUSY_RETRY}. Stored for then,
     * under the same id, and its old key removed; two instances moving it at once write the same key. Should storage
     * fail, the start stays where it was, and the next poll looks again.
     */
    private void moveTo(String key, ScheduledStart due, Instant later, String why) {
        try {
            store.save(due.firingAt(later));
            store.delete(key);
            LOG.info("Scheduled start {} moved to {}: {}", due.id(), later, why);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {} waits ({}), but moving it failed ({}); looking again at the next poll",
                    due.id(), why, e.toString());
        }
    }

    /**
     * Records how the claimed start ended, announces it, keeps its {@code outcome} for its lookup, then deletes it.
     * Never releases the claim: the start went, or was refused for good. Should storage fail, the claim stays open and
     * the start is removed by a later poll (below); a listener that fails, or an outcome not kept, only logs (the
     * lookup then reads the claim).
     */
    private void end(String key, String claim, Runnable record, ScheduledStartEnded ended,
            ScheduledStartOutcome outcome) {
        boolean recorded = true;
        try {
            record.run();
        } catch (RuntimeException e) {
            recorded = false;
            LOG.warn("Scheduled start {}: ended, but storage failed ({}); it is not fired again, and a later poll "
                    + "removes it", claim, e.toString());
        }
        try {
            // Announced from what happened, whether or not the ledger took it: a later poll removes the start
            // without knowing its outcome.
            events.publishEvent(ended);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {}: ended, but noting it for its requester failed: {}", claim, e.toString());
        }
        try {
            store.saveOutcome(outcome);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {}: ended, but keeping its outcome for its lookup failed: {}", claim,
                    e.toString());
        }
        if (!recorded) {
            return;
        }
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled start {}: ended, but storage failed ({}); it is not fired again, and a later poll "
                    + "removes it", claim, e.toString());
        }
    }

    /**
     * Another instance holds the start's claim (or this one did, before a restart): the start is removed once the
     * ledger says it ended, or once the claim has stayed open {@value #ABANDONED_HOURS} h; while the claim is under
     * way, or gone (released: its claimant failed on our side), it is left alone for a later poll.
     */
    private void removeIfEnded(String key, ScheduledStart start, String claim) {
        Optional<TriggerLedger.Entry> entry = ledger.find(claim);
        if (entry.isEmpty()) {
            return;
        }
        boolean ended = !"claimed".equals(entry.get().state());
        // A claim without its time (taken before claims noted it) counts from when the start fell due.
        Instant claimed = entry.get().claimedAt() != null ? entry.get().claimedAt() : start.scheduledFor();
        boolean abandoned = claimed.plus(Duration.ofHours(ABANDONED_HOURS)).isBefore(clock.instant());
        if (!ended && !abandoned) {
            return;
        }
        if (!ended) {
            LOG.warn("Scheduled start {} was claimed over {} h ago and never ended (its instance stopped mid-start): "
                    + "removed unsent rather than risk sending it twice", start.id(), ABANDONED_HOURS);
        }
        store.delete(key);
    }
}
