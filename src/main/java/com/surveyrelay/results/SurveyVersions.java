package com.surveyrelay.results;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code GET /surveys/{surveyId}/versions}: the versions of a survey a results request may name with {@code version},
 * from one listing of S3 (the copies kept under {@code survey-versions/}), reading no session. The results dashboard
 * fills its version list from it when a survey is chosen; until 2026-12-05 it asked a whole summary for that, one S3
 * read a session of the last 30 days, before the first Show asked the same again.
 */
@Component("surveyVersions")
public class SurveyVersions {

    private final SurveyCatalog catalog;

    public SurveyVersions(SurveyCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The answer: the survey's id and its versions, oldest first.
     *
     * @param surveyId the survey, as in the path
     * @param versions its kept versions in the order the summary lists them ({@link SessionsByVersion#list}), then the
     *     current one if its copy is not kept; never empty
     */
    public record Listing(String surveyId, List<Version> versions) {
    }

    /**
     * One version a results request may name.
     *
     * @param version 16 hex digits, as sessions record it in {@code surveyVersion}
     * @param current true for the version the survey runs (for a survey taken out of the bucket, its newest kept one)
     * @param keptAt when its copy was first written (ISO-8601 UTC, to the second, as S3 lists it), about when it first
     *     ran; null for a current version whose copy is not kept
     */
    public record Version(String version, boolean current, String keptAt) {
    }

    /**
     * The versions of {@code surveyId}: those kept under {@code survey-versions/} (every version that ran, unless a
     * lifecycle rule expired its copy) and the current one. A version that only sessions name (its copy expired) is
     * not listed: no request may choose it; the summary counts its sessions.
     *
     * @throws com.surveyrelay.web.HttpProblem 404 {@code unknown_survey}
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails the listing (the route answers
     *     {@code 503 survey_unavailable})
     */
    public Listing list(String surveyId) {
        Survey survey = SessionPages.survey(catalog, surveyId);
        List<Version> versions = new SessionsByVersion().list(catalog.keptVersions(surveyId), survey.version())
                .stream()
                .map(version -> new Version(version.version(), version.current(), version.keptAt()))
                .toList();
        return new Listing(surveyId, versions);
    }
}
