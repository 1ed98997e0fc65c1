package com.surveyrelay.survey;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The known key a misspelt one most likely meant, for a lint line's "did you mean": {@code welcom} is
 * {@code welcome}, {@code maxRetriez} is {@code maxRetries}, {@code ThankYou} is {@code thankYou}. Until 2026-12-07 a
 * survey author got "unknown key" and had to find the spelling in the README's tables.
 */
final class DidYouMean {

    /** At most this many letters left out, added or changed, and at most a third of the typed key's letters. */
    private static final int MOST_EDITS = 2;

    private DidYouMean() {
    }

    /**
     * The known key within {@value #MOST_EDITS} edits (Levenshtein distance, case ignored) of {@code typed} and no
     * more than a third of its length, the nearest; empty when there is none, or when two are equally near
     * ({@code mix} is as near {@code min} as {@code max}), as a guess would then mislead.
     *
     * @param typed the key as written in the file
     * @param known the keys the file may hold
     */
    static Optional<String> closest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.min(MOST_EDITS, Math.max(1, lower.length() / 3));
        LevenshteinDistance distance = new LevenshteinDistance(allowed);
        record Near(String key, int edits) { }
        List<Near> near = known.stream().filter(key -> !key.equals(typed))
                .map(key -> new Near(key, edits(distance, lower, key.toLowerCase(Locale.ROOT))))
                .filter(candidate -> candidate.edits() >= 0).sorted(Comparator.comparingInt(Near::edits)).toList();
        if (near.isEmpty() || near.size() > 1 && near.get(1).edits() == near.get(0).edits()) {
            return Optional.empty();
        }
        return Optional.of(near.get(0).key());
    }

    /**
     * The Levenshtein distance, or -1 past the threshold; two letters next to each other swapped count as one edit
     * ({@code valeu} is {@code value}: Levenshtein counts two, and short keys got no guess, a breaker's probe).
     */
    private static int edits(LevenshteinDistance distance, String typed, String key) {
        return typed.length() == key.length() && ConsentWords.withinOneEdit(typed, key) ? 1
                : distance.apply(typed, key);
    }

    /** {@code "; did you mean <key>?"} for {@link #closest}'s answer, or nothing. */
    static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(key -> "; did you mean " + key + "?").orElse("");
    }
}
