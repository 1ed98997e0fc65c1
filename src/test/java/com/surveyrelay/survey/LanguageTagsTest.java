package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request's language tag (an HTTP start, a bus event, a campaign row) is read in any case and with underscores, and
 * a bare language means the survey's one language of it (a break-it probe, 2026-12: {@code en} and {@code es_MX}
 * were {@code unknown_language} for a survey in {@code en-US} and {@code es-MX}).
 */
class LanguageTagsTest {

    @Test
    void readsATagInAnyCaseWithHyphensOrUnderscores() {
        for (String[] tag : new String[][] {{"es_MX", "es-MX"}, {"es_mx", "es-MX"}, {"ES-mx", "es-MX"},
                {"EN", "en"}, {"zh_hant_TW", "zh-Hant-TW"}, {"es_419", "es-419"}, {"en-US", "en-US"}}) {
            assertThat(LanguageTags.canonical(tag[0])).as(tag[0]).contains(tag[1]);
        }
    }

    @Test
    void refusesWhatIsNoTag() {
        for (String text : new String[] {"english", "en-", "en__US", "en-US-x", "e", "en US", "", "en_US_POSIX"}) {
            assertThat(LanguageTags.canonical(text)).as(text).isEmpty();
        }
        assertThat(LanguageTags.canonical(null)).isEmpty();
    }

    @Test
    void aBareLanguageMeansTheSurveysOneLanguageOfIt() {
        Survey shipped = ShippedSurvey.load();
        assertThat(shipped.languagesMeant("en")).containsExactly("en-US");
        assertThat(shipped.languagesMeant("es")).containsExactly("es-MX");
        assertThat(shipped.languagesMeant("es-MX")).containsExactly("es-MX");
        assertThat(shipped.languagesMeant("de")).isEmpty();
        assertThat(shipped.languagesMeant("e")).as("a prefix of a language is none").isEmpty();
    }

    /**
     * Probe 2026-12-05: {@code en-AU} was {@code unknown_language} for a survey in {@code en-US} alone, where a bare
     * {@code en} was started in it. A region the survey lacks means what the bare language means; another language,
     * or another script, still means none.
     */
    @Test
    void aRegionTheSurveyLacksMeansTheSurveysOneLanguageOfIt() {
        Survey shipped = ShippedSurvey.load();
        assertThat(shipped.languagesMeant("en-AU")).containsExactly("en-US");
        assertThat(shipped.languagesMeant("es-ES")).containsExactly("es-MX");
        assertThat(shipped.languagesMeant("es-419")).containsExactly("es-MX");
        assertThat(shipped.languagesMeant("de-DE")).as("a language the survey lacks").isEmpty();
        assertThat(shipped.languagesMeant("en-Latn-AU")).as("a script is no region to pass over").isEmpty();
        Map<String, SurveyLanguage> languages = new LinkedHashMap<>(shipped.languages());
        languages.put("en-GB", shipped.language("en-US"));
        assertThat(withLanguages(shipped, "en-US", languages).languagesMeant("en-AU")).containsExactly("en-US");
        assertThat(withLanguages(shipped, "fr-CA", languages).languagesMeant("en-AU"))
                .as("no default among them: the caller must choose").containsExactly("en-GB", "en-US");
        assertThat(LanguageTags.languageOfRegional("en-AU")).contains("en");
        assertThat(LanguageTags.languageOfRegional("en")).isEmpty();
        assertThat(LanguageTags.languageOfRegional("zh-Hant")).isEmpty();
    }

    @Test
    void aRegionNeverMeansATagWithAScript() {
        Survey shipped = ShippedSurvey.load();
        Map<String, SurveyLanguage> languages = new LinkedHashMap<>(shipped.languages());
        languages.put("zh-Hans-CN", shipped.language("en-US"));
        Survey chinese = withLanguages(shipped, "zh-Hans-CN", languages);
        assertThat(chinese.languagesMeant("zh-TW")).as("Traditional readers are not sent Simplified").isEmpty();
        assertThat(chinese.languagesMeant("zh-HK")).isEmpty();
        assertThat(chinese.languagesMeant("zh-Hans-CN")).containsExactly("zh-Hans-CN");
        assertThat(chinese.languagesMeant("en-AU")).containsExactly("en-US");
        assertThat(LanguageTags.hasScript("zh-Hant-TW")).isTrue();
        assertThat(LanguageTags.hasScript("sr-Latn")).isTrue();
        assertThat(LanguageTags.hasScript("es-419")).isFalse();
        assertThat(LanguageTags.hasScript("en")).isFalse();
    }

    @Test
    void aBareLanguageOfSeveralRegionsMeansTheDefaultOrAllOfThem() {
        Survey shipped = ShippedSurvey.load();
        Map<String, SurveyLanguage> languages = new LinkedHashMap<>(shipped.languages());
        languages.put("en-GB", shipped.language("en-US"));
        assertThat(withLanguages(shipped, "en-US", languages).languagesMeant("en")).containsExactly("en-US");
        assertThat(withLanguages(shipped, "fr-CA", languages).languagesMeant("en"))
                .as("no default among them: the caller must choose").containsExactly("en-GB", "en-US");
        assertThat(withLanguages(shipped, "fr-CA", languages).languagesMeant("en-GB")).containsExactly("en-GB");
    }

    private static Survey withLanguages(Survey survey, String defaultLanguage, Map<String, SurveyLanguage> languages) {
        return new Survey(survey.surveyId(), defaultLanguage, survey.maxRetries(), survey.gatherTimeoutSeconds(),
                survey.minSpeechConfidence(), survey.questions(), languages, survey.offers(), survey.contactHours(),
                survey.fallback(), survey.version(), survey.consent());
    }
}
