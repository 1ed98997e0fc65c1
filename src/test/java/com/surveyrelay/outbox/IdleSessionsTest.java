package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.E164;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When the outbox sweep may leave an open session unread, and what makes it read the session again. */
class IdleSessionsTest {

    private static final Instant MARKED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = MARKED.plusSeconds(60);

    private final IdleSessions idle = new IdleSessions();
    private final SessionRef ref = new SessionRef(E164.parse("+15550100200").orElseThrow(),
            UUID.randomUUID().toString());

    /** A session a sweep listed, then found idle until five minutes from now. */
    private void listedThenFoundIdle() {
        assertThat(idle.leaveUnread(ref, MARKED, NOW)).as("never found idle: read").isFalse();
        idle.foundIdle(ref, NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void anIdleSessionIsLeftUnreadUntilItsTime() {
        listedThenFoundIdle();
        assertThat(idle.leaveUnread(ref, MARKED, NOW.plusSeconds(30))).isTrue();
        assertThat(idle.leaveUnread(ref, MARKED, NOW.plus(Duration.ofMinutes(5)))).as("its time is over").isFalse();
        assertThat(idle.until(ref)).contains(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void anIdleSessionWhoseMarkerWasWrittenAgainIsRead() {
        listedThenFoundIdle();
        assertThat(idle.leaveUnread(ref, MARKED.plusSeconds(90), NOW.plusSeconds(30))).isFalse();
    }

    @Test
    void aSessionFoundIdleBeforeAnySweepListedItIsReadByTheNext() {
        idle.foundIdle(ref, NOW.plus(Duration.ofMinutes(5)));
        assertThat(idle.leaveUnread(ref, MARKED, NOW.plusSeconds(30))).isFalse();
    }

    @Test
    void aForgottenSessionIsReadByTheNextSweep() {
        listedThenFoundIdle();
        idle.forget(ref);
        assertThat(idle.leaveUnread(ref, MARKED, NOW.plusSeconds(30))).isFalse();
        assertThat(idle.until(ref)).isEmpty();
    }

    @Test
    void aSessionASweepNoLongerListsIsForgotten() {
        listedThenFoundIdle();
        idle.retainOnly(Set.of());
        assertThat(idle.until(ref)).isEmpty();
        // Its marker time is forgotten too: found idle again before a sweep lists it, the next sweep reads it.
        idle.foundIdle(ref, NOW.plus(Duration.ofMinutes(5)));
        assertThat(idle.leaveUnread(ref, MARKED, NOW.plusSeconds(30))).isFalse();
    }
}
