package com.surveyrelay.campaign;

import com.surveyrelay.survey.E164;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A campaign's id: the file name reduced to {@code [a-z0-9-]} (at most 40 characters), then the first 12 hex digits of
 * a SHA-256 ({@code spring-promo-3f9a1c2b7d4e}): of the content alone when the name is already its reduced form, of the
 * name and the content when the reduction lost something (case, spaces, punctuation, letters outside a to z, the
 * characters past the 40th). The same file delivered twice is one campaign; the same rows under another name are
 * another, however alike the names reduce ({@code Week 1.csv} and {@code week_1.csv}, two Japanese names, two long
 * names
 * differing at their end: these were one id, and the second file was ignored as received before). Only these
 * characters reach S3 keys, whatever the file was called.
 */
public final class CampaignId {

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,39})-[0-9a-f]{12}");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int MAX_SLUG = 40;
    /** One character that may stand between a number's digits ({@link E164#SEPARATORS_IN_TEXT}). */
    private static final String SEPARATOR = "[" + E164.SEPARATORS_IN_TEXT + "]";
    /**
     * What in a file's name is a phone number beyond doubt: a {@code +} and seven digits or more ({@link
     * E164#SEPARATORS_IN_TEXT} between them), ten to fifteen digits in a row, or North America's {@code 555-014-0480}
     * ({@code 555_014_0480}), or its area code and seven digits ({@code 555 0140480}, {@code (555)0140480}: whole in
     * ids and logs until 2026-12-06, an operator's probe). Digits of any script count, full-width ones too ({@code
     * １５５５０１４０４８０}: until 2026-12-06 such a name kept its number whole in the id). A date ({@code 2026-12-05}, {@code
     * 20261205}) is none, as so many campaign files are named by one.
     */
    private static final Pattern NUMBER_IN_NAME = Pattern.compile(
            "[+\\uFF0B]" + SEPARATOR + "{0,2}\\p{Nd}(?:" + SEPARATOR + "{0,2}\\p{Nd}){6,}"
                    + "|(?<!\\p{Nd})\\p{Nd}{10,15}(?!\\p{Nd})"
                    + "|(?<!\\p{Nd})[(\\uFF08]?\\p{Nd}{3}[)\\uFF09]?" + SEPARATOR + "{1,2}\\p{Nd}{3}" + SEPARATOR
                    + "\\p{Nd}{4}(?!\\p{Nd})"
                    + "|(?<!\\p{Nd})[(\\uFF08]?\\p{Nd}{3}[)\\uFF09]?" + SEPARATOR + "{0,2}\\p{Nd}{7}(?!\\p{Nd})");

    private CampaignId() {
    }

    /**
     * The id of a campaign file. A run of seven digits or more in its name, which may be a phone number
     * ({@code callback +1 555-014-0480.csv}), keeps its last four digits only ({@code callback-0480-...}): the id is
     * in S3 keys, URLs and log lines, which carry no number, and an erasure would not reach it (since 2026-12-05).
     * The whole name is still hashed in, so two such names are two campaigns.
     */
    public static String of(String fileName, byte[] content) {
        return ids(fileName, content).current();
    }

    /**
     * A file's id now ({@link #of}) and the ids the same file got before: before numbers in names were masked
     * (2026-12-05), and before a name its reduction changes was hashed in (the reduced name and the content's hash). A
     * campaign received then keeps its id (see {@link CampaignIntake}), so a file dropped again does not run twice.
     *
     * @param current the id now
     * @param earlier the earlier ids that differ from {@code current}, oldest first; empty when there is none
     */
    record Ids(String current, List<String> earlier) {
    }

    /** The file's ids, its content hashed once and, when a reduction changed its name, once with the name. */
    static Ids ids(String fileName, byte[] content) {
        String stem = stem(fileName);
        String masked = slug(fileName, true);
        String unmasked = slug(fileName, false);
        String maskedBefore = reduced(withNumbersMaskedBefore20261207(stem));
        String contentHash = DigestUtils.sha256Hex(content).substring(0, 12);
        String namedHash = namedHash(stem, content);
        String current = masked + "-" + (masked.equals(stem) ? contentHash : namedHash);
        List<String> earlier = Stream.of(unmasked + "-" + contentHash,
                        unmasked + "-" + (unmasked.equals(stem) ? contentHash : namedHash),
                        maskedBefore + "-" + (maskedBefore.equals(stem) ? contentHash : namedHash))
                .filter(id -> !id.equals(current)).distinct().toList();
        return new Ids(current, earlier);
    }

    /** The first 12 hex digits of the SHA-256 of the name, a NUL, then the content. */
    private static String namedHash(String stem, byte[] content) {
        byte[] named = (stem + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] hashed = Arrays.copyOf(named, named.length + content.length);
        System.arraycopy(content, 0, hashed, named.length, content.length);
        return DigestUtils.sha256Hex(hashed).substring(0, 12);
    }

    /**
     * The name with each phone number in it ({@link #NUMBER_IN_NAME}) replaced by {@code ***} and its last four
     * digits, as log lines give a number: {@code followup_15550140481.csv} is {@code followup_***0481.csv}.
     *
     * @param name a file's name; null gives null
     */
    public static String withNumbersMasked(String name) {
        String masked = withNumbersMaskedBefore20261207(name);
        if (masked == null) {
            return null;
        }
        return GROUPED_DIGITS_ODDLY.matcher(masked).replaceAll(found -> groupedNumber(found.group())
                ? E164.maskedIn(found.group(), GROUPED_DIGITS_ODDLY) : Matcher.quoteReplacement(found.group()));
    }

    /** {@link #withNumbersMasked} as it was before {@link #GROUPED_DIGITS_ODDLY}: for the ids files had then. */
    private static String withNumbersMaskedBefore20261207(String name) {
        String masked = E164.maskedIn(name, NUMBER_IN_NAME);
        if (masked == null) {
            return null;
        }
        return GROUPED_DIGITS.matcher(masked).replaceAll(found -> groupedNumber(found.group())
                ? E164.maskedIn(found.group(), GROUPED_DIGITS) : Matcher.quoteReplacement(found.group()));
    }

    /**
     * Digits in groups of two or more, one or two characters other than letters and digits between groups:
     * {@code 55 50 16 37 60} (France's pairs), {@code 1555 016 3763}, {@code 555016 3747}, {@code 555~018~0667},
     * {@code 555,018,0681}, {@code (555)~0180683}. A number when {@link #groupedNumber} says so. Until 2026-12-07 only
     * the separators of {@link E164#SEPARATORS_IN_TEXT} counted, and the id's reduction turned any other into a dash,
     * rebuilding the number whole in the id, S3 keys, URLs and logs ({@code call-555-018-0667-...}: a newcomer's
     * probe).
     */
    private static final Pattern GROUPED_DIGITS = Pattern.compile(
            "(?<!\\p{Nd})\\p{Nd}{2,}(?:" + SEPARATOR + "{1,2}\\p{Nd}{2,}){1,7}(?!\\p{Nd})");
    /**
     * As {@link #GROUPED_DIGITS}, between other characters that the id's reduction turns into dashes: {@code
     * 555~018~0667}, {@code 555,018,0681}, {@code 555/018/0682}, {@code (555)~0180683}. Not dots, colons or
     * number signs, which dates, times and invoice numbers use ({@code 07.12.2026 15:30}, {@code invoice#12345#67890}:
     * masked for a few hours on 2026-12-07, a reviewer's probe).
     */
    private static final Pattern GROUPED_DIGITS_ODDLY = Pattern.compile(
            "(?<!\\p{Nd})[(]?\\p{Nd}{2,}(?:[~,=()/\\[\\]{}|*^]{1,2}\\p{Nd}{2,}){1,7}(?!\\p{Nd})");

    /** A four-digit year first: a date and a time ({@code 2026-12-05-1530}), which names so many campaign files. */
    private static final Pattern YEAR_FIRST = Pattern.compile("(?:19|20)\\p{Nd}{2}(?!\\p{Nd}).*");

    /**
     * True for grouped digits ({@link #GROUPED_DIGITS}) that hold 10 to 15 digits, as a national or international
     * number does, unless a year comes first: such names kept their number whole in ids, S3 keys and logs until
     * 2026-12-06 (an integration engineer's probe).
     */
    private static boolean groupedNumber(String grouped) {
        long digits = grouped.codePoints().filter(Character::isDigit).count();
        return digits >= 10 && digits <= 15 && !YEAR_FIRST.matcher(grouped).matches();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The file's name without its folders and its extension. */
    private static String stem(String fileName) {
        String stem = fileName == null ? "" : fileName;
        stem = stem.substring(Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\')) + 1);
        int dot = stem.lastIndexOf('.');
        return dot > 0 ? stem.substring(0, dot) : stem;
    }

    static String slug(String fileName) {
        return slug(fileName, true);
    }

    private static String slug(String fileName, boolean numbersMasked) {
        return reduced(numbersMasked ? withNumbersMasked(stem(fileName)) : stem(fileName));
    }

    /** {@code stem} reduced to {@code [a-z0-9-]}, at most {@value #MAX_SLUG} characters; "campaign" for none. */
    private static String reduced(String stem) {
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = trimDashes(slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG) : slug);
        return slug.isEmpty() ? "campaign" : slug;
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
