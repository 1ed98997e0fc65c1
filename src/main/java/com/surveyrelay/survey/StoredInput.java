package com.surveyrelay.survey;

import java.util.regex.Pattern;

/**
 * What one answer keeps of the respondent's input ({@code rawInput}), and whether it was cut. The input is kept
 * without its control characters but tabs and line ends ({@link PlainText#withoutControls}: the rule the results
 * export applies, so the stored document and the CSV agree; a line break or a tab is part of what a respondent typed,
 * a NUL or an escape sequence is not) and without Unicode's direction embeddings, overrides and isolates (a probe's
 * U+202E reached the export, the events and the closing summary texted back, reordering what followed it), then cut
 * to the channel's bound, never inside a user-perceived character ({@link PlainText#prefix}: a letter keeps its
 * combining marks, an emoji its skin tone and joined parts, a flag both halves):
 * <ul>
 *   <li>SMS: {@value SmsTexts#MAX_CHARACTERS} characters, Twilio's limit on a concatenated message (error 21617).</li>
 *   <li>Voice: {@value #MAX_SPEECH} characters. Twilio documents no length for {@code SpeechResult} (its
 *       {@code <Gather>} reference, read 2026-12-05, bounds the time listened, not the text); the SMS bound holds
 *       well over a minute of speech at 150 words a minute. {@code Digits} are cut to {@value SurveyInput#MAX_KEYS}
 *       keys before this.</li>
 *   <li>WhatsApp: {@value SurveyInput#MAX_TEXT} characters, WhatsApp's limit on a message, where every input is cut
 *       already ({@link SurveyInput}); a longer one is cut there unmarked, as Twilio sends none.</li>
 * </ul>
 * The answer is read from the text kept, so the answer too is within the bound. A break-it probe (2026-12-05) found a
 * 20,000-character {@code Body} or {@code SpeechResult} kept to the 4,096 characters every input is cut to, with
 * nothing saying it was cut, and control characters kept raw in {@code rawInput}.
 *
 * @param text the input kept, null for none
 * @param truncated true when the input had more characters than the bound, stored as {@code rawInputTruncated}
 */
record StoredInput(String text, boolean truncated) {

    /** No input kept: a skipped question's {@code rawInput} when its last input may not be recorded. */
    static final StoredInput NOTHING = new StoredInput(null, false);


    /** The most characters of speech an answer keeps. */
    static final int MAX_SPEECH = 1_600;
    /**
     * Unicode's explicit direction formatting: embeddings and overrides (U+202A to U+202E) and isolates (U+2066 to
     * U+2069), which reorder the text after them where it is shown (a spreadsheet's cell, the dashboard, a phone).
     * The marks U+200E and U+200F, which right-to-left writers type, stay.
     */
    private static final Pattern DIRECTION_FORMATTING = Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069]");

    static StoredInput of(String raw, Channel channel) {
        if (raw == null) {
            return new StoredInput(null, false);
        }
        String plain = DIRECTION_FORMATTING.matcher(PlainText.withoutControls(raw)).replaceAll("");
        int max = switch (channel) {
            case SMS -> SmsTexts.MAX_CHARACTERS;
            case VOICE -> MAX_SPEECH;
            case WHATSAPP -> SurveyInput.MAX_TEXT;
        };
        return new StoredInput(PlainText.prefix(plain, max), plain.length() > max);
    }
}
