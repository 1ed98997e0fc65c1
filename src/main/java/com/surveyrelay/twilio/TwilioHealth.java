package com.surveyrelay.twilio;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Twilio's REST API at {@code /actuator/health} ({@code components.twilio}), from the answers to the service's own
 * requests ({@link TwilioCredentials}; it sends none of its own): DOWN, with {@code credentials: "refused"}, the HTTP
 * status, since when and what to check, while Twilio refuses {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN}
 * (HTTP 401, Twilio error 20003), so that an alert on health catches a wrong or rotated auth token; UP with
 * {@code credentials: "accepted"} or {@code "not used yet"} otherwise. DOWN too, with {@code outage: "failing"}, since
 * when, how many attempts and the last failure, while Twilio fails or leaves unanswered this service's attempts in a
 * row, the last less than two minutes ago ({@link TwilioReachability}: an outage, which no start or campaign row
 * gets through). Not in readiness: every instance with the same settings fails alike, and taking them all out of the
 * load balancer would lose the respondents' texts too.
 */
@Component("twilio")
public class TwilioHealth implements HealthIndicator {

    private final TwilioRequests requests;

    public TwilioHealth(TwilioRequests requests) {
        this.requests = requests;
    }

    @Override
    public Health health() {
        TwilioCredentials.Seen seen = requests.credentials().seen();
        TwilioReachability.Streak streak = requests.reachability().outage();
        if (seen.state() != TwilioCredentials.State.REFUSED && streak != null) {
            return Health.down().withDetail("credentials", seen.state() == TwilioCredentials.State.ACCEPTED
                            ? "accepted" : "not known yet")
                    .withDetail("outage", "failing")
                    .withDetail("since", streak.since().toString())
                    .withDetail("failedAttempts", streak.attempts())
                    .withDetail("error", "Twilio has failed this service's last " + streak.attempts()
                            + " attempts in a row (the last: " + streak.lastFailure() + "): starts, campaign rows, "
                            + "reminders and calls do not go out until it answers again (replies to a respondent's "
                            + "own texts still go, in the webhook's answer); check "
                            + streak.lastFailure().whatToCheck())
                    .build();
        }
        return switch (seen.state()) {
            case NOT_USED_YET -> Health.up().withDetail("credentials", "not used yet").build();
            case ACCEPTED -> Health.up().withDetail("credentials", "accepted").build();
            case REFUSED -> Health.down().withDetail("credentials", "refused")
                    .withDetail("since", seen.since().toString())
                    .withDetail("error", "Twilio answers HTTP " + seen.status() + " (Twilio error "
                            + TwilioCredentials.AUTHENTICATE + ") to this service's requests: no text or call goes "
                            + "out until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are the account's")
                    .build();
        };
    }
}
