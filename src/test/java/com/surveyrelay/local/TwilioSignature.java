package com.surveyrelay.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes {@code X-Twilio-Signature} the way Twilio does: Base64 of HMAC-SHA1, keyed with the auth token, over the
 * URL Twilio requested followed by every POST parameter's name and value, sorted by name. Written apart from
 * twilio-java's {@code RequestValidator} on purpose: the service checks with that one, so the emulator signing with
 * a second implementation tests both against each other (and this one against Twilio's published example).
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String sign(String authToken, String url, Map<String, String> postParams) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value));
        return hmac(authToken, data);
    }

    /**
     * As {@link #sign} for a form with repeated parameters, as Twilio signs one (twilio-node's validator): names
     * sorted, and for each name its values sorted, each once, each appended after the name.
     */
    public static String signRepeated(String authToken, String url, Map<String, List<String>> postParams) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(postParams).forEach((name, values) -> new TreeSet<>(values)
                .forEach(value -> data.append(name).append(value)));
        return hmac(authToken, data);
    }

    private static String hmac(String authToken, StringBuilder data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
