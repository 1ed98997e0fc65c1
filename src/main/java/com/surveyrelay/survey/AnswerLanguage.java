package com.surveyrelay.survey;

import java.util.Locale;

/** The language a reply is read in, by the primary subtag of its tag: Spanish, French, or English for any other. */
enum AnswerLanguage {
    EN, ES, FR;

    /**
     * Whether digits in a reply in {@code tag} are read with English separators ("1,000" one thousand, "7,5" not a
     * number): English's and no tag's only. Any other language's are read as Spanish and French ones are ("7,5" 7.5,
     * "1.500" and "1,500" ambiguous): a German "1.250" (one thousand two hundred and fifty) was stored as 1.25 until
     * 2026-12-07, when every language but Spanish and French was read as English (a survey author's probe).
     */
    static boolean englishSeparators(String tag) {
        String primary = tag == null ? "" : tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return primary.isEmpty() || primary.equals("en");
    }

    /** The language of a tag such as {@code es-MX} or {@code fr_CA}; English for null, blank or any other. */
    static AnswerLanguage of(String tag) {
        String primary = tag == null ? "" : tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return switch (primary) {
            case "es" -> ES;
            case "fr" -> FR;
            default -> EN;
        };
    }
}
