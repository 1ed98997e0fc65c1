package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.surveyrelay.web.HttpProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionFilterTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-04");
    /** Noon of {@link #TODAY} in UTC: the same day in every zone from UTC-12 to UTC+11. */
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static SessionFilter range(String from, String to) {
        return SessionFilter.of("customer-satisfaction", null, null, null, from, to, null, NOW);
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
        SessionFilter futureAlone = range("2026-12-05", null);
        assertThat(List.of(futureAlone.from(), futureAlone.to())).as("as with a to after it: empty, not refused")
                .containsExactly(LocalDate.parse("2026-12-05"), LocalDate.parse("2026-12-05"));
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
        SessionFilter spanish = SessionFilter.of("quarterly-nps", null, null, "es", null, null, null, NOW);
        assertThat(spanish.matches(named("es-MX"))).isTrue();
        assertThat(spanish.matches(named("ES-es"))).isTrue();
        assertThat(spanish.matches(named("es"))).isTrue();
        assertThat(spanish.matches(named("en-US"))).isFalse();
        assertThat(spanish.matches(named("est-EE"))).as("a longer language subtag is another language").isFalse();
        SessionFilter mexican = SessionFilter.of("quarterly-nps", null, null, "ES-mx", null, null, null, NOW);
        assertThat(mexican.matches(named("es-MX"))).isTrue();
        assertThat(mexican.matches(named("es-ES"))).isFalse();
        assertThat(mexican.matches(named("es"))).as("a range narrower than the tag").isFalse();
        // As a start's defaultLanguage reads it: refused invalid_language until 2026-12-06.
        SessionFilter underscored = SessionFilter.of("quarterly-nps", null, null, "es_mx", null, null, null, NOW);
        assertThat(underscored.matches(named("es-MX"))).isTrue();
        assertThat(underscored.matches(named("es-ES"))).isFalse();
    }

    /**
     * A language's name is no tag: "English" passed until 2026-12-07 and matched no session, an empty export that
     * looked valid (a newcomer's probe). It is refused, naming the code a name in English or in itself stands for.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "English|language must be a language tag such as es, es-MX or es-419 (did you mean en?).",
        "español|language must be a language tag such as es, es-MX or es-419 (did you mean es?).",
        "Francais|language must be a language tag such as es, es-MX or es-419 (did you mean fr?).",
        "klingonese|language must be a language tag such as es, es-MX or es-419.",
        "Yiddish|language must be a language tag such as es, es-MX or es-419 (did you mean yi?).",
        // A name in either part passed until 2026-12-07 ("en-English" as a BCP 47 variant), an empty export.
        "en-English|language must be a language tag such as es, es-MX or es-419.",
        "English-US|language must be a language tag such as es, es-MX or es-419 (did you mean en-US?).",
        "es-Mexico|language must be a language tag such as es, es-MX or es-419.",
        "eng|language eng is written en in the sessions' tags (ISO 639-1); use en.",
        "spa-MX|language spa is written es in the sessions' tags (ISO 639-1); use es-MX."})
    void aLanguagesNameIsRefusedNamingItsCode(String name, String message) {
        assertThatThrownBy(() -> SessionFilter.of("quarterly-nps", null, null, name, null, null, null, NOW))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("invalid_language");
                    assertThat(problem.getMessage()).isEqualTo(message);
                });
        assertThat(SessionFilter.of("quarterly-nps", null, null, "fil-PH", null, null, null, NOW).matches(
                named("fil-PH"))).as("a three-letter code").isTrue();
        assertThat(SessionFilter.of("quarterly-nps", null, null, "es-419", null, null, null, NOW).matches(
                named("es-419"))).as("a region of three digits").isTrue();
        assertThat(SessionFilter.of("quarterly-nps", null, null, "zh-hant-tw", null, null, null, NOW).matches(
                named("zh-Hant-TW"))).as("a script and a region").isTrue();
    }

    private static SessionFilter zoned(String from, String to, String timeZone) {
        return SessionFilter.of("customer-satisfaction", null, null, null, from, to, timeZone, NOW);
    }

    private static JsonNode startedAt(String instant) {
        return JsonNodeFactory.instance.objectNode().put("surveyStarted", instant);
    }

    /**
     * With a timeZone, from and to are that zone's days: a day in Asia/Tokyo (UTC+9) runs from 15:00 UTC the day
     * before, one in America/Los_Angeles (UTC-8 in November) to 08:00 UTC the day after, so each spans two UTC day
     * folders. Until 2026-12-05 every day was a UTC day.
     */
    @Test
    void daysInAZoneRunFromItsMidnightToItsNextAcrossTwoUtcFolders() {
        SessionFilter tokyo = zoned("2026-11-11", "2026-11-11", "Asia/Tokyo");
        assertThat(List.of(tokyo.start(), tokyo.end())).containsExactly(Instant.parse("2026-11-10T15:00:00Z"),
                Instant.parse("2026-11-11T15:00:00Z"));
        assertThat(List.of(tokyo.firstFolder(), tokyo.lastFolder())).containsExactly(LocalDate.parse("2026-11-10"),
                LocalDate.parse("2026-11-11"));
        SessionFilter losAngeles = zoned("2026-11-10", "2026-11-10", "America/Los_Angeles");
        assertThat(List.of(losAngeles.start(), losAngeles.end())).containsExactly(
                Instant.parse("2026-11-10T08:00:00Z"), Instant.parse("2026-11-11T08:00:00Z"));
        assertThat(List.of(losAngeles.firstFolder(), losAngeles.lastFolder())).containsExactly(
                LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-11"));
        SessionFilter utc = range("2026-11-10", "2026-11-12");
        assertThat(List.of(utc.zone(), utc.firstFolder(), utc.lastFolder())).containsExactly(ZoneOffset.UTC,
                LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-12"));

        JsonNode lateOnTheTenth = startedAt("2026-11-10T23:30:00Z");
        LocalDate tenth = LocalDate.parse("2026-11-10");
        assertThat(tokyo.startedWithin(tenth, lateOnTheTenth)).as("08:30 on the 11th in Tokyo").isTrue();
        assertThat(tokyo.startedWithin(tenth, startedAt("2026-11-10T14:59:59.999Z"))).as("23:59 on the 10th")
                .isFalse();
        assertThat(losAngeles.startedWithin(tenth, lateOnTheTenth)).as("15:30 on the 10th in Los Angeles").isTrue();
        assertThat(losAngeles.startedWithin(tenth, startedAt("2026-11-10T07:59:59Z"))).as("23:59 on the 9th")
                .isFalse();
        assertThat(losAngeles.startedWithin(LocalDate.parse("2026-11-11"), startedAt("2026-11-11T08:00:00Z")))
                .as("00:00 on the 11th").isFalse();
        assertThat(utc.startedWithin(tenth, startedAt("not a time"))).as("a UTC folder is all in or out").isTrue();
        assertThat(tokyo.startedWithin(tenth, startedAt("not a time"))).as("counted at its folder's midnight, 09:00 "
                + "on the 10th in Tokyo").isFalse();
        assertThat(zoned("2026-11-10", "2026-11-10", "Asia/Tokyo").startedWithin(tenth, startedAt("not a time")))
                .isTrue();
    }

    /** A day on which the zone's clocks change is as long as it is there: 23 hours in spring, 25 in autumn. */
    @Test
    void aDayOnWhichTheClocksChangeIsTwentyThreeOrTwentyFiveHours() {
        SessionFilter spring = zoned("2026-03-08", "2026-03-08", "America/Los_Angeles");
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        assertThat(spring.end()).isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
        SessionFilter autumn = zoned("2026-11-01", "2026-11-01", "America/Los_Angeles");
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
        assertThat(autumn.start()).isEqualTo(Instant.parse("2026-11-01T07:00:00Z"));
    }

    /** Today, the default end and what a to after today counts as, is today in the zone. */
    @Test
    void todayIsTodayInTheZone() {
        // NOW is 02:00 on 2026-12-05 in Kiritimati (UTC+14).
        SessionFilter ahead = zoned(null, "9999-12-31", "Pacific/Kiritimati");
        assertThat(List.of(ahead.from(), ahead.to())).containsExactly(LocalDate.parse("2026-11-06"),
                LocalDate.parse("2026-12-05"));
        assertThat(zoned(null, null, "Pacific/Kiritimati").to()).isEqualTo(LocalDate.parse("2026-12-05"));
        assertThat(zoned(null, null, null).to()).isEqualTo(TODAY);
    }

    /**
     * A timeZone is an IANA id, as a start's is; UTC by another name is no zone at all. An offset (no daylight saving
     * time), an abbreviation, a typo or a made-up zone is refused saying what is taken, before the dates are read.
     */
    @Test
    void aTimeZoneIsAnIanaIdAndAnythingElseIsRefusedSayingSo() {
        assertThat(zoned(null, null, " Europe/Paris ").zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        for (String utc : List.of("UTC", "Etc/UTC", "Etc/GMT", "")) {
            assertThat(zoned(null, null, utc).zone()).as(utc).isEqualTo(ZoneOffset.UTC);
        }
        for (String notAZone : List.of("Mars/Olympus_Mons", "+09:00", "UTC+9", "Z", "Asia/Tokio", "Asia/Tokyo/",
                "PST", "EST", "x/" + "x".repeat(5000), "Asia/Tokyo\u0000", "SystemV/AST4")) {
            assertThatThrownBy(() -> zoned("not a day", null, notAZone)).as(notAZone)
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.code()).isEqualTo("invalid_time_zone");
                        assertThat(problem.getMessage()).isEqualTo("timeZone must be an IANA time zone like "
                                + "America/Chicago.");
                    });
        }
        assertThatThrownBy(() -> zoned("yesterday", null, "Asia/Tokyo"))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .isEqualTo("from must be a day as yyyy-MM-dd (Asia/Tokyo) in ASCII digits, from 0000-01-01 "
                                + "to 9999-12-31, e.g. 2026-11-30."));
    }

    /**
     * A query string reads {@code +} as a space, so {@code ?timeZone=Etc/GMT+0} sent unencoded arrives as
     * {@code Etc/GMT 0}: the refusal says how to send it, where the bare message left a valid IANA id looking refused.
     * A space that no {@code +} explains is refused as any other non-zone, and an {@code Etc/GMT+5} whose {@code +}
     * arrived as a space gets the refusal it gets sent encoded (it is no zone the results API takes), not the advice to
     * send it so.
     */
    @Test
    void aTimeZoneWhosePlusArrivedAsASpaceIsRefusedSayingToSendItEncoded() {
        assertThatThrownBy(() -> SessionPages.filter("customer-satisfaction",
                ResultsQuery.parse("timeZone=Etc/GMT+0", SessionPages.FILTERS), NOW))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("invalid_time_zone");
                    assertThat(problem.getMessage()).isEqualTo("timeZone must be an IANA time zone like "
                            + "America/Chicago; a + in a query string reads as a space, so send Etc/GMT+0 as "
                            + "Etc/GMT%2B0.");
                });
        assertThat(SessionPages.filter("customer-satisfaction",
                ResultsQuery.parse("timeZone=Etc/GMT%2B0", SessionPages.FILTERS), NOW).zone())
                .isEqualTo(ZoneOffset.UTC);
        assertThatThrownBy(() -> SessionPages.filter("customer-satisfaction",
                ResultsQuery.parse("timeZone=Etc/GMT+5", SessionPages.FILTERS), NOW))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .isEqualTo(INVERTED_GMT_PLUS_5));
        // A space that was no "+" is told the id it most likely meant (no hint until 2026-12-07: a newcomer's probe).
        assertThatThrownBy(() -> zoned(null, null, "America/New York"))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .isEqualTo("timeZone must be an IANA time zone like America/Chicago. Did you mean "
                                + "America/New_York? Zone ids write _ for a space."));
    }

    private static final String INVERTED_GMT_PLUS_5 = "timeZone must be an IANA time zone like America/Chicago, not "
            + "Etc/GMT+5, which is UTC-05:00 (the IANA database inverts the sign of its Etc/GMT zones): give the place "
            + "whose days you mean.";

    /**
     * {@code Etc/GMT+5} is UTC-05:00, not +05:00 (the IANA database keeps POSIX's sign): a start refuses it for a
     * respondent's zone, but the results API took it for its days, so a researcher in Pakistan asking for
     * {@code Etc/GMT+5}'s yesterday got days ten hours off, and every count looked right. It is refused with the
     * start's message, its end saying what to give instead; {@code Etc/GMT+0}, {@code Etc/GMT-0} and {@code Etc/GMT}
     * are UTC and stay taken, as a start takes them.
     */
    @Test
    void anEtcGmtZoneWhoseSignReadsBackwardsIsRefusedAsAStartRefusesIt() {
        for (String inverted : List.of("Etc/GMT+5", "Etc/GMT-14", "Etc/GMT+12", " Etc/GMT-1 ")) {
            assertThatThrownBy(() -> zoned(null, null, inverted)).as(inverted)
                    .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.code()).isEqualTo("invalid_time_zone");
                        assertThat(problem.getMessage()).startsWith("timeZone must be an IANA time zone like "
                                + "America/Chicago, not " + inverted.strip() + ", which is UTC")
                                .endsWith(" (the IANA database inverts the sign of its Etc/GMT zones): give the place "
                                        + "whose days you mean.");
                    });
        }
        assertThatThrownBy(() -> zoned(null, null, "Etc/GMT+5")).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.getMessage()).isEqualTo(INVERTED_GMT_PLUS_5));
        for (String utc : List.of("Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "Etc/GMT")) {
            assertThat(zoned(null, null, utc).zone()).as(utc).isEqualTo(ZoneOffset.UTC);
        }
    }

    private static FinishedName named(String language) {
        return FinishedName.parse("COMPLETED.sms." + language + ".0f0e.json").orElseThrow();
    }
}
