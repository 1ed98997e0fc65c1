package com.surveyrelay.survey;

import java.util.stream.Collectors;

/** Expected TwiML written over several indented lines, joined the way twilio-java prints it. */
final class Twiml {

    private Twiml() {
    }

    static String response(String indentedBody) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + indentedBody.lines().map(String::strip).collect(Collectors.joining()) + "</Response>";
    }
}
