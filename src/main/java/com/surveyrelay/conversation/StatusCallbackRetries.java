package com.surveyrelay.conversation;

import com.surveyrelay.web.ErrorResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Retries a call status callback that could not be stored: Twilio sends it once and does not retry, so the callback is
 * answered 200 at once and its step is tried again {@value #ATTEMPTS} times, 1 s apart then doubling (about a minute in
 * all), on this instance (the first wait is {@code survey-relay.status-callback-retries.first-wait}, 1 s unless set;
 * tests shorten it to see a give-up within seconds). A caller's opt-out whose step could not be stored is tried again
 * the same way, for about an hour ({@value #OPT_OUT_ATTEMPTS} tries), and so is the event of an opt-out texted by a
 * number we only called ({@link #TEXTED_OPT_OUT_EVENT}), which its last call's session publishes; the end of a texted
 * survey whose first text Twilio reported not delivered ({@link #UNDELIVERED_FIRST_TEXT}), and of a start that sent
 * nothing ({@link #REFUSED_START_END}), are tried as a call status is. Should all fail, or the instance stop, the
 * outbox sweep closes the session as {@code expired} once it has been idle past its expiry (a refused start's end given
 * up is kept in memory for the next sweep first, {@link RefusedStartEnds}): nothing stays STARTED for ever (a texted
 * opt-out's event is then not published; the opt-out itself was stored first).
 *
 * <p>Each retry is counted in {@value #RETRIES}, by outcome: {@code stored}, {@code failed} (storage still
 * unavailable; tried again) or {@code given_up} (the last attempt failed, or the step failed for another reason).
 */
@Component
public class StatusCallbackRetries implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbackRetries.class);
    static final int ATTEMPTS = 6;
    /** A caller's opt-out: 12 tries, the last about 68 minutes after the first failure. */
    static final int OPT_OUT_ATTEMPTS = 12;
    /** What {@link #retry} is told when the step is a caller's opt-out: its giving up is logged as an error. */
    public static final String VOICE_OPT_OUT = "Voice opt-out";
    /**
     * What {@link #retry} is told when the step records an opt-out Twilio reported in a status callback (error 21610):
     * tried as long as a caller's opt-out, and its giving up logged as an error likewise.
     */
    public static final String TWILIO_REPORTED_OPT_OUT = "Twilio-reported opt-out";
    /**
     * What {@link #retry} is told when the step publishes an opt-out texted by a number we only called, with its last
     * survey call's session: tried as long as a caller's opt-out; the opt-out itself is stored already.
     */
    public static final String TEXTED_OPT_OUT_EVENT = "Texted opt-out's event";
    /**
     * What {@link #retry} is told when the step ends a texted survey whose first text Twilio reported not delivered
     * ({@link UndeliveredFirstText}): tried as long as a call status; given up, the survey ends when it expires.
     */
    public static final String UNDELIVERED_FIRST_TEXT = "Undelivered first text";
    /**
     * What {@link #retry} is told when the step ends a start whose first text or call never went out
     * ({@link SurveyOpener}): tried as long as a call status; given up, the end is kept in memory and stored at the next
     * outbox sweep, or by the next start to the number on this instance ({@link RefusedStartEnds}).
     */
    public static final String REFUSED_START_END = "Refused start's end";
    /** The retries' counter: {@code survey_relay_call_status_retries_total{outcome}} in Prometheus. */
    public static final String RETRIES = "survey.relay.call.status.retries";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "status-callback-retries");
        thread.setDaemon(true);
        return thread;
    });

    private final MeterRegistry registry;
    private final long firstWaitMillis;

    /**
     * @param registry where {@value #RETRIES} is counted
     * @param firstWait the wait before the first retry, doubling after each
     *     ({@code survey-relay.status-callback-retries.first-wait}): {@value #ATTEMPTS} tries span 63 times it
     * @throws IllegalArgumentException when {@code firstWait} is under 1 ms or over 1 minute
     */
    public StatusCallbackRetries(MeterRegistry registry,
            @Value("${survey-relay.status-callback-retries.first-wait:1s}") Duration firstWait) {
        if (firstWait.toMillis() < 1 || firstWait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("survey-relay.status-callback-retries.first-wait must be from 1ms to "
                    + "1m, not " + com.surveyrelay.config.SettingBounds.written(firstWait));
        }
        this.registry = registry;
        this.firstWaitMillis = firstWait.toMillis();
    }

    /**
     * Tries {@code step} again later until storage takes it.
     *
     * @param sessionId for the log
     * @param what what the step stores, for the log: {@code "Call status"}, {@code "Voice opt-out"}
     * @param step applies the status callback, or the opt-out; throws while storage is still unavailable
     */
    public void retry(String sessionId, String what, Runnable step) {
        retry(sessionId, what, step, () -> { });
    }

    /**
     * As {@link #retry(String, String, Runnable)}, running {@code givenUp} once should the last try fail (or the step
     * fail for another reason than storage).
     *
     * @param givenUp what makes up for the step never stored; it must not throw
     */
    public void retry(String sessionId, String what, Runnable step, Runnable givenUp) {
        schedule(sessionId, what, step, givenUp, 1);
    }

    /** A caller's opt-out is tried for about an hour (the waits double from 1 s), a status for about a minute. */
    private static int attempts(String what) {
        return what.equals(VOICE_OPT_OUT) || what.equals(TWILIO_REPORTED_OPT_OUT) || what.equals(TEXTED_OPT_OUT_EVENT)
                ? OPT_OUT_ATTEMPTS : ATTEMPTS;
    }

    private void schedule(String sessionId, String what, Runnable step, Runnable givenUp, int attempt) {
        long delay = firstWaitMillis << (attempt - 1);
        timer.schedule(() -> {
            try {
                step.run();
                count("stored");
                LOG.info("{} of session {} stored on retry {}", what, sessionId, attempt);
            } catch (RuntimeException e) {
                if (ErrorResponses.storageFailure(e) != null && attempt < attempts(what)) {
                    count("failed");
                    schedule(sessionId, what, step, givenUp, attempt + 1);
                    return;
                }
                if (what.equals(VOICE_OPT_OUT) || what.equals(TWILIO_REPORTED_OPT_OUT)) {
                    count("given_up");
                    // Consent lost is worse than a session left open: an operator must hear of it.
                    LOG.error("{} of session {} not stored after {} retries: the number is NOT on the suppression "
                            + "list unless it opts out again: {}", what, sessionId, attempt, e.toString());
                } else if (what.equals(TEXTED_OPT_OUT_EVENT)) {
                    count("given_up");
                    LOG.warn("{} of session {} not stored after {} retries: the number stays opted out, but no event "
                            + "tells the enterprise: {}", what, sessionId, attempt, e.toString());
                } else {
                    count("given_up");
                    LOG.warn("{} of session {} not stored after {} retries; the sweep closes the session when it "
                            + "expires: {}", what, sessionId, attempt, e.toString());
                }
                givenUp.run();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void count(String outcome) {
        Counter.builder(RETRIES).description("Retries of call status callbacks that could not be stored, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
