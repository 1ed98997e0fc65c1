package com.surveyrelay.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio account settings ({@code twilio.*}), all from the environment.
 *
 * @param messagingServiceSid when set, texts go out through this Messaging Service instead of the number
 * @param apiBaseUrl when set, the REST client talks to this base URL instead of api.twilio.com (the local
 *     emulator, a test harness)
 */
@ConfigurationProperties("twilio")
public record TwilioProperties(
        String accountSid, String authToken, String phoneNumber, String messagingServiceSid, URI apiBaseUrl) {
}
