package com.surveyrelay.survey;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ({@code +15551234567}). Phone numbers end up in S3 keys and events, so
 * nothing else may pass for one: this is the only way in.
 */
public record E164(String value) {

    private static final Pattern E164_FORM = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /**
     * Spaces, brackets, dots and dashes, the no-break and typographic ones too (U+00A0, U+2007, U+202F; U+2010 to
     * U+2015): a number pasted from a document or a web page carries them ({@code +1\u00A0555\u00A0013\u00A01205}).
     * And the invisible format characters (Unicode category Cf) but U+2063, the invisible separator: a number copied
     * from macOS Contacts or Outlook comes between direction marks (U+202A ... U+202C), and was refused as no E.164
     * number though it showed as one (a hostile client's probe, 2026-12-07).
     */
    private static final Pattern SEPARATORS = Pattern.compile(
            "[\\s\\u00A0\\u2007\\u202F\\u2010-\\u2015().-]|[\\p{Cf}&&[^\\u2063]]");
    /**
     * A trunk prefix maybe, where a national number would start: a 0 after a country code of one to three digits,
     * a 1 after North America's +1 (no area code starts with 1), an 8 after +7 (Russia, Kazakhstan), +375 (Belarus)
     * or +993 (Turkmenistan). libphonenumber decides.
     */
    private static final Pattern TRUNK_ZERO = Pattern.compile("\\+(?:[1-9][0-9]{0,2}0|11|78|3758|9938)");
    /**
     * What may stand between the digits of a number written in free text or a name, for masking it, in {@link Pattern}
     * class syntax (more than {@link #parse} takes): spaces (the no-break, figure, narrow and ideographic ones too),
     * hyphens and dashes (U+2010 to U+2015, the full-width hyphen-minus), brackets (full-width too), dots and
     * underscores ({@code 1_555_014_0480}, a file's name).
     */
    public static final String SEPARATORS_IN_TEXT =
            "\\s\\u00A0\\u2007\\u202F\\u3000\\u2010-\\u2015\\uFF0D\\uFF08\\uFF09()._-";

    /**
     * What may be a phone number in free text: seven digits or more of any script, with or without a {@code +}, each
     * digit after the first following at most two {@link #SEPARATORS_IN_TEXT} ({@code +15551234567},
     * {@code 555-123-4567}, {@code +1 (555) 123 4567}, {@code １５５５１２３４５６７}), or glued to letters
     * ({@code tel15551234567}).
     */
    private static final Pattern NUMBER_IN_TEXT = Pattern.compile(
            "\\+?\\(?\\p{Nd}(?:[" + SEPARATORS_IN_TEXT + "]{0,2}\\p{Nd}){6,}");

    public E164 {
        if (value == null || !E164_FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 phone number");
        }
    }

    /**
     * Accepts the usual separators ({@code +1 (555) 123-4567}, with no-break spaces and hyphens too) and drops a
     * national trunk prefix written after the country code ({@code +44 (0)7700 900123} is {@code +447700900123},
     * {@code +7 8 912...} is {@code +7912...}, as libphonenumber reads them, while Italy's {@code +39 06...} keeps its
     * 0), so one person has one number in the suppression list and in S3 keys. Anything else is not a number:
     * letters, digits other than ASCII ones, no {@code +}, more than 15 digits.
     */
    public static Optional<E164> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(text.strip()).replaceAll("");
        if (!E164_FORM.matcher(compact).matches()) {
            return Optional.empty();
        }
        return Optional.of(new E164(TRUNK_ZERO.matcher(compact).lookingAt() ? withoutTrunkPrefix(compact) : compact));
    }

    /** The number as libphonenumber formats it, without the trunk prefix of its country; as given when it cannot. */
    private static String withoutTrunkPrefix(String compact) {
        try {
            PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
            String formatted = numbers.format(numbers.parse(compact, "ZZ"), PhoneNumberUtil.PhoneNumberFormat.E164);
            return E164_FORM.matcher(formatted).matches() ? formatted : compact;
        } catch (NumberParseException e) {
            return compact; // a country code libphonenumber does not know: the number as written
        }
    }

    /**
     * Why a number cannot be dialled or texted, by its length alone: libphonenumber knows its country code and says no
     * number there has so many digits. {@code +1555014042}, one digit short of North America's ten, passed until
     * 2026-12-05: a campaign row was stored and texted, and a real Twilio would refuse it (error 21211) once its session
     * was stored. Checked where a number is asked to be contacted (a start, a campaign row), not where one is read
     * back (a stored key, a webhook, an access or erasure request must still find a number taken before).
     *
     * @return {@code "too short for country code +1"} (a local number without its area code too),
     *     {@code "too long for country code +44"} or
     *     {@code "of a length no number of country code +49 has"}; empty when the length is possible there, or
     *     libphonenumber does not know the country code
     */
    public static Optional<String> lengthProblem(E164 number) {
        PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
        com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parsed;
        try {
            parsed = numbers.parse(number.value(), "ZZ");
        } catch (NumberParseException e) {
            return Optional.empty();
        }
        String country = "country code +" + parsed.getCountryCode();
        return switch (numbers.isPossibleNumberWithReason(parsed)) {
            case TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY -> Optional.of("too short for " + country);
            case TOO_LONG -> Optional.of("too long for " + country);
            case INVALID_LENGTH -> Optional.of("of a length no number of " + country + " has");
            default -> Optional.empty();
        };
    }

    /** The last four digits, for logs that must not carry the whole number. */
    public String masked() {
        return "***" + value.substring(value.length() - 4);
    }

    /**
     * The text with every run that may be a phone number ({@link #NUMBER_IN_TEXT}) replaced by {@code ***} and its
     * last four digits in ASCII, for a log line that quotes what a caller sent: a request path, a parser's or a
     * refusal's message. A date or a long count is masked too: a number cannot be told from them in free text.
     *
     * @param text any text; null gives null
     */
    public static String maskedIn(String text) {
        return maskedIn(text, NUMBER_IN_TEXT);
    }

    /**
     * The text with every match of {@code numbers} replaced by {@code ***} and the last four digits in it, as
     * {@link #maskedIn(String)} does with its own pattern; for a caller that knows better what a number is in its text
     * (a file's name, where a date is common).
     *
     * @param text any text; null gives null
     * @param numbers what is a number, each match holding four digits or more
     */
    public static String maskedIn(String text, Pattern numbers) {
        if (text == null) {
            return null;
        }
        return numbers.matcher(text).replaceAll(found -> {
            // Any script's decimal digits (full-width ones too: a file named by hand in a CJK input method) as ASCII.
            StringBuilder digits = new StringBuilder();
            found.group().codePoints().filter(Character::isDigit)
                    .forEach(digit -> digits.append(Character.forDigit(Character.digit(digit, 10), 10)));
            return "***" + digits.substring(digits.length() - 4);
        });
    }

    @Override
    public String toString() {
        return masked();
    }
}
