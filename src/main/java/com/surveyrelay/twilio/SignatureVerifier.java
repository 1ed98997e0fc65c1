package com.surveyrelay.twilio;

import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.TwilioProperties;
import com.twilio.security.RequestValidator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Twilio-Signature}: the HMAC-SHA1 Twilio computes with our auth token over the exact URL
 * it called plus every POST parameter. The original template only logged a mismatch and never checked
 * voice webhooks at all; here an unsigned request gets no further than this.
 */
@Component
public class SignatureVerifier {

    private final RequestValidator validator;

    /** @throws SettingRefused when {@code TWILIO_AUTH_TOKEN} is not set, reported without a stack trace */
    public SignatureVerifier(TwilioProperties twilio) {
        if (twilio.authToken() == null || twilio.authToken().isBlank()) {
            throw new SettingRefused("TWILIO_AUTH_TOKEN is not set: Twilio webhooks cannot be verified (the auth token "
                    + "of the account in TWILIO_ACCOUNT_SID, from the Twilio console)");
        }
        this.validator = new RequestValidator(twilio.authToken());
    }

    public boolean isValid(String publicUrl, Map<String, String> params, String signature) {
        return signature != null && !signature.isBlank() && validator.validate(publicUrl, params, signature);
    }
}
