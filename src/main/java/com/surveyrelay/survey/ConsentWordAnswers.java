package com.surveyrelay.survey;

import com.surveyrelay.survey.LanguageFileReader.LanguageFile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The lint that refuses an opt-out or help word a language file adds ({@code optOutWords}, {@code optOutPhrases},
 * {@code helpWords}) when it is also an answer to one of the same survey's questions, in any of its languages.
 *
 * <p>It exists because a text or an utterance is read for consent before it is read as an answer ({@link
 * ConsentWords}, {@link SurveyProcessor}), with the consent words of all the survey's languages: with
 * {@code optOutWords=stop, no} in a survey asking yes or no, every respondent answering "no" was opted out and put
 * on the suppression list, and with {@code optOutWords=0} so was every detractor answering 0 to an NPS question; a
 * help word that is an answer ({@code helpWords=help, store} beside an option "store") got the help text and the
 * question again, so that answer could never be given. The catalog refuses the same clash between two surveys;
 * this is the one inside a survey. Built-in words are left out: the lint refuses them as answers where the answers
 * are written ({@code keywordClash} in {@link LanguageFileReader}), and numbers and yes or no are never built-in
 * consent words. Opt-in words are left out too: one that is an answer is read as that answer while a survey runs.
 */
final class ConsentWordAnswers {

    /** The keys checked, each with the words of a language's consent it adds, and what its clash would do. */
    private enum Kind {
        OPT_OUT_WORDS("optOutWords", ConsentWords::optOutWords, "opted out instead"),
        OPT_OUT_PHRASES("optOutPhrases", ConsentWords::optOutPhrases, "opted out instead"),
        HELP_WORDS("helpWords", ConsentWords::helpWords, "texted the help and the question again, and the answer "
                + "could never be given");

        private final String key;
        private final Function<ConsentWords, Set<String>> words;
        private final String outcome;

        Kind(String key, Function<ConsentWords, Set<String>> words, String outcome) {
            this.key = key;
            this.words = words;
            this.outcome = outcome;
        }
    }

    private ConsentWordAnswers() {
    }

    /**
     * Adds a problem, naming the language file and its key, for each opt-out or help word or phrase the file adds to
     * the built-in ones that a question of the survey takes as its answer in any of its languages (the first such
     * question, in the survey's order).
     *
     * @param questions the survey's questions, as loaded
     * @param languages the survey's language files that loaded, by tag
     * @param problems  where each problem found is added
     */
    static void check(List<Question> questions, Map<String, LanguageFile> languages, List<ConfigProblem> problems) {
        Collection<SurveyLanguage> spoken = languages.values().stream().map(LanguageFile::language).toList();
        for (LanguageFile file : languages.values()) {
            SurveyLanguage language = file.language();
            ConsentWords builtIn = ConsentWords.defaults(language.tag());
            for (Kind kind : Kind.values()) {
                for (String word : kind.words.apply(language.consent()).stream().sorted().toList()) {
                    if (kind.words.apply(builtIn).contains(word)) {
                        continue;
                    }
                    Survey.questionAnsweredBy(questions, spoken, word).ifPresent(answered -> problems.add(
                            new ConfigProblem(file.file(), kind.key, "\"" + word + "\" is an answer to " + answered
                                    + ": respondents giving that answer would be " + kind.outcome + "; take it out of "
                                    + kind.key)));
                }
            }
        }
    }
}
