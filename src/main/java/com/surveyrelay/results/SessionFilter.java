package com.surveyrelay.results;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.web.HttpProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which finished sessions of one survey a results request asks for, checked once for the list and both exports:
 * the day range by {@code surveyStarted} (UTC), and optionally one status, one channel and one language. Each
 * filter is read from the object names alone (see {@link FinishedName}); the survey version, which the names do not
 * carry, is {@link VersionFilter}'s, applied to the documents read.
 *
 * @param surveyId a valid survey id (the caller checked it names a survey)
 * @param status one final status, or null for all
 * @param channel one channel, or null for all
 * @param language one language range, or null for all: a session's tag matches it as in RFC 4647's basic filtering
 *     (section 3.3.1), ignoring case: {@code es-MX} matches {@code es-MX}, and a bare {@code es} every Spanish tag
 *     ({@code es}, {@code es-MX}, {@code es-ES}), as a start takes a bare {@code es} for the survey's Spanish
 * @param from the first day, inclusive
 * @param to the last day, inclusive; never before {@code from}, at most {@value #MAX_DAYS_APART} days after it
 */
record SessionFilter(String surveyId, SurveyStatus status, Channel channel, String language, LocalDate from,
                     LocalDate to) {

    /** The widest range a request may name: {@code to} at most this many days after {@code from}. */
    static final int MAX_DAYS_APART = 366;
    /** The range when none is named: this many days up to today, today included. */
    static final int DEFAULT_DAYS = 30;
    /**
     * A day as yyyy-MM-dd in ASCII digits, any four-digit year: {@code 9999-12-31}, the usual "no end", is a date.
     * (Until 2026-12-04 only years 1000 to 2999 were, and the refusal said "must be a date".)
     */
    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

    /**
     * The filter of a request's query parameters, each null when absent. A {@code to} after today reads as today
     * (or as {@code from}, when that is later still): no session starts after today, so {@code to=9999-12-31}, the
     * usual "no end", means up to now, for the default {@code from} and the {@value #MAX_DAYS_APART}-day bound too,
     * rather than a range far in the future that holds nothing.
     *
     * @param today the current day in UTC, the default end of the range
     * @throws HttpProblem 400 {@code invalid_status} (not COMPLETED, ABANDONED or OPTED_OUT, any case),
     *     {@code invalid_channel} (not sms, voice or whatsapp), {@code invalid_language} (not a language tag),
     *     {@code invalid_date} (not yyyy-MM-dd with a four-digit year in ASCII digits, or no such day),
     *     {@code invalid_range} ({@code from} after {@code to}, or more than {@value #MAX_DAYS_APART} days apart)
     */
    static SessionFilter of(String surveyId, String status, String channel, String language, String from,
                            String to, LocalDate today) {
        LocalDate asked = blank(to) ? today : day("to", to);
        LocalDate given = blank(from) ? null : day("from", from);
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
        return new SessionFilter(surveyId, status(status), channel(channel), language(language), first, last);
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

    private static LocalDate day(String name, String value) {
        try {
            // ASCII, four-digit years only: ISO's parser also reads signed and extended years ("-999999999-01-01").
            if (!DAY.matcher(value.strip()).matches()) {
                throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
            }
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new HttpProblem(400, "invalid_date", name + " must be a day as yyyy-MM-dd (UTC) in ASCII digits, "
                    + "from 0000-01-01 to 9999-12-31, e.g. 2026-11-30.");
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

    private static String language(String value) {
        if (blank(value)) {
            return null;
        }
        if (!LANGUAGE_TAG.matcher(value.strip()).matches()) {
            throw new HttpProblem(400, "invalid_language", "language must be a language tag such as es-MX.");
        }
        return value.strip();
    }
}
