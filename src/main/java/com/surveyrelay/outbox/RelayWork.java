package com.surveyrelay.outbox;

import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;

/**
 * What a batch does for one session, as {@link SessionLooks} found it and {@link BatchDelivery} carries it out:
 * deliver its oldest undelivered entry ({@code head}), or, with no {@code head}, write the removal of what it
 * delivered (and, for a finished session with nothing left, take its open marker away).
 *
 * @param ref the session
 * @param document the session's document as the look found (or, after claiming the lease, wrote) it
 * @param head the entry to deliver, an event or a results copy; null for a removal
 */
record RelayWork(SessionRef ref, StoredSession document, OutboxEntry head) {

    static RelayWork removal(SessionRef ref, StoredSession document) {
        return new RelayWork(ref, document, null);
    }

    boolean isEvent() {
        return head != null && head.kind() == OutboxEntry.Kind.EVENT;
    }
}
