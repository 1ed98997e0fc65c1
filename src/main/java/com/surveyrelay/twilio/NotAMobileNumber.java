package com.surveyrelay.twilio;

import com.surveyrelay.web.HttpProblem;

/**
 * Twilio's refusal of a text to a number that takes none (error 21614, "'To' number is not a valid mobile number":
 * a landline, say), answered {@code 422 invalid_recipient} as Twilio's other refusals of a number are. A type of its
 * own so that a start remembers the number ({@code RespondentConsent#rememberNotMobile}) and refuses the next SMS
 * start to it without asking Twilio again; a call to it is still placed.
 */
public final class NotAMobileNumber extends HttpProblem {

    /** Twilio's error code for it. */
    public static final int TWILIO_CODE = 21614;

    NotAMobileNumber() {
        super(422, "invalid_recipient", "Twilio cannot text that number: it is no mobile number (a landline, say; "
                + "Twilio error " + TWILIO_CODE + "). A voice survey (POST /voice/initiate-call) may reach it.");
    }
}
