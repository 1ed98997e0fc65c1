package com.surveyrelay.results;

import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.web.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page of {@code GET /surveys/{surveyId}/sessions} ended, handed to the client as an opaque string: the
 * last object's day and name, URL-safe Base64 without padding. Holding a position rather than an S3 continuation
 * token, it stays valid while objects are added, and a session added before the position is not returned later.
 */
final class SessionCursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** A cursor is a date, a slash and one object name: far below this. */
    private static final int MAX_LENGTH = 512;

    private SessionCursor() {
    }

    /** The cursor that resumes after this object. */
    static String after(FinishedSessions.Listed last) {
        return ENCODER.encodeToString((last.day() + "/" + last.name()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The object a cursor resumes after.
     *
     * @throws HttpProblem 400 {@code invalid_cursor} for a string this class did not make, or one whose day is
     *     outside the filter's range (a cursor belongs to the request whose page gave it)
     */
    static FinishedSessions.Listed parse(String cursor, SessionFilter filter) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(DECODER.decode(cursor.strip()), StandardCharsets.UTF_8);
            int slash = text.indexOf('/');
            LocalDate day = LocalDate.parse(text.substring(0, Math.max(slash, 0)));
            String name = text.substring(slash + 1);
            if (FinishedName.parse(name).isEmpty() || name.contains("/")
                    || day.isBefore(filter.from()) || day.isAfter(filter.to())) {
                throw new IllegalArgumentException("not a position in this range");
            }
            return new FinishedSessions.Listed(day, name, ResultExports.dayPrefix(filter.surveyId(), day) + name);
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new HttpProblem(400, "invalid_cursor", "cursor must be a nextCursor this service returned, with the "
                    + "same from and to.");
        }
    }
}
