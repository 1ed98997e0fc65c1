package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import org.junit.jupiter.api.Test;

/** A start's fingerprint as the trigger ledger keeps it: keyed, and still matching the plain ones kept before. */
class RequestFingerprintTest {

    private static final String KEY = "respondent-hash-key-for-tests";
    private static final InitiationRequest ASKED = new InitiationRequest(new E164("+15551230001"), "en-US",
            "customer-satisfaction");
    private static final InitiationRequest OTHER = new InitiationRequest(new E164("+15551230002"), "en-US",
            "customer-satisfaction");

    @Test
    void isKeptKeyedWithAPrefixNotAsThePlainSha256() {
        RequestFingerprint fingerprint = RequestFingerprint.of(Channel.SMS, ASKED, KEY);
        assertThat(fingerprint.kept()).isEqualTo("hmac-sha256:" + StartRequest.keyedFingerprint(Channel.SMS, ASKED,
                KEY)).doesNotContain(StartRequest.fingerprint(Channel.SMS, ASKED));
        assertThat(fingerprint.plain()).isEqualTo(StartRequest.fingerprint(Channel.SMS, ASKED));
    }

    /** An entry written before fingerprints were keyed keeps the plain one: a repeat of its request still matches. */
    @Test
    void matchesItsRequestKeptInEitherForm() {
        RequestFingerprint fingerprint = RequestFingerprint.of(Channel.SMS, ASKED, KEY);
        assertThat(fingerprint.matches(fingerprint.kept())).isTrue();
        assertThat(fingerprint.matches(StartRequest.fingerprint(Channel.SMS, ASKED))).isTrue();
    }

    @Test
    void doesNotMatchAnotherRequestInEitherForm() {
        RequestFingerprint fingerprint = RequestFingerprint.of(Channel.SMS, ASKED, KEY);
        assertThat(fingerprint.matches(RequestFingerprint.of(Channel.SMS, OTHER, KEY).kept())).isFalse();
        assertThat(fingerprint.matches(StartRequest.fingerprint(Channel.SMS, OTHER))).isFalse();
        assertThat(fingerprint.matches(RequestFingerprint.of(Channel.VOICE, ASKED, KEY).kept())).isFalse();
    }

    /** A keyed fingerprint cannot be checked without its key: another key, or none, takes it for another request. */
    @Test
    void aFingerprintKeyedUnderAnotherKeyDoesNotMatch() {
        String keptUnderOldKey = RequestFingerprint.of(Channel.SMS, ASKED, "old-key").kept();
        assertThat(RequestFingerprint.of(Channel.SMS, ASKED, KEY).matches(keptUnderOldKey)).isFalse();
        assertThat(RequestFingerprint.of(Channel.SMS, ASKED, "").matches(keptUnderOldKey)).isFalse();
    }

    /** With no RESPONDENT_HASH_KEY set, the plain SHA-256 is kept, as before: a built-in key would hide nothing. */
    @Test
    void withoutAKeyThePlainSha256IsKept() {
        RequestFingerprint fingerprint = RequestFingerprint.of(Channel.SMS, ASKED, "");
        assertThat(fingerprint.kept()).isEqualTo(StartRequest.fingerprint(Channel.SMS, ASKED));
        assertThat(fingerprint.matches(StartRequest.fingerprint(Channel.SMS, ASKED))).isTrue();
        assertThat(fingerprint.matches(StartRequest.fingerprint(Channel.SMS, OTHER))).isFalse();
    }

    /**
     * A bare {@code en} is kept as asked, not as the survey's {@code en-US} it meant, so it stays one request when
     * {@code en} comes to mean another language; a fingerprint kept of a language it means (as kept before) matches.
     */
    @Test
    void keepsTheLanguageAsAskedAndMatchesOneKeptOfALanguageItMeans() {
        InitiationRequest bare = ASKED.withLanguage("en");
        RequestFingerprint fingerprint = RequestFingerprint.of(Channel.SMS, bare, java.util.List.of("en-GB", "en-US"),
                KEY);
        assertThat(fingerprint.kept()).isEqualTo(RequestFingerprint.of(Channel.SMS, bare, KEY).kept());
        assertThat(fingerprint.matches(RequestFingerprint.of(Channel.SMS, ASKED, KEY).kept())).isTrue();
        assertThat(fingerprint.matches(StartRequest.fingerprint(Channel.SMS, ASKED))).as("plain").isTrue();
        assertThat(fingerprint.matches(RequestFingerprint.of(Channel.SMS, ASKED.withLanguage("es-MX"), KEY).kept()))
                .isFalse();
        assertThat(RequestFingerprint.of(Channel.SMS, bare, KEY).matches(RequestFingerprint.of(Channel.SMS, ASKED,
                KEY).kept())).as("not a language it means").isFalse();
    }
}
