package com.surveyrelay.outbox;

import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The outbox entries this instance's relay has delivered, by session (the last {@value #REMEMBERED} sessions).
 * A delivered entry stays in its session's document until a write takes it out: the session's next step, when
 * one comes within {@code survey-relay.outbox.removal-delay}, or else the relay's own write. Both ask here, so
 * an entry delivered once is never handed to a sink again by this instance, and a removal costs no write of its
 * own while a respondent is answering.
 */
@Component
public class DeliveredEntries {

    static final int REMEMBERED = 10_000;

    private final Map<SessionRef, Set<String>> delivered = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<SessionRef, Set<String>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    void add(SessionRef ref, String entryId) {
        delivered.computeIfAbsent(ref, key -> ConcurrentHashMap.newKeySet()).add(entryId);
    }

    /** The ids of the session's entries this instance delivered; empty when none (or forgotten). */
    public Set<String> of(SessionRef ref) {
        Set<String> ids = delivered.get(ref);
        return ids == null ? Set.of() : Set.copyOf(ids);
    }

    /**
     * The outbox without the entries this instance delivered: what a write of the session may store. The same
     * outbox object when it holds none of them.
     */
    public Outbox removeFrom(SessionRef ref, Outbox outbox) {
        Set<String> ids = of(ref);
        if (ids.isEmpty() || outbox.entries().stream().noneMatch(entry -> ids.contains(entry.id()))) {
            return outbox;
        }
        return outbox.without(ids);
    }

    void forget(SessionRef ref) {
        delivered.remove(ref);
    }
}
