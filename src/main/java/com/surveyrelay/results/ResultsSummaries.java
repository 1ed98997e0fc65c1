package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

    /** What {@link #summarize} takes: the filters but status, which the summary counts sessions by. */
    static final List<String> PARAMETERS = List.of("channel", "language", "from", "to");

    /**
     * The summary of a survey's finished sessions.
     *
     * @param rawQuery the request's query string, or null: {@link #PARAMETERS}, each optional, as
     *     {@code GET /surveys/{surveyId}/sessions} takes them
     * @throws com.surveyrelay.web.HttpProblem 404 {@code unknown_survey}; 400 {@code unknown_parameter} (also for
     *     {@code status}, {@code limit} and {@code cursor}, which do not apply here), {@code repeated_parameter},
     *     {@code invalid_query}, {@code invalid_channel}, {@code invalid_language}, {@code invalid_date},
     *     {@code invalid_range}
     */
    public ResultsSummary.Summary summarize(String surveyId, String rawQuery) {
        Survey survey = SessionPages.survey(catalog, surveyId);
        ResultsQuery query = ResultsQuery.parse(rawQuery, PARAMETERS);
        SessionFilter filter = SessionPages.filter(surveyId, query, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        ResultsSummary summary = new ResultsSummary(survey, version -> catalog.version(surveyId, version));
        Iterator<FinishedSessions.Listed> names = sessions.matching(filter, null);
        List<FinishedSessions.Listed> batch = new ArrayList<>(ResultsExport.BATCH);
        while (names.hasNext()) {
            batch.add(names.next());
            if (batch.size() == ResultsExport.BATCH || !names.hasNext()) {
                for (JsonNode session : sessions.read(batch)) {
                    summary.add(session);
                }
                batch.clear();
            }
        }
        return summary.summary();
    }
}
