package com.surveyrelay.survey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a respondent may be contacted, in their own time zone: the days of the week and the hours of each
 * (outside them are quiet hours). The US TCPA forbids telemarketing calls before 8 a.m. and after 9 p.m. local
 * time (47 CFR 64.1200(c)(1)), several states narrow that further, and other countries have their own; the
 * window is the survey owner's to set.
 *
 * @param days the allowed days, at least one
 * @param from the first allowed minute of an allowed day
 * @param to the end of the allowed hours, after {@code from} (a window does not span midnight)
 */
public record ContactHours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public ContactHours {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (days.isEmpty() || !from.isBefore(to)) {
            throw new IllegalArgumentException("contact hours need at least one day and a start before the end");
        }
    }

    /**
     * Contact hours from their text form.
     *
     * @param dayList days as {@code MON-FRI}, {@code MON,WED,SAT} or a mix ({@code MON-FRI,SUN}); English
     *     three-letter names, any case
     * @param hours {@code HH:mm-HH:mm}, 24-hour ({@code 9:00} too), start before end; {@code 24:00} ends at midnight
     * @throws IllegalArgumentException naming what does not parse
     */
    public static ContactHours parse(String dayList, String hours) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : dayList.split(",")) {
            String[] range = part.strip().split("-");
            if (range.length > 2 || range[0].isBlank()) {
                throw new IllegalArgumentException("\"" + dayList + "\" is not a list of days like MON-FRI,SAT");
            }
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : first;
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    break;
                }
            }
        }
        String[] times = hours.strip().split("-");
        if (times.length != 2) {
            throw new IllegalArgumentException("\"" + hours + "\" is not a range of hours like 09:00-20:00");
        }
        LocalTime from = time(times[0], hours, false);
        LocalTime to = time(times[1], hours, true);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("\"" + hours + "\" must start before it ends, within one day");
        }
        return new ContactHours(days, from, to);
    }

    /** A time as {@code 9:00} or {@code 09:00}; {@code 24:00}, at the end of a range, the end of the day. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /**
     * One end of a range of hours: {@code 09:00} or {@code 9:00}, and, as its end, {@code 24:00} for midnight (until
     * 2026-12-07 both "9:00-17:00" and "08:00-24:00" were told they were "not a range of hours", a survey author's
     * probe; 23:59 then left the last minute out).
     */
    private static LocalTime time(String text, String hours, boolean end) {
        String written = text.strip();
        if (end && written.equals("24:00")) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.parse(written, TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + written + "\" in \"" + hours + "\" is no time of day: write "
                    + "HH:MM, from 00:00 to 23:59" + (end ? ", or 24:00 for midnight" : ""));
        }
    }

    private static DayOfWeek day(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().startsWith(wanted) && wanted.length() >= 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("\"" + name.strip() + "\" is not a day (MON, TUE, ... SUN)");
    }

    /** True when {@code at} falls inside the allowed hours in every one of {@code zones}. */
    public boolean allows(Instant at, List<ZoneId> zones) {
        return zones.stream().allMatch(zone -> allows(at.atZone(zone)));
    }

    private boolean allows(ZonedDateTime local) {
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }

    /**
     * The first instant from {@code now} on that is inside the allowed hours in every zone: {@code now} itself when
     * it is. A number whose area spans zones waits for a moment allowed in all of them.
     *
     * @return that instant; empty when the zones' windows never meet within two weeks (windows too narrow for the
     *     spread of zones, such as Russia's eleven for a working day)
     */
    public Optional<Instant> nextAllowed(Instant now, List<ZoneId> zones) {
        if (allows(now, zones)) {
            return Optional.of(now);
        }
        // Candidates: each zone's window openings over the next fortnight, earliest first.
        List<Instant> openings = new ArrayList<>();
        for (ZoneId zone : zones) {
            LocalDate day = now.atZone(zone).toLocalDate();
            for (int i = 0; i <= 14; i++) {
                ZonedDateTime opening = day.plusDays(i).atTime(from).atZone(zone);
                if (opening.toInstant().isAfter(now)) {
                    openings.add(opening.toInstant());
                }
            }
        }
        return openings.stream().sorted().filter(candidate -> allows(candidate, zones)).findFirst();
    }

    @Override
    public String toString() {
        // In the week's order, as CONTACT_DAYS is written: "MON,TUE,WED,THU,FRI 09:00-17:00".
        return days.stream().sorted().map(day -> day.name().substring(0, 3))
                .collect(Collectors.joining(",")) + " " + from + "-" + (to.equals(LocalTime.MAX) ? "24:00" : to);
    }
}
