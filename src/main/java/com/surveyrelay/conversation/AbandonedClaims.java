package com.surveyrelay.conversation;

import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.E164;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Frees an idempotency key whose start died half way: its instance stopped ({@code kill -9}, a crash) after claiming
 * the key and before recording an outcome, so the key stayed {@code claimed} and every retry of the request, over
 * HTTP or the bus, was answered as a repeat and sent nothing, for good.
 *
 * <p>A start stores its session before it texts or calls, so a claim older than {@link #ABANDONED_AFTER} whose
 * session is not in the bucket sent nothing: a repeat takes the claim over (a conditional write on the entry, so of
 * several repeats one does) and starts the survey. A claim whose session is there may have sent its text or call: it
 * is recorded as started with its outcome unknown, and the repeat sends nothing.
 */
@Component
class AbandonedClaims {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedClaims.class);
    /**
     * How old a claim must be to count as abandoned: far longer than a start takes (a few S3 requests and one Twilio
     * call, under its read timeout), so a start still under way is never taken over.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final TriggerLedger ledger;
    private final SessionStore sessions;
    private final Clock clock;

    AbandonedClaims(TriggerLedger ledger, SessionStore sessions, Clock clock) {
        this.ledger = ledger;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Takes over the key's claim for a new start of session {@code sessionId} when its first start was abandoned
     * before it stored anything.
     *
     * @param to the number the request asks for (a claim taken over must be for the same request: {@code request})
     * @param request the request's fingerprint; a claim for another request is left to the repeat's own answer
     * @return the new claim; empty when the key is not an abandoned claim of this request, or another repeat took it
     * @throws RuntimeException when storage fails
     */
    Optional<TriggerLedger.Entry> takeOver(String idempotencyKey, E164 to, RequestFingerprint request,
            String sessionId) {
        TriggerLedger.Entry first = ledger.find(idempotencyKey).orElse(null);
        // Only a start's claim, which names its session: a claim without one is a deferral's (its scheduled start
        // may be stored and fire later, so taking it over could schedule the survey twice) or one written before
        // claims named their session, whose start cannot be told from another; those stay claimed.
        if (first == null || !"claimed".equals(first.state()) || first.sessionId() == null
                || first.request() != null && !request.matches(first.request())) {
            return Optional.empty();
        }
        Instant since = first.claimedAt() != null ? first.claimedAt() : first.writtenAt();
        if (since == null || since.plus(ABANDONED_AFTER).isAfter(clock.instant())) {
            return Optional.empty();
        }
        Optional<String> stored = sessionOf(first, to);
        if (stored.isPresent()) {
            LOG.warn("A start claimed at {} stored session {} and never recorded how it ended; recorded as started "
                    + "with its outcome unknown, and its repeat sends nothing", since, stored.get());
            // The claim's fingerprint is this request's (or none): kept as this instance keeps it, keyed.
            ledger.startedUnknown(idempotencyKey, stored.get(), first.request() == null ? null : request.kept());
            return Optional.empty();
        }
        Optional<TriggerLedger.Entry> taken = ledger.takeOver(idempotencyKey, first, clock.instant(), request.kept(),
                sessionId);
        taken.ifPresent(claim -> LOG.warn("A start claimed at {} never stored its session (its instance stopped); "
                + "its repeat takes the claim over and starts the survey", since));
        return taken;
    }

    /** The session the abandoned start stored, if it got that far: the one its claim names. */
    private Optional<String> sessionOf(TriggerLedger.Entry claim, E164 to) {
        return sessions.find(to, claim.sessionId()).map(found -> claim.sessionId());
    }
}
