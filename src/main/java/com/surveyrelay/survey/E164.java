package com.surveyrelay.survey;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ({@code +15551234567}). Phone numbers end up in S3 keys and events, so
 * nothing else may pass for one: this is the only way in.
 */
public record E164(String value) {

    private static final Pattern E164_FORM = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

    public E164 {
        if (value == null || !E164_FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 phone number");
        }
    }

    /** Accepts the usual separators ({@code +1 (555) 123-4567}); anything else is not a number. */
    public static Optional<E164> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(text.strip()).replaceAll("");
        return E164_FORM.matcher(compact).matches() ? Optional.of(new E164(compact)) : Optional.empty();
    }

    /** The last four digits, for logs that must not carry the whole number. */
    public String masked() {
        return "***" + value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
