package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decimal said in words at a {@code number} question taking decimals: "twelve point five", "douze virgule cinq",
 * "doce punto cinco", "seven point two five", "douze virgule cinquante", "3 point 75". Written as digits with a point
 * ({@code 12.5}) before the reply is read, as a caller on a phone without a keypad has no other way to give one:
 * until 2026-12-07 the words for the point made the reply no number, and the question was asked again until skipped
 * (an analyst's probe). Elsewhere those words still make a reply no number ({@link NumberAnswers}).
 */
final class SpokenDecimal {

    /** The words said for the decimal point, normalised, by language. */
    private static final Map<AnswerLanguage, Set<String>> POINT = Map.of(
            AnswerLanguage.EN, Set.of("point", "dot"),
            AnswerLanguage.ES, Set.of("punto", "coma"),
            AnswerLanguage.FR, Set.of("virgule", "point"));
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    /** The most digits after the point read: as many as a decimal answer keeps ({@link NumberAnswers}). */
    private static final int MAX_DECIMALS = 9;

    private SpokenDecimal() {
    }

    /**
     * The reply with one decimal said in words written in digits, normalised ({@link Replies#normalise}); the reply
     * unchanged when it says none, or more than one point.
     *
     * @param reply the reply as typed or heard, not null
     * @param language the language whose number words and point words are read
     */
    static String inDigits(String reply, AnswerLanguage language) {
        List<String> words = List.of(Replies.normalise(reply).split(" "));
        int point = -1;
        for (int at = 0; at < words.size(); at++) {
            if (POINT.get(language).contains(words.get(at))) {
                if (point >= 0) {
                    return reply;
                }
                point = at;
            }
        }
        if (point <= 0 || point == words.size() - 1) {
            return reply;
        }
        int start = -1;
        String whole = null;
        if (DIGITS.matcher(words.get(point - 1)).matches()) {
            start = point - 1;
            whole = words.get(point - 1);
        } else {
            for (int at = 0; at < point && whole == null; at++) {
                NumberWords.Said said = NumberWords.said(language, words, at);
                if (said != null && at + said.length() == point) {
                    start = at;
                    whole = Integer.toString(said.value());
                }
            }
        }
        if (whole == null) {
            return reply;
        }
        StringBuilder decimals = new StringBuilder();
        int end = point + 1;
        if (DIGITS.matcher(words.get(end)).matches()) {
            decimals.append(words.get(end++));
        } else {
            // Digit by digit ("two five"), else one number ("cinquante", "twenty five").
            while (end < words.size() && decimals.length() < MAX_DECIMALS) {
                NumberWords.Said said = NumberWords.said(language, words, end);
                if (said == null || said.length() != 1 || said.value() > 9) {
                    break;
                }
                decimals.append(said.value());
                end++;
            }
            if (decimals.length() == 0) {
                NumberWords.Said said = NumberWords.said(language, words, end);
                if (said == null || said.value() > 99) {
                    return reply;
                }
                decimals.append(said.value());
                end += said.length();
            }
        }
        if (decimals.length() > MAX_DECIMALS) {
            return reply;
        }
        List<String> written = new ArrayList<>(words.subList(0, start));
        written.add(whole + "." + decimals);
        written.addAll(words.subList(end, words.size()));
        return String.join(" ", written);
    }
}
