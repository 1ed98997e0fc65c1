package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyLanguage;
import com.surveyrelay.web.HttpProblem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start runs in the survey's own tag for the language a request names (a break-it probe, 2026-12: {@code en} for
 * a survey in {@code en-US} was {@code unknown_language}), and a bare language the survey has in several regions,
 * none its default, is refused naming them.
 */
class SurveyLanguageChoiceTest {

    private static final E164 TO = new E164("+15551230001");

    @Test
    void aBareLanguageStartsInTheSurveysTag() throws Exception {
        Survey survey = shipped();
        assertThat(SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, "en", null)).language())
                .isEqualTo("en-US");
        assertThat(SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, null, null)).language()).isNull();
    }

    /** Probe 2026-12-05: {@code en-AU} on a survey in {@code en-US} alone was refused {@code 400 unknown_language}. */
    @Test
    void aRegionTheSurveyLacksStartsInTheSurveysTagOfItsLanguage() throws Exception {
        Survey survey = shipped();
        assertThat(SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, "en-AU", null)).language())
                .isEqualTo("en-US");
        assertThatThrownBy(() -> SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, "de-AT", null)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .isEqualTo("The survey has no prompts in de-AT; it speaks [en-US, es-MX, fr-CA]."));
    }

    @Test
    void aBareLanguageOfSeveralRegionsNoneTheDefaultIsRefusedNamingThem() throws Exception {
        Survey shipped = shipped();
        Map<String, SurveyLanguage> languages = new LinkedHashMap<>(shipped.languages());
        languages.put("en-GB", shipped.language("en-US"));
        Survey survey = new Survey(shipped.surveyId(), "fr-CA", shipped.maxRetries(), shipped.gatherTimeoutSeconds(),
                shipped.minSpeechConfidence(), shipped.questions(), languages, shipped.offers(),
                shipped.contactHours(), shipped.fallback(), shipped.version(), shipped.consent());
        assertThatThrownBy(() -> SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, "en", null)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("unknown_language");
                    assertThat(problem.getMessage()).isEqualTo("The survey speaks en as en-GB and en-US; name one "
                            + "of them.");
                });
        assertThatThrownBy(() -> SurveyOpener.inSurveyLanguage(survey, new InitiationRequest(TO, "de", null)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> assertThat(problem.getMessage())
                        .isEqualTo("The survey has no prompts in de; it speaks [en-GB, en-US, es-MX, fr-CA]."));
    }

    private static Survey shipped() throws Exception {
        return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
    }
}
