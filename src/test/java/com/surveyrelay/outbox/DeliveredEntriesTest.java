package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.E164;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What the relay delivered is known by each entry's sequence within its session (a bit each, not an id string), so
 * that a session's write leaves out exactly those entries, whatever their sequence.
 */
class DeliveredEntriesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T20:00:00Z");
    private static final SessionRef SESSION = new SessionRef(new E164("+15550141000"),
            "3f2c1a9e-8b7d-4e21-9c55-0a6b1d2e7f48");
    private static final SessionRef OTHER = new SessionRef(new E164("+15550141001"),
            "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");

    private static OutboxEntry entry(SessionRef ref, long sequence) {
        return new OutboxEntry(ref.sessionId() + "/" + sequence, sequence, NOW, OutboxEntry.Kind.RESULT, null);
    }

    private static Outbox outbox(SessionRef ref, long... sequences) {
        List<OutboxEntry> entries = LongStream.of(sequences).mapToObj(sequence -> entry(ref, sequence)).toList();
        return new Outbox(sequences[sequences.length - 1] + 1, entries, null);
    }

    @Test
    void aWriteLeavesOutWhatWasDeliveredAndKeepsTheRest() {
        DeliveredEntries delivered = new DeliveredEntries();
        Outbox outbox = outbox(SESSION, 1, 2, 3, 63, 64, 130);
        delivered.add(SESSION, entry(SESSION, 1));
        delivered.add(SESSION, entry(SESSION, 63));
        delivered.add(SESSION, entry(SESSION, 64));
        delivered.add(SESSION, entry(SESSION, 130));

        assertThat(delivered.removeFrom(SESSION, outbox).entries()).extracting(OutboxEntry::sequence)
                .containsExactly(2L, 3L);
        assertThat(delivered.of(SESSION).contains(entry(SESSION, 2))).isFalse();
        assertThat(delivered.of(SESSION).contains(entry(SESSION, 128))).as("the word of 130, another bit").isFalse();
        assertThat(delivered.of(SESSION).contains(entry(SESSION, 194))).as("past the words kept").isFalse();
        assertThat(delivered.removeFrom(OTHER, outbox(OTHER, 1, 2))).as("another session's: the same outbox")
                .isEqualTo(outbox(OTHER, 1, 2));
    }

    /** A sequence no session of ours reaches (a hand-edited document's) is kept too, without a bit array its size. */
    @Test
    void aSequenceBeyondTheBitsIsKeptInASet() {
        DeliveredEntries delivered = new DeliveredEntries();
        delivered.add(SESSION, entry(SESSION, 2_000_000_000L));
        delivered.add(SESSION, entry(SESSION, -1));

        assertThat(delivered.of(SESSION).isEmpty()).isFalse();
        assertThat(delivered.removeFrom(SESSION, outbox(SESSION, 1, -1, 2_000_000_000L)).entries())
                .extracting(OutboxEntry::sequence).containsExactly(1L);
        assertThat(delivered.of(SESSION).contains(entry(SESSION, 2_000_000_001L))).isFalse();
    }

    @Test
    void anOutboxWithNothingDeliveredIsKeptAsItIs() {
        DeliveredEntries delivered = new DeliveredEntries();
        delivered.add(SESSION, entry(SESSION, 1));
        Outbox later = outbox(SESSION, 2, 3);

        assertThat(delivered.removeFrom(SESSION, later)).isSameAs(later);
        assertThat(delivered.of(OTHER).isEmpty()).isTrue();
        assertThat(delivered.of(SESSION).isEmpty()).isFalse();
    }

    @Test
    void aSnapshotDoesNotChangeAndForgettingEmptiesIt() {
        DeliveredEntries delivered = new DeliveredEntries();
        delivered.add(SESSION, entry(SESSION, 1));
        DeliveredEntries.Sequences before = delivered.of(SESSION);
        delivered.add(SESSION, entry(SESSION, 2));

        assertThat(before.contains(entry(SESSION, 2))).isFalse();
        assertThat(delivered.of(SESSION).contains(entry(SESSION, 2))).isTrue();
        delivered.forget(SESSION);
        assertThat(delivered.of(SESSION).isEmpty()).isTrue();
        assertThat(delivered.removeFrom(SESSION, outbox(SESSION, 1, 2)).entries()).hasSize(2);
    }

    @Test
    void theLastSessionsAreRememberedAndTheOldestForgotten() {
        DeliveredEntries delivered = new DeliveredEntries();
        delivered.add(SESSION, entry(SESSION, 1));
        for (int i = 0; i < DeliveredEntries.REMEMBERED; i++) {
            SessionRef each = new SessionRef(new E164("+15550141002"),
                    String.format("00000000-0000-4000-8000-%012d", i));
            delivered.add(each, entry(each, 1));
        }

        assertThat(delivered.of(SESSION).isEmpty()).isTrue();
    }
}
