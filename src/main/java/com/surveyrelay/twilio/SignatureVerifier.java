package com.surveyrelay.twilio;

import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.TwilioProperties;
import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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

    /**
     * @param publicUrl the URL Twilio called, as it signed it (query string included)
     * @param params every POST parameter, decoded
     * @return whether {@code signature} (the {@code X-Twilio-Signature} header, base64) is Twilio's for them; false
     *     when it is null or blank
     */
    public boolean isValid(String publicUrl, Map<String, String> params, String signature) {
        return signature != null && !signature.isBlank() && validator.validate(publicUrl, params, signature);
    }

    /**
     * As {@link #isValid(String, Map, String)} for a form in which a parameter may be repeated. Twilio signs a repeated
     * parameter as its name and a value for each of its values, those sorted and each once (twilio-node's validator,
     * fixed in twilio-node#723 for the repeated {@code MessagingBinding.Address} of Conversations webhooks). twilio-java
     * takes one value a name and appends name and value, so each name is given its sorted values joined by the name:
     * the string signed is the same, and the HMAC stays twilio-java's.
     *
     * @param params every POST parameter's decoded values, in any order
     */
    public boolean isValidWithRepeats(String publicUrl, Map<String, List<String>> params, String signature) {
        Map<String, String> joined = new HashMap<>();
        params.forEach((name, values) -> joined.put(name, String.join(name, new TreeSet<>(values))));
        return isValid(publicUrl, joined, signature);
    }
}
