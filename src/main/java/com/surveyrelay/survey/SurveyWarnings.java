package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;

/**
 * Every lint warning about a survey that loads, as the catalog logs them, {@code GET /surveys} lists them and the
 * {@code lint} command prints them: a standard prompt one language lacks ({@link PromptGaps}), a texted reply word
 * the survey does not take ({@link ReplyWordLint}), a texted keyword Twilio answers itself
 * ({@link TwilioKeywordLint}), then a question's words asking a call to reply or a text to press a key
 * ({@link ChannelWordingLint}). Warnings never refuse a survey.
 */
public final class SurveyWarnings {

    private SurveyWarnings() {
    }

    /**
     * @param survey a survey the loader accepted
     * @return the warnings, each one line naming the survey, the language file and the key; empty when there are none
     */
    public static List<String> of(Survey survey) {
        List<String> warnings = new ArrayList<>(PromptGaps.of(survey));
        warnings.addAll(ReplyWordLint.of(survey));
        warnings.addAll(TwilioKeywordLint.of(survey));
        warnings.addAll(ChannelWordingLint.of(survey));
        return List.copyOf(warnings);
    }
}
