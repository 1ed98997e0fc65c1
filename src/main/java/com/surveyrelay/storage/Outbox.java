package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveySession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A session's transactional outbox: what its steps decided to publish (lifecycle events, and the results
 * copy of a finished session), kept in the session document itself so that it is stored by the same
 * conditional write as the step that produced it. The outbox relay delivers the entries in order and removes
 * them; the lease says which instance is delivering them now, so two instances never send one entry at once.
 *
 * @param nextSequence the sequence number the next entry gets (from 1); entries are never renumbered
 * @param entries what is still to be delivered, oldest first
 * @param lease who delivers, until when; null when nobody does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outbox(long nextSequence, List<OutboxEntry> entries, Lease lease) {

    public static final Outbox EMPTY = new Outbox(1, List.of(), null);

    public Outbox {
        nextSequence = Math.max(1, nextSequence);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * An instance's right to deliver a session's entries.
     *
     * @param owner the instance id ({@link java.util.UUID}, new at each start)
     * @param until when another instance may take over, should the owner have died
     */
    public record Lease(String owner, Instant until) {
    }

    @JsonIgnore
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The oldest entry's {@code recordedAt}, or null when empty. */
    @JsonIgnore
    public Instant oldest() {
        return entries.isEmpty() ? null : entries.get(0).recordedAt();
    }

    /** True when {@code owner} may deliver at {@code now}: nobody holds the lease, it lapsed, or it is theirs. */
    public boolean deliverableBy(String owner, Instant now) {
        return lease == null || lease.until().isBefore(now) || lease.owner().equals(owner);
    }

    /**
     * This outbox with a step's events appended (numbered in order) and, when the step finished the session,
     * its results copy after them.
     *
     * @param finished the session the step finished, or null
     */
    public Outbox append(List<SurveyEvent> events, SurveySession finished, Instant now) {
        if (events.isEmpty() && finished == null) {
            return this;
        }
        List<OutboxEntry> more = new ArrayList<>(entries);
        long sequence = nextSequence;
        for (SurveyEvent event : events) {
            more.add(OutboxEntry.event(event.numbered(sequence++), now));
        }
        if (finished != null) {
            more.add(OutboxEntry.result(finished.sessionId(), sequence++, now));
        }
        return new Outbox(sequence, more, lease);
    }

    /** This outbox leased to {@code owner} until {@code until}. */
    public Outbox leasedTo(String owner, Instant until) {
        return new Outbox(nextSequence, entries, new Lease(owner, until));
    }

    /** This outbox without the entries {@code delivered} holds, and without a lease once nothing is left to deliver. */
    public Outbox without(Predicate<OutboxEntry> delivered) {
        List<OutboxEntry> left = entries.stream().filter(delivered.negate()).toList();
        return new Outbox(nextSequence, left, left.isEmpty() ? null : lease);
    }
}
