package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartRequestTest {

    private static final InitiationRequest ASKED = new InitiationRequest(new E164("+15551230001"), "en-US",
            "customer-satisfaction", ZoneId.of("America/Chicago"));

    @Test
    void theSameRequestHasTheSameFingerprintAndAnyChangeAnother() {
        String fingerprint = StartRequest.fingerprint(Channel.SMS, ASKED);
        assertThat(fingerprint).matches("[0-9a-f]{32}").doesNotContain("5551230001");
        assertThat(new StartRequest(Channel.SMS, new InitiationRequest(new E164("+15551230001"), "en-US",
                "customer-satisfaction", ZoneId.of("America/Chicago")), "k").fingerprint()).isEqualTo(fingerprint);
        List<String> others = List.of(
                StartRequest.fingerprint(Channel.VOICE, ASKED),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(new E164("+15551230002"), "en-US",
                        "customer-satisfaction", ZoneId.of("America/Chicago"))),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), "es-MX",
                        "customer-satisfaction", ASKED.timeZone())),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), null,
                        "customer-satisfaction", ASKED.timeZone())),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), "en-US", "quarterly-nps",
                        ASKED.timeZone())),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), "en-US", null,
                        ASKED.timeZone())),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), "en-US",
                        "customer-satisfaction", ZoneId.of("Europe/Paris"))),
                StartRequest.fingerprint(Channel.SMS, new InitiationRequest(ASKED.to(), "en-US",
                        "customer-satisfaction", null)));
        assertThat(others).doesNotContain(fingerprint).doesNotHaveDuplicates();
    }

    @Test
    void theFingerprintIsTheSha256OfTheFieldsOnALineEachSoClaimsStoredBeforeAnUpgradeStillMatch() {
        // printf 'sms\n+15551230001\nen-US\ncustomer-satisfaction\nAmerica/Chicago' | sha256sum | cut -c1-32
        assertThat(StartRequest.fingerprint(Channel.SMS, ASKED)).isEqualTo("75904604e1e69ad2398f9c0b908894a5");
    }

    /** The keyed fingerprint is an HMAC-SHA256 of the same lines, which only a holder of the key can recompute. */
    @Test
    void theKeyedFingerprintIsTheHmacSha256OfTheSameFieldsUnderTheKey() {
        // printf 'sms\n+15551230001\nen-US\ncustomer-satisfaction\nAmerica/Chicago'
        //   | openssl dgst -sha256 -hmac 'respondent-hash-key-for-tests' | cut -c1-32 (of the digest)
        assertThat(StartRequest.keyedFingerprint(Channel.SMS, ASKED, "respondent-hash-key-for-tests"))
                .isEqualTo("48213189830fcf286e385372a2a60fb8");
        assertThat(StartRequest.keyedFingerprint(Channel.SMS, ASKED, "another-key"))
                .matches("[0-9a-f]{32}").isNotEqualTo("48213189830fcf286e385372a2a60fb8");
    }
}
