package com.surveyrelay.outbox;

import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.SurveySession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the sessions whose entries nobody is delivering (their instance died, or the service restarted), and the
 * ones to close or to take a marker from, through the open-session markers
 * ({@link OpenSessionMarkers#openSessions()}, one S3 LIST): each listed session is queued for a look behind whatever
 * webhooks woke ({@link RelayBatches#sweep}). In: the listing, at each {@code sweep-interval}; out: the sessions queued, and which markers are old enough
 * ({@value #ORPHAN_MINUTES} minutes) that a marker without its session is a start's leftover, to be removed. A
 * session last found idle (waiting for its respondent, nothing to deliver) is left unread until its time is over
 * ({@link IdleSessions}): each look is an S3 GET. A failed listing propagates to the {@code outbox-sweep} route, whose
 * error handling logs it; the next sweep lists again.
 */
final class RelaySweep {

    private static final int ORPHAN_MINUTES = 5;
    /** A marker this old without its session is left by a start that failed to store it: removed. */
    private static final Duration ORPHAN_MARKER = Duration.ofMinutes(ORPHAN_MINUTES);

    private final OpenSessionMarkers markers;
    private final RelayBatches batches;
    private final SessionClosing closing;
    private final Duration idleSweepInterval;
    private final Clock clock;
    private final Set<SessionRef> oldMarkers = ConcurrentHashMap.newKeySet();
    /** Open sessions last found waiting for their respondent, which sweeps leave unread for a while. */
    private final IdleSessions idle = new IdleSessions();

    /** @param idleSweepInterval {@code survey-relay.outbox.idle-sweep-interval}: how long an idle session is left */
    RelaySweep(OpenSessionMarkers markers, RelayBatches batches, SessionClosing closing, Duration idleSweepInterval,
            Clock clock) {
        this.markers = markers;
        this.batches = batches;
        this.closing = closing;
        this.idleSweepInterval = idleSweepInterval;
        this.clock = clock;
    }

    /** Queues every open session for a look, as {@link OutboxRelay#sweep()} says; answers how many were listed. */
    int sweep() {
        List<OpenSessionMarkers.OpenSession> open = markers.openSessions();
        Instant now = clock.instant();
        oldMarkers.clear();
        Set<SessionRef> stillOpen = new HashSet<>();
        for (OpenSessionMarkers.OpenSession session : open) {
            SessionRef ref = session.ref();
            stillOpen.add(ref);
            if (session.markedAt().plus(ORPHAN_MARKER).isBefore(now)) {
                oldMarkers.add(ref);
            }
            if (idle.leaveUnread(ref, session.markedAt(), now)) {
                continue;
            }
            batches.sweep(ref);
        }
        idle.retainOnly(stillOpen);
        return open.size();
    }

    /** Whether the last sweep found the session's marker old enough that, without its session, it is removed. */
    boolean hasOldMarker(SessionRef ref) {
        return oldMarkers.contains(ref);
    }

    /** Something changed the session (a step, entries to deliver): the next sweep reads it. */
    void changed(SessionRef ref) {
        idle.forget(ref);
    }

    /**
     * Leaves the session out of sweeps until {@code idle-sweep-interval} from now, or sooner when it expires or a
     * look is scheduled for it (a reminder), the marker time the last sweep saw kept to notice a rewrite.
     */
    void markIdle(SessionRef ref, SurveySession session, Instant now) {
        Instant until = now.plus(idleSweepInterval);
        Instant expires = session.updatedAt().plus(closing.expiry(session));
        if (expires.isBefore(until)) {
            until = expires;
        }
        Optional<Instant> planned = batches.scheduledLook(ref);
        if (planned.isPresent() && planned.get().isBefore(until)) {
            until = planned.get();
        }
        idle.foundIdle(ref, until);
    }

    /** The relay is done with the session: the next sweep reads it, and its marker's age is noted anew. */
    void forget(SessionRef ref) {
        idle.forget(ref);
        oldMarkers.remove(ref);
    }

    /** When the sweep reads the session again, if it was last found idle; empty otherwise. */
    Optional<Instant> nextIdleLook(SessionRef ref) {
        return idle.until(ref);
    }
}
