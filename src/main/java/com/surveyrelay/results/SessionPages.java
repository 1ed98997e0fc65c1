package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/sessions}: one page of a survey's finished sessions, newest day first, read from
 * the results sink. Only the objects whose names match the filters and fit in the page are read.
 */
@Component("sessionPages")
public class SessionPages {

    /** The page size when the request names none. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page: also the most session documents a request holds at once. */
    static final int MAX_LIMIT = 1000;

    private final SurveyCatalog catalog;
    private final FinishedSessions sessions;
    private final Clock clock;

    /**
     * One page.
     *
     * @param sessions the session documents as the sink stored them (without outbox and inbox), at most the limit
     * @param nextCursor the {@code cursor} of the next page, or null when this page holds the last match
     */
    public record SessionPage(List<JsonNode> sessions, String nextCursor) {
    }

    @Autowired
    public SessionPages(SurveyCatalog catalog, FinishedSessions sessions) {
        this(catalog, sessions, Clock.systemUTC());
    }

    SessionPages(SurveyCatalog catalog, FinishedSessions sessions, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * A page of the survey's finished sessions; every parameter but the survey id is an optional query parameter
     * (null when absent).
     *
     * @param from first day of {@code surveyStarted}, yyyy-MM-dd (UTC), inclusive; default 29 days before {@code to}
     * @param to last day, inclusive; default today (UTC); at most 366 days after {@code from}
     * @param limit sessions per page, 1 to 1,000; default 100
     * @param cursor the previous page's {@code nextCursor}, with the same filters
     * @throws HttpProblem 404 {@code unknown_survey}; 400 {@code invalid_status}, {@code invalid_channel},
     *     {@code invalid_language}, {@code invalid_date}, {@code invalid_range}, {@code invalid_limit},
     *     {@code invalid_cursor}
     */
    public SessionPage page(String surveyId, String status, String channel, String language, String from, String to,
                            String limit, String cursor) {
        SessionFilter filter = filter(catalog, surveyId, status, channel, language, from, to, LocalDate.now(clock));
        int size = limit(limit);
        FinishedSessions.Listed after = cursor == null || cursor.isEmpty() ? null : SessionCursor.parse(cursor, filter);
        Iterator<FinishedSessions.Listed> matching = sessions.matching(filter, after);
        List<FinishedSessions.Listed> taken = new ArrayList<>();
        while (taken.size() < size && matching.hasNext()) {
            taken.add(matching.next());
        }
        String next = matching.hasNext() ? SessionCursor.after(taken.get(taken.size() - 1)) : null;
        return new SessionPage(sessions.read(taken), next);
    }

    /** The checked filter of a results request: the survey first (404), then the parameters (400). */
    static SessionFilter filter(SurveyCatalog catalog, String surveyId, String status, String channel,
                                String language, String from, String to, LocalDate today) {
        if (!SurveyConfigLoader.isSurveyId(surveyId)) {
            throw new HttpProblem(404, "unknown_survey", "There is no survey with that surveyId.");
        }
        catalog.survey(surveyId);
        return SessionFilter.of(surveyId, status, channel, language, from, to, today);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpProblem(400, "invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
