package com.surveyrelay.initiation;

import com.surveyrelay.survey.E164;

/**
 * A validated request to start a survey.
 *
 * @param language the respondent's language, or null for the survey's default
 * @param surveyId the survey, or null for the configured one
 */
public record InitiationRequest(E164 to, String language, String surveyId) {
}
