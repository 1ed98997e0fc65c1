package com.surveyrelay.initiation;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The unknown fields of a start request as a refusal names them: at most {@value #NAMED}, each as printable ASCII of
 * at most {@value #LONGEST} characters ({@code ?} for anything else), then how many more. A body of 450 odd keys
 * was echoed whole, 9,914 bytes, with a raw U+202E that reversed the text in a terminal or a log viewer (a breaker's
 * probe, 2026-12-07).
 */
final class UnknownFieldNames {

    /** The most unknown fields named. */
    static final int NAMED = 5;
    /** The most characters of one name shown. */
    static final int LONGEST = 40;

    private UnknownFieldNames() {
    }

    /** {@code [a, b, c]}, or {@code [a, b, c, d, e] and 445 more}, in the order given. */
    static String listed(Collection<String> unknown) {
        List<String> shown = unknown.stream().limit(NAMED).map(UnknownFieldNames::printable).toList();
        String more = unknown.size() > NAMED ? " and " + (unknown.size() - NAMED) + " more" : "";
        return shown.stream().collect(Collectors.joining(", ", "[", "]")) + more;
    }

    /**
     * The accepted fields the unknown ones most likely meant, as {@code " (did you mean To for to, defaultLanguage for
     * language?)"}, or nothing: the same name in another case, or the name another entry point gives it ({@code to}
     * and {@code language} are a bus message's and a campaign's names; a developer moving to the HTTP start was told
     * only that they were unknown, a newcomer's probe, 2026-12-07).
     *
     * @param accepted the fields the entry point takes, as it spells them
     * @param aliases other names, lower case, to the accepted field they stand for
     */
    static String meant(Collection<String> unknown, Collection<String> accepted,
            java.util.Map<String, String> aliases) {
        List<String> pairs = unknown.stream().limit(NAMED).map(name -> accepted.stream()
                .filter(field -> field.equalsIgnoreCase(name.strip())).findFirst()
                .or(() -> java.util.Optional.ofNullable(aliases.get(name.strip().toLowerCase(java.util.Locale.ROOT))))
                .map(field -> field + " for " + printable(name)).orElse(null))
                .filter(java.util.Objects::nonNull).toList();
        return pairs.isEmpty() ? "" : " (did you mean " + String.join(", ", pairs) + "?)";
    }

    private static String printable(String name) {
        String cut = name.codePointCount(0, name.length()) > LONGEST
                ? name.substring(0, name.offsetByCodePoints(0, LONGEST)) + "..." : name;
        return cut.codePoints().mapToObj(c -> c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : "?")
                .collect(Collectors.joining());
    }
}
