package com.surveyrelay.survey;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lines a standard prompt has built in for languages whose file leaves it out ({@code surveyClosed},
 * {@code surveyChanged}, {@code keypadFinish}, {@code textOnly}, {@code notUnderstoodGoodbye}; English, Spanish and
 * French, the languages with built-in words, {@link ConsentWords#hasBuiltInWords}). A line is found by the lower-case
 * full tag first ({@code fr-ca}), then by the tag's primary language subtag ({@code fr}); {@link PromptGaps} does not
 * ask a language with a built-in line for the prompt.
 */
final class BuiltInLines {

    private final Map<String, String> lines;

    /** @param lines the lines by lower-case tag ({@code en}, or a full tag such as {@code en-gb} for a region's own) */
    BuiltInLines(Map<String, String> lines) {
        this.lines = Map.copyOf(lines);
    }

    /** The built-in line of {@code tag} (a BCP 47 tag, any case), or none. */
    Optional<String> in(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(lines.get(lower)).or(() -> Optional.ofNullable(lines.get(lower.split("-")[0])));
    }

    /** Whether a language file of {@code tag} without the prompt still has a line. */
    boolean has(String tag) {
        return in(tag).isPresent();
    }
}
