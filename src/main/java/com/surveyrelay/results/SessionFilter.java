package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.LanguageTags;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.IanaTimeZone;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which finished sessions of one survey a results request asks for, checked once for the list, both exports and the
 * summary: the day range by {@code surveyStarted}, days in UTC or in the request's {@code timeZone}, and optionally
 * one status, one channel and one language. Status, channel and language are read from the object names alone (see
 * {@link FinishedName}); the survey version, which the names do not carry, is {@link VersionFilter}'s, applied to the
 * documents read.
 *
 * <p>The results sink files a session under the UTC day it started ({@code ResultExports}). A day in another zone
 * spans two UTC days (a day in Asia/Tokyo is 15:00 UTC to 15:00 UTC the next day), so a zoned range is listed in the
 * UTC day folders from {@link #firstFolder} to {@link #lastFolder}, and the documents of the first and the last folder
 * are kept only when they started inside the range ({@link #startedWithin}); in UTC, every listed folder is wholly
 * inside and nothing is checked, as before {@code timeZone} (2026-12-05).
 *
 * @param surveyId a valid survey id (the caller checked it names a survey)
 * @param status one final status, or null for all
 * @param channel one channel, or null for all
 * @param language one language range, or null for all: a session's tag matches it as in RFC 4647's basic filtering
 *     (section 3.3.1), ignoring case: {@code es-MX} matches {@code es-MX}, and a bare {@code es} every Spanish tag
 *     ({@code es}, {@code es-MX}, {@code es-ES}), as a start takes a bare {@code es} for the survey's Spanish
 * @param from the first day, inclusive
 * @param to the last day, inclusive; never before {@code from}, at most {@value #MAX_DAYS_APART} days after it
 * @param zone the zone {@code from} and {@code to} are days in: {@link ZoneOffset#UTC} unless the request named one
 */
record SessionFilter(String surveyId, SurveyStatus status, Channel channel, String language, LocalDate from,
                     LocalDate to, ZoneId zone) {

    /** A filter of days in UTC. */
    SessionFilter(String surveyId, SurveyStatus status, Channel channel, String language, LocalDate from,
                  LocalDate to) {
        this(surveyId, status, channel, language, from, to, ZoneOffset.UTC);
    }

    /** The widest range a request may name: {@code to} at most this many days after {@code from}. */
    static final int MAX_DAYS_APART = 366;
    /** The range when none is named: this many days up to today, today included. */
    static final int DEFAULT_DAYS = 30;
    /**
     * A day as yyyy-MM-dd in ASCII digits, any four-digit year: {@code 9999-12-31}, the usual "no end", is a date.
     * (Until 2026-12-04 only years 1000 to 2999 were, and the refusal said "must be a date".)
     */
    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /**
     * A language tag (BCP 47) as sessions carry them: an ISO 639 code of two or three letters, then subtags. A word of
     * four to eight letters ("English", "french") passed until 2026-12-07 and matched nothing, answering an empty
     * export (a newcomer's probe).
     */
    /**
     * A survey language's tag as the prompt files name them (language, then an optional script and region: {@code es},
     * {@code es-MX}, {@code zh-Hant-TW}, {@code es-419}), in any case. Until 2026-12-07 any BCP 47 subtags passed,
     * and {@code en-English} answered an empty export (a newcomer's probe).
     */
    private static final Pattern LANGUAGE_TAG =
            Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?");

    /**
     * The filter of a request's query parameters, each null when absent. {@code from} and {@code to} are days in
     * {@code timeZone} (in UTC without it): the range runs from the start of {@code from} there, inclusive, to the end
     * of {@code to}, exclusive, so a day is 23 or 25 hours long when the zone's clocks change on it. A {@code to} after
     * today (in that zone), or none, reads as today (or as {@code from}, when that is later still): no session starts
     * after today, so {@code to=9999-12-31}, the usual "no end", means up to now, for the default {@code from} and the
     * {@value #MAX_DAYS_APART}-day bound too, rather than a range far in the future that holds nothing.
     *
     * @param timeZone an IANA time zone id such as {@code America/Los_Angeles}, or null for UTC
     * @param now the current instant: today is its day in the zone, the default end of the range
     * @throws HttpProblem 400 {@code invalid_time_zone} (no IANA time zone id, or an {@code Etc/GMT+N} one, whose sign
     *     reads backwards: see {@link #zone}), {@code invalid_status} (not
     *     COMPLETED, ABANDONED or OPTED_OUT, any case), {@code invalid_channel} (not sms, voice or whatsapp),
     *     {@code invalid_language} (not a language tag), {@code invalid_date} (not yyyy-MM-dd with a four-digit year
     *     in ASCII digits, or no such day), {@code invalid_range} ({@code from} after {@code to}, or more than
     *     {@value #MAX_DAYS_APART} days apart)
     */
    static SessionFilter of(String surveyId, String status, String channel, String language, String from,
                            String to, String timeZone, Instant now) {
        ZoneId zone = zone(timeZone);
        String days = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate given = blank(from) ? null : day("from", from, days);
        // No to is the furthest one: today, or a from after today (an empty range, as with to=9999-12-31; until
        // 2026-12-06 a from after today was refused alone and taken beside any to after it).
        LocalDate asked = !blank(to) ? day("to", to, days) : given != null && given.isAfter(today) ? given : today;
        if (given != null && given.isAfter(asked)) {
            throw new HttpProblem(400, "invalid_range", "from (" + given + ") is after to (" + asked + ").");
        }
        LocalDate last = asked.isAfter(today) ? (given != null && given.isAfter(today) ? given : today) : asked;
        LocalDate first = given == null ? last.minusDays(DEFAULT_DAYS - 1) : given;
        if (ChronoUnit.DAYS.between(first, last) > MAX_DAYS_APART) {
            throw new HttpProblem(400, "invalid_range", "from and to are at most " + MAX_DAYS_APART + " days apart"
                    + (last.equals(asked) ? "" : " (a to after today, " + today + ", counts as today)")
                    + "; ask for the rest in another request.");
        }
        return new SessionFilter(surveyId, status(status), channel(channel), language(language), first, last, zone);
    }

    /**
     * The zone of a request's {@code timeZone} ({@link IanaTimeZone}, as a start's): {@link ZoneOffset#UTC} when it is
     * absent or names UTC under another id ({@code UTC}, {@code Etc/UTC}, {@code Etc/GMT}, {@code Etc/GMT+0}), so
     * those are the same filter as none. {@code Etc/GMT+N} and {@code Etc/GMT-N} (N from 1 to 14) are refused as a
     * respondent's {@code timeZone} is ({@link IanaTimeZone#parseSignedAsWritten}): the IANA database inverts their
     * sign, so {@code Etc/GMT+5} is UTC-05:00, and a researcher meaning UTC+05:00 got days ten hours off, every count
     * of them looking right (until 2026-12-05 they were taken).
     *
     * @throws HttpProblem 400 {@code invalid_time_zone} for anything but an IANA time zone id, and for an
     *     {@code Etc/GMT+N} id (the message says which offset it is); the message says to send a {@code +} as
     *     {@code %2B} when the value is a zone once its spaces are read back as {@code +}
     */
    static ZoneId zone(String timeZone) {
        ZoneId zone;
        try {
            zone = IanaTimeZone.parseSignedAsWritten(timeZone, "timeZone", INSTEAD_OF_INVERTED_SIGN);
        } catch (HttpProblem refused) {
            throw plusReadAsSpace(timeZone) ? new HttpProblem(400, "invalid_time_zone", "timeZone must be an IANA "
                    + "time zone like America/Chicago; a + in a query string reads as a space, so send "
                    + timeZone.strip().replace(' ', '+') + " as " + timeZone.strip().replace(" ", "%2B") + ".")
                    : refused;
        }
        return zone == null || zone.normalized().equals(ZoneOffset.UTC) ? ZoneOffset.UTC : zone;
    }

    /** What the refusal of an {@code Etc/GMT+N} {@code timeZone} asks for instead. */
    private static final String INSTEAD_OF_INVERTED_SIGN = "give the place whose days you mean.";

    /**
     * True when a refused {@code timeZone} is a zone with its {@code +} sent unencoded: a query string's {@code +}
     * is a space (application/x-www-form-urlencoded), so {@code ?timeZone=Etc/GMT+0} arrives as {@code Etc/GMT 0},
     * and the bare "must be an IANA time zone" left the sender looking at a valid id (probe E52, 2026-12-05).
     *
     * @throws HttpProblem 400 {@code invalid_time_zone} when it is one of the {@code Etc/GMT+N} ids, which are refused
     *     sent either way: that refusal, not the advice to send it encoded
     */
    private static boolean plusReadAsSpace(String timeZone) {
        String stripped = timeZone.strip();
        if (!stripped.contains(" ")) {
            return false;
        }
        try {
            if (IanaTimeZone.parse(stripped.replace(' ', '+'), "timeZone") == null) {
                return false;
            }
        } catch (HttpProblem stillNoZone) {
            return false;
        }
        return IanaTimeZone.parseSignedAsWritten(stripped.replace(' ', '+'), "timeZone", INSTEAD_OF_INVERTED_SIGN)
                != null;
    }

    /** The first instant of the range: the start of {@code from} in the zone. */
    Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the range: the start of the day after {@code to} in the zone. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The UTC day folder of the range's first instant: the oldest folder a listing walks. */
    LocalDate firstFolder() {
        return LocalDate.ofInstant(start(), ZoneOffset.UTC);
    }

    /** The UTC day folder of the range's last instant: the newest folder a listing walks. */
    LocalDate lastFolder() {
        return LocalDate.ofInstant(end().minusNanos(1), ZoneOffset.UTC);
    }

    /**
     * True when a session filed in this UTC day folder started within the range. A folder wholly inside the range
     * (every folder of a UTC range) holds only sessions that did; in a folder the range starts or ends in, the
     * session's {@code surveyStarted} tells. A document without a readable {@code surveyStarted} on its folder's day
     * (the sink writes none such) counts as started at the folder's midnight, so it is in exactly one of a run of
     * adjacent ranges, never in two or none.
     *
     * @param folder the UTC day the session is filed under
     * @param session its document
     */
    boolean startedWithin(LocalDate folder, JsonNode session) {
        Instant midnight = folder.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!midnight.isBefore(start()) && !folder.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .isAfter(end())) {
            return true;
        }
        Instant started = midnight;
        try {
            Instant stated = Instant.parse(session.path("surveyStarted").asText());
            if (LocalDate.ofInstant(stated, ZoneOffset.UTC).equals(folder)) {
                started = stated;
            }
        } catch (DateTimeParseException unreadable) {
            // counted at the folder's midnight, as said above
        }
        return !started.isBefore(start()) && started.isBefore(end());
    }

    /** True when a name in one of the range's day folders passes the status, channel and language filters. */
    boolean matches(FinishedName name) {
        return (status == null || status == name.status())
                && (channel == null || channel.value().equals(name.channel()))
                && (language == null || inRange(name.language()));
    }

    /**
     * RFC 4647 basic filtering (section 3.3.1): the tag is the range, or starts with it followed by a hyphen, ignoring
     * case. Until 2026-12-05 only the whole tag matched, so {@code language=es} found no {@code es-MX} session and
     * answered an empty page, export and summary as if nobody had answered in Spanish.
     */
    private boolean inRange(String tag) {
        return tag.equalsIgnoreCase(language)
                || tag.length() > language.length() && tag.charAt(language.length()) == '-'
                && tag.regionMatches(true, 0, language, 0, language.length());
    }

    /**
     * What every matching name in a day folder starts with: the status, and the channel after it, when both are
     * fixed, so S3 lists only those; empty when no status is.
     */
    String namePrefix() {
        if (status == null) {
            return "";
        }
        return status.name() + "." + (channel == null ? "" : channel.value() + ".");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static LocalDate day(String name, String value, String days) {
        try {
            // ASCII, four-digit years only: ISO's parser also reads signed and extended years ("-999999999-01-01").
            if (!DAY.matcher(value.strip()).matches()) {
                throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
            }
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new HttpProblem(400, "invalid_date", name + " must be a day as yyyy-MM-dd (" + days
                    + ") in ASCII digits, from 0000-01-01 to 9999-12-31, e.g. 2026-11-30.");
        }
    }

    private static SurveyStatus status(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            SurveyStatus status = SurveyStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
            if (status.isFinal()) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new HttpProblem(400, "invalid_status", "status must be COMPLETED, ABANDONED or OPTED_OUT.");
    }

    private static Channel channel(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Channel.fromValue(value.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "invalid_channel", "channel must be sms, voice or whatsapp.");
        }
    }

    /**
     * The language range as given, an underscore read as a hyphen ({@code es_mx} is {@code es-mx}, matched in any
     * case), as a start's {@code defaultLanguage} reads it: until 2026-12-06 {@code es_mx} was refused here while a
     * start took it (a survey author's probe).
     */
    private static String language(String value) {
        if (blank(value)) {
            return null;
        }
        String range = value.strip().replace('_', '-');
        String primary = range.split("-", 2)[0];
        Optional<String> twoLetters = primary.length() == 3 ? twoLetterCode(primary) : Optional.empty();
        if (twoLetters.isPresent()) {
            // Sessions carry a language's two-letter code: "eng" matched nothing, an empty export (a breaker's probe).
            throw new HttpProblem(400, "invalid_language", "language " + primary + " is written " + twoLetters.get()
                    + " in the sessions' tags (ISO 639-1); use " + twoLetters.get() + range.substring(3) + ".");
        }
        if (!LANGUAGE_TAG.matcher(range).matches()) {
            String rest = range.substring(primary.length());
            Optional<String> meant = LanguageTags.codeNamed(range)
                    .or(() -> LanguageTags.codeNamed(primary).map(code -> code + rest))
                    .filter(tag -> LANGUAGE_TAG.matcher(tag).matches());
            throw new HttpProblem(400, "invalid_language", "language must be a language tag such as es, es-MX or es-419"
                    + meant.map(code -> " (did you mean " + code + "?)").orElse("") + ".");
        }
        return range;
    }

    /** The two-letter (ISO 639-1) code of a three-letter (ISO 639-2) one, "eng" is "en"; empty when it has none. */
    private static Optional<String> twoLetterCode(String threeLetters) {
        String lower = threeLetters.toLowerCase(Locale.ROOT);
        return Arrays.stream(Locale.getISOLanguages()).filter(code -> !LanguageTags.DEPRECATED.contains(code))
                .filter(code -> lower.equals(Locale.forLanguageTag(code).getISO3Language())).findFirst();
    }
}
