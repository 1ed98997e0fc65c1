package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/summary}, what the results dashboard draws: the finished sessions of a survey that
 * match the filters, summed up in one pass ({@link ResultsSummary}), reading the documents
 * {@value ResultsExport#BATCH} at a time, so memory stays bounded however many sessions there are. The time it
 * takes grows with them (one S3 read a session, and one of each older version's copy not in memory): narrow the day
 * range for large surveys.
 */
@Component("resultsSummaries")
@EnableConfigurationProperties(SummaryProperties.class)
public class ResultsSummaries {

    private final SurveyCatalog catalog;
    private final FinishedSessions sessions;
    private final Clock clock;

    @Autowired
    public ResultsSummaries(SurveyCatalog catalog, FinishedSessions sessions) {
        this(catalog, sessions, Clock.systemUTC());
    }

    ResultsSummaries(SurveyCatalog catalog, FinishedSessions sessions, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * What {@link #summarize} takes: the filters but status, which the summary counts sessions by, and the survey
     * version.
     */
    static final List<String> PARAMETERS = List.of("channel", "language", "from", "to", "timeZone", "version");

    /**
     * The summary of a survey's finished sessions, with the survey's versions and the matching sessions of each
     * ({@link ResultsSummary.VersionSummary}: one more listing of S3, of the kept versions).
     *
     * @param rawQuery the request's query string, or null: {@link #PARAMETERS}, each optional, the filters as
     *     {@code GET /surveys/{surveyId}/sessions} takes them, and {@code version} (16 hex digits): that version's
     *     sessions only, on that version's questions and scales ({@link VersionFilter}); without it, every session on
     *     the current version's questions
     * @throws com.surveyrelay.web.HttpProblem 404 {@code unknown_survey}; 400 {@code unknown_parameter} (also for
     *     {@code status}, {@code limit} and {@code cursor}, which do not apply here), {@code repeated_parameter},
     *     {@code invalid_query}, {@code invalid_time_zone}, {@code invalid_channel}, {@code invalid_language},
     *     {@code invalid_date}, {@code invalid_range}, {@code invalid_version}, {@code unknown_version}
     */
    public ResultsSummary.Summary summarize(String surveyId, String rawQuery) {
        ResultsRequest asked = ResultsRequest.of(catalog, surveyId, rawQuery, PARAMETERS, clock.instant());
        Survey survey = asked.survey();
        SessionFilter filter = asked.filter();
        Survey chosen = asked.chosen();
        ResultsSummary summary = new ResultsSummary(chosen == null ? survey : chosen,
                version -> catalog.version(surveyId, version));
        SessionsByVersion versions = new SessionsByVersion();
        Iterator<FinishedSessions.Listed> names = sessions.matching(filter, null);
        List<FinishedSessions.Listed> batch = new ArrayList<>(ResultsExport.BATCH);
        while (names.hasNext()) {
            batch.add(names.next());
            if (batch.size() == ResultsExport.BATCH || !names.hasNext()) {
                for (JsonNode session : sessions.read(batch, filter)) {
                    versions.add(session);
                    if (VersionFilter.matches(chosen, session)) {
                        summary.add(session);
                    }
                }
                batch.clear();
            }
        }
        return summary.summary(chosen == null ? null : chosen.version(),
                versions.list(catalog.keptVersions(surveyId), survey.version()));
    }

    /**
     * What a {@code HEAD} of the summary learns: whether {@link #summarize} would answer, from the same checks of the
     * survey and the query, without listing or reading a session (until 2026-12-05 a HEAD computed the whole summary
     * and threw it away). At most the survey's listing of kept versions and, for {@code version}, that version's copy.
     *
     * @param rawQuery as {@link #summarize} takes it
     * @throws com.surveyrelay.web.HttpProblem as {@link #summarize} does for the same request
     */
    public void check(String surveyId, String rawQuery) {
        ResultsRequest.of(catalog, surveyId, rawQuery, PARAMETERS, clock.instant());
    }
}
