package com.surveyrelay.initiation;

import com.surveyrelay.survey.E164;
import java.time.ZoneId;

/**
 * A validated request to start a survey.
 *
 * @param language the respondent's language, or null for the survey's default
 * @param surveyId the survey, or null for the configured one
 * @param timeZone the respondent's time zone for quiet hours, or null to derive it from the number
 */
public record InitiationRequest(E164 to, String language, String surveyId, ZoneId timeZone) {

    /** A request without a time zone of its own. */
    public InitiationRequest(E164 to, String language, String surveyId) {
        this(to, language, surveyId, null);
    }

    /** This request in {@code tag}: one of its survey's languages its own tag resolved to, or the tag it asked. */
    public InitiationRequest withLanguage(String tag) {
        return new InitiationRequest(to, tag, surveyId, timeZone);
    }
}
