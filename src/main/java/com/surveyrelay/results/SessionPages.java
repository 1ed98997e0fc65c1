package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/sessions}: one page of a survey's finished sessions, newest day first, read from
 * the results sink. Only the objects whose names match the filters and fit in the page are read; with a
 * {@code version}, which the names do not carry, the page keeps reading until it holds that many of the version's
 * sessions or the walk ends.
 */
@Component("sessionPages")
public class SessionPages {

    /** The page size when the request names none. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page: also the most session documents a request holds at once. */
    static final int MAX_LIMIT = 1000;
    /**
     * The names a page with a {@code version} reads at once, in parallel, when it needs fewer: the others' sessions it
     * reads past are not in the names, so it reads on until its page is full.
     */
    static final int READ_AHEAD = ResultsExport.BATCH;
    /** The filters every results endpoint but the summary takes, in the order error messages list them. */
    static final List<String> FILTERS = List.of("status", "channel", "language", "from", "to", "timeZone");
    /** What {@link #page} takes: the filters, the survey version ({@link VersionFilter}), then the page. */
    static final List<String> PAGE_PARAMETERS = List.of("status", "channel", "language", "from", "to", "timeZone",
            "version", "limit", "cursor");

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
     * A page of the survey's finished sessions.
     *
     * @param rawQuery the request's query string (still percent-encoded), or null; its parameters, each optional:
     *     the filters of {@link #FILTERS} ({@code status}, {@code channel}, {@code language}, {@code from},
     *     {@code to} and {@code timeZone}: see {@link SessionFilter#of}), {@code version} (16 hex digits: only the
     *     sessions that ran that survey version, as the exports and the summary take it, see {@link VersionFilter};
     *     since 2026-12-05), {@code limit} (sessions per page, 1 to 1,000; default 100) and {@code cursor} (the
     *     previous page's {@code nextCursor}, with the same filters and version; the walk keeps the day range its
     *     first page resolved, see {@link SessionCursor})
     * @throws HttpProblem 404 {@code unknown_survey}; 400 {@code unknown_parameter}, {@code repeated_parameter},
     *     {@code invalid_query}, {@code invalid_time_zone}, {@code invalid_status}, {@code invalid_channel},
     *     {@code invalid_language}, {@code invalid_date}, {@code invalid_range}, {@code invalid_limit},
     *     {@code invalid_version}, {@code unknown_version}, {@code invalid_cursor}
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails to list or read the sessions, or the
     *     kept versions a {@code version} is looked up in
     */
    public SessionPage page(String surveyId, String rawQuery) {
        Asked asked = asked(surveyId, rawQuery);
        int size = asked.size();
        Survey chosen = asked.request().chosen();
        String filters = asked.filters();
        SessionCursor.Resume resume = asked.resume();
        SessionFilter walk = resume == null ? asked.request().filter() : resume.filter();
        Iterator<FinishedSessions.Listed> matching = sessions.matching(walk, resume == null ? null : resume.after());
        // Read until the page is full: in the first and last day folder of a zoned range, some names are of
        // sessions outside it, which the read leaves out (as it does an object deleted since it was listed), and
        // with a version, the documents of other versions are read and left out. With a version, the names are read
        // ahead a batch at a time, in parallel: one at a time, a page of one among thousands of other versions'
        // sessions made thousands of S3 reads in a row. The cursor names the last object taken, so the names read
        // ahead and not taken are read again by the next page.
        List<JsonNode> page = new ArrayList<>();
        FinishedSessions.Listed last = null;
        boolean takenAll = true;
        while (page.size() < size && matching.hasNext()) {
            int wanted = chosen == null ? size - page.size() : Math.max(size - page.size(), READ_AHEAD);
            List<FinishedSessions.Listed> taken = new ArrayList<>();
            while (taken.size() < wanted && matching.hasNext()) {
                taken.add(matching.next());
            }
            List<JsonNode> documents = sessions.readEach(taken, walk);
            for (int i = 0; i < taken.size(); i++) {
                last = taken.get(i);
                JsonNode session = documents.get(i);
                if (session != null && VersionFilter.matches(chosen, session)) {
                    page.add(session);
                    if (page.size() == size) {
                        takenAll = i == taken.size() - 1;
                        break;
                    }
                }
            }
        }
        String next = !takenAll || matching.hasNext() ? SessionCursor.after(last, walk, filters) : null;
        return new SessionPage(List.copyOf(page), next);
    }

    /**
     * What a {@code HEAD} of a page learns: whether {@link #page} would answer, from the same checks of the survey, the
     * query, the limit, the version and the cursor, without listing or reading a session (until 2026-12-05 a HEAD read
     * the page and threw it away). At most the survey's kept versions are listed and, for {@code version}, that
     * version's copy read.
     *
     * @param rawQuery as {@link #page} takes it
     * @throws HttpProblem as {@link #page} does for the same request
     */
    public void check(String surveyId, String rawQuery) {
        asked(surveyId, rawQuery);
    }

    /**
     * A page request, checked.
     *
     * @param size the page's limit
     * @param filters the cursor's account of the filters and version ({@link SessionCursor#filters})
     * @param resume where the cursor resumes the walk, or null for a first page
     */
    private record Asked(ResultsRequest request, int size, String filters, SessionCursor.Resume resume) {
    }

    private Asked asked(String surveyId, String rawQuery) {
        ResultsRequest request = ResultsRequest.of(catalog, surveyId, rawQuery, PAGE_PARAMETERS, clock.instant());
        ResultsQuery query = request.query();
        int size = limit(query.get("limit"));
        String filters = SessionCursor.filters(request.filter(), query.get("from"), query.get("to"),
                request.chosen() == null ? null : request.chosen().version());
        String cursor = query.get("cursor");
        // A walk keeps the days its first page resolved: "the last 30 days" moves at midnight.
        SessionCursor.Resume resume = cursor == null ? null : SessionCursor.parse(cursor, request.filter(), filters);
        if (resume != null) {
            SessionCursor.checkDays(resume.filter(), query.get("from"), query.get("to"));
        }
        return new Asked(request, size, filters, resume);
    }

    /**
     * The survey a results request names, found once per request: the running one, or for a survey taken out of the
     * bucket its newest kept version ({@link SurveyCatalog#surveyWithResults}, which lists S3 for it).
     *
     * @throws HttpProblem 404 {@code unknown_survey}
     */
    static Survey survey(SurveyCatalog catalog, String surveyId) {
        if (!SurveyConfigLoader.isSurveyId(surveyId)) {
            throw SurveyCatalog.notASurveyId();
        }
        return catalog.surveyWithResults(surveyId);
    }

    /**
     * The checked filter of a results request's parameters (400 for a bad value).
     *
     * @param now the current instant, whose day in the request's {@code timeZone} (UTC without it) is today
     */
    static SessionFilter filter(String surveyId, ResultsQuery query, Instant now) {
        return SessionFilter.of(surveyId, query.get("status"), query.get("channel"), query.get("language"),
                query.get("from"), query.get("to"), query.get("timeZone"), now);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        // ASCII digits only: Integer.parseInt also reads "+5" and other scripts' digits ("\u0661" is 1).
        String digits = limit.strip();
        if (digits.length() <= 4 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int size = Integer.parseInt(digits);
            if (size >= 1 && size <= MAX_LIMIT) {
                return size;
            }
        }
        throw new HttpProblem(400, "invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
