package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/summary}, what the results dashboard draws: the finished sessions of a survey that
 * match the filters, summed up in one pass ({@link ResultsSummary}), reading the documents
 * {@value ResultsExport#BATCH} at a time, so memory stays bounded however many sessions there are. The time it
 * takes grows with them (one S3 read a session): narrow the day range for large surveys.
 */
@Component("resultsSummaries")
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
     * The summary of a survey's finished sessions.
     *
     * @param channel, language, from, to as {@code GET /surveys/{surveyId}/sessions} takes them (each may be null)
     * @throws com.surveyrelay.web.HttpProblem 404 {@code unknown_survey}; 400 {@code invalid_channel},
     *     {@code invalid_language}, {@code invalid_date}, {@code invalid_range}
     */
    public ResultsSummary.Summary summarize(String surveyId, String channel, String language, String from,
            String to) {
        SessionFilter filter = SessionPages.filter(catalog, surveyId, null, channel, language, from, to,
                LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        ResultsSummary summary = new ResultsSummary(catalog.survey(surveyId));
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
