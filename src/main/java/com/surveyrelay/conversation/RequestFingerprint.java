package com.surveyrelay.conversation;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.survey.Channel;

/**
 * What a start asks, as the trigger ledger keeps it with the claim of the request's idempotency key, so that a later
 * request under the key asking something else is refused (draft-ietf-httpapi-idempotency-key-header, section 2.7).
 *
 * <p>Kept keyed, {@value #KEYED} and {@link StartRequest#keyedFingerprint} under {@code RESPONDENT_HASH_KEY}: the
 * plain SHA-256 ({@link StartRequest#fingerprint}) that entries written before 2026-12-05 keep can be reversed to the
 * phone number by hashing every number (about 10^10 tries), the keyed one not without the secret. A kept fingerprint
 * without the prefix is plain, and is still compared as one, so a repeat of a request claimed before the upgrade is
 * answered as a repeat. With no key set (the service allows it: {@code ConsentProperties#hashKey}) the plain form is
 * kept, as before: a built-in key, which anyone can read in the source, would hide nothing.
 *
 * @param kept the form written to the ledger: keyed, or plain when no key is set
 * @param plain the plain form, which entries written before keyed ones were, or without a key, keep
 */
record RequestFingerprint(String kept, String plain) {

    /** What a keyed fingerprint starts with in the ledger; one without it is plain. */
    static final String KEYED = "hmac-sha256:";

    /**
     * The request's fingerprint.
     *
     * @param hashKey {@code RESPONDENT_HASH_KEY}; blank for none, then the plain form is kept
     */
    static RequestFingerprint of(Channel channel, InitiationRequest request, String hashKey) {
        String plain = StartRequest.fingerprint(channel, request);
        return new RequestFingerprint(hashKey.isBlank() ? plain
                : KEYED + StartRequest.keyedFingerprint(channel, request, hashKey), plain);
    }

    /**
     * Whether a fingerprint read from the ledger (not null) is this request's: a keyed one compared with the keyed
     * form, a plain one with the plain form. A keyed one written under another key (or read with no key set) does not
     * match: keep {@code RESPONDENT_HASH_KEY}.
     */
    boolean matches(String stored) {
        return stored.startsWith(KEYED) ? stored.equals(kept) : stored.equals(plain);
    }
}
