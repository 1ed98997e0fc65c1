package com.surveyrelay.results;

import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.web.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Where a page of {@code GET /surveys/{surveyId}/sessions} ended, handed to the client as an opaque string: the
 * last object's day folder (UTC) and name, a short hash of the filters the page was asked with, and the day range
 * the walk's first page resolved, in the request's {@code timeZone} ({@code day/name/hash/from/to}), URL-safe Base64
 * without padding. Holding a position rather than an S3 continuation token, it stays valid while objects are added,
 * and a session added before the position is not returned later. The hash binds it to its filters: resumed with
 * other ones, a position would silently skip or repeat sessions, so that is a 400 instead. The range binds it to its
 * days: the default range (the last 30 days) and a {@code to} after today are resolved from today, which moves at
 * midnight, so a walk resolving them again on each page lost its oldest day, or answered 400 when its position was
 * on that day.
 *
 * <p>Cursors made before 2026-12-04 are {@code day/name/hash}, without a range: they are still taken, and walk the
 * range that the request bringing them back resolves, as they did (across midnight, such a walk can lose its oldest
 * day).
 */
final class SessionCursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** A cursor is three dates, one object name and a hash: far below this. */
    private static final int MAX_LENGTH = 512;
    /** Bytes of SHA-256 kept for the filters' hash: enough to tell filters apart, not a secret. */
    private static final int HASH_BYTES = 6;

    private SessionCursor() {
    }

    /**
     * Where a walk resumes.
     *
     * @param after the object the previous page ended with
     * @param filter the request's filter with the day range the walk's first page resolved (for a cursor made before
     *     2026-12-04, the range the request bringing it back resolves)
     */
    record Resume(FinishedSessions.Listed after, SessionFilter filter) {
    }

    /**
     * The filters a cursor is bound to, as the request named them: its survey (a cursor of one survey brought to
     * another skipped the sessions before its position there), {@code from} and {@code to} as given (absent
     * ones stay absent: the range they resolved to is carried in the cursor, see {@link #after}), status, channel and
     * language as parsed (so {@code opted_out} and {@code OPTED_OUT} are the same filter), and the zone of
     * {@code timeZone} (since 2026-12-05; a cursor brought back with another zone would walk other days), and the
     * survey version (since 2026-12-05; a cursor brought back with another would skip that version's sessions before
     * its position). A zone of UTC and no version add nothing, so cursors made before keep their hash.
     *
     * @param from the request's {@code from}, already checked to be a date, or null
     * @param to the request's {@code to}, likewise
     * @param version the version asked for, as {@link VersionFilter#chosen} found it (16 lower-case hex digits), or
     *     null for none
     */
    static String filters(SessionFilter filter, String from, String to, String version) {
        String text = String.join("|", filter.surveyId(), filter.status() == null ? "" : filter.status().name(),
                filter.channel() == null ? "" : filter.channel().value(),
                filter.language() == null ? "" : filter.language().toLowerCase(Locale.ROOT),
                from == null ? "" : LocalDate.parse(from.strip()).toString(),
                to == null ? "" : LocalDate.parse(to.strip()).toString())
                + (filter.zone().equals(ZoneOffset.UTC) ? "" : "|" + filter.zone().getId())
                + (version == null ? "" : "|version=" + version);
        return ENCODER.encodeToString(Arrays.copyOf(DigestUtils.sha256(text), HASH_BYTES));
    }

    /**
     * The cursor that resumes after this object, for the request with these {@link #filters}, over the walk's day
     * range.
     *
     * @param walk the filter the page was read with: the first page's, or the one {@link #parse} resumed
     */
    static String after(FinishedSessions.Listed last, SessionFilter walk, String filters) {
        return ENCODER.encodeToString(String.join("/", last.day().toString(), last.name(), filters,
                walk.from().toString(), walk.to().toString()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The object a cursor resumes after, and the day range its walk goes on over.
     *
     * @param filter the filter of the request that brings the cursor back, its range resolved from today
     * @param filters the {@link #filters} of that request
     * @return the position, and {@code filter} with the cursor's range (with the request's own for a cursor made
     *     before 2026-12-04, which carries none)
     * @throws HttpProblem 400 {@code invalid_cursor} for a string this class did not make, one made for other
     *     survey or filters (status, channel, language, from, to, timeZone or version), one whose range is no range
     *     a request may ask for (one ending on java.time's last day among them), or one whose day folder is outside
     *     its range
     */
    static Resume parse(String cursor, SessionFilter filter, String filters) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(DECODER.decode(cursor.strip()), StandardCharsets.UTF_8);
            String[] parts = text.split("/", -1);
            if (parts.length != 3 && parts.length != 5 || !parts[2].equals(filters)) {
                throw new IllegalArgumentException("not made for these filters");
            }
            SessionFilter walk = parts.length == 3 ? filter : new SessionFilter(filter.surveyId(), filter.status(),
                    filter.channel(), filter.language(), LocalDate.parse(parts[3]), LocalDate.parse(parts[4]),
                    filter.zone());
            if (walk.from().isAfter(walk.to())
                    || ChronoUnit.DAYS.between(walk.from(), walk.to()) > SessionFilter.MAX_DAYS_APART) {
                throw new IllegalArgumentException("not a range a request may ask for");
            }
            LocalDate day = LocalDate.parse(parts[0]);
            String name = parts[1];
            // A control character in a made-up name went to S3 as the listing's start-after key, whose XML answer
            // then did not parse: 503 survey_unavailable, a storage outage that was none (a hostile client's probe,
            // 2026-12-07). The sink writes no such name.
            if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || FinishedName.parse(name).isEmpty()
                    || day.isBefore(walk.firstFolder())
                    || day.isAfter(walk.lastFolder())) {
                throw new IllegalArgumentException("not a position in this range");
            }
            return new Resume(new FinishedSessions.Listed(day, name,
                    ResultExports.dayPrefix(filter.surveyId(), day) + name), walk);
        } catch (IllegalArgumentException | DateTimeException e) {
            // DateTimeException, not only its DateTimeParseException: a made-up range ending on java.time's last day
            // (+999999999-12-31) parses, and the day after its end does not exist (a 500 until 2026-12-05).
            throw refused();
        }
    }

    /**
     * Whether a cursor's days are days the request bringing it back names: the cursor's hash binds the {@code from}
     * and {@code to} a request gave, not the range the cursor carries, and that hash is of public text, so a made-up
     * cursor could carry any range of up to 366 days and walk sessions outside the request's days (until 2026-12-05).
     * A cursor this service made for the request starts on its {@code from} (without one, 30 days before its own last
     * day, as the default range is) and ends on or before its {@code to}. Its end is not checked against today: on
     * another instance whose clock is a little behind at midnight, a cursor's today may be tomorrow.
     *
     * @param walk the range the cursor carries ({@link Resume#filter})
     * @param from the request's {@code from}, already checked to be a date, or null
     * @param to the request's {@code to}, likewise
     * @throws HttpProblem 400 {@code invalid_cursor} when they are not
     */
    static void checkDays(SessionFilter walk, String from, String to) {
        LocalDate first = from == null ? walk.to().minusDays(SessionFilter.DEFAULT_DAYS - 1)
                : LocalDate.parse(from.strip());
        if (!walk.from().equals(first) || to != null && walk.to().isAfter(LocalDate.parse(to.strip()))) {
            throw refused();
        }
    }

    private static HttpProblem refused() {
        return new HttpProblem(400, "invalid_cursor", "cursor must be a nextCursor this service returned, for the "
                + "same survey, with the same status, channel, language, from, to, timeZone and version as the "
                + "request that returned it.");
    }
}
