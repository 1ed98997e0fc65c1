package com.surveyrelay.initiation;

import com.surveyrelay.survey.Channel;
import org.apache.commons.codec.digest.DigestUtils;

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
     * survey and time zone, each as validated ({@code null} for one not given). Kept with the claim of its
     * idempotency key, so that a later request under the key asking something else is refused, not taken for a
     * repeat (draft-ietf-httpapi-idempotency-key-header, section 2.7), and no number is stored in the clear.
     */
    public static String fingerprint(Channel channel, InitiationRequest request) {
        String asked = String.join("\n", channel.value(), request.to().value(), String.valueOf(request.language()),
                String.valueOf(request.surveyId()),
                request.timeZone() == null ? "null" : request.timeZone().getId());
        return DigestUtils.sha256Hex(asked).substring(0, FINGERPRINT_HEX_DIGITS);
    }
}
