package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds a reply (lower case, accents dropped, punctuation kept) and splits it into words, slashes and numbers written
 * in digits, for {@link NumberAnswers}.
 *
 * <p>The rule: every run of digits is read with one meaning in the reply's language, or the reply has no tokens at
 * all. "7.5" is a decimal in every language; "1,000" is one thousand in English, where "7,5" is ambiguous; "7,5" is
 * a decimal in every other language (Spanish, French, German...), where three digits after the mark ("1.500",
 * "1,500") may be a thousands separator and are ambiguous. Digits glued to letters ("4th", "covid-19"), a bare ".5"
 * and more than {@value #MAX_DIGITS} digits before the point (a phone number) are not read. A minus directly before
 * digits and not after a letter or digit makes them negative ("-3"; "3-4" is two numbers).
 */
final class ReplyTokens {

    /** More digits than this before the decimal point is a phone number or an account number, not an answer. */
    static final int MAX_DIGITS = 9;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /**
     * A number ("7", "1.500,25"), a word or a slash. Possessive: a greedy group repeated once per "1." recursed once
     * per repeat, and a voice or WhatsApp answer of 1,900 of them overflowed a request thread's stack (a 500).
     */
    private static final Pattern TOKEN = Pattern.compile("-?[0-9]++(?:[.,][0-9]++)*+|\\p{L}++|/");
    private static final Pattern JOINING_GAP = Pattern.compile("[\\s-]*");
    static final Pattern WHOLE = Pattern.compile("[0-9]+");
    private static final Pattern DOT_DECIMAL = Pattern.compile("[0-9]+\\.[0-9]+");
    private static final Pattern ENGLISH_THOUSANDS = Pattern.compile("[0-9]{1,3}(?:,[0-9]{3})++(?:\\.[0-9]++)?");
    /** "7,5" or "7.5"; three digits after the mark ("1.500", "1,500") may be a thousands separator in es and fr. */
    private static final Pattern LOCAL_DECIMAL = Pattern.compile("[0-9]+[.,](?:[0-9]{1,2}|[0-9]{4,})");

    private ReplyTokens() {
    }

    /** A word, a "/" or a number, with the characters between it and the token before it. */
    record Token(String word, BigDecimal number, String gapBefore) {

        boolean isWord() {
            return word != null && Character.isLetter(word.charAt(0));
        }

        boolean joinedToPrevious() {
            return JOINING_GAP.matcher(gapBefore).matches();
        }
    }

    /**
     * Lower case without accents, digits of any script as ASCII ({@link Replies#asciiDigits}), punctuation kept
     * (unlike {@link Replies#normalise}, which drops "." and "-").
     */
    private static final java.util.regex.Pattern TYPOGRAPHIC_DASH = java.util.regex.Pattern.compile(
            "[\u2010\u2011\u2012\u2013\u2014\u2212]");

    static String fold(String text) {
        // NFKD leaves the division slash (U+2215), the big solidus (U+29F8) and the ratio sign (U+2236) alone:
        // "5∕5" is "5/5", and "5∶5" is "5:5". It leaves the typographic dashes alone too: the minus sign (U+2212),
        // the hyphen (U+2010), the non-breaking hyphen (U+2011) and the en and em dashes (U+2013, U+2014), which
        // phones' smart punctuation and copied text put before a number, are "-": until 2026-12-06 "–3" was 3.
        String decomposed = Replies.asciiDigits(Normalizer.normalize(text, Normalizer.Form.NFKD)).replace('\u2215', '/')
                .replace('\u29F8', '/').replace('\u2236', ':');
        decomposed = TYPOGRAPHIC_DASH.matcher(decomposed).replaceAll("-");
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /**
     * A minus standing apart from the number a reply starts with ("- 0.5", "– 4") or right after the number it ends
     * with ("5-"): a sign or a stray dash, which the reply does not say. Until 2026-12-07 the dash was dropped and
     * "- 0.5" was 0.5 (an author's probe); "What could mean two things is never guessed", so such a reply is asked
     * again. A dash between words and a number is a separator ("Rating - 9", "great - 9"), as before.
     */
    private static final Pattern DETACHED_MINUS = Pattern.compile("^\\s*-\\s+[0-9]|[0-9]-\\s*[.!?]*\\s*$");

    /**
     * The reply's tokens, or empty when one of its digit runs cannot be read with one meaning, or a minus stands apart
     * from its number ({@link #DETACHED_MINUS}).
     *
     * @param englishSeparators true to read digits as English writes them, false as Spanish, French and every other
     *     language do ({@link AnswerLanguage#englishSeparators})
     */
    static Optional<List<Token>> tokens(String text, boolean englishSeparators) {
        if (DETACHED_MINUS.matcher(text).find()) {
            return Optional.empty();
        }
        List<Token> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int previousEnd = 0;
        while (matcher.find()) {
            int start = matcher.start();
            String found = matcher.group();
            boolean afterLetter = false;
            if (found.charAt(0) == '-' && start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
                afterLetter = Character.isLetter(text.charAt(start - 1)); // "covid-19" is a name
                start++; // and "3-4" a range: neither has a minus sign
                found = found.substring(1);
            }
            String gap = text.substring(previousEnd, start);
            previousEnd = matcher.end();
            if (!Character.isDigit(found.charAt(found.length() - 1))) {
                tokens.add(new Token(found, null, gap));
                continue;
            }
            boolean glued = afterLetter || start > 0 && Character.isLetter(text.charAt(start - 1))
                    || matcher.end() < text.length() && Character.isLetter(text.charAt(matcher.end()));
            boolean bareFraction = start > 0 && ".,".indexOf(text.charAt(start - 1)) >= 0
                    && (start == 1 || !Character.isLetterOrDigit(text.charAt(start - 2)));
            Optional<BigDecimal> number = glued || bareFraction ? Optional.empty()
                    : literal(found, englishSeparators);
            if (number.isEmpty()) {
                return Optional.empty();
            }
            tokens.add(new Token(null, number.get(), gap));
        }
        return Optional.of(tokens);
    }

    private static Optional<BigDecimal> literal(String digits, boolean english) {
        boolean negative = digits.startsWith("-");
        String unsigned = negative ? digits.substring(1) : digits;
        String plain;
        if (WHOLE.matcher(unsigned).matches()) {
            plain = unsigned;
        } else if (english && DOT_DECIMAL.matcher(unsigned).matches()) {
            plain = unsigned;
        } else if (english && ENGLISH_THOUSANDS.matcher(unsigned).matches()) {
            plain = unsigned.replace(",", "");
        } else if (!english && LOCAL_DECIMAL.matcher(unsigned).matches()) {
            plain = unsigned.replace(',', '.');
        } else {
            return Optional.empty();
        }
        int point = plain.indexOf('.');
        if ((point < 0 ? plain.length() : point) > MAX_DIGITS) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(plain);
        return Optional.of(negative ? value.negate() : value);
    }
}
