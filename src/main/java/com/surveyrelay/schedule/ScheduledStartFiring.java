package com.surveyrelay.schedule;

import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fires the starts that quiet hours deferred, once they are due; the {@code scheduled-starts} route calls
 * {@link #fireDue()} every {@code SCHEDULED_STARTS_POLL}, on every instance.
 *
 * <p>Once across instances: each firing first claims {@code scheduled-start:<id>} in the trigger ledger with a
 * create-only write, and only the claimant starts the survey; the others just see the claim. A start that fails on
 * our side (S3 or Twilio unreachable) releases its claim and stays scheduled for the next poll; one refused for good
 * (the number opted out meanwhile) is dropped with a log line. An instance that dies between claim and start loses
 * that start rather than risk sending it twice.
 */
@Component("scheduledStarts")
public class ScheduledStartFiring {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledStartFiring.class);
    private static final int PER_POLL = 100;

    private final ScheduledStartStore store;
    private final TriggerLedger ledger;
    private final SurveyStarts starts;
    private final Clock clock;

    public ScheduledStartFiring(ScheduledStartStore store, TriggerLedger ledger, SurveyStarts starts, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.starts = starts;
        this.clock = clock;
    }

    /** Fires up to {@value #PER_POLL} due starts; returns how many this instance fired. */
    public int fireDue() {
        int fired = 0;
        for (String key : store.dueKeys(clock.instant(), PER_POLL)) {
            Optional<ScheduledStart> due = store.find(key);
            if (due.isEmpty()) {
                continue;
            }
            String claim = "scheduled-start:" + due.get().id();
            if (ledger.claim(claim).isEmpty()) {
                store.delete(key); // fired by another instance (or by this one before a crash): never twice
                continue;
            }
            try {
                starts.startScheduled(due.get());
                fired++;
                store.delete(key);
            } catch (HttpProblem problem) {
                if (problem.status() >= 500 && !TwilioGateway.OUTCOME_UNKNOWN.equals(problem.code())) {
                    ledger.release(claim);
                    LOG.warn("Scheduled start {} could not start now ({}); trying again at the next poll",
                            due.get().id(), problem.code());
                } else {
                    store.delete(key);
                    LOG.info("Scheduled start {} refused when due: {}", due.get().id(), problem.code());
                }
            } catch (RuntimeException e) {
                ledger.release(claim);
                LOG.warn("Scheduled start {} failed on our side; trying again at the next poll: {}", due.get().id(),
                        e.toString());
            }
        }
        return fired;
    }
}
