package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.consent.RespondentTimeZones;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contact hours: parsing, the respondent's zones, and the next allowed moment across zones and weekends. */
class ContactHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private final ContactHours weekdays = ContactHours.parse("MON-FRI", "09:00-20:00");

    @Test
    void parsesRangesAndListsOfDays() {
        assertThat(ContactHours.parse("mon-wed,SAT", "08:30-21:00")).isEqualTo(new ContactHours(
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.SATURDAY),
                LocalTime.of(8, 30), LocalTime.of(21, 0)));
        assertThat(ContactHours.parse("FRI-MON", "10:00-18:00").days()).containsExactlyInAnyOrder(
                DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    @Test
    void refusesWhatDoesNotParseSayingWhat() {
        assertThatThrownBy(() -> ContactHours.parse("MON-FUN", "09:00-20:00")).hasMessageContaining("FUN");
        assertThatThrownBy(() -> ContactHours.parse("MON", "20:00-09:00")).hasMessageContaining("start before");
        assertThatThrownBy(() -> ContactHours.parse("MON", "9am-5pm")).hasMessage("\"9am\" in \"9am-5pm\" is no time "
                + "of day: write HH:MM, from 00:00 to 23:59");
        assertThatThrownBy(() -> ContactHours.parse("MON", "9-17")).hasMessageContaining("no time of day");
        assertThatThrownBy(() -> ContactHours.parse("MON", "24:00-23:00")).hasMessageContaining("no time of day");
        assertThatThrownBy(() -> ContactHours.parse("MON", "09:00")).hasMessageContaining("09:00-20:00");
    }

    /**
     * A single-digit hour and 24:00 as the end of the day are taken: until 2026-12-07 "9:00-17:00" and "08:00-24:00"
     * were told they were "not a range of hours" (a survey author's probe), and 23:59 left the last minute out.
     */
    @Test
    void takesASingleDigitHourAndMidnightAsTheEnd() {
        assertThat(ContactHours.parse("MON", "9:00-17:00")).isEqualTo(ContactHours.parse("MON", "09:00-17:00"));
        ContactHours untilMidnight = ContactHours.parse("MON-SUN", "08:00-24:00");
        assertThat(untilMidnight.allows(Instant.parse("2026-12-01T23:59:30Z"), List.of(ZoneOffset.UTC))).isTrue();
        assertThat(untilMidnight.allows(Instant.parse("2026-12-02T07:59:00Z"), List.of(ZoneOffset.UTC))).isFalse();
        assertThat(untilMidnight).hasToString("MON,TUE,WED,THU,FRI,SAT,SUN 08:00-24:00");
    }

    @Test
    void anAllowedMomentIsNow() {
        Instant tuesdayNoonInNewYork = Instant.parse("2026-12-01T17:00:00Z");
        assertThat(weekdays.nextAllowed(tuesdayNoonInNewYork, List.of(NEW_YORK))).contains(tuesdayNoonInNewYork);
    }

    @Test
    void aLateEveningWaitsForNineTheNextMorningInTheRespondentsZone() {
        Instant mondayTenPmInNewYork = Instant.parse("2026-12-01T03:00:00Z");
        assertThat(weekdays.nextAllowed(mondayTenPmInNewYork, List.of(NEW_YORK)))
                .contains(Instant.parse("2026-12-01T14:00:00Z"));
    }

    @Test
    void aFridayEveningWaitsForMonday() {
        Instant fridayNinePmInNewYork = Instant.parse("2026-12-05T02:00:00Z");
        assertThat(weekdays.nextAllowed(fridayNinePmInNewYork, List.of(NEW_YORK)))
                .contains(Instant.parse("2026-12-07T14:00:00Z"));
    }

    @Test
    void aNumberSpanningZonesWaitsUntilItIsAllowedInAllOfThem() {
        Instant eightAmInLosAngeles = Instant.parse("2026-12-01T16:00:00Z");
        assertThat(weekdays.allows(eightAmInLosAngeles, List.of(NEW_YORK))).isTrue();
        assertThat(weekdays.nextAllowed(eightAmInLosAngeles, List.of(NEW_YORK, LOS_ANGELES)))
                .contains(Instant.parse("2026-12-01T17:00:00Z"));
    }

    @Test
    void theZonesComeFromTheCountryAndAreaCode() {
        RespondentTimeZones zones = new RespondentTimeZones(ZoneOffset.UTC);
        assertThat(zones.of(new E164("+12125550123")).zones()).containsExactly(NEW_YORK);
        assertThat(zones.of(new E164("+14155550123")).zones()).containsExactly(LOS_ANGELES);
        assertThat(zones.of(new E164("+33142685300")).zones()).containsExactly(ZoneId.of("Europe/Paris"));
        assertThat(zones.of(new E164("+81332241234")).zones()).containsExactly(ZoneId.of("Asia/Tokyo"));
        assertThat(zones.of(new E164("+15550100123")).zones()).as("a 555 number's area code is unknown: anywhere in "
                + "the NANP (RespondentTimeZonesTest)").hasSize(42).contains(NEW_YORK, LOS_ANGELES);
    }
}
