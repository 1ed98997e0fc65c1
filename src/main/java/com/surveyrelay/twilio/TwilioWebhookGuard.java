package com.surveyrelay.twilio;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.FormFields;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.QueryString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first step of every Twilio-facing route: rebuilds the URL Twilio signed from {@code PUBLIC_BASE_URL}
 * (never from request headers, which a caller controls), decodes the POST parameters and refuses the
 * request with 403 {@code invalid_signature} unless the signature matches, naming the URL it checked
 * ({@link #refusal}). On success the body becomes a {@link TwilioRequest}.
 */
@Component("twilioWebhookGuard")
public class TwilioWebhookGuard implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhookGuard.class);
    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final SignatureVerifier verifier;
    private final SurveyRelayProperties settings;

    public TwilioWebhookGuard(SignatureVerifier verifier, SurveyRelayProperties settings) {
        this.verifier = verifier;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String rawQuery = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (rawQuery == null) {
            rawQuery = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        }
        String url = settings.publicUrl(path) + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        String signature = exchange.getMessage().getHeader(SIGNATURE_HEADER, String.class);
        Map<String, String> params;
        try {
            params = FormFields.decode(exchange.getMessage().getBody());
        } catch (FormFields.RepeatedFieldException e) {
            if (verifier.isValidWithRepeats(url, FormFields.decodeAll(exchange.getMessage().getBody()), signature)) {
                LOG.warn("Refused a signed Twilio webhook to {}: a form field is repeated", E164.maskedIn(path));
                throw new HttpProblem(400, "repeated_field", repeatedRefusal(e.field()));
            }
            params = null;
        }
        if (params == null || !verifier.isValid(url, params, signature)) {
            String refusal = refusal(E164.maskedIn(settings.publicUrl(path).toString()),
                    rawQuery != null && !rawQuery.isEmpty()) + plusAsSpace(params);
            LOG.warn("Refused a Twilio webhook to {}: {}", E164.maskedIn(path), refusal);
            throw new HttpProblem(403, "invalid_signature", refusal);
        }
        exchange.getMessage().setBody(new TwilioRequest(Map.copyOf(params), Map.copyOf(decodedQuery(rawQuery))));
    }

    /** A number whose "+" came as a space: a form decodes an unencoded "+" so. */
    private static final Pattern PLUS_AS_SPACE = Pattern.compile(" [0-9]{7,15}");

    /**
     * A hint when a number field ({@code From}, {@code To}) reads as a space and digits: its "+" was sent unencoded, so
     * the form read a space, and the signature (made over the "+") cannot match. A newcomer posting with curl's
     * {@code -d} was sent to chase {@code PUBLIC_BASE_URL} (2026-12-07), where the start endpoints already say this.
     */
    static String plusAsSpace(Map<String, String> params) {
        if (params == null) {
            return "";
        }
        return java.util.stream.Stream.of("From", "To", "Caller", "Called")
                .filter(field -> params.get(field) != null && PLUS_AS_SPACE.matcher(params.get(field)).matches())
                .findFirst().map(field -> " The form's " + field + " reads as a space and digits: a '+' sent "
                        + "unencoded in a form body reads as a space; send it as %2B (curl --data-urlencode does).")
                .orElse("");
    }

    /** What names a form field in a refusal: anything else (a phone number, a stray text) is not repeated back. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._]{0,39}");

    /**
     * Why a webhook whose signature is Twilio's was refused for a repeated parameter. Twilio signs repeated parameters
     * ({@link SignatureVerifier#isValidWithRepeats}), but the webhooks this service takes (an incoming message, a call's
     * steps, message and call status callbacks) document none: a list comes as numbered names ({@code MediaUrl0},
     * {@code MediaUrl1}); repeated names come from other products' webhooks (Conversations' {@code
     * MessagingBinding.Address}, Autopilot's fields). Which value would count is ambiguous, so the request is refused
     * {@code 400 repeated_field}, as a start request's is, saying so, rather than as a signature that does not match.
     *
     * @param field the repeated field's name as sent; named in the message only when it looks like a parameter name
     */
    static String repeatedRefusal(String field) {
        String named = FIELD_NAME.matcher(field).matches() ? "The form field " + field + " is" : "A form field is";
        return named + " given more than once. The signature is Twilio's, but Twilio's message and call webhooks send "
                + "each parameter once (a list comes numbered: MediaUrl0, MediaUrl1), so this URL may be set as the "
                + "webhook of another Twilio product: which value counts is ambiguous, and the request is refused.";
    }

    /**
     * Why a signed webhook was refused, for whoever set the service up: the URL the signature was checked against
     * (no parameter, no signature, no token), and how that URL is made. A probe (2026-12-05) found the 403 said
     * nothing of it, while the usual cause is a {@code PUBLIC_BASE_URL} other than the URL in the Twilio console (http
     * for https, another host or port, a path prefix a proxy or tunnel removes). The URL is never rebuilt from the
     * request's {@code Host} or {@code X-Forwarded-*} headers, which a caller controls (the design's rule), so setting
     * those on a proxy does not help: the variable must name what Twilio calls.
     *
     * @param checked the URL checked, without its query string: {@code PUBLIC_BASE_URL} and the request's path
     * @param withQuery whether the request had a query string, which the URL checked includes as sent
     */
    static String refusal(String checked, boolean withQuery) {
        return "The X-Twilio-Signature header does not match this request as signed for " + checked
                + (withQuery ? " (with the request's query string)" : "") + ", the URL built from PUBLIC_BASE_URL and "
                + "the path received. If Twilio calls another URL (see the webhook URL in the Twilio console: another "
                + "scheme, host, port or path, as a proxy or tunnel in front may give), set PUBLIC_BASE_URL to the "
                + "address Twilio calls; the Host and X-Forwarded-* headers are not used.";
    }

    /**
     * The webhook URL's query parameters, decoded; the first of a repeated name wins.
     *
     * @throws HttpProblem 400 {@code invalid_query} for a malformed percent escape ({@code %zz}, a lone {@code %}):
     *     the signature covers the URL as sent, so a signed URL may still not decode
     */
    private static Map<String, String> decodedQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        try {
            QueryString.pairs(rawQuery).forEach(pair -> {
                if (query.putIfAbsent(pair.getKey(), pair.getValue()) != null) {
                    // "?turn=2&turn=1" was read first-wins, and a proxy repeating a parameter routed an answer to
                    // another turn or session without a word (a breaker's probe, 2026-12-07); a repeated form field
                    // is refused so already.
                    String named = FIELD_NAME.matcher(pair.getKey()).matches() ? pair.getKey() : "a parameter";
                    throw new HttpProblem(400, "repeated_field", "The webhook URL's query gives " + named + " more "
                            + "than once: which value counts is ambiguous, and the request is refused. The service "
                            + "writes each once; check whatever rewrites the URL on its way (a proxy, a tunnel).");
                }
            });
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "invalid_query",
                    "The webhook URL's query string is not validly percent-encoded.");
        }
        return query;
    }
}
