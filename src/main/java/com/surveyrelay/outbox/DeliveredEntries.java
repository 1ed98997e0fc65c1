package com.surveyrelay.outbox;

import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The outbox entries this instance's relay has delivered, by session (the last {@value #REMEMBERED} sessions).
 * A delivered entry stays in its session's document until a write takes it out: the session's next step, when
 * one comes within {@code survey-relay.outbox.removal-delay}, or else the relay's own write. Both ask here, so
 * an entry delivered once is never handed to a sink again by this instance, and a removal costs no write of its
 * own while a respondent is answering.
 *
 * <p>An entry is known by its {@link OutboxEntry#sequence()} within its session (its id is
 * {@code <sessionId>/<sequence>}), kept as a bit: a session's delivered entries take about 80 bytes of heap here.
 * Kept as id strings in a set each, the {@value #REMEMBERED} sessions took about 10 MB of the 144 MB production
 * heap, and under 200 benchmark respondents the collector ran full collections back to back.
 */
@Component
public class DeliveredEntries {

    static final int REMEMBERED = 10_000;

    private final Map<SessionRef, Sequences> delivered = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<SessionRef, Sequences> eldest) {
                    return size() > REMEMBERED;
                }
            });

    void add(SessionRef ref, OutboxEntry entry) {
        delivered.computeIfAbsent(ref, key -> new Sequences()).add(entry.sequence());
    }

    /** The session's entries this instance delivered, as they are now; {@link Sequences#NONE} for none or forgotten. */
    public Sequences of(SessionRef ref) {
        Sequences sequences = delivered.get(ref);
        return sequences == null ? Sequences.NONE : sequences.snapshot();
    }

    /**
     * The outbox without the entries this instance delivered: what a write of the session may store. The same
     * outbox object when it holds none of them.
     */
    public Outbox removeFrom(SessionRef ref, Outbox outbox) {
        Sequences sent = of(ref);
        if (sent.isEmpty() || outbox.entries().stream().noneMatch(sent::contains)) {
            return outbox;
        }
        return outbox.without(sent::contains);
    }

    void forget(SessionRef ref) {
        delivered.remove(ref);
    }

    /**
     * The sequences of a session's delivered entries, a bit each below {@value #BITS} (sequence {@code n} is bit
     * {@code n} of the words), any other (a hand-edited document's) in a set. Thread-safe: adding copies what it
     * changes, so a snapshot never changes.
     */
    public static final class Sequences {

        /** No entry delivered. */
        public static final Sequences NONE = new Sequences();
        /** Sequences kept as bits: at most 64 words; a session numbers its entries from 1, a few dozen at most. */
        static final int BITS = 4_096;

        private volatile long[] words;
        private volatile Set<Long> beyond;

        private Sequences() {
            this(new long[1], Set.of());
        }

        private Sequences(long[] words, Set<Long> beyond) {
            this.words = words;
            this.beyond = beyond;
        }

        private synchronized void add(long sequence) {
            if (sequence >= 0 && sequence < BITS) {
                int word = (int) (sequence >>> 6);
                long[] next = Arrays.copyOf(words, Math.max(words.length, word + 1));
                next[word] |= 1L << sequence;
                words = next;
            } else {
                Set<Long> next = new HashSet<>(beyond);
                next.add(sequence);
                beyond = Set.copyOf(next);
            }
        }

        private Sequences snapshot() {
            return new Sequences(words, beyond);
        }

        /** Whether this instance delivered {@code entry} (by its sequence within the session). */
        public boolean contains(OutboxEntry entry) {
            long sequence = entry.sequence();
            if (sequence < 0 || sequence >= BITS) {
                return beyond.contains(sequence);
            }
            long[] now = words;
            int word = (int) (sequence >>> 6);
            return word < now.length && (now[word] & (1L << sequence)) != 0;
        }

        /** Whether no entry of the session was delivered. */
        public boolean isEmpty() {
            for (long word : words) {
                if (word != 0) {
                    return false;
                }
            }
            return beyond.isEmpty();
        }
    }
}
