package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.TwilioProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    /** Twilio's published example: auth token 12345, this URL and these parameters. */
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = Map.of("CallSid", "CA1234567890ABCDE",
            "Caller", "+12349013030", "Digits", "1234", "From", "+12349013030", "To", "+18005551212");
    private static final String SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private final SignatureVerifier verifier = new SignatureVerifier(new TwilioProperties(null, "12345", null, null,
            null, null, null));

    @Test
    void acceptsTwiliosPublishedExample() {
        assertThat(verifier.isValid(URL, PARAMS, SIGNATURE)).isTrue();
    }

    @Test
    void refusesAnyChange() {
        assertThat(verifier.isValid(URL.replace("foo=1", "foo=2"), PARAMS, SIGNATURE)).isFalse();
        assertThat(verifier.isValid(URL, Map.of("Digits", "1234"), SIGNATURE)).isFalse();
        assertThat(verifier.isValid(URL, PARAMS, null)).isFalse();
        assertThat(verifier.isValid(URL, PARAMS, "")).isFalse();
    }

    @Test
    void refusesToStartWithoutAnAuthToken() {
        assertThatThrownBy(() -> new SignatureVerifier(new TwilioProperties("AC", " ", null, null, null, null, null)))
                .hasMessageContaining("TWILIO_AUTH_TOKEN is not set");
    }
}
