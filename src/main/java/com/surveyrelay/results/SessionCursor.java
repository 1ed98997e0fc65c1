package com.surveyrelay.results;

import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.web.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Where a page of {@code GET /surveys/{surveyId}/sessions} ended, handed to the client as an opaque string: the
 * last object's day and name, and a short hash of the filters the page was asked with, URL-safe Base64 without
 * padding. Holding a position rather than an S3 continuation token, it stays valid while objects are added, and a
 * session added before the position is not returned later. The hash binds it to its filters: resumed with other
 * ones, a position would silently skip or repeat sessions, so that is a 400 instead.
 */
final class SessionCursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** A cursor is a date, one object name and a hash: far below this. */
    private static final int MAX_LENGTH = 512;
    /** Bytes of SHA-256 kept for the filters' hash: enough to tell filters apart, not a secret. */
    private static final int HASH_BYTES = 6;

    private SessionCursor() {
    }

    /**
     * The filters a cursor is bound to, as the request named them: its survey (a cursor of one survey brought to
     * another skipped the sessions before its position there), {@code from} and {@code to} as given (absent
     * ones stay absent, so a walk over the default range goes on past midnight), status, channel and language as
     * parsed (so {@code opted_out} and {@code OPTED_OUT} are the same filter).
     *
     * @param from the request's {@code from}, already checked to be a date, or null
     * @param to the request's {@code to}, likewise
     */
    static String filters(SessionFilter filter, String from, String to) {
        String text = String.join("|", filter.surveyId(), filter.status() == null ? "" : filter.status().name(),
                filter.channel() == null ? "" : filter.channel().value(),
                filter.language() == null ? "" : filter.language().toLowerCase(Locale.ROOT),
                from == null ? "" : LocalDate.parse(from.strip()).toString(),
                to == null ? "" : LocalDate.parse(to.strip()).toString());
        return ENCODER.encodeToString(Arrays.copyOf(DigestUtils.sha256(text), HASH_BYTES));
    }

    /** The cursor that resumes after this object, for the request with these {@link #filters}. */
    static String after(FinishedSessions.Listed last, String filters) {
        return ENCODER.encodeToString((last.day() + "/" + last.name() + "/" + filters)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The object a cursor resumes after.
     *
     * @param filters the {@link #filters} of the request that brings the cursor back
     * @throws HttpProblem 400 {@code invalid_cursor} for a string this class did not make, one made for other
     *     survey or filters (status, channel, language, from or to), or one whose day is outside the filter's range
     */
    static FinishedSessions.Listed parse(String cursor, SessionFilter filter, String filters) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(DECODER.decode(cursor.strip()), StandardCharsets.UTF_8);
            String[] parts = text.split("/", -1);
            if (parts.length != 3 || !parts[2].equals(filters)) {
                throw new IllegalArgumentException("not made for these filters");
            }
            LocalDate day = LocalDate.parse(parts[0]);
            String name = parts[1];
            if (FinishedName.parse(name).isEmpty() || day.isBefore(filter.from()) || day.isAfter(filter.to())) {
                throw new IllegalArgumentException("not a position in this range");
            }
            return new FinishedSessions.Listed(day, name, ResultExports.dayPrefix(filter.surveyId(), day) + name);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new HttpProblem(400, "invalid_cursor", "cursor must be a nextCursor this service returned, for the "
                    + "same survey, with the same status, channel, language, from and to as the request that returned "
                    + "it.");
        }
    }
}
