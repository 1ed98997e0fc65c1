package com.surveyrelay.survey;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a respondent's text may keep when it is stored or exported: every character but the control characters
 * (Unicode category Cc: C0, DEL and C1, such as NUL, ESC and U+009B, which end a cell for many CSV readers or drive a
 * terminal), tabs and line ends aside.
 */
public final class PlainText {

    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");
    /**
     * Nothing a reader would see: blanks of any kind, format characters (zero-width spaces and joiners), combining
     * marks with nothing to mark, and the blank letters (the Braille blank, the Hangul fillers).
     */
    private static final Pattern INVISIBLE =
            Pattern.compile("[\\s\\p{Z}\\p{Cf}\\p{M}\\u2800\\u3164\\uFFA0\\u115F\\u1160]*");
    /** One user-perceived character: an extended grapheme cluster (UAX #29). */
    private static final Pattern GRAPHEME_CLUSTER = Pattern.compile("\\X");

    private PlainText() {
    }

    /** The text without its control characters but tabs and line ends; null for null. */
    public static String withoutControls(String text) {
        return text == null ? null : CONTROLS.matcher(text).replaceAll("");
    }

    /**
     * The text's longest start of at most {@code max} UTF-16 characters that splits no user-perceived character: it
     * ends on a boundary of the {@code \X} regex's extended grapheme clusters (Unicode UAX #29, as the JDK 17 regex
     * engine implements it), so a letter keeps its combining marks (e + U+0301), and an emoji its skin tone, its
     * zero-width-joined parts and its variation selector, a flag both its regional indicators. The text itself when it
     * is that short already.
     *
     * <p>{@code java.text.BreakIterator.getCharacterInstance} is not used: on JDK 17 it splits emoji ZWJ sequences,
     * skin tones and flags (fixed in JDK 20, JDK-8291660), and probing its boundaries took minutes on 400,000
     * characters of consonant-virama pairs, where the regex took milliseconds (as on 300,000 combining marks). What
     * JDK 17's {@code \X} does not keep whole is an Indic conjunct (consonant, virama, consonant; BreakIterator does):
     * Unicode 15.1 added that rule, so a cut may fall after a virama.
     *
     * <p>A single cluster longer than {@code max} (a letter under hundreds of combining marks, a ZWJ chain nobody
     * types) is cut between code points instead, never between the two halves of a surrogate pair: keeping its start
     * keeps the letter, where a cluster boundary would keep nothing.
     *
     * @param max the most UTF-16 characters kept
     */
    public static String prefix(String text, int max) {
        return text.length() <= max ? text : text.substring(0, prefixEnd(text, max));
    }

    /**
     * Where {@link #prefix} cuts a text longer than {@code max}: a UTF-16 index from 0 to {@code max}, 0 only for a
     * {@code max} under 2.
     */
    static int prefixEnd(String text, int max) {
        Matcher cluster = GRAPHEME_CLUSTER.matcher(text);
        int end = 0;
        while (cluster.find() && cluster.end() <= max) {
            end = cluster.end();
        }
        if (end > 0 || max < 1) {
            return end;
        }
        return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    }

    /** True when the text shows nothing: empty, blanks (no-break spaces too) and format characters only. */
    public static boolean invisible(String text) {
        return INVISIBLE.matcher(text).matches();
    }

    /**
     * The text with its control characters and line separators (U+2028, U+2029) written as {@code \\uXXXX}, so that
     * text an author or a client chose can be quoted in a message or a log line without breaking or forging a line.
     */
    public static String escapeControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(point -> {
            if (Character.isISOControl(point) || point == 0x2028 || point == 0x2029) {
                out.append(String.format("\\u%04x", point));
            } else {
                out.appendCodePoint(point);
            }
        });
        return out.toString();
    }
}
