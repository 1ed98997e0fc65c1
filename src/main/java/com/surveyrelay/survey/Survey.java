package com.surveyrelay.survey;

import java.util.List;
import java.util.Map;

/**
 * A survey definition with its prompts in every language, as the configuration loader accepted it: every
 * question has a prompt in every language and every language can be offered from every other.
 *
 * @param offers for each language, the other languages offered to a respondent who hears that one, by digit
 * @param contactHours when respondents may be contacted, in their time zone; null to follow the service's
 *     {@code CONTACT_DAYS} / {@code CONTACT_HOURS}
 * @param fallback channel fallback for the survey's calls; null to follow the service's {@code FALLBACK_*}
 * @param version the first 16 hex digits of the SHA-256 of the survey's files (names and bytes, in name order),
 *     so the same files always give the same version; a session records it and finishes on that version
 */
public record Survey(
        String surveyId, String defaultLanguage, int maxRetries, int gatherTimeoutSeconds,
        List<Question> questions, Map<String, SurveyLanguage> languages, Map<String, List<LanguageOffer>> offers,
        ContactHours contactHours, SurveyFallback fallback, String version) {

    public boolean hasLanguage(String tag) {
        return languages.containsKey(tag);
    }

    public SurveyLanguage language(String tag) {
        SurveyLanguage language = languages.get(tag);
        if (language == null) {
            throw new IllegalArgumentException("survey " + surveyId + " has no language " + tag);
        }
        return language;
    }

    public List<LanguageOffer> offersFrom(String tag) {
        return offers.getOrDefault(tag, List.of());
    }

    public Question question(int index) {
        return questions.get(index);
    }

    /**
     * The opt-out, opt-in and help words of all the survey's languages together: a respondent may opt out in any
     * of them at any step (a French speaker who has not yet chosen French texts ARRÊT).
     */
    public ConsentWords consent() {
        return languages.values().stream().map(SurveyLanguage::consent)
                .reduce(ConsentWords.defaults(defaultLanguage), ConsentWords::plus);
    }

    public boolean isLast(int index) {
        return index == questions.size() - 1;
    }
}
