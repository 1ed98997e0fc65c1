package com.surveyrelay.outbox;

import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest document of each session that the relay wrote, read or a webhook stored ({@link StoredSession}, with its
 * ETag), kept so that the session's next look spares an S3 GET. In: documents from webhooks' wakes and from the
 * relay's own reads and writes; out: the copy for a session's next look, taken out as that look uses it. A copy is
 * only ever a shortcut: a stale one costs a conditional write's conflict and a read, never a wrong write, and a
 * storage failure drops it ({@link #drop}) so that the next look reads the bucket. Thread-safe: webhooks, the relay
 * thread and its I/O threads use it at once.
 */
final class KnownDocuments {

    private final Map<SessionRef, StoredSession> known = new ConcurrentHashMap<>();

    /**
     * Keeps a document this relay read or wrote, unless a webhook handed over a newer one meanwhile (more
     * entries numbered); a stale one would only cost a conflict and a read, but would misstate the backlog.
     */
    void remember(StoredSession document) {
        known.merge(document.ref(), document, (theirs, ours) ->
                theirs.outbox().nextSequence() > ours.outbox().nextSequence() ? theirs : ours);
    }

    /**
     * Keeps a document this relay read and did not write, unless a webhook handed over one since: that one is
     * newer even with as many entries (a call's end, say, which only a look at the newer document schedules).
     */
    void keepUnlessWokenSince(StoredSession document) {
        known.putIfAbsent(document.ref(), document);
    }

    /** Takes the session's copy out, for a look at it; null when there is none and the bucket must be read. */
    StoredSession take(SessionRef ref) {
        return known.remove(ref);
    }

    /** The session's copy, left in place; null when there is none. */
    StoredSession get(SessionRef ref) {
        return known.get(ref);
    }

    /** Forgets the session's copy: its next look reads the bucket. */
    void drop(SessionRef ref) {
        known.remove(ref);
    }

    /** The sessions whose copies hold entries, delivered or not. */
    Set<SessionRef> withEntries() {
        Set<SessionRef> refs = new LinkedHashSet<>();
        known.forEach((ref, document) -> {
            if (!document.outbox().isEmpty()) {
                refs.add(ref);
            }
        });
        return refs;
    }
}
