package com.surveyrelay.survey;

import java.util.Locale;

/** The language a reply is read in, by the primary subtag of its tag: Spanish, French, or English for any other. */
enum AnswerLanguage {
    EN, ES, FR;

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
