package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.web.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCursorTest {

    private static final LocalDate DAY = LocalDate.parse("2026-12-01");
    private static final String NAME = "COMPLETED.sms.en-US.0f0e0d0c-0b0a-4908-8706-050403020100.json";

    private static SessionFilter of(String surveyId) {
        return new SessionFilter(surveyId, null, null, null, DAY.minusDays(7), DAY);
    }

    private static String after(SessionFilter walk) {
        return SessionCursor.after(new FinishedSessions.Listed(DAY, NAME, "unused"), walk,
                SessionCursor.filters(walk, null, null, null));
    }

    private static void assertInvalid(String cursor, SessionFilter filter) {
        assertThatThrownBy(() -> SessionCursor.parse(cursor, filter,
                SessionCursor.filters(filter, null, null, null)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("invalid_cursor");
                });
    }

    /** A cursor as this class made them before 2026-12-04: day/name/hash, no range, URL-safe Base64. */
    private static String withoutRange(String day, SessionFilter filter) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((day + "/" + NAME + "/"
                + SessionCursor.filters(filter, null, null, null)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorResumesTheSurveyItWasMadeFor() {
        SessionFilter nps = of("quarterly-nps");
        SessionCursor.Resume resumed = SessionCursor.parse(after(nps), nps,
                SessionCursor.filters(nps, null, null, null));
        assertThat(resumed.after().name()).isEqualTo(NAME);
        assertThat(resumed.after().key()).isEqualTo("finished-sessions/quarterly-nps/2026-12-01/" + NAME);
    }

    /** One survey's cursor brought to another answered 200 and silently skipped the sessions before its position. */
    @Test
    void aCursorOfAnotherSurveyIsRefused() {
        assertInvalid(after(of("quarterly-nps")), of("customer-satisfaction"));
    }

    /**
     * The default range resolved again after UTC midnight starts a day later: the cursor keeps the range its walk
     * began with, whatever range the request resolves today.
     */
    @Test
    void aCursorKeepsTheRangeItsWalkBeganWith() {
        SessionFilter firstPage = of("quarterly-nps");
        SessionFilter afterMidnight = new SessionFilter("quarterly-nps", null, null, null, DAY.minusDays(6),
                DAY.plusDays(1));
        SessionCursor.Resume resumed = SessionCursor.parse(after(firstPage), afterMidnight,
                SessionCursor.filters(afterMidnight, null, null, null));
        assertThat(resumed.filter()).isEqualTo(firstPage);
    }

    /** A cursor made before 2026-12-04 holds no range: it is still taken, over the range the request resolves. */
    @Test
    void aCursorMadeBeforeRangesWereKeptWalksTheRequestsRange() {
        SessionFilter today = of("quarterly-nps");
        SessionCursor.Resume resumed = SessionCursor.parse(withoutRange("2026-11-30", today), today,
                SessionCursor.filters(today, null, null, null));
        assertThat(resumed.filter()).isEqualTo(today);
        assertThat(resumed.after().day()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertInvalid(withoutRange("2026-11-23", today), today);
    }

    /** A range no request may ask for, or a position outside its range, is no cursor this service made. */
    @Test
    void aCursorWhoseRangeOrPositionIsImpossibleIsRefused() {
        SessionFilter nps = of("quarterly-nps");
        assertInvalid(after(new SessionFilter("quarterly-nps", null, null, null, DAY.minusDays(367), DAY)), nps);
        assertInvalid(after(new SessionFilter("quarterly-nps", null, null, null, DAY.plusDays(1), DAY)), nps);
        assertInvalid(after(new SessionFilter("quarterly-nps", null, null, null, DAY.minusDays(7), DAY.minusDays(1))),
                nps);
    }

    /**
     * A cursor is a client's string, and its hash is of public text (the survey and the filters), so anyone may make
     * one up in this class's layout. One whose range ends on the last day java.time knows (year 999,999,999) failed
     * the request with a 500: working out the day after its end threw a DateTimeException, no DateTimeParseException.
     * Any other made-up cursor was a 400, and so is that one.
     */
    @Test
    void aMadeUpCursorAtTheEndOfTimeIsRefusedLikeAnyOther() {
        SessionFilter nps = of("quarterly-nps");
        String hash = SessionCursor.filters(nps, null, null, null);
        for (String made : List.of("+999999999-12-31/" + NAME + "/" + hash + "/+999999999-12-31/+999999999-12-31",
                "+999999999-12-30/" + NAME + "/" + hash + "/+999999999-12-30/+999999999-12-31")) {
            assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(made.getBytes(StandardCharsets.UTF_8)),
                    nps);
        }
    }

    /**
     * A made-up name holding a control character went to S3 as the listing's start-after key, whose answer then did
     * not parse: 503 survey_unavailable, as for an outage (until 2026-12-07, a hostile client's probe). It is a 400.
     */
    @Test
    void aMadeUpNameWithAControlCharacterIsRefused() {
        SessionFilter nps = of("quarterly-nps");
        String hash = SessionCursor.filters(nps, null, null, null);
        for (String name : List.of("COMPLETED.sms.en-US.\u0001.json", "COMPLETED.sms.en-US.a\u0000b.json",
                "COMPLETED.sms.en-US.a\nb.json")) {
            String made = DAY + "/" + name + "/" + hash;
            assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(made.getBytes(StandardCharsets.UTF_8)),
                    nps);
        }
    }

    /**
     * A cursor is bound to the zone its days are in (since 2026-12-05): brought back with another one, or with none,
     * it would walk other days. Its position may be in the UTC folder before its first day, where that day in Tokyo
     * begins. A walk in UTC hashes as cursors did before zones, so those made earlier are still taken.
     */
    @Test
    void aCursorResumesOnlyInTheTimeZoneItWasMadeIn() {
        SessionFilter tokyo = new SessionFilter("quarterly-nps", null, null, null, DAY.minusDays(7), DAY,
                ZoneId.of("Asia/Tokyo"));
        String cursor = SessionCursor.after(new FinishedSessions.Listed(DAY.minusDays(8), NAME, "unused"), tokyo,
                SessionCursor.filters(tokyo, null, null, null));
        SessionCursor.Resume resumed = SessionCursor.parse(cursor, tokyo,
                SessionCursor.filters(tokyo, null, null, null));
        assertThat(resumed.filter()).isEqualTo(tokyo);
        assertThat(resumed.after().key()).isEqualTo("finished-sessions/quarterly-nps/2026-11-23/" + NAME);
        for (ZoneId other : List.of(ZoneOffset.UTC, ZoneId.of("America/Los_Angeles"))) {
            assertInvalid(cursor, new SessionFilter("quarterly-nps", null, null, null, DAY.minusDays(7), DAY, other));
        }
        assertInvalid(SessionCursor.after(new FinishedSessions.Listed(DAY.minusDays(8), NAME, "unused"),
                of("quarterly-nps"), SessionCursor.filters(of("quarterly-nps"), null, null, null)),
                of("quarterly-nps"));
        // SHA-256 of "quarterly-nps|||||", its first six bytes: the hash of a UTC walk before 2026-12-05.
        assertThat(SessionCursor.filters(of("quarterly-nps"), null, null, null)).isEqualTo("2rf0Jja6");
    }

    /**
     * A cursor is bound to the survey version it was asked with (since 2026-12-05): brought back with another one, or
     * with none, it would go on over other sessions. A walk without a version hashes as cursors did before versions,
     * so those made earlier are still taken.
     */
    @Test
    void aCursorResumesOnlyUnderTheVersionItWasMadeFor() {
        SessionFilter nps = of("quarterly-nps");
        String version = "3f2a9c41d07be815";
        String cursor = SessionCursor.after(new FinishedSessions.Listed(DAY, NAME, "unused"), nps,
                SessionCursor.filters(nps, null, null, version));
        assertThat(SessionCursor.parse(cursor, nps, SessionCursor.filters(nps, null, null, version)).after().name())
                .isEqualTo(NAME);
        for (String other : new String[] {"00000000000000ff", null}) {
            assertThatThrownBy(() -> SessionCursor.parse(cursor, nps, SessionCursor.filters(nps, null, null, other)))
                    .as(String.valueOf(other)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
                        assertThat(problem.code()).isEqualTo("invalid_cursor");
                        assertThat(problem.getMessage()).contains("timeZone and version");
                    });
        }
        assertThatThrownBy(() -> SessionCursor.parse(after(nps), nps, SessionCursor.filters(nps, null, null,
                version))).as("made without a version").isInstanceOf(HttpProblem.class);
        // SHA-256 of "quarterly-nps|||||", as before versions: a cursor made without one is still taken without one.
        assertThat(SessionCursor.filters(nps, null, null, null)).isEqualTo("2rf0Jja6");
    }
}
