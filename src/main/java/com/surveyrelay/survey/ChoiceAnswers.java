package com.surveyrelay.survey;

import com.surveyrelay.survey.NaturalAnswers.ChoiceLabels;
import com.surveyrelay.survey.ReplyPhrases.Found;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads which one option of a choice question a reply names, by its key (the digit or text that picks it, also as a
 * number in words after lead words such as "option") or by its labels, for {@link NaturalAnswers#choice}, whose
 * Javadoc has the full rule.
 *
 * <p>The rule in short: exactly one option named picks it; two options named, a number key with another option's
 * label, a key or label shared by two options, a label negated by a word up to {@value #NEGATION_REACH} words before
 * it in its clause ({@link #NEGATORS}), or one taken back after it ({@link ReplyPhrases#withdrawn}) give empty.
 */
final class ChoiceAnswers {

    /**
     * Words that may stand before an option's number and change nothing: "option two", "the number 2", "la dos"
     * (Spanish leaves "opción" out), "el número dos", "le deux", "l'option deux" ("l'" normalises to "l").
     */
    private static final Map<AnswerLanguage, Set<String>> KEY_LEADS = Map.of(
            AnswerLanguage.EN, Set.of("option", "number", "choice", "the"),
            AnswerLanguage.ES, Set.of("la", "el", "opcion", "numero"),
            AnswerLanguage.FR, Set.of("la", "le", "l", "option", "numero", "choix"));
    /** How many lead words may stand before the number: "the number two", "la opción dos", "l'option deux". */
    private static final int MAX_KEY_LEADS = 2;
    /** More digits than this are no option's key (a choice has at most nine options): a phone or account number. */
    private static final int MAX_KEY_DIGITS = 2;

    /**
     * How many words before a label are searched for a word that rules it out: three, so that "I don't use the app"
     * and "not through the app" are no vote for the app (until 2026-12-07 two, and both were stored as {@code app}).
     * Ruling out too much only asks the question again; ruling out too little stores the opposite of the answer.
     */
    static final int NEGATION_REACH = 3;
    /**
     * {@link ReplyPhrases#NEGATORS} and the words that set an option aside in a choice: "anything but the app", "other
     * than the app", "instead of the app", "apart from the app", "no longer the app", "I stopped using the app" (each
     * stored as {@code app} until 2026-12-07, by an analyst's probe).
     */
    static final Set<String> NEGATORS = union(ReplyPhrases.NEGATORS,
            Set.of("but", "than", "instead", "apart", "longer", "stopped", "quit"));

    /**
     * English "one" right after a label is a pronoun, no number: "the app one", "the blue one" (until 2026-12-07 read
     * as key 1 beside another option's label, so never an answer: a survey author's probe).
     */
    private static final Set<String> PRONOUN_ONE = Set.of("one", "ones");

    private ChoiceAnswers() {
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> all = new java.util.HashSet<>(one);
        all.addAll(other);
        return Set.copyOf(all);
    }

    /** The chosen option's value as {@link NaturalAnswers#choice} reads it. */
    static Optional<String> read(String reply, String languageTag, List<ChoiceLabels> options) {
        if (reply == null || reply.isBlank() || options == null) {
            return Optional.empty();
        }
        List<ChoiceLabels> known = options.stream().filter(Objects::nonNull).toList();
        String typed = ReplyPhrases.typed(reply);
        List<ChoiceLabels> byKey = known.stream()
                .filter(option -> option.key() != null && option.key().strip().equalsIgnoreCase(typed))
                .toList();
        if (!byKey.isEmpty()) {
            return byKey.size() == 1 ? Optional.of(byKey.get(0).value()) : Optional.empty();
        }
        Map<List<String>, Set<Integer>> labels = new HashMap<>();
        for (int index = 0; index < known.size(); index++) {
            for (String label : known.get(index).labels()) {
                List<String> phrase = ReplyPhrases.words(Replies.normalise(label));
                if (!phrase.isEmpty()) {
                    labels.computeIfAbsent(phrase, unused -> new TreeSet<>()).add(index);
                }
            }
        }
        List<String> words = new java.util.ArrayList<>(ReplyPhrases.clauseWords(reply));
        for (int at = 1; at < words.size(); at++) {
            if (words.get(at).equals("but") && words.get(at - 1).equals("nothing")) {
                words.set(at, "only"); // "nothing but the app" is the app
            }
        }
        List<Found<Integer>> found = ReplyPhrases.find(words, labels);
        Set<Integer> named = new TreeSet<>();
        for (int index = 0; index < found.size(); index++) {
            if (ReplyPhrases.negated(words, found, index, NEGATION_REACH, NEGATORS)
                    || ReplyPhrases.withdrawn(words, found, index)) {
                return Optional.empty();
            }
            named.addAll(found.get(index).meanings());
        }
        if (!named.isEmpty() && numberNamesAnotherOption(words, found, AnswerLanguage.of(languageTag), known,
                named)) {
            return Optional.empty(); // "option two, by phone": a key and another option's label
        }
        keyInWords(ReplyPhrases.words(Replies.normalise(reply)), AnswerLanguage.of(languageTag)).ifPresent(number -> {
            for (int index = 0; index < known.size(); index++) {
                String key = known.get(index).key();
                if (key != null && ReplyTokens.WHOLE.matcher(key.strip()).matches()
                        && new BigDecimal(key.strip()).intValue() == number) {
                    named.add(index);
                }
            }
        });
        return named.size() == 1 ? Optional.of(known.get(named.iterator().next()).value()) : Optional.empty();
    }

    /**
     * True when the reply holds a whole number, in digits or in the language's number words (not an article such as
     * "un"), that is the key of an option its labels did not name. A number inside a label the reply names is that
     * label's, not a key: "2-3 times a week" names its option, though 3 is another option's key (it was read as naming
     * both, so the label could never be chosen by its words, and the lint refused it); nor is "one" just after a
     * label ({@link #PRONOUN_ONE}).
     *
     * @param found the labels the reply names, by word position ({@link ReplyPhrases#find})
     */
    private static boolean numberNamesAnotherOption(List<String> words, List<Found<Integer>> found,
            AnswerLanguage language, List<ChoiceLabels> options, Set<Integer> named) {
        boolean[] inLabel = new boolean[words.size()];
        boolean[] afterLabel = new boolean[words.size() + 1];
        found.forEach(label -> {
            Arrays.fill(inLabel, label.start(), label.end(), true);
            afterLabel[label.end()] = true;
        });
        Set<Integer> numbers = new TreeSet<>();
        for (int at = 0; at < words.size(); at++) {
            if (inLabel[at] || afterLabel[at] && PRONOUN_ONE.contains(words.get(at))) {
                continue;
            }
            String word = words.get(at);
            if (word.length() <= MAX_KEY_DIGITS && ReplyTokens.WHOLE.matcher(word).matches()) {
                numbers.add(Integer.valueOf(word));
                continue;
            }
            NumberWords.Said said = NumberWords.said(language, words, at);
            if (said != null && !(said.length() == 1 && NumberAnswers.ARTICLES.contains(word))) {
                numbers.add(said.value());
                at += said.length() - 1;
            }
        }
        for (int index = 0; index < options.size(); index++) {
            String key = options.get(index).key();
            if (!named.contains(index) && key != null && key.strip().length() <= MAX_KEY_DIGITS
                    && ReplyTokens.WHOLE.matcher(key.strip()).matches()
                    && numbers.contains(Integer.valueOf(key.strip()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The whole number the normalised reply consists of, after its lead words: digits or the language's number
     * words. Empty when any other word is there, or there is no number.
     */
    private static Optional<Integer> keyInWords(List<String> words, AnswerLanguage language) {
        int at = 0;
        while (at < words.size() && at < MAX_KEY_LEADS && KEY_LEADS.get(language).contains(words.get(at))) {
            at++;
        }
        if (at == words.size()) {
            return Optional.empty();
        }
        List<String> rest = words.subList(at, words.size());
        if (rest.size() == 1 && rest.get(0).length() <= MAX_KEY_DIGITS
                && ReplyTokens.WHOLE.matcher(rest.get(0)).matches()) {
            return Optional.of(Integer.valueOf(rest.get(0)));
        }
        NumberWords.Said said = NumberWords.said(language, rest, 0);
        return said != null && said.length() == rest.size() ? Optional.of(said.value()) : Optional.empty();
    }
}
