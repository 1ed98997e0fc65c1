package com.surveyrelay.outbox;

import com.surveyrelay.config.SettingBounds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the outbox relay delivers ({@code survey-relay.outbox.*} in {@code application.yaml}).
 *
 * @param lease how long an instance keeps the right to deliver a session's entries without renewing it;
 *     another instance takes over after it lapses: at least 1 s (default 30 s)
 * @param sweepInterval how often the open-session markers are listed, to find entries nobody is delivering:
 *     left by an instance that died, or from before a restart: at least 1 s (default 30 s; the first sweep runs at
 *     start-up)
 * @param firstRetry the wait before the first redelivery of a refused or failed entry; it doubles each time: at
 *     least 10 ms (default 200 ms)
 * @param maxRetryDelay the longest wait between redeliveries, at least {@code firstRetry} (default 30 s, or
 *     {@code firstRetry} when that is longer); entries are retried until accepted
 * @param warnAge a warning is logged, at most once a minute, while the oldest pending entry is older than this: at
 *     least 1 s (default 60 s)
 * @param callEndGrace how long a call that ended during a question waits for that question's answer, which
 *     Twilio may deliver after the call's status callback, before the session ends as a hang-up: 0 or more, 0 ending
 *     it at once (default 15 s: Twilio's webhook timeout)
 * @param removalDelay how long entries, once all delivered, stay in an open session's document for its next step
 *     to take out in the write it makes anyway, before the relay writes their removal itself (default 2 s, or a
 *     third of a shorter lease; 0 writes at once). At most a third of {@code lease}: the lease must outlast them.
 *     An instance killed meanwhile leaves them for the next one to deliver again, with the same {@code eventId}.
 * @param idleSweepInterval how often the sweep reads an open session that, when last looked at, had nothing to
 *     deliver and was waiting for its respondent (default 5 min; 0 reads it at every sweep). A session a step on
 *     this instance wrote is looked at at once, one due to expire or for a reminder at that time, and one whose
 *     open marker was written again (by an instance that stopped with its entries undelivered) at the next sweep,
 *     whatever this says. Without it every open session costs an S3 GET each {@code sweepInterval}: a respondent
 *     who takes ten minutes over a survey, twenty reads for four answers. The price: entries left by an instance
 *     killed without stopping, on a session its peers had found idle, reach the bus within this interval (plus the
 *     lease) rather than within a sweep; an instance that starts reads every open session at once.
 * @throws IllegalArgumentException naming the environment variable and the range, when {@code lease},
 *     {@code sweepInterval} or {@code warnAge} is under 1 s, {@code firstRetry} under 10 ms or {@code maxRetryDelay}
 *     under it, {@code callEndGrace} or {@code idleSweepInterval} is negative, or
 *     {@code removalDelay} is negative or more than a third of {@code lease}
 */
@ConfigurationProperties("survey-relay.outbox")
public record OutboxProperties(
        Duration lease, Duration sweepInterval, Duration firstRetry, Duration maxRetryDelay, Duration warnAge,
        Duration callEndGrace, Duration removalDelay, Duration idleSweepInterval) {

    /** The shortest {@code firstRetry}: a redelivery waits at least this, then backs off. */
    static final Duration MIN_FIRST_RETRY = Duration.ofMillis(10);

    public OutboxProperties {
        lease = SettingBounds.atLeast(SettingBounds.ONE_SECOND, lease, Duration.ofSeconds(30), "OUTBOX_LEASE",
                "survey-relay.outbox.lease");
        sweepInterval = SettingBounds.atLeast(SettingBounds.ONE_SECOND, sweepInterval, Duration.ofSeconds(30),
                "OUTBOX_SWEEP_INTERVAL", "survey-relay.outbox.sweep-interval");
        // Until 2026-12-07 these took any value: OUTBOX_FIRST_RETRY=0s redelivered twice a second for each session
        // through an EventBridge outage, without backing off (an operator's probe).
        firstRetry = SettingBounds.atLeast(MIN_FIRST_RETRY, firstRetry, Duration.ofMillis(200), "OUTBOX_FIRST_RETRY",
                "survey-relay.outbox.first-retry");
        // Unset, at least the first wait: OUTBOX_FIRST_RETRY=45s alone was refused naming a variable never set.
        Duration longest = firstRetry.compareTo(Duration.ofSeconds(30)) > 0 ? firstRetry : Duration.ofSeconds(30);
        maxRetryDelay = SettingBounds.atLeast(firstRetry, maxRetryDelay, longest, "OUTBOX_MAX_RETRY_DELAY",
                "survey-relay.outbox.max-retry-delay");
        warnAge = SettingBounds.atLeast(SettingBounds.ONE_SECOND, warnAge, Duration.ofSeconds(60), "OUTBOX_WARN_AGE",
                "survey-relay.outbox.warn-age");
        callEndGrace = SettingBounds.atLeast(Duration.ZERO, callEndGrace, Duration.ofSeconds(15), "CALL_END_GRACE",
                "survey-relay.outbox.call-end-grace");
        if (removalDelay == null) {
            Duration third = lease.dividedBy(3);
            removalDelay = third.compareTo(Duration.ofSeconds(2)) < 0 ? third : Duration.ofSeconds(2);
        }
        if (removalDelay.isNegative() || removalDelay.multipliedBy(3).compareTo(lease) > 0) {
            throw SettingBounds.refused("OUTBOX_REMOVAL_DELAY", "survey-relay.outbox.removal-delay",
                    "between 0s and a third of OUTBOX_LEASE (" + SettingBounds.written(lease) + ")",
                    SettingBounds.written(removalDelay));
        }
        idleSweepInterval = SettingBounds.atLeast(Duration.ZERO, idleSweepInterval, Duration.ofMinutes(5),
                "OUTBOX_IDLE_SWEEP_INTERVAL", "survey-relay.outbox.idle-sweep-interval");
    }

    /** The wait before redelivery number {@code attempt} (1 for the first): doubling, capped. */
    public Duration retryDelay(int attempt) {
        long millis = firstRetry.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxRetryDelay.toMillis()));
    }
}
