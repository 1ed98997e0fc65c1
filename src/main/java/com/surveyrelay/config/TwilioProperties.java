package com.surveyrelay.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio account settings ({@code twilio.*}), all from the environment.
 *
 * @param messagingServiceSid when set, texts go out through this Messaging Service instead of the number
 * @param apiBaseUrl when set, the REST client talks to this base URL instead of api.twilio.com (the local
 *     emulator, a test harness)
 * @param whatsappNumber the WhatsApp sender's number in E.164 ({@code +14155238886}); WhatsApp surveys are refused
 *     ({@code 422 whatsapp_not_configured}) without it
 * @param whatsappContentSid the Content SID ({@code HX} and 32 hex digits) of the approved WhatsApp template that
 *     opens a survey: WhatsApp takes a business-initiated message only as a template. Its variable {@code 1}
 *     receives the survey's welcome, with the language offer
 */
@ConfigurationProperties("twilio")
public record TwilioProperties(
        String accountSid, String authToken, String phoneNumber, String messagingServiceSid, URI apiBaseUrl,
        String whatsappNumber, String whatsappContentSid) {

    /** True when both WhatsApp settings are set. */
    public boolean whatsappConfigured() {
        return whatsappNumber != null && !whatsappNumber.isBlank() && whatsappContentSid != null
                && !whatsappContentSid.isBlank();
    }
}
