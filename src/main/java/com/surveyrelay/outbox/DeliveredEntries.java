package com.surveyrelay.outbox;

import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Kept as id strings in a set each, the {@value #REMEMBERED} sessions took about 10 MB, a tenth of the production
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
     * The sequences of a session's delivered entries, a bit each (sequence {@code n} is bit {@code n} of the words).
     * Thread-safe: adding copies the words, so a snapshot never changes.
     */
    public static final class Sequences {

        /** No entry delivered. */
        public static final Sequences NONE = new Sequences();

        private volatile long[] words = new long[1];

        private Sequences() {
        }

        private Sequences(long[] words) {
            this.words = words;
        }

        private synchronized void add(long sequence) {
            if (sequence < 0 || sequence >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("An outbox entry's sequence is 0 to 2^31, not " + sequence);
            }
            int word = (int) (sequence >>> 6);
            long[] next = Arrays.copyOf(words, Math.max(words.length, word + 1));
            next[word] |= 1L << sequence;
            words = next;
        }

        private Sequences snapshot() {
            return new Sequences(words);
        }

        /** Whether this instance delivered {@code entry} (by its sequence within the session). */
        public boolean contains(OutboxEntry entry) {
            long sequence = entry.sequence();
            long[] now = words;
            int word = (int) (sequence >>> 6);
            return sequence >= 0 && word < now.length && (now[word] & (1L << sequence)) != 0;
        }

        /** Whether no entry of the session was delivered. */
        public boolean isEmpty() {
            for (long word : words) {
                if (word != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
