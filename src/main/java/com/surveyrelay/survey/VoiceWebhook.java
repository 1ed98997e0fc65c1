package com.surveyrelay.survey;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The public URL Twilio posts every voice step to. The session id and the turn travel in the query: Twilio
 * signs the whole URL, so neither can be forged, and neither is personal data.
 */
public record VoiceWebhook(URI url) {

    public VoiceWebhook {
        if (url == null || !url.isAbsolute() || url.getRawQuery() != null) {
            throw new IllegalArgumentException("the voice webhook must be an absolute URL without a query");
        }
    }

    public URI forTurn(String sessionId, int turn) {
        return URI.create(url + "?sessionId=" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)
                + "&turn=" + turn);
    }
}
