package com.surveyrelay.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio account settings ({@code twilio.*}), all from the environment.
 *
 * @param messagingServiceSid when set, texts go out through this Messaging Service instead of the number
 * @param apiBaseUrl when set, the REST client talks to this base URL instead of api.twilio.com (the local
 *     emulator, a test harness): an http or https URL with a host
 * @param whatsappNumber the WhatsApp sender's number in E.164 ({@code +14155238886}, a plus and 7 to 15 digits);
 *     WhatsApp surveys are refused ({@code 422 whatsapp_not_configured}) without it
 * @param phoneNumber the number calls and texts come from, in E.164 ({@code +15005550006}); a short code or an
 *     alphanumeric sender ID is taken as written
 * @throws IllegalArgumentException naming the variable, for an {@code apiBaseUrl} that is no such URL, a
 *     {@code phoneNumber} of nine or more digits without its {@code +}, or a {@code whatsappNumber} not in E.164 form
 * @param whatsappContentSid the Content SID ({@code HX} and 32 hex digits) of the approved WhatsApp template that
 *     opens a survey: WhatsApp takes a business-initiated message only as a template. Its variable {@code 1}
 *     receives the survey's welcome, with the language offer
 */
@ConfigurationProperties("twilio")
public record TwilioProperties(
        String accountSid, String authToken, String phoneNumber, String messagingServiceSid, URI apiBaseUrl,
        String whatsappNumber, String whatsappContentSid) {

    public TwilioProperties {
        // Until 2026-12-07 unchecked: "notaurl" made every start "Twilio refused the text" (502 twilio_error), and
        // health said Twilio was up, though Twilio was never asked (an operator's probe).
        apiBaseUrl = SettingBounds.httpUrl(apiBaseUrl, false, "TWILIO_API_BASE_URL", "twilio.api-base-url",
                "http://127.0.0.1:8089");
        // A long number without its "+" (an operator's probe, 2026-12-07: started, every start answered 201 against
        // the emulator, and real Twilio would refuse each). A short code (up to 8 digits) or an alphanumeric sender
        // ID is taken as written.
        // "+1 500 555 0006", as a console may show it, started too: the welcome went out from that form, replies from
        // the E.164 one (an operator's probe, 2026-12-07). A number with its "+" is E.164 or refused.
        // Kept stripped, and "whatsapp:+1..." refused: the welcome went out from "+15005550006 " as set (a breaker's
        // probe, 2026-12-07).
        phoneNumber = phoneNumber == null ? null : phoneNumber.strip();
        if (phoneNumber != null && (LONG_NUMBER_WITHOUT_PLUS.matcher(phoneNumber).matches()
                || phoneNumber.startsWith("+") && !phoneNumber.matches("\\+[1-9][0-9]{6,14}")
                || phoneNumber.toLowerCase(java.util.Locale.ROOT).startsWith("whatsapp:"))) {
            throw SettingBounds.refused("TWILIO_PHONE_NUMBER", "twilio.phone-number", "the survey number in E.164 "
                    + "form, a + and the country code, like +15005550006", phoneNumber.strip());
        }
        whatsappNumber = whatsappNumber == null ? null : whatsappNumber.strip();
        if (whatsappNumber != null && !whatsappNumber.isEmpty() && !whatsappNumber.matches("\\+[1-9][0-9]{6,14}")) {
            throw SettingBounds.refused("TWILIO_WHATSAPP_NUMBER", "twilio.whatsapp-number",
                    "the WhatsApp sender's number in E.164 form, like +14155238886 (without whatsapp:)",
                    whatsappNumber.strip());
        }
    }

    /** Nine or more digits (separators allowed) with no leading {@code +}: a phone number that lost its {@code +}. */
    private static final java.util.regex.Pattern LONG_NUMBER_WITHOUT_PLUS = java.util.regex.Pattern.compile(
            "[0-9(][0-9 ().-]{7,}[0-9]");

    /** True when both WhatsApp settings are set. */
    public boolean whatsappConfigured() {
        return whatsappNumber != null && !whatsappNumber.isBlank() && whatsappContentSid != null
                && !whatsappContentSid.isBlank();
    }
}
