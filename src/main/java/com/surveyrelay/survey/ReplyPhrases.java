package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds whole words and phrases in a {@link Replies#normalise normalised} reply, and the negating words before them:
 * what {@link YesNoAnswers} and {@link ChoiceAnswers} search a reply with, and the negating words {@link NumberAnswers}
 * checks before a number.
 *
 * <p>The rule: phrases are found whole, the longest first from the left, so no word counts for two phrases; a
 * negating word ({@link #NEGATORS}) up to {@value #NEGATION_REACH} words before a phrase, and not part of an earlier
 * phrase, negates it. Stateless; every method is a pure function of its arguments.
 */
final class ReplyPhrases {

    /** How many words before a yes, a no or a label are searched for a word that negates it. */
    static final int NEGATION_REACH = 2;
    private static final Pattern TRAILING_MARKS = Pattern.compile("[.!]+$");
    /** Words that turn the yes, no or label right after them around: "not sure", "pas exact", "no por teléfono". */
    static final Set<String> NEGATORS = Set.of(
            "not", "no", "never", "t", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "cant", "cannot", "wont",
            "without", "except", "ni", "nunca", "sin", "excepto", "salvo", "pas", "ne", "n", "jamais", "sans", "sauf");

    private ReplyPhrases() {
    }

    /** Phrase found in words [start, end), with what it means. */
    record Found<T>(int start, int end, Set<T> meanings) {
    }

    /** The reply without surrounding blanks and trailing "." and "!", as a key is compared. */
    static String typed(String reply) {
        return TRAILING_MARKS.matcher(reply.strip()).replaceAll("").strip();
    }

    static List<String> words(String normalised) {
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split(" "));
    }

    /** Whole phrases from the left, the longest at each word, so no word counts for two phrases. */
    static <T> List<Found<T>> find(List<String> words, Map<List<String>, Set<T>> phrases) {
        int longest = phrases.keySet().stream().mapToInt(List::size).max().orElse(0);
        List<Found<T>> found = new ArrayList<>();
        int at = 0;
        while (at < words.size()) {
            int length = Math.min(longest, words.size() - at);
            while (length > 0 && !phrases.containsKey(words.subList(at, at + length))) {
                length--;
            }
            if (length > 0) {
                found.add(new Found<>(at, at + length, phrases.get(words.subList(at, at + length))));
                at += length;
            } else {
                at++;
            }
        }
        return found;
    }

    /** True when a negating word that is not part of an earlier phrase stands just before the phrase. */
    static boolean negated(List<String> words, List<? extends Found<?>> found, int index) {
        int start = found.get(index).start();
        int from = Math.max(start - NEGATION_REACH, index == 0 ? 0 : found.get(index - 1).end());
        return words.subList(from, start).stream().anyMatch(NEGATORS::contains);
    }
}
