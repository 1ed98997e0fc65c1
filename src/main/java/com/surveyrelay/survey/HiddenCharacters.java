package com.surveyrelay.survey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The lint that refuses invisible characters in a language file's values which change what a respondent reads: the
 * bidirectional embeddings and overrides (U+202A to U+202E) and isolates (U+2066 to U+2069), which reorder the text
 * around them (the "Trojan Source" display trick, CVE-2021-42574), and the zero-width space, word joiner and
 * zero-width no-break space (U+200B, U+2060, U+FEFF), which hide inside words. A prompt is texted and said as
 * written, so such a character reached respondents raw (a question ending in U+202E and U+200B passed).
 *
 * <p>Kept: the zero-width non-joiner and joiner (U+200C, U+200D), which Persian and Indic scripts and emoji
 * sequences need, and the left-to-right and right-to-left marks (U+200E, U+200F, and U+061C, the Arabic letter
 * mark), which right-to-left text legitimately uses. (Campaign file names neutralise the marks too,
 * {@code CampaignIntake.shownName}, as a file name has no use for them; a prompt does.)
 */
final class HiddenCharacters {

    private static final Pattern REFUSED = Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069\\u200B\\u2060\\uFEFF]");

    private HiddenCharacters() {
    }

    /**
     * Adds one problem when {@code text} holds any refused character, naming each once by code point and Unicode
     * name, in the order they first appear.
     *
     * @param file the language file, as problems name it
     * @param key  the key whose value {@code text} is
     * @param text the value as written
     */
    static void check(String file, String key, String text, List<ConfigProblem> problems) {
        Set<Integer> found = new LinkedHashSet<>();
        Matcher hidden = REFUSED.matcher(text);
        while (hidden.find()) {
            found.add(hidden.group().codePointAt(0));
        }
        if (found.isEmpty()) {
            return;
        }
        String named = found.stream()
                .map(code -> String.format(Locale.ROOT, "U+%04X (%s)", code, Character.getName(code)))
                .collect(Collectors.joining(", "));
        problems.add(new ConfigProblem(file, key, "holds " + named + ": invisible characters that reorder or hide "
                + "what respondents read, and would be texted as they are; remove them (the joiners U+200C and "
                + "U+200D and the marks U+200E and U+200F are allowed)"));
    }
}
