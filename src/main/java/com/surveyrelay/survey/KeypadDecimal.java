package com.surveyrelay.survey;

import java.util.regex.Pattern;

/**
 * A decimal answer typed on a phone's keypad, which has no decimal point: at a {@code number} question that takes
 * decimals ({@code "decimals": true}), the star key between digits is the point, as phone menus use it ({@code 7*5}
 * is 7.5, {@code *5} is 0.5). Anywhere else star opts out ({@link OptOut#KEY}); at that question only a star with no
 * digit ({@code *}) does, and other keys holding a star ({@code 7*}, {@code 7*5*}) are asked again as an answer that
 * does not fit, the call saying how to key the point ({@link KeypadFinish}). Until 2026-12-06 a caller typing {@code
 * 7*5} there was opted out for good, and until 2026-12-07 one typing {@code 37*} who paused, or pressed pound too
 * soon (survey authors' probes).
 */
final class KeypadDecimal {

    /** Digits, one star, digits: Twilio's {@code Digits} leaves out the {@code #} that ends them. */
    private static final Pattern STAR_AS_POINT = Pattern.compile("[0-9]*\\*[0-9]+");
    private static final Pattern A_DIGIT = Pattern.compile("[0-9]");
    /** Keys alone, as a call's {@code Digits} always are, and a text typing them ("37*") may be. */
    private static final Pattern KEYS_ONLY = Pattern.compile("[0-9*#]+");

    /** The most digits after the point a caller may type: two, beyond which the keys end the answer. */
    static final int MAX_DECIMALS = 2;

    private KeypadDecimal() {
    }

    /**
     * True when {@code digits} is a decimal answer to the session's open question: a {@code number} question taking
     * decimals, and digits with one star between them.
     *
     * @param digits Twilio's {@code Digits}, or null
     */
    static boolean at(Survey survey, SurveySession session, String digits) {
        return digits != null && STAR_AS_POINT.matcher(digits).matches()
                && session.currentState() == SessionStep.QUESTION
                && takesDecimals(survey.question(session.questionIndex()));
    }

    /**
     * True when {@code digits} are keys alone holding a star and a digit at a question taking decimals: keys meant as a
     * number, never an opt-out, though they may not read as one ({@code 37*}, which is asked again, keyed or texted).
     *
     * @param digits Twilio's {@code Digits}, or null
     */
    static boolean keyedAsANumber(Survey survey, SurveySession session, String digits) {
        return digits != null && digits.indexOf('*') >= 0 && A_DIGIT.matcher(digits).find()
                && KEYS_ONLY.matcher(digits.strip()).matches()
                && session.currentState() == SessionStep.QUESTION
                && takesDecimals(survey.question(session.questionIndex()));
    }

    /** True for a {@code number} question taking decimals, whose keypad answer may hold a star as its point. */
    static boolean takesDecimals(Question question) {
        return question.type() == QuestionType.NUMBER && question.decimals();
    }

    /**
     * The keys as the answer they type: {@code 7*5} is {@code 7.5}, {@code *5} is {@code 0.5}, without trailing
     * zeros ({@code 1*250} is {@code 1.25}, which a language whose "1.250" is one thousand two hundred and fifty reads
     * as the keys meant: a reviewer's probe, 2026-12-07); other keys as they are.
     */
    static String asNumber(String digits) {
        return digits != null && STAR_AS_POINT.matcher(digits).matches()
                ? new java.math.BigDecimal((digits.startsWith("*") ? "0" : "") + digits.replace('*', '.'))
                        .stripTrailingZeros().toPlainString() : digits;
    }
}
