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
 * is recorded as started with its outcome unknown, and the repeat sends nothing. A start deferred by quiet hours is
 * judged alike by the deferred start its claim names: one stored is an outcome, which fires once, and is never taken
 * over ({@link ClaimedDeferrals}); one never stored deferred nothing, and its claim is taken over.
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
    private final ClaimedDeferrals deferrals;
    private final Clock clock;

    AbandonedClaims(TriggerLedger ledger, SessionStore sessions, ClaimedDeferrals deferrals, Clock clock) {
        this.ledger = ledger;
        this.sessions = sessions;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    /**
     * Takes over the key's claim for a new start when its first start was abandoned before it stored anything.
     *
     * @param to the number the request asks for (a claim taken over must be for the same request: {@code request})
     * @param request the request's fingerprint; a claim for another request is left to the repeat's own answer
     * @param sessionId the session the new start opens, or null for a start deferred by quiet hours
     * @param deferral the deferred start a deferred start stores, or null for a start
     * @return the new claim; empty when the key is not an abandoned claim of this request, or another repeat took it
     * @throws RuntimeException when storage fails
     */
    Optional<TriggerLedger.Entry> takeOver(String idempotencyKey, E164 to, RequestFingerprint request,
            String sessionId, TriggerLedger.Deferral deferral) {
        TriggerLedger.Entry first = ledger.find(idempotencyKey).orElse(null);
        Optional<Instant> abandonedAt = first == null ? Optional.empty() : abandonedAt(first);
        if (abandonedAt.isEmpty() || first.request() != null && !request.matches(first.request())
                || abandonedAt.get().isAfter(clock.instant())) {
            return Optional.empty();
        }
        Instant since = abandonedAt.get().minus(ABANDONED_AFTER);
        if (first.deferral() != null) {
            if (deferrals.stored(idempotencyKey, first)) {
                LOG.warn("A start deferred at {} stored its deferred start {} and never recorded it; it fires once, "
                        + "and its repeat defers nothing again", since, first.deferral().scheduleId());
                return Optional.empty();
            }
        } else {
            Optional<String> stored = sessionOf(first, to);
            if (stored.isPresent()) {
                LOG.warn("A start claimed at {} stored session {} and never recorded how it ended; recorded as "
                        + "started with its outcome unknown, and its repeat sends nothing", since, stored.get());
                // The claim's fingerprint is this request's (or none): kept as this instance keeps it, keyed.
                ledger.startedUnknown(idempotencyKey, stored.get(), first.request() == null ? null : request.kept());
                return Optional.empty();
            }
        }
        Optional<TriggerLedger.Entry> taken = ledger.takeOver(idempotencyKey, first, clock.instant(), request.kept(),
                sessionId, deferral);
        taken.ifPresent(claim -> LOG.warn("A start claimed at {} never stored its {} (its instance stopped, or "
                + "storage failed); its repeat takes the claim over", since,
                first.deferral() != null ? "deferred start" : "session"));
        return taken;
    }

    /**
     * When {@code claim} counts as abandoned, so that a repeat of its request may take it over ({@link #takeOver}):
     * {@link #ABANDONED_AFTER} after it was claimed (or written, for a claim kept before claims kept their time), by
     * the clock of the instance that claimed it. Empty for an entry that is no claim, and for a claim never taken over:
     * one naming neither its session nor its deferred start was written before claims named them (a deferral's
     * before 2026-12-05), and what its start did cannot be told, so it stays claimed; one with no time either.
     */
    static Optional<Instant> abandonedAt(TriggerLedger.Entry claim) {
        Instant since = claim.claimedAt() != null ? claim.claimedAt() : claim.writtenAt();
        if (!"claimed".equals(claim.state()) || claim.sessionId() == null && claim.deferral() == null
                || since == null) {
            return Optional.empty();
        }
        return Optional.of(since.plus(ABANDONED_AFTER));
    }

    /** The session the abandoned start stored, if it got that far: the one its claim names. */
    private Optional<String> sessionOf(TriggerLedger.Entry claim, E164 to) {
        return sessions.find(to, claim.sessionId()).map(found -> claim.sessionId());
    }
}
