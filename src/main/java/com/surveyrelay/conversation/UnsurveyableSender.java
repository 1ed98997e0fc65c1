package com.surveyrelay.conversation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a text's {@code From} that Twilio delivers but no survey can answer from one that cannot be Twilio's. Twilio
 * delivers texts from senders that are no E.164 number: a short code ({@code 12345}), a number without its country
 * code, an alphanumeric sender ID ({@code ACME Bank}); answered {@code 400}, each one raised Twilio's webhook error
 * 11200 and alerted the operator for a text that is simply not a respondent's (probe 2026-12). Such a text is answered
 * with empty TwiML. Anything else in {@code From} (empty, control characters, a URL-encoded {@code +}, markup, longer
 * than any sender) is no sender Twilio writes, and stays {@code 400 invalid_sms_webhook}.
 *
 * <p>The shapes are Twilio's: an alphanumeric sender ID is 1 to 11 characters of ASCII letters, digits, spaces and
 * {@code + - _ &}, at least one a letter (Twilio's "Alphanumeric Sender ID" support article); short codes run 3 to 8
 * digits, national numbers up to 15 (E.164's most). On WhatsApp ({@code whatsapp:}) the part after the prefix is judged
 * alike.
 */
final class UnsurveyableSender {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{3,15}");
    private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
    private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 +_&-]{1,11}");
    private static final String WHATSAPP_PREFIX = "whatsapp:";

    private UnsurveyableSender() {
    }

    /**
     * What kind of sender {@code from} is, for a log line that does not name it: {@code "a short code"}, {@code "a
     * number without its country code"} or {@code "an alphanumeric sender"}; empty when it is none of Twilio's
     * senders (or null). Call it only for a {@code From} that is not a phone number.
     */
    static Optional<String> kindOf(String from) {
        if (from == null) {
            return Optional.empty();
        }
        String sender = from.startsWith(WHATSAPP_PREFIX) ? from.substring(WHATSAPP_PREFIX.length()) : from;
        if (SHORT_CODE.matcher(sender).matches()) {
            return Optional.of("a short code");
        }
        if (DIGITS.matcher(sender).matches()) {
            return Optional.of("a number without its country code");
        }
        if (ALPHANUMERIC.matcher(sender).matches()) {
            return Optional.of("an alphanumeric sender");
        }
        return Optional.empty();
    }
}
