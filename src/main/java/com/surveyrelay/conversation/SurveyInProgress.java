package com.surveyrelay.conversation;

import com.surveyrelay.web.HttpProblem;

/**
 * A start refused {@code 409 survey_in_progress}: the number is in a survey that is still running (a texted one, or a
 * call), and the refusal says which survey when it is known. A deferred start that finds its number in the very
 * survey it asks for repeats a request already being served, and is refused for good rather than tried again later
 * ({@code ScheduledStartFiring}).
 */
public final class SurveyInProgress extends HttpProblem {

    private final String runningSurveyId;
    private final boolean sameSurvey;

    /**
     * @param runningSurveyId the {@code surveyId} of the survey the number is in; null when unknown (another start
     *     took the number a moment ago and is still creating its session)
     */
    public SurveyInProgress(String message, String runningSurveyId) {
        this(message, runningSurveyId, false);
    }

    private SurveyInProgress(String message, String runningSurveyId, boolean sameSurvey) {
        super(409, SurveyOpener.SURVEY_IN_PROGRESS, message);
        this.runningSurveyId = runningSurveyId;
        this.sameSurvey = sameSurvey;
    }

    /** The same refusal, for a start that asked for {@code surveyId} (a {@code surveyId} as resolved, never null). */
    public SurveyInProgress askedFor(String surveyId) {
        return new SurveyInProgress(getMessage(), runningSurveyId, surveyId.equals(runningSurveyId));
    }

    /** True when the number is in the very survey the refused start asked for: the start repeats one being served. */
    public boolean sameSurvey() {
        return sameSurvey;
    }
}
