package com.surveyrelay.schedule;

import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /scheduled-starts/{scheduleId}}: what became of a start deferred by quiet hours, for an operator
 * asked by a respondent or a customer. Read, in this order, from the outcome kept when it ended
 * ({@code scheduled-start-outcomes/}, {@link ScheduledStartOutcome}), from the start itself while it waits (its firing
 * claim in the trigger ledger tells {@code starting} from {@code scheduled}), and last from that claim alone, for a
 * start that ended before outcomes were kept, or whose outcome was pruned, erased or not written (storage failing).
 * Reads only.
 */
@Component("scheduledStartStates")
public class ScheduledStartStates {

    /** A schedule id as the 202 gives it: a UUID (any case: read in lower case, as it is stored). */
    private static final Pattern SCHEDULE_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Why a start claimed by an instance that never ended it is in doubt ({@link ScheduledStartState#UNKNOWN}). */
    static final String ABANDONED = "start_abandoned";

    private final ScheduledStartStore store;
    private final TriggerLedger ledger;

    public ScheduledStartStates(ScheduledStartStore store, TriggerLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /**
     * The deferred start's state.
     *
     * @param scheduleId the {@code scheduleId} of the {@code 202} that deferred it
     * @throws HttpProblem {@code 400 invalid_schedule_id} when it is no UUID; {@code 404 unknown_schedule} when no
     *     start was deferred under it (or it was erased with its respondent's data before it ended)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503)
     */
    public ScheduledStartState state(String scheduleId) {
        String id = checked(scheduleId);
        Optional<ScheduledStartOutcome> outcome = store.outcome(id);
        if (outcome.isPresent()) {
            return ScheduledStartState.ended(outcome.get());
        }
        Optional<ScheduledStartStore.Pending> pending = store.findById(id);
        Optional<TriggerLedger.Entry> claim = ledger.find(ScheduledStartFiring.firingKey(id));
        if (pending.isPresent()) {
            if (claim.isEmpty()) {
                return ScheduledStartState.pending(pending.get().start(), ScheduledStartState.SCHEDULED);
            }
            if ("claimed".equals(claim.get().state())) {
                return ScheduledStartState.pending(pending.get().start(), ScheduledStartState.STARTING);
            }
        }
        return claim.map(entry -> fromClaim(id, entry, pending.map(ScheduledStartStore.Pending::start)))
                .orElseThrow(() -> unknown(id));
    }

    /**
     * The schedule id in the form it is stored in (lower case).
     *
     * @throws HttpProblem {@code 400 invalid_schedule_id} when it is no UUID
     */
    static String checked(String scheduleId) {
        if (scheduleId == null || !SCHEDULE_ID.matcher(scheduleId).matches()) {
            throw new HttpProblem(400, "invalid_schedule_id", "A schedule id is the UUID named scheduleId in the 202 "
                    + "answer that deferred the start, like 4be3c8e2-0d1f-4a7e-9c61-2f0a5b7d9e13.");
        }
        return scheduleId.toLowerCase(Locale.ROOT);
    }

    static HttpProblem unknown(String scheduleId) {
        return new HttpProblem(404, "unknown_schedule", "No deferred start has the id " + scheduleId + " (or its "
                + "respondent's data was erased before it fell due).");
    }

    /**
     * The state an ended claim says, with what the start still stored tells ({@code start}: it ended, and is removed by
     * a later poll), or the claim alone.
     */
    private static ScheduledStartState fromClaim(String id, TriggerLedger.Entry claim,
            Optional<ScheduledStart> start) {
        String state = switch (claim.state()) {
            case "started" -> ScheduledStartState.STARTED;
            case "failed" -> ScheduledStartState.REFUSED;
            case "cancelled" -> ScheduledStartState.CANCELLED;
            default -> ScheduledStartState.UNKNOWN; // claimed, and the start removed: its instance stopped mid-start
        };
        String code = ScheduledStartState.UNKNOWN.equals(state) ? ABANDONED
                : ScheduledStartState.CANCELLED.equals(state) ? ScheduledStartCancels.CANCELLED : claim.error();
        return new ScheduledStartState(id, state, start.map(ScheduledStart::scheduledFor).orElse(null),
                start.map(ScheduledStart::surveyId).orElse(null), start.map(ScheduledStart::channel).orElse(null),
                start.map(ScheduledStart::campaignId).orElse(null),
                start.map(ScheduledStart::fallbackFrom).orElse(null), claim.sessionId(), code, null, null);
    }
}
