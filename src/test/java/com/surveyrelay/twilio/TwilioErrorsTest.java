package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How a failed Twilio request is told apart: never sent (safe to retry, nothing went out) or left without an
 * answer (may have gone out: never retried). twilio-java reports I/O failures as status-less ApiExceptions.
 */
class TwilioErrorsTest {

    @Test
    void aRefusedConnectionNeverLeft() {
        ApiException refused = new ApiException("Connection refused", new ConnectException("Connection refused"));
        assertThat(TwilioErrors.isConnectionFailure(refused)).isTrue();
        assertThat(TwilioErrors.neverSent(refused)).isTrue();
        assertThat(TwilioErrors.neverSent(new ApiConnectionException("x",
                new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out")))).isTrue();
    }

    @Test
    void aReadTimeoutOrAResetMayHaveGoneOut() {
        ApiException timedOut = new ApiException("Read timed out", new SocketTimeoutException("Read timed out"));
        ApiException reset = new ApiException("failed to respond",
                new org.apache.hc.core5.http.NoHttpResponseException("failed to respond"));
        assertThat(TwilioErrors.isConnectionFailure(timedOut)).isTrue();
        assertThat(TwilioErrors.neverSent(timedOut)).isFalse();
        assertThat(TwilioErrors.neverSent(reset)).isFalse();
    }

    @Test
    void anAnswerFromTwilioIsNotAConnectionFailure() {
        ApiException refusal = new ApiException("invalid", 400);
        assertThat(TwilioErrors.isConnectionFailure(refusal)).isFalse();
        assertThat(TwilioErrors.isConnectionFailure(new ApiException("odd", new IllegalStateException()))).isFalse();
    }

    /** Only a refusal on Twilio's side (5xx) or its rate limit (429) is worth sending again later; a 4xx is not. */
    @Test
    void aRefusalSaysWhetherTheSameRequestMaySucceedLater() {
        com.surveyrelay.survey.E164 to = new com.surveyrelay.survey.E164("+15550100902");
        for (int status : new int[] {500, 503, 429}) {
            ApiException busy = new ApiException("busy", 20500, null, status, null, null, null, null);
            assertThat(TwilioErrors.refusal("text", to, busy)).as("HTTP %d", status)
                    .isInstanceOfSatisfying(TwilioFailure.class, failure -> {
                        assertThat(failure.code()).isEqualTo("twilio_error");
                        assertThat(failure.worthAnotherTryLater()).isTrue();
                    });
        }
        ApiException tooLong = new ApiException("The concatenated message body exceeds the 1600 character limit", 21617,
                null, 400, null, null, null, null);
        assertThat(TwilioErrors.refusal("text", to, tooLong)).isInstanceOfSatisfying(TwilioFailure.class, failure ->
                        assertThat(failure.worthAnotherTryLater()).as("a body too long stays too long").isFalse());
    }

    /**
     * A text to a landline (Twilio error 21614) was answered "Twilio cannot reach that number", as an invalid number
     * is, though a call may well reach it: the answer says to try a voice survey.
     */
    @Test
    void aTextToANumberThatIsNoMobileSaysACallMayReachIt() {
        com.surveyrelay.survey.E164 to = new com.surveyrelay.survey.E164("+15550100903");
        ApiException landline = new ApiException("'To' number is not a valid mobile number", 21614, null, 400, null,
                null, null, null);
        assertThat(TwilioErrors.refusal("text", to, landline)).isInstanceOfSatisfying(
                com.surveyrelay.web.HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.code()).isEqualTo("invalid_recipient");
                    assertThat(problem.getMessage()).isEqualTo("Twilio cannot text that number: it is no mobile "
                            + "number (a landline, say; Twilio error 21614). A voice survey (POST "
                            + "/voice/initiate-call) may reach it.");
                });
        ApiException invalid = new ApiException("The 'To' number is not a valid phone number.", 21211, null, 400,
                null, null, null, null);
        assertThat(TwilioErrors.refusal("text", to, invalid)).hasMessage("Twilio cannot reach that number (Twilio "
                + "error 21211).");
    }

    /** Twilio's 21211 names the number: the warning logged it whole. */
    @Test
    void aRefusalsMessageIsLoggedWithItsNumbersMasked() {
        assertThat(TwilioErrors.withNumbersMasked("The 'To' number +15005550001 is not a valid phone number."))
                .isEqualTo("The 'To' number ***0001 is not a valid phone number.");
        assertThat(TwilioErrors.withNumbersMasked("Error 21610: 447700900123 unsubscribed"))
                .as("a five-digit code is no number").isEqualTo("Error 21610: ***0123 unsubscribed");
        assertThat(TwilioErrors.withNumbersMasked(null)).isNull();
    }
}
