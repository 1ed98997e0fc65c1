package com.surveyrelay.survey;

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

    private PlainText() {
    }

    /** The text without its control characters but tabs and line ends; null for null. */
    public static String withoutControls(String text) {
        return text == null ? null : CONTROLS.matcher(text).replaceAll("");
    }

    /**
     * The text's first {@code max} UTF-16 characters, one fewer when the last would be the first half of a surrogate
     * pair (an emoji): a lone half is no character, and strict UTF-8 readers refuse it. The text itself when it is
     * that short already.
     */
    public static String prefix(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
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
