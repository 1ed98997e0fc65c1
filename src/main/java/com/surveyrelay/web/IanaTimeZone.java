package com.surveyrelay.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * A {@code timeZone} a request names: an IANA time zone id such as {@code America/Chicago}, or {@code UTC} (or
 * another of the database's names for it, {@code GMT}, {@code Zulu}). One rule
 * for every field of that name, so a zone a start takes for quiet hours is one the results API takes for its days
 * (since 2026-12-05), and the reverse. An offset ({@code +02:00}) or an abbreviation ({@code EST}) keeps no daylight
 * saving time, so a zone given as one would be an hour off for half the year; an id without a slash that keeps its
 * region's rules ({@code Japan}, {@code CET}, {@code PST8PDT}) is taken. A respondent's zone
 * ({@link #parseRespondentZone}) and the results API's days ({@link #parseSignedAsWritten}) refuse the
 * {@code Etc/GMT+N} ids too, whose sign reads backwards.
 */
public final class IanaTimeZone {

    /** Longer than any IANA id (the longest is 32 characters): refused without asking java.time. */
    private static final int MAX_LENGTH = 64;

    /**
     * The IANA database's names for UTC without a region ({@code backward} and {@code etcetera} files): accepted as
     * {@code UTC} is. Until 2026-12-06 only {@code UTC} was, so {@code GMT0} was refused while the old link
     * {@code US/Eastern} was taken (break-it probe).
     */
    private static final java.util.Set<String> UTC_NAMES = java.util.Set.of("UTC", "GMT", "GMT0", "GMT+0", "GMT-0",
            "UCT", "Universal", "Zulu", "Greenwich");

    /** IANA's fixed-offset zones, {@code Etc/GMT+5} being five hours behind UTC (POSIX's sign, inverted). */
    private static final Pattern POSIX_SIGNED = Pattern.compile("Etc/GMT([+-])0*([1-9][0-9]?)");

    private IanaTimeZone() {
    }

    /**
     * A respondent's zone, which sets their quiet hours: as {@link #parse}, and also refusing {@code Etc/GMT+N} and
     * {@code Etc/GMT-N} (N from 1 to 14). The IANA database keeps POSIX's sign for those, so {@code Etc/GMT+5} is
     * UTC-05:00; a sender meaning Pakistan's UTC+05:00 would have the respondent contacted ten hours off their day,
     * at night. {@code Etc/GMT}, {@code Etc/GMT+0} and {@code Etc/GMT-0} are UTC and stay accepted. A zone already
     * stored (a deferred start's) is read with {@link ZoneId#of} and not refused again.
     *
     * @param text the field's value, or null
     * @param field the field's name as the caller wrote it, for the error message
     * @return the zone, or null when {@code text} is null or blank
     * @throws HttpProblem {@code 400 invalid_time_zone}: as {@link #parse}, or for an {@code Etc/GMT+N} id, saying
     *     which offset it is and to give the respondent's place instead
     */
    public static ZoneId parseRespondentZone(String text, String field) {
        return parseSignedAsWritten(text, field, "give the respondent's place, whose quiet hours also follow "
                + "daylight saving time.");
    }

    /**
     * A zone whose offset a reader takes from its name, as {@link #parseRespondentZone} reads a respondent's and the
     * results API its days' ({@code timeZone}, since 2026-12-05): as {@link #parse}, refusing the {@code Etc/GMT+N}
     * and {@code Etc/GMT-N} ids (N from 1 to 14) with the same message, whose end says what to give instead.
     *
     * @param text the field's value, or null
     * @param field the field's name as the caller wrote it, for the error message
     * @param instead the refusal's last words, after the offset the id is: what to give instead, ending with a full
     *     stop
     * @return the zone, or null when {@code text} is null or blank
     * @throws HttpProblem {@code 400 invalid_time_zone}: as {@link #parse}, or for an {@code Etc/GMT+N} id, saying
     *     which offset it is ({@code timeZone must be an IANA time zone like America/Chicago, not Etc/GMT+5, which
     *     is UTC-05:00 (the IANA database inverts the sign of its Etc/GMT zones): } and {@code instead})
     */
    public static ZoneId parseSignedAsWritten(String text, String field, String instead) {
        ZoneId zone = parse(text, field);
        if (zone != null && isPosixSigned(zone)) {
            throw new HttpProblem(400, "invalid_time_zone", field + " must be an IANA time zone like America/Chicago, "
                    + "not " + zone.getId() + ", which is UTC" + zone.getRules().getOffset(Instant.EPOCH)
                    + " (the IANA database inverts the sign of its Etc/GMT zones): " + instead);
        }
        return zone;
    }

    /**
     * True for {@code Etc/GMT+N} and {@code Etc/GMT-N} with N from 1 to 14, the ids whose sign reads backwards
     * ({@code Etc/GMT+5} is UTC-05:00); false for every other zone, {@code Etc/GMT+0} included.
     */
    public static boolean isPosixSigned(ZoneId zone) {
        return POSIX_SIGNED.matcher(zone.getId()).matches();
    }

    /**
     * The zone a field names, exactly as spelled (IANA ids are case-sensitive): an {@code Area/Location} id, one
     * of the IANA database's names for UTC ({@code UTC}, {@code GMT}, {@code GMT0}, {@code Zulu}, ...), or an id
     * without a slash that keeps its region's rules ({@code Japan}, {@code CET}, {@code PST8PDT}).
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
                    || UTC_NAMES.contains(zone) || regionWithoutSlash(zone))) {
                return ZoneId.of(zone);
            }
        } catch (DateTimeException e) {
            // answered below
        }
        String spaced = zone.strip().replace(' ', '_');
        throw new HttpProblem(400, "invalid_time_zone", field + " must be an IANA time zone like America/Chicago."
                + sameButForCase(zone).map(known -> " Did you mean " + known + "? Zone ids are case-sensitive.")
                        // "America/New York" got no hint (a newcomer's probe, 2026-12-07): ids write _ for a space.
                        .or(() -> spaced.equals(zone) ? java.util.Optional.empty() : sameButForCase(spaced).map(
                                known -> " Did you mean " + known + "? Zone ids write _ for a space."))
                        .orElse(""));
    }

    /**
     * True for an IANA id without a slash that keeps its region's rules, daylight saving time and all: a
     * {@code backward} link ({@code Japan}, {@code Singapore}, {@code NZ}) or a rule-following zone ({@code CET},
     * {@code PST8PDT}, {@code EST5EDT}), as {@code US/Pacific} was taken; not a fixed offset ({@code EST}, {@code MST},
     * {@code HST}, an hour off in summer). Until 2026-12-08 each was refused, and the dashboard of a browser set to
     * {@code PST8PDT} said the service did not know its zone (a breaker's probe).
     */
    private static boolean regionWithoutSlash(String zone) {
        return ZoneId.getAvailableZoneIds().contains(zone) && !ZoneId.of(zone).getRules().isFixedOffset();
    }

    /**
     * The zone {@code zone} names but for case ("europe/paris" is Europe/Paris), which a tired operator does not see
     * (until 2026-12-07 it got the same line as "EST": an operator's probe); empty when none does.
     */
    private static java.util.Optional<String> sameButForCase(String zone) {
        // UTC's names too: "utc" got no hint until 2026-12-07 (an analyst's probe).
        return zone.length() > MAX_LENGTH ? java.util.Optional.empty() : java.util.stream.Stream.concat(
                UTC_NAMES.stream().sorted(), ZoneId.getAvailableZoneIds().stream()
                        .filter(id -> id.contains("/") && !id.startsWith("SystemV/")))
                .filter(id -> id.equalsIgnoreCase(zone)).findFirst();
    }
}
