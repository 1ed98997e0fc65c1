package com.surveyrelay.survey;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The public URLs Twilio posts a call's steps and its end to. The session id and the turn travel in the query:
 * Twilio signs the whole URL, so neither can be forged, and neither is personal data.
 *
 * @param url where each step of a call is posted (the voice-call route's path on {@code PUBLIC_BASE_URL})
 * @param statusUrl where the call's end is posted, its {@code StatusCallback} (the call-status route's path)
 */
public record VoiceWebhook(URI url, URI statusUrl) {

    /** @throws IllegalArgumentException when either URL is not absolute or already has a query */
    public VoiceWebhook {
        for (URI each : new URI[] {url, statusUrl}) {
            if (each == null || !each.isAbsolute() || each.getRawQuery() != null) {
                throw new IllegalArgumentException("the voice webhooks must be absolute URLs without a query");
            }
        }
    }

    /** The URL of a call's step: {@code <url>?sessionId=<id>&turn=<turn>}, turn 0 for the call's first TwiML. */
    public URI forTurn(String sessionId, int turn) {
        return URI.create(url + "?sessionId=" + encoded(sessionId) + "&turn=" + turn);
    }

    /** The call's {@code StatusCallback}: {@code <statusUrl>?sessionId=<id>}. */
    public URI forStatus(String sessionId) {
        return URI.create(statusUrl + "?sessionId=" + encoded(sessionId));
    }

    private static String encoded(String sessionId) {
        return URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
    }
}
