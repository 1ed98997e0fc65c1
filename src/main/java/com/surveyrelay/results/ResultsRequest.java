package com.surveyrelay.results;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import java.time.Instant;
import java.util.List;

/**
 * A results request (sessions page, exports, summary), checked as each of them checks it before listing a session: the
 * survey (404), the parameter names (400), the filters' values (400) and the version asked for (400). A {@code HEAD}
 * of each is answered from these checks alone (since 2026-12-05), the GET from them and then the sessions.
 *
 * @param survey the survey named ({@link SessionPages#survey})
 * @param query the request's parameters, of those the endpoint takes
 * @param filter the sessions' filter ({@link SessionPages#filter})
 * @param chosen the version asked for ({@link VersionFilter#chosen}), or null for every version
 */
record ResultsRequest(Survey survey, ResultsQuery query, SessionFilter filter, Survey chosen) {

    /**
     * Checks a results request, in this order: the survey, the parameter names, the filters, the version. At most the
     * survey's kept versions are listed (for a survey taken out of the bucket, or for {@code version}) and that
     * version's copy read; no session is listed or read.
     *
     * @param rawQuery the request's query string (still percent-encoded), or null
     * @param accepted the parameters the endpoint takes
     * @param now the current instant, whose day in the request's {@code timeZone} (UTC without one) is today
     * @throws com.surveyrelay.web.HttpProblem 404 {@code unknown_survey}; the 400s of {@link ResultsQuery#parse},
     *     {@link SessionFilter#of} and {@link VersionFilter#chosen}
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails to list or read the kept versions
     */
    static ResultsRequest of(SurveyCatalog catalog, String surveyId, String rawQuery, List<String> accepted,
                             Instant now) {
        Survey survey = SessionPages.survey(catalog, surveyId);
        ResultsQuery query = ResultsQuery.parse(rawQuery, accepted);
        SessionFilter filter = SessionPages.filter(surveyId, query, now);
        return new ResultsRequest(survey, query, filter, VersionFilter.chosen(catalog, surveyId, query.get("version")));
    }
}
