package com.surveyrelay.twilio;

import com.twilio.exception.ApiException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Twilio took this service's credentials ({@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}) at its last
 * answer, as {@link TwilioRequests} sees every answer: a wrong or rotated auth token makes every text and call fail
 * with HTTP 401 (Twilio error 20003) while the instance otherwise runs, which {@link TwilioHealth} shows and the log
 * says once, at ERROR, when it starts (until 2026-12-05 each start only logged "Twilio refused a text ... code 20003",
 * as for any refused number, and health stayed UP).
 *
 * <p>Only answers change it: a request that got none (Twilio unreachable, a timeout) says nothing of the credentials.
 */
public final class TwilioCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioCredentials.class);
    /** Twilio's error code for a request whose credentials it does not take ("Authenticate"). */
    static final int AUTHENTICATE = 20003;

    /** What Twilio last said of the credentials. */
    public enum State { NOT_USED_YET, ACCEPTED, REFUSED }

    /**
     * @param state what Twilio last said
     * @param since when it first said so, after saying otherwise (null while {@link State#NOT_USED_YET})
     * @param status the HTTP status of the refusal (null unless {@link State#REFUSED})
     */
    public record Seen(State state, Instant since, Integer status) {
    }

    private volatile Seen seen = new Seen(State.NOT_USED_YET, null, null);

    /** What Twilio last said of the credentials. */
    public Seen seen() {
        return seen;
    }

    /** True for Twilio's answer that it does not take the credentials: HTTP 401, or Twilio error 20003. */
    static boolean refusesCredentials(ApiException e) {
        return Integer.valueOf(401).equals(e.getStatusCode())
                || Integer.valueOf(AUTHENTICATE).equals(e.getCode());
    }

    /** Twilio answered a request with its resource: the credentials are good. */
    void accepted() {
        Seen was = seen;
        if (was.state() != State.ACCEPTED) {
            seen = new Seen(State.ACCEPTED, Instant.now(), null);
            if (was.state() == State.REFUSED) {
                LOG.info("Twilio takes this service's credentials again: texts and calls go out");
            }
        }
    }

    /** Twilio answered a request with {@code e}; a refusal of the credentials is kept, and said once. */
    void answered(ApiException e) {
        if (!refusesCredentials(e)) {
            // Any other answer (a refused number, a 5xx) came past authentication, except a 5xx, which says nothing.
            if (e.getStatusCode() != null && e.getStatusCode() < 500 && e.getStatusCode() != 429) {
                accepted();
            }
            return;
        }
        if (seen.state() != State.REFUSED) {
            seen = new Seen(State.REFUSED, Instant.now(), e.getStatusCode());
            LOG.error("Twilio refuses this service's credentials (HTTP {}, Twilio error {}): no text or call goes out "
                    + "until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are the account's (an auth token rotated in the "
                    + "console?); /actuator/health shows twilio DOWN meanwhile", e.getStatusCode(), e.getCode());
        }
    }
}
