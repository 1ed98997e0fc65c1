package com.surveyrelay.survey;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a request (an HTTP start, a bus event, a campaign row) may write a language tag, and its canonical form, the
 * form a survey's prompt files are named in. Tags are case-insensitive (RFC 5646 section 2.1.1), so {@code ES-mx}
 * is {@code es-MX}; an underscore separates as a hyphen does, because spreadsheets and Java/POSIX locales write
 * {@code es_MX}. Which of a survey's languages a tag means is {@link Survey#languagesMeant}'s to say.
 */
public final class LanguageTags {

    /** A language, maybe a script, maybe a region, in any case, joined by hyphens or underscores. */
    private static final Pattern ANY_CASE_TAG =
            Pattern.compile("[a-z]{2,3}([-_][a-z]{4})?([-_]([a-z]{2}|[0-9]{3}))?", Pattern.CASE_INSENSITIVE);

    /** ISO 639-1 codes withdrawn for others, which Java still lists: Hebrew's, Yiddish's and Indonesian's. */
    public static final Set<String> DEPRECATED = Set.of("iw", "ji", "in");

    private LanguageTags() {
    }

    /**
     * The ISO 639 code of a language written by its name, in English or in itself, any case and accents aside:
     * {@code en} for "English", {@code es} for "Español" or "espanol", {@code fr} for "français"; empty for a name
     * Java's locales do not give. For the hint of a refusal: a start, a campaign row and the results filter took
     * "Spanish" for a tag, or told only that it was none (a newcomer's probes, 2026-12-07).
     */
    public static Optional<String> codeNamed(String name) {
        String folded = folded(name.strip());
        return Arrays.stream(Locale.getISOLanguages()).filter(code -> !DEPRECATED.contains(code)).filter(code -> {
            Locale language = Locale.forLanguageTag(code);
            return folded.equals(folded(language.getDisplayLanguage(Locale.ENGLISH)))
                    || folded.equals(folded(language.getDisplayLanguage(language)));
        }).findFirst();
    }

    /** {@code " (did you mean es?)"} for a language's name ({@link #codeNamed}), or nothing. */
    public static String meantHint(String name) {
        return name == null ? "" : codeNamed(name).map(code -> " (did you mean " + code + "?)").orElse("");
    }

    private static String folded(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    /**
     * @param tag a canonical tag ({@link #canonical})
     * @return the language of a language-and-region tag ({@code en} for {@code en-AU}, {@code es} for {@code es-419});
     *     empty for a bare language and for a tag with a script ({@code zh-Hant-TW})
     */
    public static Optional<String> languageOfRegional(String tag) {
        String[] parts = tag.split("-");
        return parts.length == 2 && parts[1].matches("[A-Z]{2}|[0-9]{3}") ? Optional.of(parts[0]) : Optional.empty();
    }

    /**
     * Whether a canonical tag names a script ({@code zh-Hant-TW}, {@code sr-Latn}): its second subtag is four letters,
     * an ISO 15924 code (BCP 47, RFC 5646 section 2.2.3).
     */
    public static boolean hasScript(String tag) {
        String[] parts = tag.split("-");
        return parts.length > 1 && parts[1].matches("[A-Z][a-z]{3}");
    }

    /**
     * @param text a tag as a caller wrote it ({@code es_mx}, {@code EN}, {@code zh-hant-tw}); null is no tag
     * @return the tag in canonical case with hyphens ({@code es-MX}, {@code en}, {@code zh-Hant-TW}), as
     *     {@link SurveyConfigLoader#isLanguageTag} takes it; empty when the text has no tag's shape
     */
    public static Optional<String> canonical(String text) {
        if (text == null || !ANY_CASE_TAG.matcher(text).matches()) {
            return Optional.empty();
        }
        String tag = Locale.forLanguageTag(text.replace('_', '-')).toLanguageTag();
        return SurveyConfigLoader.isLanguageTag(tag) ? Optional.of(tag) : Optional.empty();
    }
}
