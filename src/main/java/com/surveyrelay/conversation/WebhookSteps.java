package com.surveyrelay.conversation;

import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxProperties;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.E164;
import java.time.Clock;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * What the call and message webhooks ({@link CallWebhooks}, {@link MessageWebhooks}) share: each inbound text, voice
 * step and status callback becomes one {@link SessionSteps step}, stored before the webhook answers; what the step
 * publishes leaves afterwards, through the {@link OutboxRelay}, so no webhook waits for the bus. One respondent's
 * webhooks, on either channel, run one at a time on this instance.
 */
@Component
class WebhookSteps {

    private final OutboxRelay relay;
    private final OutboxLeases leases;
    private final OutboxProperties outbox;
    private final Clock clock;
    private final SmsReminders reminders;
    /**
     * One respondent's webhooks run one at a time on this instance, so two texts sent at once do not even
     * race here; correctness does not rest on it: across instances the conditional writes keep them apart.
     */
    private final Lock[] respondentLocks = new Lock[256];

    WebhookSteps(OutboxRelay relay, OutboxLeases leases, OutboxProperties outbox, Clock clock,
            SmsReminders reminders) {
        this.reminders = reminders;
        this.relay = relay;
        this.leases = leases;
        this.outbox = outbox;
        this.clock = clock;
        for (int i = 0; i < respondentLocks.length; i++) {
            respondentLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Runs {@code work} holding the respondent's lock on this instance.
     *
     * @return what {@code work} returns
     * @throws RuntimeException whatever {@code work} throws; the lock is released
     */
    <T> T oneAtATime(E164 respondent, Supplier<T> work) {
        Lock lock = respondentLocks[Math.floorMod(respondent.value().hashCode(), respondentLocks.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands what a stored step publishes to the relay, and a call waiting for a late answer to its timer. A repeated
     * text wrote nothing to hand over; but the write of its first try may have landed after all (an S3 attempt that
     * timed out, then a retry refused as a conflict), with entries nobody woke the relay for: the relay reads the
     * session now rather than at its next idle sweep. Entries another instance holds the lease on are its to
     * deliver; this relay looks again when that lease lapses, in case that instance died.
     */
    void hand(SessionSteps.Step step) {
        StoredSession stored = step.stored();
        if (stored == null) {
            if (step.replayed()) {
                relay.wakeFromBucket(SessionRef.of(step.before()), clock.instant());
            }
            return;
        }
        Outbox.Lease lease = stored.outbox().lease();
        if (leases.holds(stored.outbox(), clock.instant())) {
            relay.wake(stored);
        } else if (!stored.outbox().isEmpty() && lease != null) {
            relay.wakeFromBucket(stored.ref(), lease.until());
        }
        reminders.dueAt(stored.session()).ifPresent(at -> relay.wakeAt(stored.ref(), at));
        if (stored.session().awaitingLateAnswer() && !step.before().awaitingLateAnswer()) {
            relay.wakeAt(stored.ref(), stored.session().callEndedAt().plus(outbox.callEndGrace()));
        }
    }
}
