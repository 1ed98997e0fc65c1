package com.surveyrelay.twilio;

import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed Twilio request means for the service's caller: whether it reached Twilio at all, and the answer
 * ({@link HttpProblem}) to give, from twilio-java's exception (its HTTP status and Twilio error code). Each is logged
 * at WARN once, with every phone number in Twilio's message masked.
 *
 * <ul>
 *   <li>an opted-out number (Twilio error 21610) is {@code 422 recipient_opted_out}, an invalid one
 *   {@code 422 invalid_recipient}, a WhatsApp message outside the 24-hour window (63016)
 *   {@code 422 whatsapp_window_closed};
 *   <li>Twilio failing (5xx, 429) or refusing otherwise, {@code 502 twilio_error}, its message naming the credentials
 *   when Twilio refused them (HTTP 401, error 20003);
 *   <li>no connection at all after the retries {@code 502 twilio_unreachable} (nothing went out); a request that
 *   left without an answer {@code 502 twilio_outcome_unknown} (it may have gone out).
 * </ul>
 */
final class TwilioErrors {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioErrors.class);

    static final int OPTED_OUT = 21610;
    /** Twilio error 63016: a free-form WhatsApp message outside the 24-hour window since the respondent wrote. */
    static final int WHATSAPP_WINDOW_CLOSED = 63016;
    /** Twilio error 21614: "'To' number is not a valid mobile number", a landline or a number that takes no texts. */
    static final int NOT_A_MOBILE_NUMBER = NotAMobileNumber.TWILIO_CODE;
    static final List<Integer> INVALID_NUMBER = List.of(21211, 21214, 21217, 21401, 21407, 21612, 21614);
    /** Twilio's error code for "The requested resource ... was not found". */
    static final int RESOURCE_NOT_FOUND = 20404;

    private TwilioErrors() {
    }

    /**
     * True for a failure without an answer from Twilio: twilio-java reports an I/O failure as an
     * {@code ApiException} with no status, caused by the {@code IOException}.
     */
    static boolean isConnectionFailure(ApiException e) {
        if (e.getStatusCode() != null) {
            return false;
        }
        for (Throwable each = e.getCause(); each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** True when the request never left: the connection was refused or timed out before anything was sent. */
    static boolean neverSent(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof java.net.ConnectException
                    || each instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The answer to a text or call that failed after the retries: {@link #unreachable} when Twilio did not answer
     * ({@link ApiConnectionException}, or an {@link ApiException} for an I/O failure), else {@link #refusal}.
     *
     * @param what the request as a log and an answer name it ("text", "call", "WhatsApp template")
     * @param e an {@link ApiConnectionException} or an {@link ApiException}
     */
    static HttpProblem answer(String what, E164 to, RuntimeException e) {
        return e instanceof ApiException api && !isConnectionFailure(api) ? refusal(what, to, api)
                : unreachable(what, e);
    }

    /**
     * The answer to a request Twilio did not answer, after the retries.
     *
     * @param what the request as a log and an answer name it ("text", "call status")
     * @return {@code 502 twilio_unreachable} (a {@link TwilioFailure} worth retrying) when it never left, else
     *     {@code 502 twilio_outcome_unknown}
     */
    static HttpProblem unreachable(String what, RuntimeException e) {
        if (neverSent(e)) {
            LOG.warn("Twilio could not be reached for a {} after {} attempts: {}", what, TwilioRequests.ATTEMPTS,
                    e.getMessage());
            return new TwilioFailure(TwilioGateway.TWILIO_UNREACHABLE, "Twilio could not be reached; the " + what
                    + " did not go out.", true);
        }
        LOG.warn("Twilio did not answer a {} request: {}", what, e.getMessage());
        return new HttpProblem(502, TwilioGateway.OUTCOME_UNKNOWN, "Twilio did not answer (the request timed out, or "
                + "its connection was reset), so the " + what + " may or may not have gone out. The survey stays open "
                + "for a reply and keeps the number: a retry is refused survey_in_progress, or, under the same "
                + "Idempotency-Key, sends nothing again.");
    }

    /**
     * The answer to a read (or another request that changes nothing) Twilio refused.
     *
     * @param refusal the answer's message, before the HTTP status and Twilio error code
     * @return {@code 502} {@value TwilioGateway#NOT_FOUND} for a 404 with Twilio error {@value #RESOURCE_NOT_FOUND}
     *     (a sid it does not know, or, under a wrong account SID, every URL of the account), else
     *     {@code 502 twilio_error}
     */
    static HttpProblem readRefused(String refusal, ApiException e) {
        if (Integer.valueOf(404).equals(e.getStatusCode()) && Integer.valueOf(RESOURCE_NOT_FOUND).equals(e.getCode())) {
            return new HttpProblem(502, TwilioGateway.NOT_FOUND, refusal + ": it knows no such resource (HTTP 404, "
                    + "Twilio error " + RESOURCE_NOT_FOUND + ").");
        }
        return new HttpProblem(502, "twilio_error", refusal + " (HTTP " + e.getStatusCode()
                + (e.getCode() == null ? "" : ", Twilio error " + e.getCode()) + ").");
    }

    /**
     * Twilio's error message with every phone number in it masked to its last four digits: error 21211 reads "The 'To'
     * number +15005550001 is not a valid phone number", and no full number goes to a log above DEBUG.
     */
    static String withNumbersMasked(String message) {
        return E164.maskedIn(message);
    }

    /**
     * What Twilio's error answer to a text or call (after the retries) means for the caller, logged at WARN with
     * the number masked. A 5xx or 429 is Twilio failing, not refusing: it is said so, with the HTTP status, so that an
     * operator reads an outage as one (until 2026-12-05 it read "Twilio refused").
     *
     * @return 422 for Twilio's refusals that name the recipient (opted out, WhatsApp window closed, invalid number),
     *     else a {@link TwilioFailure} {@code 502 twilio_error}, worth retrying when Twilio failed (5xx, 429)
     */
    static HttpProblem refusal(String what, E164 to, ApiException e) {
        Integer code = e.getCode();
        Integer status = e.getStatusCode();
        boolean failing = status != null && (status >= 500 || status == 429);
        if (failing) {
            LOG.warn("Twilio failed a {} to {}: HTTP {}, code {} ({})", what, to, status, code,
                    withNumbersMasked(e.getMessage()));
            return new TwilioFailure("twilio_error", "Twilio failed the " + what + ": it answered HTTP " + status
                    + (code == null ? "" : " (Twilio error " + code + ")") + ", so nothing went out; try again later.",
                    true);
        }
        LOG.warn("Twilio refused a {} to {}: code {} ({})", what, to, code, withNumbersMasked(e.getMessage()));
        if (TwilioCredentials.refusesCredentials(e)) {
            return new TwilioFailure("twilio_error", "Twilio refused this service's credentials (HTTP " + status
                    + ", Twilio error " + code + "), so the " + what + " did not go out: the operator must set "
                    + "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to the account's.", false, true);
        }
        if (code != null && code == OPTED_OUT) {
            return new HttpProblem(422, "recipient_opted_out",
                    "The recipient has opted out of messages from this sender (Twilio error 21610).");
        }
        if (code != null && code == WHATSAPP_WINDOW_CLOSED) {
            return new HttpProblem(422, "whatsapp_window_closed", "WhatsApp takes a free-form message only within 24 "
                    + "hours of the respondent's last message (Twilio error 63016).");
        }
        if (code != null && code == NOT_A_MOBILE_NUMBER) {
            return new NotAMobileNumber();
        }
        if (code != null && INVALID_NUMBER.contains(code)) {
            return new HttpProblem(422, "invalid_recipient",
                    "Twilio cannot reach that number (Twilio error " + code + ").");
        }
        return new TwilioFailure("twilio_error", "Twilio refused the " + what
                + (code == null ? "." : " (Twilio error " + code + ")."), false);
    }
}
