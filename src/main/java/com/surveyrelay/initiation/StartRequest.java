package com.surveyrelay.initiation;

import com.surveyrelay.survey.Channel;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * A validated request to start a survey on a channel.
 *
 * @param idempotencyKey when set, the survey starts at most once for this key however often the request
 *     arrives (an EventBridge event id, an SQS message id, a caller's {@code Idempotency-Key})
 */
public record StartRequest(Channel channel, InitiationRequest request, String idempotencyKey) {

    /** How many hex digits of the SHA-256 a fingerprint keeps: 128 bits, past any chance collision. */
    private static final int FINGERPRINT_HEX_DIGITS = 32;

    /** This request's {@link #fingerprint(Channel, InitiationRequest)}. */
    public String fingerprint() {
        return fingerprint(channel, request);
    }

    /**
     * What a start asks, as 32 lower-case hex digits of a SHA-256 over its channel, number (E.164), language,
     * survey and time zone, each as validated ({@code null} for one not given), one a line. Kept with the claim of
     * its idempotency key, so that a later request under the key asking something else is refused, not taken for a
     * repeat (draft-ietf-httpapi-idempotency-key-header, section 2.7). Anyone can recompute it, so the number can be
     * found from it by hashing every number: {@link #keyedFingerprint} cannot be recomputed without its key.
     */
    public static String fingerprint(Channel channel, InitiationRequest request) {
        return DigestUtils.sha256Hex(asked(channel, request)).substring(0, FINGERPRINT_HEX_DIGITS);
    }

    /**
     * As {@link #fingerprint(Channel, InitiationRequest)}, an HMAC-SHA256 (RFC 2104) under {@code key} (its UTF-8
     * bytes; not blank) instead of a plain SHA-256: 32 lower-case hex digits that only a holder of the key can
     * recompute, so the number cannot be found from them by hashing every number.
     */
    public static String keyedFingerprint(Channel channel, InitiationRequest request, String key) {
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key.getBytes(StandardCharsets.UTF_8))
                .hmacHex(asked(channel, request)).substring(0, FINGERPRINT_HEX_DIGITS);
    }

    private static String asked(Channel channel, InitiationRequest request) {
        return String.join("\n", channel.value(), request.to().value(), String.valueOf(request.language()),
                String.valueOf(request.surveyId()),
                request.timeZone() == null ? "null" : request.timeZone().getId());
    }
}
