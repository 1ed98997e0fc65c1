package com.surveyrelay.conversation;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.survey.Channel;
import java.util.List;

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
 * <p>A start's fingerprint is of the language as the request asked it ({@code en}, canonical:
 * {@code LanguageTags.canonical}), not the survey's tag it resolved to ({@code en-US}), so a retry under the key is
 * still a repeat after the survey gained a second English or changed its default. The version before kept the resolved
 * tag (2026-12-05, once a bare language was resolved): a stored fingerprint of one of the languages the asked tag may
 * mean now ({@link #meant}) matches too.
 *
 * @param kept the form written to the ledger: keyed, or plain when no key is set
 * @param plain the plain form, which entries written before keyed ones were, or without a key, keep
 * @param meant the fingerprints of the request in each survey language its asked tag may mean
 *     ({@code Survey#languagesMeant}) other than itself, as kept before asked tags were; none when there are none
 */
record RequestFingerprint(String kept, String plain, List<RequestFingerprint> meant) {

    /** What a keyed fingerprint starts with in the ledger; one without it is plain. */
    static final String KEYED = "hmac-sha256:";

    /**
     * The request's fingerprint, as asked.
     *
     * @param hashKey {@code RESPONDENT_HASH_KEY}; blank for none, then the plain form is kept
     */
    static RequestFingerprint of(Channel channel, InitiationRequest request, String hashKey) {
        return of(channel, request, List.of(), hashKey);
    }

    /**
     * The fingerprint of {@code asked}, also matching one kept of it in any of {@code meantLanguages} (tags; those
     * equal to the asked one are skipped).
     *
     * @param hashKey {@code RESPONDENT_HASH_KEY}; blank for none, then the plain form is kept
     */
    static RequestFingerprint of(Channel channel, InitiationRequest asked, List<String> meantLanguages,
            String hashKey) {
        String plain = StartRequest.fingerprint(channel, asked);
        List<RequestFingerprint> meant = meantLanguages.stream().filter(tag -> !tag.equals(asked.language()))
                .map(tag -> of(channel, asked.withLanguage(tag), hashKey)).toList();
        return new RequestFingerprint(hashKey.isBlank() ? plain
                : KEYED + StartRequest.keyedFingerprint(channel, asked, hashKey), plain, meant);
    }

    /**
     * Whether a fingerprint read from the ledger (not null) is this request's: a keyed one compared with the keyed
     * form, a plain one with the plain form, of the request as asked or in a language it means ({@link #meant}). A
     * keyed one written under another key (or read with no key set) does not match: keep {@code RESPONDENT_HASH_KEY}.
     */
    boolean matches(String stored) {
        return (stored.startsWith(KEYED) ? stored.equals(kept) : stored.equals(plain))
                || meant.stream().anyMatch(resolved -> resolved.matches(stored));
    }
}
