package com.surveyrelay.twilio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Twilio's REST API answers this service's requests, as {@link TwilioRequests} sees every attempt: a streak
 * of {@value #FAILING_AFTER} or more attempts in a row that Twilio failed (HTTP 5xx, 429 too many requests) or that
 * reached no answer (unreachable, reset, timeout) is an outage, which {@link TwilioHealth} shows DOWN and the log says
 * once at WARN; any answer (a resource, or a refusal such as 400 or 404, which came past Twilio's servers) but a
 * refusal of the credentials ({@link TwilioCredentials}, no sign that anything goes out) ends it, said once at INFO,
 * as is its lapse ({@link #STALE_AFTER}). Until 2026-12-07 {@code twilio} stayed UP through an outage, while every
 * start failed and a campaign's rows waited (an operator's probe).
 *
 * <p>Fewer in a row is a blip the retries ({@link TwilioRequests#ATTEMPTS} tries) ride out, and leaves health alone.
 * A streak whose last attempt is {@link #STALE_AFTER} old or more says nothing any more: with no request to send, an
 * instance knows nothing new of Twilio, and a DOWN kept for a night by one failed start would send the operator to a
 * Twilio that answers (a campaign's paused rows try a start every 30 s, so an outage they meet stays shown).
 */
final class TwilioReachability {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioReachability.class);
    /** Attempts failed in a row from which Twilio counts as failing: one start's tries, all failed. */
    static final int FAILING_AFTER = TwilioRequests.ATTEMPTS;
    /** How long after a streak's last attempt it stops counting as an outage. */
    static final Duration STALE_AFTER = Duration.ofMinutes(2);

    /**
     * What an attempt Twilio failed came to: an HTTP status (5xx, or 429 too many requests), or no answer at all
     * (unreachable, reset, timeout). Until 2026-12-08 a string, matched by its words (a code reviewer's finding).
     *
     * @param httpStatus the status Twilio answered, 429 or 500 to 599; null when no answer came
     */
    record Failure(Integer httpStatus) {

        /** No answer came: the connection failed, was reset or timed out. */
        static final Failure NO_ANSWER = new Failure(null);

        /** Twilio answered {@code status} (429, or 500 to 599). */
        static Failure answered(int status) {
            return new Failure(status);
        }

        /**
         * What to check, for health: a 429 is the account's own request rate or concurrency (Twilio error 20429), no
         * answer may be this network's egress as well as Twilio, and a 5xx is Twilio's.
         */
        String whatToCheck() {
            if (httpStatus == null) {
                return "status.twilio.com, and whether this network reaches api.twilio.com";
            }
            return httpStatus == 429 ? "the account's request rate or concurrency limit (Twilio error 20429) in the "
                    + "Twilio console" : "status.twilio.com";
        }

        /** {@code HTTP 503}, {@code HTTP 429} or {@code no answer}, as health and the log say it. */
        @Override
        public String toString() {
            return httpStatus == null ? "no answer" : "HTTP " + httpStatus;
        }
    }

    /**
     * @param since when the first attempt of the streak failed
     * @param attempts attempts failed in a row, at least 1
     * @param lastFailure what the last one came to
     * @param lastAt when the last one failed
     */
    record Streak(Instant since, int attempts, Failure lastFailure, Instant lastAt) {

        /**
         * Whether the streak is an outage at {@code now}: {@value #FAILING_AFTER} attempts or more, the last less
         * than {@link #STALE_AFTER} ago.
         */
        boolean failing(Instant now) {
            return attempts >= FAILING_AFTER && lastAt.plus(STALE_AFTER).isAfter(now);
        }
    }

    private final Clock clock;
    /** The failures in a row since Twilio last answered; null while it answers. */
    private Streak streak;

    TwilioReachability(Clock clock) {
        this.clock = clock;
    }

    /**
     * The failures in a row since Twilio last answered, while they are an outage ({@link Streak#failing}); null
     * otherwise.
     */
    synchronized Streak outage() {
        if (streak != null && streak.attempts() >= FAILING_AFTER && !streak.failing(clock.instant())) {
            // Said once, as health turns UP again (a breaker's probe: no line, then a stale "answers again" later).
            LOG.info("Twilio no longer shown failing: no attempt since {} ({} attempts had failed in a row since "
                    + "{}); the next start tells", streak.lastAt(), streak.attempts(), streak.since());
            streak = null;
        }
        return streak != null && streak.failing(clock.instant()) ? streak : null;
    }

    /** Twilio answered an attempt (with its resource, or a refusal of its own): an outage, if any, is over. */
    synchronized void answered() {
        Streak ended = streak;
        streak = null;
        if (ended != null && ended.attempts() >= FAILING_AFTER) {
            LOG.info("Twilio answers again after {} attempts failed in a row since {}: texts and calls go out",
                    ended.attempts(), ended.since());
        }
    }

    /**
     * An attempt Twilio failed or did not answer.
     *
     * @param failure what it came to, for health and the log
     */
    synchronized void failed(Failure failure) {
        Instant now = clock.instant();
        Streak was = streak != null && streak.lastAt().plus(STALE_AFTER).isAfter(now) ? streak : null;
        streak = new Streak(was == null ? now : was.since(), was == null ? 1 : was.attempts() + 1, failure, now);
        if (streak.attempts() == FAILING_AFTER) {
            LOG.warn("Twilio is failing: {} attempts in a row since {} ({}); texts and calls do not go out, campaign "
                    + "rows wait, and /actuator/health shows twilio DOWN until Twilio answers again", FAILING_AFTER,
                    streak.since(), failure);
        }
    }
}
