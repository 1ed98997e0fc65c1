package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole numbers said in words, as {@link NaturalAnswers} reads them in a reply: English and French from 0 to 999,
 * Spanish from 0 to 199 ("forty two", "a hundred and five", "ciento treinta y uno", "quatre-vingt-dix-sept",
 * "septante"); a survey's scales end at 10 or 100. Words come lower case, without accents and split at blanks and
 * hyphens; a number is read from a given word onwards, taking as many words as make one number.
 */
final class NumberWords {

    private static final Map<String, Integer> EN_SMALL = numbered(0, 1, "zero one two three four five six seven "
            + "eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen");
    private static final Map<String, Integer> EN_TENS =
            numbered(20, 10, "twenty thirty forty fifty sixty seventy eighty ninety");
    private static final Map<String, Integer> ES_SMALL = merged(
            numbered(0, 1, "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
                    + "quince dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres "
                    + "veinticuatro veinticinco veintiseis veintisiete veintiocho veintinueve"),
            Map.of("un", 1, "una", 1, "veintiun", 21, "veintiuna", 21));
    /** The tens that take "y" and a unit: "diez y seis", "treinta y uno". */
    private static final Map<String, Integer> ES_TENS = merged(Map.of("diez", 10, "veinte", 20),
            numbered(30, 10, "treinta cuarenta cincuenta sesenta setenta ochenta noventa"));
    private static final Map<String, Integer> FR_SMALL = merged(
            numbered(0, 1, "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
                    + "seize"),
            Map.of("une", 1));
    /** Septante, huitante, octante and nonante are Belgian and Swiss; they cost nothing and mean one thing. */
    private static final Map<String, Integer> FR_TENS = merged(
            numbered(20, 10, "vingt trente quarante cinquante soixante septante"),
            Map.of("huitante", 80, "octante", 80, "nonante", 90));

    /** A number said in words, and how many words it took. */
    record Said(int value, int length) {
    }

    private NumberWords() {
    }

    /**
     * The number said from {@code words[at]} on, the longest reading, or null when that word starts none.
     *
     * @param words the reply's words, lower case and without accents
     * @param at    where the number would start, {@code 0 <= at < words.size()}
     */
    static Said said(AnswerLanguage language, List<String> words, int at) {
        return switch (language) {
            case EN -> english(words, at);
            case ES -> spanish(words, at);
            case FR -> french(words, at);
        };
    }

    private static Said english(List<String> words, int at) {
        String first = words.get(at);
        int multiplier = 0;
        int next = at;
        if (first.equals("hundred")) {
            multiplier = 1;
            next = at + 1;
        } else if (at + 1 < words.size() && words.get(at + 1).equals("hundred")) {
            Integer unit = first.equals("a") ? Integer.valueOf(1) : EN_SMALL.get(first);
            if (unit != null && unit >= 1 && unit <= 9) {
                multiplier = unit;
                next = at + 2;
            }
        }
        if (multiplier == 0) {
            return englishBelowHundred(words, at);
        }
        int rest = next < words.size() && words.get(next).equals("and") ? next + 1 : next;
        return plusTail(multiplier * 100, at, next, rest < words.size() ? englishBelowHundred(words, rest) : null,
                rest);
    }

    private static Said englishBelowHundred(List<String> words, int at) {
        Integer tens = EN_TENS.get(words.get(at));
        if (tens != null) {
            Integer unit = at + 1 < words.size() ? EN_SMALL.get(words.get(at + 1)) : null;
            return unit != null && unit >= 1 && unit <= 9 ? new Said(tens + unit, 2) : new Said(tens, 1);
        }
        Integer small = EN_SMALL.get(words.get(at));
        return small == null ? null : new Said(small, 1);
    }

    private static Said spanish(List<String> words, int at) {
        String first = words.get(at);
        if (first.equals("cien")) {
            return new Said(100, 1);
        }
        if (first.equals("ciento")) {
            return plusTail(100, at, at + 1, at + 1 < words.size() ? spanishBelowHundred(words, at + 1) : null, at + 1);
        }
        return spanishBelowHundred(words, at);
    }

    private static Said spanishBelowHundred(List<String> words, int at) {
        Integer tens = ES_TENS.get(words.get(at));
        if (tens != null && at + 2 < words.size() && words.get(at + 1).equals("y")) {
            Integer unit = ES_SMALL.get(words.get(at + 2));
            int lowest = tens == 10 ? 6 : 1;
            if (unit != null && unit >= lowest && unit <= 9) {
                return new Said(tens + unit, 3);
            }
        }
        Integer small = ES_SMALL.get(words.get(at));
        if (small != null) {
            return new Said(small, 1);
        }
        return tens == null ? null : new Said(tens, 1);
    }

    private static Said french(List<String> words, int at) {
        String first = words.get(at);
        int multiplier = 0;
        int next = at;
        if (isCent(first)) {
            multiplier = 1;
            next = at + 1;
        } else if (at + 1 < words.size() && isCent(words.get(at + 1))) {
            Integer unit = FR_SMALL.get(first);
            if (unit != null && unit >= 2 && unit <= 9) {
                multiplier = unit;
                next = at + 2;
            }
        }
        if (multiplier == 0) {
            return frenchBelowHundred(words, at);
        }
        return plusTail(multiplier * 100, at, next, next < words.size() ? frenchBelowHundred(words, next) : null, next);
    }

    private static boolean isCent(String word) {
        return word.equals("cent") || word.equals("cents");
    }

    /** "vingt et un", "vingt-deux", "soixante-et-onze", "soixante-dix-sept", "quatre-vingts", "quatre-vingt-un". */
    private static Said frenchBelowHundred(List<String> words, int at) {
        String first = words.get(at);
        int tens;
        int next;
        if (first.equals("quatre") && at + 1 < words.size()
                && (words.get(at + 1).equals("vingt") || words.get(at + 1).equals("vingts"))) {
            tens = 80;
            next = at + 2;
        } else if (FR_TENS.containsKey(first)) {
            tens = FR_TENS.get(first);
            next = at + 1;
        } else {
            return frenchBelowTwenty(words, at);
        }
        if (next + 1 < words.size() && words.get(next).equals("et")) {
            String after = words.get(next + 1);
            if (after.equals("un") || after.equals("une") || tens == 60 && after.equals("onze")) {
                return new Said(tens + FR_SMALL.get(after), next + 2 - at);
            }
        }
        Said unit = next < words.size() ? frenchBelowTwenty(words, next) : null;
        boolean takesTeens = tens == 60 || next == at + 2; // soixante-douze, quatre-vingt-dix
        int lowest = next == at + 2 ? 1 : 2; // quatre-vingt-un, but vingt et un
        if (unit != null && unit.value() >= lowest && unit.value() <= (takesTeens ? 19 : 9)) {
            return new Said(tens + unit.value(), next + unit.length() - at);
        }
        return new Said(tens, next - at);
    }

    private static Said frenchBelowTwenty(List<String> words, int at) {
        String first = words.get(at);
        if (first.equals("dix") && at + 1 < words.size()) {
            Integer unit = FR_SMALL.get(words.get(at + 1));
            if (unit != null && unit >= 7 && unit <= 9) {
                return new Said(10 + unit, 2);
            }
        }
        Integer small = FR_SMALL.get(first);
        return small == null ? null : new Said(small, 1);
    }

    /** The hundreds ending at {@code next}, plus the tail said from {@code tailStart} if it is 1 to 99. */
    private static Said plusTail(int hundreds, int at, int next, Said tail, int tailStart) {
        if (tail != null && tail.value() >= 1 && tail.value() <= 99) {
            return new Said(hundreds + tail.value(), tailStart + tail.length() - at);
        }
        return new Said(hundreds, next - at);
    }

    private static Map<String, Integer> numbered(int first, int step, String words) {
        Map<String, Integer> numbered = new LinkedHashMap<>();
        int value = first;
        for (String word : words.split(" ")) {
            numbered.put(word, value);
            value += step;
        }
        return numbered;
    }

    private static Map<String, Integer> merged(Map<String, Integer> first, Map<String, Integer> second) {
        Map<String, Integer> merged = new HashMap<>(first);
        merged.putAll(second);
        return Map.copyOf(merged);
    }
}
