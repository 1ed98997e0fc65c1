package com.surveyrelay.outbox;

import com.surveyrelay.storage.Outbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This instance's identity as a deliverer of outbox entries. A lease is taken in the same conditional write
 * as the step that fills the outbox (or by the relay when it picks up entries nobody holds), so of two
 * instances only one ever delivers a session's entries, and a dead instance's lease lapses.
 */
@Component
public class OutboxLeases {

    private final String owner = UUID.randomUUID().toString();
    private final OutboxProperties settings;

    public OutboxLeases(OutboxProperties settings) {
        this.settings = settings;
    }

    /** This instance's id: new at each start, so a restarted instance waits for its old leases to lapse. */
    public String owner() {
        return owner;
    }

    /**
     * The outbox leased to this instance when it has entries and nobody else holds a live lease; otherwise as
     * it is.
     */
    public Outbox claim(Outbox outbox, Instant now) {
        if (outbox.isEmpty() || !outbox.deliverableBy(owner, now)) {
            return outbox;
        }
        return outbox.leasedTo(owner, now.plus(settings.lease()));
    }

    /** True when this instance holds a live lease on the outbox. */
    public boolean holds(Outbox outbox, Instant now) {
        return outbox.lease() != null && outbox.lease().owner().equals(owner) && !outbox.lease().until().isBefore(now);
    }
}
