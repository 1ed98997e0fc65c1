package com.surveyrelay.initiation;

import com.surveyrelay.survey.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * A validated request to start a survey on a channel.
 *
 * @param idempotencyKey when set, the survey starts at most once for this key however often the request
 *     arrives (an EventBridge event id, an SQS message id, a caller's {@code Idempotency-Key})
 * @param campaignRow true only for a campaign row's start ({@link #ofCampaignRow}), whose key the campaign runner
 *     makes from the campaign's id (a hash of its file) and the row: a claim under it is that row's, whatever
 *     fingerprint it keeps, so {@code SurveyStarts} answers it as a repeat without comparing fingerprints. Never read
 *     from a request: the HTTP API and the bus build requests with {@link #StartRequest(Channel, InitiationRequest,
 *     String)}, so a caller's key, whatever its shape, is always compared
 */
public record StartRequest(Channel channel, InitiationRequest request, String idempotencyKey, boolean campaignRow) {

    /**
     * @throws IllegalArgumentException for a campaign row's request without a key: its key is what makes it the row's
     */
    public StartRequest {
        if (campaignRow && idempotencyKey == null) {
            throw new IllegalArgumentException("A campaign row's start request needs its row's idempotency key");
        }
    }

    /** A request from a caller (HTTP, the bus, a trigger file, a fallback): its key's claim is compared with it. */
    public StartRequest(Channel channel, InitiationRequest request, String idempotencyKey) {
        this(channel, request, idempotencyKey, false);
    }

    /**
     * A campaign row's start request, under the key the campaign runner gives the row
     * ({@code campaign-row:<campaignId>:<row>}): see {@link #campaignRow}.
     */
    public static StartRequest ofCampaignRow(Channel channel, InitiationRequest request, String rowKey) {
        return new StartRequest(channel, request, rowKey, true);
    }

    /** What an {@code Idempotency-Key} header's value comes with from the request ({@link InitiationRequests}). */
    static final String HEADER_KEY_PREFIX = "header:";

    /**
     * This request under its {@code Idempotency-Key} header's value as given, the key {@code detail.idempotencyKey} and
     * a bus message's {@code idempotencyKey} are claimed under too, so that one value sent either way starts one
     * survey; until 2026-12-06 the header's was claimed as {@code header:<value>}, and the same value sent both ways
     * started two (an operator's probe). Empty when the key is no header's, or when its value is shaped like the keys
     * the service gives its own starts ({@code sqs:…}): that one keeps the prefix, clashing with none of them.
     */
    public Optional<StartRequest> withHeaderKeyAsGiven() {
        if (idempotencyKey == null || !idempotencyKey.startsWith(HEADER_KEY_PREFIX)) {
            return Optional.empty();
        }
        String given = idempotencyKey.substring(HEADER_KEY_PREFIX.length());
        return EventDetails.isReservedKey(given) ? Optional.empty()
                : Optional.of(new StartRequest(channel, request, given, campaignRow));
    }

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
