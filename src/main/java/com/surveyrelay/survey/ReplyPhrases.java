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

    /**
     * Stands between two clauses in {@link #clauseWords}; no word of a normalised reply is one, and no phrase holds it,
     * so no phrase is found across two clauses and no negating word reaches into the next.
     */
    static final String CLAUSE_BREAK = "|";
    /**
     * What ends a clause in a reply as typed or as Twilio transcribed it: a comma, a semicolon, a colon, a question or
     * exclamation mark (Spanish's opening ones too, and the full-width forms), an ellipsis, a dash between spaces or a
     * long dash, a full stop not inside a number ("7.5").
     */
    private static final Pattern CLAUSE_MARKS = Pattern.compile(
            "[,;:!?\u00BF\u00A1\u2026\uFF0C\u3001\u3002\uFF1F\uFF01\uFF1B]+|\\.(?!\\d)"
                    + "|\\s[-\u2013\u2014]+\\s|[\u2013\u2014]");

    private ReplyPhrases() {
    }

    /**
     * The words of a reply as typed or heard, as {@link #words} of its {@link Replies#normalise normalised} text gives
     * them, with {@value #CLAUSE_BREAK} between its clauses ({@link #CLAUSE_MARKS}): "No, en español" is {@code [no,
     * |, en, espanol]}, so the "no" that answers the offer does not negate the language chosen after it.
     *
     * @param raw the reply; not null
     * @return its words and clause breaks, never a break first, last or twice in a row; empty for a reply of no words
     */
    static List<String> clauseWords(String raw) {
        List<String> all = new ArrayList<>();
        for (String clause : CLAUSE_MARKS.split(raw)) {
            List<String> words = words(Replies.normalise(clause));
            if (!words.isEmpty()) {
                if (!all.isEmpty()) {
                    all.add(CLAUSE_BREAK);
                }
                all.addAll(words);
            }
        }
        return all;
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

    /**
     * The phrases {@link #find} finds when they cover every word of the reply, with nothing between or around them;
     * empty otherwise, and for a reply of no words.
     */
    static <T> java.util.Optional<List<Found<T>>> covering(List<String> words, Map<List<String>, Set<T>> phrases) {
        List<Found<T>> found = find(words, phrases);
        int covered = found.stream().mapToInt(phrase -> phrase.end() - phrase.start()).sum();
        return words.isEmpty() || covered != words.size() ? java.util.Optional.empty() : java.util.Optional.of(found);
    }

    /** True when a negating word that is not part of an earlier phrase stands just before the phrase. */
    static boolean negated(List<String> words, List<? extends Found<?>> found, int index) {
        return negated(words, found, index, NEGATION_REACH, NEGATORS);
    }

    /**
     * True when one of {@code negators}, not part of an earlier phrase, stands up to {@code reach} words before the
     * phrase in its own clause (the search stops at a {@link #CLAUSE_BREAK}).
     */
    static boolean negated(List<String> words, List<? extends Found<?>> found, int index, int reach,
            Set<String> negators) {
        int start = found.get(index).start();
        int from = Math.max(start - reach, index == 0 ? 0 : found.get(index - 1).end());
        for (int at = start - 1; at >= from; at--) {
            if (words.get(at).equals(CLAUSE_BREAK)) {
                return false;
            }
            if (negators.contains(words.get(at))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when what follows the phrase in {@link #clauseWords} takes it back: a negating word that ends the phrase's
     * clause ("inglés no, español"), or a next clause that begins with one and names nothing found ("Spanish? No,
     * English", "Spanish. No wait, English.", "the app? no"). A spoken correction puts the name first and the "no"
     * after it, which {@link #negated} does not see; until 2026-12-07 "Inglés no, español" went on in English.
     */
    static boolean withdrawn(List<String> words, List<? extends Found<?>> found, int index) {
        int end = found.get(index).end();
        if (end < words.size() && NEGATORS.contains(words.get(end))
                && (end + 1 == words.size() || words.get(end + 1).equals(CLAUSE_BREAK))) {
            return true;
        }
        int next = words.subList(end, words.size()).indexOf(CLAUSE_BREAK);
        if (next < 0) {
            return false;
        }
        int clauseStart = end + next + 1;
        int clauseEnd = words.subList(clauseStart, words.size()).indexOf(CLAUSE_BREAK);
        List<String> clause = words.subList(clauseStart, clauseEnd < 0 ? words.size() : clauseStart + clauseEnd);
        // Only a bare "no" (with "wait", "sorry"...) takes it back: "The app, no problems", "Email, no thanks" and
        // "English. No problem." keep it (they were asked again for a few hours on 2026-12-07, a breaker's probe).
        return NEGATORS.contains(clause.get(0))
                && clause.stream().allMatch(word -> NEGATORS.contains(word) || CORRECTION_FILLERS.contains(word));
    }

    /** Words a spoken correction says with its "no": "No, wait", "no sorry", "non, attendez", "no, espere". */
    private static final Set<String> CORRECTION_FILLERS = Set.of("wait", "sorry", "actually", "hold", "on", "i",
            "mean", "um", "uh", "oh", "espera", "espere", "perdon", "attends", "attendez", "pardon", "non", "nope",
            "nah");
}
