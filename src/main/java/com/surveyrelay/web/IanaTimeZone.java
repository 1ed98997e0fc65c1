package com.surveyrelay.web;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * A {@code timeZone} a request names: an IANA time zone id such as {@code America/Chicago}, or {@code UTC}. One rule
 * for every field of that name, so a zone a start takes for quiet hours is one the results API takes for its days
 * (since 2026-12-05), and the reverse. An offset ({@code +02:00}) or an abbreviation ({@code EST}) keeps no daylight
 * saving time, so a zone given as one would be an hour off for half the year.
 */
public final class IanaTimeZone {

    /** Longer than any IANA id (the longest is 32 characters): refused without asking java.time. */
    private static final int MAX_LENGTH = 64;

    private IanaTimeZone() {
    }

    /**
     * The zone a field names, exactly as spelled (IANA ids are case-sensitive).
     *
     * @param text the field's value, or null
     * @param field the field's name as the caller wrote it, for the error message ({@code timeZone},
     *     {@code detail.timeZone})
     * @return the zone, or null when {@code text} is null or blank
     * @throws HttpProblem {@code 400 invalid_time_zone} for anything else (an offset, an abbreviation like EST, one of
     *     Java's own {@code SystemV/} zones, an id java.time does not know)
     */
    public static ZoneId parse(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String zone = text.strip();
        try {
            // Java's SystemV/ zones (SystemV/AST4) are no IANA zones; an abbreviation (EST) is ambiguous to people,
            // and in the IANA database EST keeps no daylight time, so summer quiet hours would be an hour off.
            if (zone.length() <= MAX_LENGTH && (zone.contains("/") && !zone.startsWith("SystemV/")
                    || zone.equals("UTC"))) {
                return ZoneId.of(zone);
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw new HttpProblem(400, "invalid_time_zone", field + " must be an IANA time zone like America/Chicago.");
    }
}
