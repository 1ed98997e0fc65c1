package com.surveyrelay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** How a time zone a request or a campaign row gives is taken or refused. */
class IanaTimeZoneTest {

    @Test
    void anIanaZoneIsTaken() {
        assertThat(IanaTimeZone.parse("Europe/Paris", "timeZone")).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    /**
     * An IANA id without a slash that keeps its region's rules was refused, as a browser set to one learnt on the
     * dashboard (a breaker's probe, 2026-12-08); a fixed offset ({@code EST}, no daylight time) still is.
     */
    @Test
    void anIdWithoutASlashThatKeepsDaylightTimeIsTaken() {
        for (String id : java.util.List.of("PST8PDT", "EST5EDT", "CET", "Japan", "Singapore", "NZ", "Egypt")) {
            assertThat(IanaTimeZone.parse(id, "timeZone")).as(id).isEqualTo(ZoneId.of(id));
        }
        for (String fixed : java.util.List.of("EST", "MST", "HST", "PST")) {
            assertThatThrownBy(() -> IanaTimeZone.parse(fixed, "timeZone")).as(fixed).isInstanceOf(HttpProblem.class);
        }
    }

    /** A zone written in the wrong case got the same line as "EST" (an operator's probe, 2026-12-07): it is named. */
    @Test
    void aZoneInTheWrongCaseIsRefusedNamingTheZoneItMeant() {
        assertThatThrownBy(() -> IanaTimeZone.parse("europe/paris", "timeZone")).isInstanceOf(HttpProblem.class)
                .hasMessage("timeZone must be an IANA time zone like America/Chicago. Did you mean Europe/Paris? "
                        + "Zone ids are case-sensitive.");
        assertThatThrownBy(() -> IanaTimeZone.parse("utc", "timeZone")).as("UTC's names too (an analyst's probe)")
                .isInstanceOf(HttpProblem.class).hasMessage("timeZone must be an IANA time zone like America/Chicago. "
                        + "Did you mean UTC? Zone ids are case-sensitive.");
        assertThatThrownBy(() -> IanaTimeZone.parse("EST", "timeZone")).isInstanceOf(HttpProblem.class)
                .hasMessage("timeZone must be an IANA time zone like America/Chicago.");
        // A space for the underscore got no hint (a newcomer's probe, 2026-12-07).
        assertThatThrownBy(() -> IanaTimeZone.parse("America/New York", "timeZone")).isInstanceOf(HttpProblem.class)
                .hasMessage("timeZone must be an IANA time zone like America/Chicago. Did you mean America/New_York? "
                        + "Zone ids write _ for a space.");
        assertThatThrownBy(() -> IanaTimeZone.parse("america/new york", "timeZone")).isInstanceOf(HttpProblem.class)
                .hasMessageEndingWith("Did you mean America/New_York? Zone ids write _ for a space.");
    }
}
