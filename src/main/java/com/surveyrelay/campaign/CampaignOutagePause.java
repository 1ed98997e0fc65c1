package com.surveyrelay.campaign;

import com.surveyrelay.config.SettingBounds;
import com.surveyrelay.twilio.TwilioGateway;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds campaign rows while their starts fail on our side: Twilio unreachable or answering {@code 5xx} or {@code 429},
 * or storage failing, after each row's own tries ({@link CampaignRowStart#ROW_ATTEMPTS}). Until 2026-12-07 a campaign
 * went on through such an outage, and every row starting during it was recorded {@code failed} after some 7 s, sending
 * nothing, for the operator to send again as a new file.
 *
 * <p>One pause for the instance, whatever campaign a row belongs to: the outage is the account's or the bucket's. It is
 * a resilience4j circuit breaker over row starts. A row whose start failed on our side opens it (the pause begins):
 * that row, and every row whose start fails while it is open, is held rather than recorded, and the rows after them
 * wait. Every {@code probeEvery} one row is let through; when its text or call goes out the pause ends, and the rows
 * held and waiting go on, spaced at the campaign rate by the contact pace. A held row is held again only while it is
 * the pause's probe: one that fails again after a pause ended fails for a reason of its own, and is recorded
 * {@code failed} as before, so a row that always fails costs the campaign one pause, not a stall. A start Twilio did
 * not answer ({@code twilio_outcome_unknown}, a hang) is recorded {@code started} with the doubt as before, and pauses
 * the rows after it. The pause's probe makes one try ({@link Permit#probe}); a pause no row has tried a start in for a
 * while is forgotten, so that a later outage gets a whole pause of its own.
 *
 * <p>A pause lasts {@code longest} at most: then rows stop waiting and are tried as before the pause, each recorded
 * {@code failed} when it fails (logged once as a warning); the next start that goes through ends the pause, and a
 * later outage gets a whole pause again. A row waiting when the instance stops, or its campaign is cancelled, is not
 * tried: it has no result, so the resumed campaign starts it, or the cancelled run's end records it skipped.
 */
final class CampaignOutagePause {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignOutagePause.class);
    /** How often a waiting row looks whether it may go, or was called off (the instance stopping, a cancel). */
    static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final CircuitBreaker breaker;
    private final Duration probeEvery;
    private final Duration longest;
    private final Clock clock;
    /** When the pause began: the breaker's last move from closed; null while it is closed. */
    private volatile Instant pausedSince;
    /** Whether the pause's lapse ({@code longest}) was logged. */
    private volatile boolean lapseLogged;
    /** What the last start that failed on our side came to, for the log: a row result's reason. */
    private volatile String lastFailure = "";
    /** When a row last started or settled: a pause no row has looked at for {@link #forgottenAfter} is forgotten. */
    private volatile Instant lastTried;
    /**
     * How long a pause may go without a row trying a start before it is forgotten: then no campaign ran into it, and a
     * later outage gets a whole pause of its own. Until a reviewer's probe (2026-12-07) a pause that no start ended (a
     * campaign cancelled during it, or finished on starts Twilio did not answer) stayed on, and the next outage, an
     * hour later, was taken for it: "no longer wait" at once, every row recorded failed.
     */
    private final Duration forgottenAfter;
    /** Set while a forgotten pause is closed, so that the log does not say a start went through. */
    private volatile boolean forgetting;

    /**
     * @param probeEvery how long the pause lets no row through after a failed start: at least 1 s
     * @param longest how long a pause lasts at most; {@link Duration#ZERO} turns it off (rows never wait)
     * @param clock when the pause began and when it lapses
     */
    CampaignOutagePause(Duration probeEvery, Duration longest, Clock clock) {
        this.probeEvery = probeEvery;
        this.longest = longest;
        this.clock = clock;
        this.forgottenAfter = probeEvery.multipliedBy(2).plus(Duration.ofMinutes(1));
        this.breaker = CircuitBreaker.of("campaign-rows", CircuitBreakerConfig.custom()
                // One start failed on our side (after its own tries) opens it; one that went through closes it.
                .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(probeEvery)
                .permittedNumberOfCallsInHalfOpenState(1)
                // A probe that never came back (nothing should keep one that long) lets another through.
                .maxWaitDurationInHalfOpenState(probeEvery.multipliedBy(10))
                .recordException(failure -> true)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(this::moved);
    }

    /**
     * Waits until a row may try its start: at once when no pause is on (or pauses are off); during a pause, until it
     * ended, this row is let through as its probe, or it lapsed. Looks every {@link #LOOK_EVERY} whether the row was
     * called off.
     *
     * @param calledOff true once the row is not to be tried: the instance stopping, its campaign cancelled
     * @return the row's permit to start, which it settles with what its start came to; empty when it was called off
     *     (or its thread interrupted) while it waited
     */
    Optional<Permit> await(BooleanSupplier calledOff) {
        if (longest.isZero()) {
            return Optional.of(new Permit(false, false));
        }
        forgetIfStale();
        while (!calledOff.getAsBoolean()) {
            if (breaker.tryAcquirePermission()) {
                lastTried = clock.instant();
                return Optional.of(new Permit(true, breaker.getState() == CircuitBreaker.State.HALF_OPEN));
            }
            if (lapsed()) {
                return Optional.of(new Permit(false, false));
            }
            try {
                Thread.sleep(LOOK_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Closes a pause no row has tried a start in for {@link #forgottenAfter}, as if none had been. */
    private void forgetIfStale() {
        Instant tried = lastTried;
        if (paused() && tried != null && tried.plus(forgottenAfter).isBefore(clock.instant())) {
            forgetting = true;
            try {
                breaker.transitionToClosedState();
            } finally {
                forgetting = false;
            }
        }
    }

    /** Whether a pause is on (rows wait): a start failed on our side and none went through since. */
    boolean paused() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /**
     * Why campaign rows wait, for a campaign's status: "paused by an outage since 2026-12-07T13:02:11Z
     * (twilio_error): rows wait, one is tried every 30s, until 2026-12-07T14:02:11Z at the latest"; empty while no
     * pause holds them (none, or lapsed). Until 2026-12-07 a paused campaign's status read running with no reason and
     * an ETA that stayed put for up to an hour (an operator's probe).
     */
    Optional<String> note() {
        Instant since = pausedSince;
        if (!paused() || since == null || longest.isZero() || !clock.instant().isBefore(since.plus(longest))) {
            return Optional.empty();
        }
        return Optional.of("paused by an outage since " + since + (lastFailure.isEmpty() ? "" : " (" + lastFailure
                + ")") + ": rows wait, one is tried every " + SettingBounds.written(probeEvery) + ", until "
                + since.plus(longest) + " at the latest");
    }

    private boolean lapsed() {
        Instant since = pausedSince;
        if (since == null || clock.instant().isBefore(since.plus(longest))) {
            return false;
        }
        if (!lapseLogged) {
            lapseLogged = true;
            LOG.warn("Campaign rows no longer wait: starts have failed on our side for {} ({}); each row is tried as "
                    + "it comes and recorded failed if it fails (send those again as a new file once the outage is "
                    + "over, see the README's Campaigns)", SettingBounds.written(longest), lastFailure);
        }
        return true;
    }

    private void moved(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        if (from == CircuitBreaker.State.CLOSED && to == CircuitBreaker.State.OPEN) {
            pausedSince = clock.instant();
            lapseLogged = false;
            LOG.warn("Campaign rows paused: a start failed on our side ({}: Twilio or storage failing); the rows wait, "
                    + "one is tried every {}, for up to {}", lastFailure, SettingBounds.written(probeEvery),
                    SettingBounds.written(longest));
        } else if (from == CircuitBreaker.State.HALF_OPEN && to == CircuitBreaker.State.OPEN) {
            LOG.info("Campaign rows still paused: the row tried failed too ({}); the next is tried in {}",
                    lastFailure, SettingBounds.written(probeEvery));
        } else if (to == CircuitBreaker.State.CLOSED) {
            Instant since = pausedSince;
            pausedSince = null;
            if (forgetting) {
                LOG.info("Campaign rows' last pause forgotten: no row tried a start for {} (its campaigns ended or "
                        + "were cancelled); the next outage pauses them anew", SettingBounds.written(forgottenAfter));
            } else {
                LOG.info("Campaign rows resumed: a start went through after {} s paused",
                        since == null ? 0 : Duration.between(since, clock.instant()).toSeconds());
            }
        }
    }

    /**
     * A row's leave to start, given by {@link #await}: settled once with what the start came to. Without the
     * breaker's permission (pauses off, or the pause lapsed) it tells the breaker nothing, and holds nothing.
     */
    final class Permit {

        private final boolean permitted;
        /** Whether the row goes as the pause's probe: the one row let through while it is on. */
        private final boolean probe;
        private final long startedNanos = System.nanoTime();

        private Permit(boolean permitted, boolean probe) {
            this.permitted = permitted;
            this.probe = probe;
        }

        /**
         * Whether the row goes as the pause's probe: it makes one try, not the row's usual four ({@link
         * CampaignRowStart#ROW_ATTEMPTS}), as each failed try leaves a session ended {@code not-delivered}: a held row
         * probing every 30 s for an hour left some 400 on one respondent (a reviewer's probe, 2026-12-07).
         */
        boolean probe() {
            return probe;
        }

        /**
         * Tells the pause what the row's start came to, and whether the row is held: to wait and try its start again,
         * rather than have its result recorded.
         *
         * <p>A start whose text or call went out ({@code started}) ends a pause; one that failed on our side begins or
         * continues it, as does one Twilio did not answer ({@code twilio_outcome_unknown}, never held: it may have gone
         * out). Any other result (a refusal of the row, a deferral, a skip) says nothing of an outage.
         *
         * @param heldBefore whether this row was held before: failing again once the pause ended (not as its probe), it
         *     is not held again, and tells the pause nothing
         * @return true when the start failed on our side, the pause is on and has not lapsed, and the row did not fail
         *     again after a pause ended
         */
        boolean settle(CampaignRowStart.Attempt attempt, boolean heldBefore) {
            RowResult result = attempt.result();
            boolean failed = attempt.failedOnOurSide() && !(heldBefore && !probe);
            boolean unanswered = result.outcome() == RowResult.Outcome.STARTED
                    && TwilioGateway.OUTCOME_UNKNOWN.equals(result.reason());
            if (permitted) {
                lastTried = clock.instant();
                long nanos = System.nanoTime() - startedNanos;
                if (failed || unanswered) {
                    lastFailure = result.reason();
                    breaker.onError(nanos, TimeUnit.NANOSECONDS, new IllegalStateException(result.reason()));
                } else if (result.outcome() == RowResult.Outcome.STARTED) {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                } else {
                    // A failure again after its pause, or a result that says nothing of Twilio or storage: the next
                    // row is let through in its place.
                    breaker.releasePermission();
                }
            }
            return failed && !longest.isZero() && paused() && !lapsed();
        }
    }
}
