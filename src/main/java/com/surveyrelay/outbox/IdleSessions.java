package com.surveyrelay.outbox;

import com.surveyrelay.storage.SessionRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions the outbox sweep may leave unread: those last found waiting for their respondent with nothing to
 * deliver. Each such session is left until a time of its own (the relay sets it: {@code idle-sweep-interval} after
 * that look, or sooner when the session expires or is due a reminder) or until its open marker's time changes (an
 * instance that stopped with entries undelivered wrote it again). Every session the sweep reads is an S3 GET: this is
 * what keeps a respondent who takes minutes over each text from costing a read at every sweep.
 *
 * <p>The sweep (the {@code outbox-sweep} route's thread), the relay's thread and webhooks' steps use it at once. Each
 * map is concurrent, but a session's check and its update are not one atomic step: a look that finds a session idle
 * while a sweep lists it records the marker time from before that sweep, so the next sweep reads the session once
 * more. That race can cost a read, never leave a rewritten marker unread.
 */
final class IdleSessions {

    /**
     * Left unread until {@code until}, or until the marker's time is no longer {@code markedAt} (null: no sweep had
     * listed the marker when the session was found idle, so the next one reads it).
     */
    private record Idle(Instant until, Instant markedAt) {
    }

    private final Map<SessionRef, Idle> idle = new ConcurrentHashMap<>();
    /** Each open session's marker time (S3's LastModified) as the last sweep listed it. */
    private final Map<SessionRef, Instant> markers = new ConcurrentHashMap<>();

    /**
     * A sweep listed the session's open marker, last written at {@code markedAt}.
     *
     * @return true when the sweep may leave the session unread: it was found idle, its time is not over at
     *     {@code now}, and its marker has not been written since the sweep before that look
     */
    boolean leaveUnread(SessionRef ref, Instant markedAt, Instant now) {
        // The idle verdict first, then the marker time: a verdict recorded in between keeps the older marker time,
        // and the next sweep reads the session, rather than this sweep skipping a marker written since the look.
        Idle waiting = idle.get(ref);
        markers.put(ref, markedAt);
        return waiting != null && waiting.until().isAfter(now) && markedAt.equals(waiting.markedAt());
    }

    /** After a sweep: forgets the sessions whose markers it did not list (finished, or ended elsewhere). */
    void retainOnly(Set<SessionRef> listed) {
        idle.keySet().retainAll(listed);
        markers.keySet().retainAll(listed);
    }

    /**
     * The session was found waiting for its respondent: sweeps may leave it unread until {@code until}. Found before
     * any sweep listed its marker, the next sweep reads it all the same.
     */
    void foundIdle(SessionRef ref, Instant until) {
        idle.put(ref, new Idle(until, markers.get(ref)));
    }

    /** Something changed it (a step, entries to deliver) or the relay forgot it: the next sweep reads it. */
    void forget(SessionRef ref) {
        idle.remove(ref);
    }

    /** Until when sweeps may leave the session unread; empty when it is not idle. */
    Optional<Instant> until(SessionRef ref) {
        return Optional.ofNullable(idle.get(ref)).map(Idle::until);
    }
}
