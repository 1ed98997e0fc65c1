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
     * only that they were unknown, a newcomer's probe, 2026-12-07). One whose accepted field the request gives too is
     * told to go, as {@code " (to is another name for To, which the request gives too: drop to)"}: until 2026-12-08
     * "did you mean To for to?" sent a developer who had sent both looking for a mistake in {@code To} (a carried
     * gap).
     *
     * @param accepted the fields the entry point takes, as it spells them
     * @param aliases other names, lower case, to the accepted field they stand for
     * @param given every field the request gives, known and unknown
     */
    static String meant(Collection<String> unknown, Collection<String> accepted,
            java.util.Map<String, String> aliases, Collection<String> given) {
        List<String> meant = new java.util.ArrayList<>();
        List<String> doubled = new java.util.ArrayList<>();
        unknown.stream().limit(NAMED).forEach(name -> accepted.stream()
                .filter(field -> field.equalsIgnoreCase(name.strip())).findFirst()
                .or(() -> java.util.Optional.ofNullable(aliases.get(name.strip().toLowerCase(java.util.Locale.ROOT))))
                .ifPresent(field -> {
                    if (given.contains(field)) {
                        doubled.add(printable(name) + " is another name for " + field);
                    } else {
                        meant.add(field + " for " + printable(name));
                    }
                }));
        List<String> parts = new java.util.ArrayList<>();
        if (!meant.isEmpty()) {
            parts.add("did you mean " + String.join(", ", meant) + "?");
        }
        if (!doubled.isEmpty()) {
            parts.add(String.join(", ", doubled) + ", which the request gives too: drop "
                    + (doubled.size() == 1 ? "it" : "them"));
        }
        return parts.isEmpty() ? "" : " (" + String.join(" ", parts) + ")";
    }

    private static String printable(String name) {
        String cut = name.codePointCount(0, name.length()) > LONGEST
                ? name.substring(0, name.offsetByCodePoints(0, LONGEST)) + "..." : name;
        return cut.codePoints().mapToObj(c -> c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : "?")
                .collect(Collectors.joining());
    }
}
