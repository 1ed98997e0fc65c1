package com.surveyrelay.twilio;

import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Places calls and sends texts through twilio-java. Timeouts are short (Twilio's own client waits 30 s)
 * because a request that starts a survey should fail fast and clearly, not hang. Twilio's refusals become
 * precise errors for the caller: an opted-out or invalid number is the caller's to fix, the rest is ours.
 */
@Component
public class TwilioGateway {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioGateway.class);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
    private static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(8);
    static final int OPTED_OUT = 21610;
    static final List<Integer> INVALID_NUMBER = List.of(21211, 21214, 21217, 21401, 21407, 21612, 21614);

    private final TwilioRestClient client;
    private final TwilioProperties twilio;

    public TwilioGateway(TwilioProperties twilio) {
        this.twilio = twilio;
        if (twilio.accountSid() == null || twilio.accountSid().isBlank()) {
            throw new IllegalStateException("TWILIO_ACCOUNT_SID is not set");
        }
        HttpClient http = new NetworkHttpClient(RequestConfig.custom()
                .setConnectionRequestTimeout(CONNECT_TIMEOUT)
                .setResponseTimeout(RESPONSE_TIMEOUT)
                .build());
        if (twilio.apiBaseUrl() != null && !twilio.apiBaseUrl().toString().isBlank()) {
            http = new BaseUrlHttpClient(twilio.apiBaseUrl(), http);
        }
        this.client = new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken()).httpClient(http).build();
    }

    /** Sends a text from the Messaging Service when one is configured, else from our number; returns its SID. */
    public String sendSms(E164 to, String body) {
        try {
            var creator = twilio.messagingServiceSid() != null && !twilio.messagingServiceSid().isBlank()
                    ? Message.creator(new PhoneNumber(to.value()), twilio.messagingServiceSid(), body)
                    : Message.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), body);
            return creator.create(client).getSid();
        } catch (ApiConnectionException e) {
            throw unreachable("text", e);
        } catch (ApiException e) {
            throw refusal("text", to, e);
        }
    }

    /** Places a call that fetches its first TwiML from {@code url} and reports its end to {@code statusCallback}. */
    public String placeCall(E164 to, URI url, URI statusCallback) {
        try {
            return Call.creator(new PhoneNumber(to.value()), new PhoneNumber(twilio.phoneNumber()), url)
                    .setMethod(HttpMethod.POST)
                    .setStatusCallback(statusCallback)
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .setStatusCallbackEvent(List.of("completed"))
                    .create(client)
                    .getSid();
        } catch (ApiConnectionException e) {
            throw unreachable("call", e);
        } catch (ApiException e) {
            throw refusal("call", to, e);
        }
    }

    private static HttpProblem unreachable(String what, ApiConnectionException e) {
        LOG.warn("Twilio could not be reached for a {}: {}", what, e.getMessage());
        return new HttpProblem(502, "twilio_unreachable", "Twilio could not be reached or did not answer; the "
                + what + " may not have gone out. The survey stays open for a reply until it expires.");
    }

    private static HttpProblem refusal(String what, E164 to, ApiException e) {
        Integer code = e.getCode();
        LOG.warn("Twilio refused a {} to {}: code {} ({})", what, to, code, e.getMessage());
        if (code != null && code == OPTED_OUT) {
            return new HttpProblem(422, "recipient_opted_out",
                    "The recipient has opted out of messages from this sender (Twilio error 21610).");
        }
        if (code != null && INVALID_NUMBER.contains(code)) {
            return new HttpProblem(422, "invalid_recipient",
                    "Twilio cannot reach that number (Twilio error " + code + ").");
        }
        return new HttpProblem(502, "twilio_error", "Twilio refused the " + what
                + (code == null ? "." : " (Twilio error " + code + ")."));
    }
}
