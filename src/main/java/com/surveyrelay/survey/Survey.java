package com.surveyrelay.survey;

import java.util.List;
import java.util.Map;

/**
 * A survey definition with its prompts in every language, as the configuration loader accepted it: every
 * question has a prompt in every language and every language can be offered from every other.
 *
 * @param minSpeechConfidence a speech answer Twilio recognised with a lower {@code Confidence} (0 to 1) is re-asked
 *     rather than recorded ({@link #clearlyHeard}: one without a score is taken); 0 records every one
 * @param offers for each language, the other languages offered to a respondent who hears that one, by digit
 * @param contactHours when respondents may be contacted, in their time zone; null to follow the service's
 *     {@code CONTACT_DAYS} / {@code CONTACT_HOURS}
 * @param fallback channel fallback for the survey's calls; null to follow the service's {@code FALLBACK_*}
 * @param version the first 16 hex digits of the SHA-256 of the survey's files (names and bytes, in name order),
 *     so the same files always give the same version; a session records it and finishes on that version
 * @param consent the opt-out, opt-in and help words of all the survey's languages together: a respondent may opt
 *     out in any of them at any step (a French speaker who has not yet chosen French texts ARRÊT); made once, by
 *     the other constructor, as every text is classified with them
 */
public record Survey(
        String surveyId, String defaultLanguage, int maxRetries, int gatherTimeoutSeconds, double minSpeechConfidence,
        List<Question> questions, Map<String, SurveyLanguage> languages, Map<String, List<LanguageOffer>> offers,
        ContactHours contactHours, SurveyFallback fallback, String version, ConsentWords consent) {

    /** A survey whose consent words are those of its default language and of every one of its languages. */
    public Survey(String surveyId, String defaultLanguage, int maxRetries, int gatherTimeoutSeconds,
            double minSpeechConfidence, List<Question> questions, Map<String, SurveyLanguage> languages,
            Map<String, List<LanguageOffer>> offers, ContactHours contactHours, SurveyFallback fallback,
            String version) {
        this(surveyId, defaultLanguage, maxRetries, gatherTimeoutSeconds, minSpeechConfidence, questions, languages,
                offers, contactHours, fallback, version, languages.values().stream().map(SurveyLanguage::consent)
                        .reduce(ConsentWords.defaults(defaultLanguage), ConsentWords::plus));
    }

    /**
     * The opt-out, opt-in and help words and phrases this survey's files add to the built-in ones (English, Spanish
     * and French): they count for every respondent of every survey the service runs.
     */
    public java.util.Set<String> ownConsentWords() {
        java.util.Set<String> own = new java.util.TreeSet<>(consent.reserved());
        for (String builtIn : List.of("en", "es", "fr")) {
            own.removeAll(ConsentWords.defaults(builtIn).reserved());
        }
        return own;
    }

    /**
     * The first question of this survey, in any of its languages, that takes {@code reply} as its answer, as
     * {@code <questionName> (<language>)}; empty when none does. Free-text questions take anything and are left out.
     */
    public java.util.Optional<String> questionAnsweredBy(String reply) {
        return questionAnsweredBy(questions, languages.values(), reply);
    }

    /** {@link #questionAnsweredBy(String)} for questions and languages not yet made a survey (the lint's). */
    static java.util.Optional<String> questionAnsweredBy(
            List<Question> questions, java.util.Collection<SurveyLanguage> languages, String reply) {
        for (Question question : questions) {
            if (question.type().freeText()) {
                continue;
            }
            for (SurveyLanguage language : languages) {
                if (AnswerReader.read(question, language, reply).isPresent()) {
                    return java.util.Optional.of(question.name() + " (" + language.tag() + ")");
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The language a text from a respondent with no session was written in, as far as its consent words tell: the
     * default language when its words read {@code text} as {@code intent} (each language reads the English words too,
     * so "STOP" is the default's), else the first language, by tag, whose own words do ("ARRÊT" is French's), else
     * the default language. Until 2026-12-07 such a number's opt-out or help was answered in the default language
     * whatever it was written in.
     *
     * @param text the text's body as received; null reads as the default language
     * @param intent what the survey's words together read the text as ({@link #consent})
     */
    public SurveyLanguage languageOfConsentText(String text, ConsentWords.Intent intent) {
        SurveyLanguage fallback = language(defaultLanguage);
        java.util.Optional<SurveyLanguage> written = writtenIn(text, intent);
        if (written.isPresent()) {
            return written.get();
        }
        if (text == null || fallback.consent().classify(text) == intent) {
            return fallback;
        }
        return new java.util.TreeMap<>(languages).values().stream()
                .filter(language -> language.consent().classify(text) == intent).findFirst().orElse(fallback);
    }

    /**
     * The survey's first language, by tag, of the built-in language a whole-sentence refusal every language reads is
     * written in ({@link ConsentWords#writtenIn}: "Mauvais numéro" is French's); empty for another text or intent, or
     * when the survey has no such language.
     */
    public java.util.Optional<SurveyLanguage> writtenIn(String text, ConsentWords.Intent intent) {
        if (intent != ConsentWords.Intent.OPT_OUT) {
            return java.util.Optional.empty();
        }
        return ConsentWords.writtenIn(text).flatMap(primary -> new java.util.TreeMap<>(languages).values().stream()
                .filter(language -> language.tag().toLowerCase(java.util.Locale.ROOT).startsWith(primary + "-")
                        || language.tag().equalsIgnoreCase(primary)).findFirst());
    }

    public boolean hasLanguage(String tag) {
        return languages.containsKey(tag);
    }

    /**
     * The languages of this survey a request naming {@code tag} may mean, sorted: {@code tag} itself when the survey
     * has it; for a bare language ({@code en}, no script or region) the survey's languages of that language
     * ({@code en-US}), narrowed to the default language when it is one of several; for a language and a region the
     * survey lacks ({@code en-AU}), what the bare language means (the survey's one English is closer to the caller's
     * than a refusal), unless that has a script ({@code zh-TW} never means {@code zh-Hans-CN}); else none. A tag with a
     * script ({@code zh-Hant-TW}) means only itself: another script is another writing. A request is started in the one
     * language this gives, and refused when it gives none or several (break-it probes, 2026-12: callers write
     * {@code en} and {@code en-AU} for a survey in {@code en-US}).
     *
     * @param tag a canonical tag ({@link LanguageTags#canonical})
     */
    public List<String> languagesMeant(String tag) {
        if (hasLanguage(tag)) {
            return List.of(tag);
        }
        java.util.Optional<String> language = LanguageTags.languageOfRegional(tag);
        if (language.isPresent()) {
            // A region says nothing of the script its caller reads: zh-TW is not the survey's zh-Hans-CN.
            return languagesMeant(language.get()).stream().filter(meant -> !LanguageTags.hasScript(meant)).toList();
        }
        if (tag.contains("-")) {
            return List.of();
        }
        List<String> sameLanguage = languages.keySet().stream()
                .filter(candidate -> candidate.startsWith(tag + "-")).sorted().toList();
        return sameLanguage.size() > 1 && sameLanguage.contains(defaultLanguage) ? List.of(defaultLanguage)
                : sameLanguage;
    }

    public SurveyLanguage language(String tag) {
        SurveyLanguage language = languages.get(tag);
        if (language == null) {
            throw new IllegalArgumentException("survey " + surveyId + " has no language " + tag);
        }
        return language;
    }

    /**
     * Whether speech Twilio scored {@code confidence} clears this survey's {@code minSpeechConfidence}, the bar a spoken
     * answer, or a language's name at the language offer or at a question, must reach to be taken.
     *
     * <p>A {@code SpeechResult} without a {@code Confidence} (or with one that is no number from 0 to 1, which the
     * webhook reads as none) is taken: the request is signed by Twilio, so it is not forged, and a speech model that
     * scores nothing (Google's speech-to-text leaves the score out when it has none) would otherwise have every spoken
     * answer of the survey asked again until the survey is lost. The score is not stored then.
     *
     * @param confidence Twilio's {@code Confidence}, 0.0 to 1.0, or null when the request had none
     */
    public boolean clearlyHeard(Double confidence) {
        return clears(confidence, minSpeechConfidence);
    }

    /** {@link #clearlyHeard} against {@code bar} (0 to 1): a null {@code confidence} clears any bar. */
    static boolean clears(Double confidence, double bar) {
        return confidence == null || confidence >= bar;
    }

    public List<LanguageOffer> offersFrom(String tag) {
        return offers.getOrDefault(tag, List.of());
    }

    public Question question(int index) {
        return questions.get(index);
    }

    /** The index of a question by name, or -1. */
    public int indexOf(String questionName) {
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).name().equals(questionName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Skip logic: the question after question {@code index} given the answers recorded so far, or -1 when the survey
     * ends there. The first branch whose condition holds wins, each condition testing the answer of its own question
     * or of the earlier one it names (a skipped or unasked question's answer is null and meets none); with none, the
     * next question in order follows (none after the last).
     *
     * @param results the session's results, one a question in this survey's order
     */
    public int next(int index, List<QuestionResult> results) {
        Question question = questions.get(index);
        for (Question.Branch branch : question.next()) {
            if (branch.when() == null || branch.when().holdsFor(
                    results.get(indexOf(branch.when().subject(question.name()))).answer())) {
                return branch.goTo().equals(Question.Branch.END) ? -1 : indexOf(branch.goTo());
            }
        }
        return index + 1 < questions.size() ? index + 1 : -1;
    }

    /** True when every answer to question {@code index} ends the survey: its intro says "one last question". */
    public boolean isLast(int index) {
        Question question = questions.get(index);
        boolean alwaysBranches = question.next().stream().anyMatch(branch -> branch.when() == null);
        boolean branchesEnd = question.next().stream().allMatch(branch -> branch.goTo().equals(Question.Branch.END));
        return branchesEnd && (alwaysBranches || index == questions.size() - 1);
    }

    /**
     * The first question on the respondent's path with neither an answer nor a skip, following the skip logic
     * from the first question through the recorded results; -1 when the path is complete.
     */
    public int firstOpenOnPath(List<QuestionResult> results) {
        int index = 0;
        while (index >= 0 && index < results.size()) {
            QuestionResult result = results.get(index);
            if (result.answer() == null && !Boolean.TRUE.equals(result.skipped())) {
                return index;
            }
            index = next(index, results);
        }
        return -1;
    }
}
