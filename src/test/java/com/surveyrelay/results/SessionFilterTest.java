package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.web.HttpProblem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionFilterTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-04");

    private static SessionFilter range(String from, String to) {
        return SessionFilter.of("customer-satisfaction", null, null, null, from, to, TODAY);
    }

    private static void assertRefused(String from, String to, String code, String message) {
        assertThatThrownBy(() -> range(from, to)).as(from + ".." + to)
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo(code);
                    assertThat(problem.getMessage()).isEqualTo(message);
                });
    }

    /**
     * {@code to=9999-12-31}, the usual "no end", answered {@code invalid_date} "must be a date as yyyy-MM-dd": only
     * years 1000 to 2999 were taken. It is a date, and as no session starts after today, it means up to today.
     */
    @Test
    void aToAfterTodayMeansUpToToday() {
        SessionFilter noEnd = range(null, "9999-12-31");
        assertThat(List.of(noEnd.from(), noEnd.to())).containsExactly(TODAY.minusDays(29), TODAY);
        SessionFilter thisYear = range("2026-01-01", "9999-12-31");
        assertThat(List.of(thisYear.from(), thisYear.to())).containsExactly(LocalDate.parse("2026-01-01"), TODAY);
        SessionFilter tomorrow = range(null, "2026-12-05");
        assertThat(tomorrow.to()).isEqualTo(TODAY);
        SessionFilter future = range("3000-01-01", "3000-01-31");
        assertThat(List.of(future.from(), future.to())).as("a range after today is empty, not an error")
                .containsExactly(LocalDate.parse("3000-01-01"), LocalDate.parse("3000-01-01"));
        SessionFilter longAgo = range("0999-01-01", "0999-01-31");
        assertThat(List.of(longAgo.from(), longAgo.to()))
                .containsExactly(LocalDate.parse("0999-01-01"), LocalDate.parse("0999-01-31"));
        assertThat(range("0000-01-01", "0000-12-31").to()).isEqualTo(LocalDate.parse("0000-12-31"));
    }

    @Test
    void aRangeThatOnlyFitsUpToTodaySaysSo() {
        assertRefused("2020-01-01", "9999-12-31", "invalid_range", "from and to are at most 366 days apart (a to "
                + "after today, 2026-12-04, counts as today); ask for the rest in another request.");
        assertRefused("2020-01-01", "2026-01-01", "invalid_range",
                "from and to are at most 366 days apart; ask for the rest in another request.");
        assertRefused("9999-12-31", "2030-01-01", "invalid_range", "from (9999-12-31) is after to (2030-01-01).");
    }

    /** The refusal says what is taken, so a caller who sent a date as yyyy-MM-dd learns why it was not one. */
    @Test
    void whatIsNoDayIsRefusedSayingWhatIsTaken() {
        for (String notADay : List.of("2026-13-01", "2026-02-30", "yesterday", "+10000-01-01", "-999999999-01-01",
                "26-12-04", "2026-1-4", "\uff12\uff10\uff12\uff16-12-04", "2026/12/04")) {
            assertRefused(null, notADay, "invalid_date", "to must be a day as yyyy-MM-dd (UTC) in ASCII digits, "
                    + "from 0000-01-01 to 9999-12-31, e.g. 2026-11-30.");
            assertRefused(notADay, null, "invalid_date", "from must be a day as yyyy-MM-dd (UTC) in ASCII digits, "
                    + "from 0000-01-01 to 9999-12-31, e.g. 2026-11-30.");
        }
    }

    /**
     * A start takes a bare {@code es} for the survey's Spanish, and the stored tag is the survey's ({@code es-MX}):
     * {@code language=es} found none of those sessions. A language range matches as RFC 4647's basic filtering says.
     */
    @Test
    void aBareLanguageMatchesEveryTagOfThatLanguage() {
        SessionFilter spanish = SessionFilter.of("quarterly-nps", null, null, "es", null, null, TODAY);
        assertThat(spanish.matches(named("es-MX"))).isTrue();
        assertThat(spanish.matches(named("ES-es"))).isTrue();
        assertThat(spanish.matches(named("es"))).isTrue();
        assertThat(spanish.matches(named("en-US"))).isFalse();
        assertThat(spanish.matches(named("est-EE"))).as("a longer language subtag is another language").isFalse();
        SessionFilter mexican = SessionFilter.of("quarterly-nps", null, null, "ES-mx", null, null, TODAY);
        assertThat(mexican.matches(named("es-MX"))).isTrue();
        assertThat(mexican.matches(named("es-ES"))).isFalse();
        assertThat(mexican.matches(named("es"))).as("a range narrower than the tag").isFalse();
    }

    private static FinishedName named(String language) {
        return FinishedName.parse("COMPLETED.sms." + language + ".0f0e.json").orElseThrow();
    }
}
