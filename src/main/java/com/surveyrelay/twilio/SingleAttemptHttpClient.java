package com.surveyrelay.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * Sends each of twilio-java's requests once. twilio-java's own {@code reliableRequest} sends a request again on any
 * 5xx, up to three times 100 ms apart, whatever the cost to the caller's time and whether or not Twilio may have
 * acted on it; {@link TwilioGateway}'s retries decide instead (never-sent requests and quick 5xx answers only), and
 * count each failure.
 */
final class SingleAttemptHttpClient extends HttpClient {

    private final HttpClient delegate;

    SingleAttemptHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return delegate.makeRequest(request);
    }
}
