package com.surveyrelay.conversation;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyFallback;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.web.HttpProblem;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Channel fallback: a call that ended unanswered (busy, no-answer, failed) starts the SMS survey, and a call
 * dropped mid-survey (hangup) continues by text from its first unanswered question with the answers kept; each
 * as the survey (or the service, {@link FallbackProperties}) turns it on. Runs when a step stores a call's end
 * ({@link SessionEnded}), whichever path ended it: a status callback, the grace for a late answer running out, a
 * late answer; never when the end was learned by asking Twilio, as a new call to the number starts
 * ({@link LostCallStatus}).
 *
 * <p>Once per call: the SMS start is keyed {@code fallback:<call's sessionId>} in the trigger ledger, so a retried
 * status callback or a second instance never texts (nor defers a text) twice. An instance that dies between storing
 * the call's end and texting loses the fallback rather than risk a second text. After an unanswered call outside the
 * respondent's contact hours the text waits for them, as a deferred start ({@link FallbackStarts}).
 */
@Component
@EnableConfigurationProperties(FallbackProperties.class)
public class ChannelFallbacks implements org.springframework.beans.factory.DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFallbacks.class);

    private final SurveyCatalog catalog;
    private final FallbackStarts starts;
    private final SurveyFallback serviceDefault;
    /**
     * The pauses before the tries after the first, for a fallback that failed while nothing went out
     * ({@link FallbackStarts#worthAnotherTry}): some two and a half minutes in all, a Twilio or S3 blip's length.
     * Until 2026-12-06 such a fallback was given up at once, with an INFO line.
     */
    static final List<Duration> RETRY_PAUSES = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80));

    private final java.util.concurrent.ScheduledExecutorService worker = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "channel-fallbacks");
                thread.setDaemon(true);
                return thread;
            });
    private final List<Duration> retryPauses;

    @org.springframework.beans.factory.annotation.Autowired
    public ChannelFallbacks(SurveyCatalog catalog, FallbackStarts starts, FallbackProperties settings) {
        this(catalog, starts, settings, RETRY_PAUSES);
    }

    /** @param retryPauses the pauses before each try after the first ({@link #RETRY_PAUSES} in the service) */
    ChannelFallbacks(SurveyCatalog catalog, FallbackStarts starts, FallbackProperties settings,
            List<Duration> retryPauses) {
        this.catalog = catalog;
        this.starts = starts;
        this.serviceDefault = settings.asSurveyFallback();
        this.retryPauses = List.copyOf(retryPauses);
    }

    @EventListener
    public void onSessionEnded(SessionEnded ended) {
        SurveySession call = ended.stored().session();
        if (call.surveyMedium() != Channel.VOICE || call.surveyStatus() != SurveyStatus.ABANDONED
                || ended.cause() instanceof SurveyInput.CallFoundOver) {
            // A call found over by asking Twilio ended while a new survey call takes its number, maybe hours
            // later: a text of the old survey would reach the respondent during the new call (LostCallStatus).
            return;
        }
        // Off the thread that ended the call (a status callback's): its webhook answers without waiting for S3
        // and Twilio to start the text survey, so it stays inside its budget.
        worker.execute(() -> fallBack(call, 0));
    }

    /** @param tried how many tries failed before this one, while nothing went out */
    private void fallBack(SurveySession call, int tried) {
        try {
            Survey survey = catalog.survey(call.surveyId(), call.surveyVersion());
            SurveyFallback fallback = survey.fallback() != null ? survey.fallback() : serviceDefault;
            if (!fallback.appliesTo(call.endReason())) {
                return;
            }
            if (call.unclearOptOutAt() != null) {
                // The caller's last words were opt-out words heard unclearly ("stop calling me" at 0.2): not an
                // opt-out, but no "we were cut off" text to someone who may have asked us to stop.
                LOG.info("Call session {} ended {} after opt-out words heard unclearly: no text follows",
                        call.sessionId(), call.endReason());
                return;
            }
            StartedSurvey started = starts.start(call);
            if (Boolean.TRUE.equals(started.duplicate())) {
                LOG.info("Call session {} ended {}: its SMS fallback was handled before ({})", call.sessionId(),
                        call.endReason(), started.status());
            } else if (started.scheduleId() == null) {
                LOG.info("Call session {} ended {}: the survey goes on by text as session {}", call.sessionId(),
                        call.endReason(), started.sessionId());
            }
        } catch (RuntimeException e) {
            String why = e instanceof HttpProblem problem ? problem.code() : e.toString();
            boolean worthAnotherTry = FallbackStarts.worthAnotherTry(e);
            if (worthAnotherTry && tried < retryPauses.size()) {
                Duration pause = retryPauses.get(tried);
                LOG.warn("Call session {} ended {}: the SMS fallback failed ({}), nothing went out; trying again in "
                        + "{} s", call.sessionId(), call.endReason(), why, pause.toSeconds());
                worker.schedule(() -> fallBack(call, tried + 1), pause.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } else if (worthAnotherTry) {
                LOG.warn("Call session {} ended {}: the SMS fallback failed ({}) after {} tries; given up",
                        call.sessionId(), call.endReason(), why, tried + 1);
            } else if (e instanceof StartOutcomeUnknown) {
                LOG.warn("Call session {} ended {}: Twilio did not answer the SMS fallback ({}), so it may have gone "
                        + "out; its session stays open for a reply, and it is not sent again", call.sessionId(),
                        call.endReason(), why);
            } else if (e instanceof HttpProblem) {
                LOG.info("Call session {} ended {}: no SMS fallback ({})", call.sessionId(), call.endReason(), why);
            } else {
                LOG.warn("Call session {} ended {}: the SMS fallback failed: {}", call.sessionId(), call.endReason(),
                        why);
            }
        }
    }

    @Override
    public void destroy() {
        worker.shutdown();
    }
}
