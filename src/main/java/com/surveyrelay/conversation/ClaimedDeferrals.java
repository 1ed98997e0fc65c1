package com.surveyrelay.conversation;

import com.surveyrelay.schedule.ScheduledStartFiring;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.TriggerLedger;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Tells whether a start deferred by quiet hours whose idempotency key is still {@code claimed} stored its deferred
 * start. Its claim names the deferred start ({@link TriggerLedger.Deferral}); the key stays {@code claimed} when
 * storage failed to record the deferral ({@code scheduled}) or the firing's outcome under it, or freeing the key after
 * the deferred start could not be stored, or when the instance stopped between the claim and the store.
 *
 * <p>A stored deferral fires once: its repeat is answered as the deferral was ({@code 202}, its {@code scheduleId}),
 * and its claim is never taken over ({@link AbandonedClaims}), which would survey the respondent a second time. Until
 * 2026-12-05 such a repeat was answered {@code 201} with {@code "status": "claimed"}.
 */
@Component
class ClaimedDeferrals {

    private final ScheduledStartStore scheduledStarts;
    private final TriggerLedger ledger;
    private final Clock clock;

    ClaimedDeferrals(ScheduledStartStore scheduledStarts, TriggerLedger ledger, Clock clock) {
        this.scheduledStarts = scheduledStarts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * True when {@code claim}, the entry under {@code idempotencyKey}, is a deferral's claim whose deferred start was
     * stored: it is in the bucket (where it was stored, or moved later: {@link ScheduledStartStore#holds}), or a
     * firing claimed it ({@link ScheduledStartFiring#firingKey}: it fired, or is firing). Looked at in that order, so
     * a start fired and removed between the two looks is still found. False for any other entry, and for a deferral's
     * claim written before claims named their deferred start.
     *
     * @throws RuntimeException when storage fails
     */
    boolean stored(String idempotencyKey, TriggerLedger.Entry claim) {
        TriggerLedger.Deferral deferral = claim.deferral();
        if (!"claimed".equals(claim.state()) || deferral == null) {
            return false;
        }
        return scheduledStarts.holds(deferral.scheduleId(), idempotencyKey, deferral.scheduledFor(), clock.instant())
                || ledger.find(ScheduledStartFiring.firingKey(deferral.scheduleId())).isPresent();
    }
}
