package com.surveyrelay.outbox;

import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The newest document of each session that the relay wrote, read or a webhook stored ({@link StoredSession}, with its
 * ETag), kept so that the session's next look spares an S3 GET. In: documents from webhooks' wakes and from the
 * relay's own reads and writes; out: the copy for a session's next look, taken out as that look uses it. A copy is
 * only ever a shortcut: a stale one costs a conditional write's conflict and a read, never a wrong write, and a
 * storage failure drops it ({@link #drop}) so that the next look reads the bucket. Thread-safe: webhooks, the relay
 * thread and its I/O threads use it at once.
 *
 * <p>A session whose document was deleted (its respondent's erasure) is forgotten for good ({@link #forgetDeleted}):
 * a copy a batch in flight at that moment hands back (a failed call's retry, a delivered entry's next one) is not
 * kept, since a look at it would publish the erased entries without reading the bucket.
 */
final class KnownDocuments {

    /** Deleted sessions remembered: erasures are rare, and a batch in flight ends within the sink's timeout. */
    static final int DELETED_KEPT = 1_024;

    private final Map<SessionRef, StoredSession> known = new ConcurrentHashMap<>();
    /**
     * Read at every copy kept, on every webhook's write: a lock-free set, its oldest left out once it holds more than
     * {@link #DELETED_KEPT} (in the order {@link #deletedInOrder} keeps).
     */
    private final Set<SessionRef> deleted = ConcurrentHashMap.newKeySet();
    private final Queue<SessionRef> deletedInOrder = new ConcurrentLinkedQueue<>();

    /**
     * Keeps a document this relay read or wrote, unless a webhook handed over a newer one meanwhile (more
     * entries numbered); a stale one would only cost a conflict and a read, but would misstate the backlog.
     */
    void remember(StoredSession document) {
        known.merge(document.ref(), document, (theirs, ours) ->
                theirs.outbox().nextSequence() > ours.outbox().nextSequence() ? theirs : ours);
        dropIfDeleted(document.ref());
    }

    /**
     * Keeps a document this relay read and did not write, unless a webhook handed over one since: that one is
     * newer even with as many entries (a call's end, say, which only a look at the newer document schedules).
     */
    void keepUnlessWokenSince(StoredSession document) {
        known.putIfAbsent(document.ref(), document);
        dropIfDeleted(document.ref());
    }

    /**
     * Checked after a copy is kept, not before: {@link #forgetDeleted} notes the session before it drops the copy, so
     * a copy kept at the same moment is dropped by one or the other.
     */
    private void dropIfDeleted(SessionRef ref) {
        if (deleted.contains(ref)) {
            known.remove(ref);
        }
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

    /**
     * Forgets the copy of a session whose document was deleted, and keeps no copy of it from now on (of the last
     * {@value #DELETED_KEPT} such sessions): its next look reads the bucket, finds nothing and forgets the session.
     */
    void forgetDeleted(SessionRef ref) {
        if (deleted.add(ref)) {
            deletedInOrder.add(ref);
            while (deleted.size() > DELETED_KEPT) {
                SessionRef oldest = deletedInOrder.poll();
                if (oldest == null) {
                    break;
                }
                deleted.remove(oldest);
            }
        }
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
