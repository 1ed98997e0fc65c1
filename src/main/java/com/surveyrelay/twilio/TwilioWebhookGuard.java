package com.surveyrelay.twilio;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.web.FormFields;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.QueryString;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first step of every Twilio-facing route: rebuilds the URL Twilio signed from {@code PUBLIC_BASE_URL}
 * (never from request headers, which a caller controls), decodes the POST parameters and refuses the
 * request with 403 unless the signature matches. On success the body becomes a {@link TwilioRequest}.
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
        Map<String, String> params;
        try {
            params = FormFields.decode(exchange.getMessage().getBody());
        } catch (FormFields.RepeatedFieldException e) {
            // Twilio never repeats a parameter: such a request is not Twilio's.
            params = null;
        }
        String signature = exchange.getMessage().getHeader(SIGNATURE_HEADER, String.class);
        if (params == null || !verifier.isValid(url, params, signature)) {
            LOG.warn("Refused a Twilio webhook to {} with a missing or wrong signature", path);
            throw new HttpProblem(403, "invalid_signature",
                    "The X-Twilio-Signature header is missing or does not match this request.");
        }
        exchange.getMessage().setBody(new TwilioRequest(Map.copyOf(params), Map.copyOf(decodedQuery(rawQuery))));
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
            QueryString.pairs(rawQuery).forEach(pair -> query.putIfAbsent(pair.getKey(), pair.getValue()));
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "invalid_query",
                    "The webhook URL's query string is not validly percent-encoded.");
        }
        return query;
    }
}
