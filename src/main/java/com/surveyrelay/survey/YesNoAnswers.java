package com.surveyrelay.survey;

import com.surveyrelay.survey.ReplyPhrases.Found;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads yes or no from a reply, with the words of English, Spanish and French and the extra words a survey adds, for
 * {@link NaturalAnswers#yesNo}, whose Javadoc has the full rule.
 *
 * <p>The rule in short: the reply is exactly "1" (yes) or "2" (no), or holds yes phrases or no phrases but not both
 * (a thumbs up or a check mark is a yes, a thumbs down or a cross mark a no);
 * a doubt ("not sure", "no sé", "je ne sais pas") or a yes or no negated by a word before it gives empty. A negation
 * standing alone ({@link #REVERSING}, in no phrase) is no when it ends a reply without a yes ("I don't", "do not",
 * "je ne veux pas"), and turns a yes in the same reply into a doubt ("yes I do not", "sure not"): a probe (2026-12)
 * found the first asked again and the second read as yes.
 */
final class YesNoAnswers {

    /**
     * What a phrase says: yes, no, a doubt (the reply is asked again), or {@code EITHER}: a "no problem" idiom, yes to
     * "May we contact you?" and no to "Did you have any problems?", which says nothing alone (asked again) and leaves
     * a yes or a no beside it to decide ("Yes, no problem" is yes).
     */
    private enum Meaning { YES, NO, UNSURE, EITHER }

    /**
     * "Uh-huh" and "mm-hmm" (normalised "uh huh", "mm hmm") are how a yes often sounds on a call (since 2026-12-07);
     * "uh-uh" is no no: it normalises as a hesitation does ("Uh, uh."), which a reviewer's probe found stored as no.
     * "Yeh", "ues" (U beside Y on a phone's keyboard) and "nop" are how yes and no are often typed (asked again until
     * 2026-12-07).
     */
    private static final String EN_YES = "yes, yeah, yea, yeh, ues, yep, yup, y, sure, of course, absolutely, "
            + "definitely, correct, right, ok, okay, all right, alright, why not, uh huh, mm hmm, mhm, mmhmm, mhmm";
    private static final String EN_NO = "no, nope, nop, nah, n, not really, never, not at all, of course not, "
            + "absolutely not, definitely not, certainly not, nuh uh";
    private static final String EN_UNSURE = "not sure, no idea, dont know, don't know, do not know, dunno, maybe, "
            + "perhaps, not certain, n/a";
    /**
     * Yes to "May we contact you?", no to "Did you have any problems?" ({@code Meaning.EITHER}): stored as no until
     * 2026-12-07, then for a few hours as yes (a newcomer's and a reviewer's probes); "no problem", "no hay problema"
     * and "pas de problème" were yes until a respondent's probe the same day.
     */
    private static final String EN_EITHER = "not a problem, no worries, no objection, no objections, no reason not to, "
            + "no problem";
    private static final String ES_YES = "sí, si, claro, claro que sí, por supuesto, desde luego, vale, correcto, "
            + "ok, por qué no";
    private static final String ES_NO = "no, nunca, jamás, para nada, en absoluto, claro que no, por supuesto que no, "
            + "desde luego que no";
    private static final String ES_UNSURE = "no sé, no lo sé, quizás, quizá, tal vez, a lo mejor, no estoy seguro, "
            + "no estoy segura";
    private static final String ES_EITHER = "ningún problema, no hay inconveniente, sin inconveniente, "
            + "no hay problema, sin problema";
    private static final String FR_YES = "oui, ouais, bien sûr, d'accord, exact, ok, absolument, pourquoi pas";
    private static final String FR_NO = "non, pas du tout, jamais, pas vraiment, bien sûr que non, absolument pas, "
            + "certainement pas, pas d'accord";
    private static final String FR_UNSURE = "je ne sais pas, je sais pas, ne sais pas, sais pas, peut-être, pas sûr, "
            + "pas sûre, aucune idée";
    private static final String FR_EITHER = "aucun problème, sans problème, aucun souci, pas de problème, "
            + "pas de souci, pas de soucis";
    /**
     * Negating words that say no by themselves ("don't", "not", French "pas"), where they are no part of a phrase
     * ("why not", "pourquoi pas" are yes; "not sure" is a doubt; "pas de problème" says either). "t" is the end of
     * "don't", "can't", "won't", which {@link Replies#normalise} splits at the apostrophe; it counts after a word
     * ending in "n" only.
     */
    private static final Set<String> REVERSING = Set.of(
            "not", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "cant", "cannot", "wont", "pas", "t");
    /**
     * The thumbs up and the check marks (U+1F44D in any skin tone, U+2705, U+2714, U+2611), read as the word "yes": a
     * thumbs up is how many people say yes on a phone, WhatsApp above all, and normalising drops it as a symbol, so
     * until 2026-12-05 it was asked again as no answer. An emoji presentation selector (U+FE0F) may follow.
     */
    private static final Pattern YES_SIGNS =
            Pattern.compile("(?:\\x{1F44D}[\\x{1F3FB}-\\x{1F3FF}]?|[\\u2705\\u2714\\u2611])\\uFE0F?");
    /** The thumbs down and the cross marks (U+1F44E in any skin tone, U+274C, U+274E, U+2716), read as "no". */
    private static final Pattern NO_SIGNS =
            Pattern.compile("(?:\\x{1F44E}[\\x{1F3FB}-\\x{1F3FF}]?|[\\u274C\\u274E\\u2716])\\uFE0F?");
    private static final Pattern REPEATED_LETTER = Pattern.compile("(\\p{L})\\1+");
    /** A letter held down: three times or more in a row, which no yes or no word of the built-in ones has. */
    private static final Pattern HELD_LETTER = Pattern.compile("(\\p{L})\\1{2,}");
    /** "Y" is Spanish for "and" and French for "there", and "n" is French "n'": English borrows them to no one. */
    private static final Set<String> ENGLISH_ONLY = Set.of("y", "n");
    /**
     * A yes or no as one letter, the whole reply, in Spanish ("S" for sí, "N" for no) and French ("O" for oui, "N" for
     * non): what a prompt saying "Responda S o N" or "Répondez O ou N" asks for, as the README advises a prompt to ask
     * for Y or N (Twilio's YES keyword). Asked again until 2026-12-07 (a newcomer's probe). Only alone: inside a reply
     * "o" is Spanish "or" and "n" is French "n'".
     */
    private static final Map<AnswerLanguage, Map<String, Boolean>> SINGLE_LETTERS = Map.of(
            AnswerLanguage.ES, Map.of("s", true, "n", false), AnswerLanguage.FR, Map.of("o", true, "n", false));
    private static final Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> YES_NO_WORDS = yesNoWords();

    private YesNoAnswers() {
    }

    /** Yes or no as {@link NaturalAnswers#yesNo} reads it. */
    static Optional<Boolean> read(String reply, String languageTag, Collection<String> extraYesWords,
            Collection<String> extraNoWords) {
        if (reply == null || reply.isBlank()) {
            return Optional.empty();
        }
        String typed = ReplyPhrases.typed(reply);
        if (typed.equals("1") || typed.equals("2")) {
            return Optional.of(typed.equals("1"));
        }
        Boolean letter = SINGLE_LETTERS.getOrDefault(AnswerLanguage.of(languageTag), Map.of())
                .get(Replies.normalise(reply));
        if (letter != null) {
            return Optional.of(letter);
        }
        Map<List<String>, Set<Meaning>> phrases = new HashMap<>(YES_NO_WORDS.get(AnswerLanguage.of(languageTag)));
        addPhrases(phrases, extraYesWords, Meaning.YES);
        addPhrases(phrases, extraNoWords, Meaning.NO);
        String signs = NO_SIGNS.matcher(YES_SIGNS.matcher(reply).replaceAll(" yes ")).replaceAll(" no ");
        List<String> words = unstretched(ReplyPhrases.words(Replies.normalise(signs)), phrases);
        List<Found<Meaning>> found = ReplyPhrases.find(words, phrases);
        boolean yes = false;
        boolean no = false;
        for (int index = 0; index < found.size(); index++) {
            Set<Meaning> meanings = found.get(index).meanings();
            if (meanings.equals(Set.of(Meaning.EITHER))) {
                continue;
            }
            if (meanings.contains(Meaning.UNSURE) || ReplyPhrases.negated(words, found, index)) {
                return Optional.empty();
            }
            yes |= meanings.contains(Meaning.YES);
            no |= meanings.contains(Meaning.NO);
        }
        int lastNegation = lastStandingNegation(words, found);
        if (yes) {
            return no || lastNegation >= 0 ? Optional.empty() : Optional.of(true);
        }
        return no || lastNegation >= 0 && lastNegation == words.size() - 1 ? Optional.of(false) : Optional.empty();
    }

    /**
     * The words with each one typed with a letter held down ("yesss", "nooo", "yeeeesss", "siii"; "noo" or "yess" as
     * the whole reply) written as the yes or no word it stretches: a word no phrase has, with a letter three times in a
     * row or standing alone, whose runs of one repeated letter, each made one, spell a one-word phrase without a
     * doubled letter of its own ("yes", "no", "si", "oui", "non", "ok"). Texting stretches words for emphasis, and until
     * 2026-12-05 "yesss" was asked again as no answer. A word a phrase has is left as it is, and so is a word with a
     * double letter among others ("yes at noon" is not "yes at non").
     */
    private static List<String> unstretched(List<String> words, Map<List<String>, Set<Meaning>> phrases) {
        Set<String> plain = new HashSet<>();
        for (List<String> phrase : phrases.keySet()) {
            if (phrase.size() == 1 && squeezed(phrase.get(0)).equals(phrase.get(0))) {
                plain.add(phrase.get(0));
            }
        }
        boolean alone = words.size() == 1;
        return words.stream().map(word -> phrases.containsKey(List.of(word))
                || !alone && !HELD_LETTER.matcher(word).find() || !plain.contains(squeezed(word)) ? word
                : squeezed(word)).toList();
    }

    /** The word with each run of one repeated letter made one letter: "yeeesss" is "yes". */
    private static String squeezed(String word) {
        return REPEATED_LETTER.matcher(word).replaceAll("$1");
    }

    /**
     * The index of the last word that negates on its own ({@link #REVERSING}) outside every phrase found, or -1.
     * (A negating word just before a phrase negates that phrase instead, and the reply is empty before this runs.)
     */
    private static int lastStandingNegation(List<String> words, List<Found<Meaning>> found) {
        boolean[] inPhrase = new boolean[words.size()];
        for (Found<Meaning> phrase : found) {
            Arrays.fill(inPhrase, phrase.start(), phrase.end(), true);
        }
        for (int index = words.size() - 1; index >= 0; index--) {
            String word = words.get(index);
            boolean contraction = !word.equals("t") || index > 0 && words.get(index - 1).endsWith("n");
            if (!inPhrase[index] && REVERSING.contains(word) && contraction) {
                return index;
            }
        }
        return -1;
    }

    private static Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> yesNoWords() {
        Map<AnswerLanguage, Map<List<String>, Set<Meaning>>> byLanguage = new EnumMap<>(AnswerLanguage.class);
        for (AnswerLanguage language : AnswerLanguage.values()) {
            Map<List<String>, Set<Meaning>> phrases = new HashMap<>();
            addPhrases(phrases, borrowedEnglish(EN_YES, language), Meaning.YES);
            addPhrases(phrases, borrowedEnglish(EN_NO, language), Meaning.NO);
            addPhrases(phrases, borrowedEnglish(EN_UNSURE, language), Meaning.UNSURE);
            addPhrases(phrases, borrowedEnglish(EN_EITHER, language), Meaning.EITHER);
            addPhrases(phrases, List.of("si", "oui"), Meaning.YES);
            addPhrases(phrases, List.of("non"), Meaning.NO);
            if (language == AnswerLanguage.ES) {
                addPhrases(phrases, List.of(ES_YES.split(",")), Meaning.YES);
                addPhrases(phrases, List.of(ES_NO.split(",")), Meaning.NO);
                addPhrases(phrases, List.of(ES_UNSURE.split(",")), Meaning.UNSURE);
                addPhrases(phrases, List.of(ES_EITHER.split(",")), Meaning.EITHER);
            } else if (language == AnswerLanguage.FR) {
                addPhrases(phrases, List.of(FR_YES.split(",")), Meaning.YES);
                addPhrases(phrases, List.of(FR_NO.split(",")), Meaning.NO);
                addPhrases(phrases, List.of(FR_UNSURE.split(",")), Meaning.UNSURE);
                addPhrases(phrases, List.of(FR_EITHER.split(",")), Meaning.EITHER);
            }
            phrases.replaceAll((phrase, meanings) -> Set.copyOf(meanings));
            byLanguage.put(language, Map.copyOf(phrases));
        }
        return byLanguage;
    }

    /** The English list as a language understands it: all of it in English, without "y" and "n" elsewhere. */
    private static List<String> borrowedEnglish(String list, AnswerLanguage language) {
        return Arrays.stream(list.split(","))
                .filter(word -> language == AnswerLanguage.EN || !ENGLISH_ONLY.contains(Replies.normalise(word)))
                .toList();
    }

    private static void addPhrases(Map<List<String>, Set<Meaning>> phrases, Collection<String> words,
            Meaning meaning) {
        if (words == null) {
            return;
        }
        for (String word : words) {
            List<String> phrase = ReplyPhrases.words(Replies.normalise(word));
            if (!phrase.isEmpty()) {
                phrases.merge(phrase, EnumSet.of(meaning), (known, added) -> {
                    Set<Meaning> both = EnumSet.copyOf(known);
                    both.addAll(added);
                    return both;
                });
            }
        }
    }
}
