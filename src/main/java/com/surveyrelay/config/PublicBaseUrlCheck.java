package com.surveyrelay.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Warns once at start when the service talks to Twilio's own API ({@code TWILIO_API_BASE_URL} unset, or on
 * {@code twilio.com}) while
 * {@code PUBLIC_BASE_URL} names this machine ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]},
 * {@code 0.0.0.0}): its default, {@code http://localhost:8080}, is kept when the variable is forgotten. Twilio then
 * cannot reach a call's webhooks, and every webhook that does arrive (through a tunnel or a proxy) fails its signature
 * check ({@code 403}), as the signature is computed over the URL Twilio was given. A warning, not a refusal: a tunnel
 * or a test harness may forward to it on purpose.
 */
@Component
public class PublicBaseUrlCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PublicBaseUrlCheck.class);

    private final SurveyRelayProperties settings;
    private final TwilioProperties twilio;

    /** Reads {@code PUBLIC_BASE_URL} and {@code TWILIO_API_BASE_URL} from the service's settings. */
    public PublicBaseUrlCheck(SurveyRelayProperties settings, TwilioProperties twilio) {
        this.settings = settings;
        this.twilio = twilio;
    }

    /** Logs {@link #warning}'s text at WARN, once the service is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void warnIfTwilioCannotReachUs() {
        warning(settings.publicBaseUrl(), twilio.apiBaseUrl()).ifPresent(LOG::warn);
    }

    /**
     * The warning for these settings, or empty when Twilio can reach the URL as far as its host tells
     * (no DNS lookup is made) or when another Twilio API (the local emulator) is used.
     *
     * @param publicBaseUrl {@code PUBLIC_BASE_URL}, already checked as an http or https URL with a host
     * @param twilioApiBaseUrl {@code TWILIO_API_BASE_URL}, or null for Twilio's own (as is one on {@code twilio.com})
     */
    static Optional<String> warning(URI publicBaseUrl, URI twilioApiBaseUrl) {
        if (!twilios(twilioApiBaseUrl) || publicBaseUrl == null || !namesThisMachine(publicBaseUrl.getHost())) {
            return Optional.empty();
        }
        return Optional.of("PUBLIC_BASE_URL is " + publicBaseUrl + ", this machine, while calls and texts go "
                + "through Twilio's API: Twilio cannot reach the webhooks there, and any that arrive fail their "
                + "signature check (403). Set PUBLIC_BASE_URL to the https URL Twilio reaches this service at.");
    }

    /** Twilio's own API: none set, or one on {@code twilio.com} ({@code https://api.twilio.com}) set by hand. */
    private static boolean twilios(URI apiBaseUrl) {
        String host = apiBaseUrl == null ? null : apiBaseUrl.getHost();
        return apiBaseUrl == null || host != null && (host.equalsIgnoreCase("twilio.com")
                || host.toLowerCase(Locale.ROOT).endsWith(".twilio.com"));
    }

    private static boolean namesThisMachine(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
                || name.equals("[::1]") || name.equals("::1") || name.equals("[0:0:0:0:0:0:0:1]")
                || name.equals("0.0.0.0");
    }
}
