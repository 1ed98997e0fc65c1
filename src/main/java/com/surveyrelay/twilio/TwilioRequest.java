package com.surveyrelay.twilio;

import java.util.Map;

/**
 * A Twilio webhook whose signature checked out: its decoded POST parameters and the query of the URL it
 * was sent to. Handlers read these and nothing else, so an HTTP header can never pose as a parameter.
 */
public record TwilioRequest(Map<String, String> params, Map<String, String> query) {

    public String param(String name) {
        return params.get(name);
    }

    public String queryParam(String name) {
        return query.get(name);
    }
}
