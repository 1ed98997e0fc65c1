package com.surveyrelay.conversation;

import com.surveyrelay.consent.QuietHours;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.storage.UnreadableSessionException;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.FallbackFrom;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the SMS fallback of a call that ended ({@link ChannelFallbacks}), once per call: keyed
 * {@code fallback:<call's sessionId>} in the trigger ledger, so a repeated status callback or a second instance starts
 * nothing more. The fallback goes on with a contact just made, so the frequency cap does not hold it back; it is
 * refused to a number that opted out ({@code 422 recipient_opted_out}) and skipped when the number is in another
 * texted survey ({@code 409 survey_in_progress}).
 *
 * <p>After a dropped call ({@code hangup}) it is sent at once: the respondent was just talking. After an unanswered
 * call ({@code busy}, {@code no-answer}, {@code failed}) it is a new contact, so outside the respondent's contact hours
 * ({@link QuietHours}, in the call's {@code timeZone} when its request named one; 47 CFR 64.1200(c)(1)) it is deferred
 * to their next opening, as a scheduled start that names the call ({@link ScheduledStart#fallbackFrom}), and fired by
 * {@link #fireDeferred} as the call's fallback still. Until 2026-12-05 it was not sent at all (the key recorded
 * {@code failed}, {@code outside_contact_hours}), and a respondent who missed a call at 19:59 never got the survey.
 */
@Component
public class FallbackStarts {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackStarts.class);
    /**
     * A deferred fallback's refusal when the number was asked the same survey again after the call, whatever came of
     * it: the respondent was reached, or another fallback stands for the later call.
     */
    public static final String SURVEY_STARTED_SINCE = "survey_started_since";
    /** How a fallback's idempotency key starts: {@code fallback:<call's sessionId>}. */
    static final String KEY_PREFIX = "fallback:";

    private final SurveyOpener opener;
    private final TriggerLedger ledger;
    private final SurveyCatalog catalog;
    private final QuietHours quietHours;
    private final RespondentConsent consent;
    private final ScheduledStartStore scheduledStarts;
    private final SessionStore sessions;
    private final Clock clock;

    public FallbackStarts(SurveyOpener opener, TriggerLedger ledger, SurveyCatalog catalog, QuietHours quietHours,
            RespondentConsent consent, ScheduledStartStore scheduledStarts, SessionStore sessions, Clock clock) {
        this.opener = opener;
        this.ledger = ledger;
        this.catalog = catalog;
        this.quietHours = quietHours;
        this.consent = consent;
        this.scheduledStarts = scheduledStarts;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Starts the SMS fallback of {@code call} (a call session that ended), or defers it to the respondent's contact
     * hours; once per call.
     *
     * @return the SMS session started; a deferred start ({@code scheduled}, its {@code scheduleId} and
     *     {@code scheduledFor}); or, when the call's key was taken already, a repeat naming the first outcome
     * @throws HttpProblem as a start does: {@code 409 survey_in_progress}, {@code 422 recipient_opted_out} (also for a
     *     deferral), {@code 422 contact_hours_never_open} after an unanswered call; the key then records it
     *     {@code failed}, and so does any other failure, sending nothing more for the call
     */
    public StartedSurvey start(SurveySession call) {
        String key = KEY_PREFIX + call.sessionId();
        if (ledger.claim(key).isEmpty()) {
            return ledger.find(key).map(first -> StartedSurvey.repeat(first.state(), first.sessionId(), null))
                    .orElseGet(() -> StartedSurvey.repeat("claimed", null, null));
        }
        StartedSurvey started;
        try {
            E164 to = new E164(call.surveyTo());
            Optional<Instant> opens = new FallbackFrom(call.sessionId(), call.endReason()).continuesAnswers()
                    ? Optional.empty() : contactHoursOpen(call, to);
            if (opens.isPresent()) {
                return defer(key, call, to, opens.get());
            }
            started = opener.open(Channel.SMS, new InitiationRequest(to, call.languageSet(), call.surveyId()), call);
        } catch (RuntimeException e) {
            if (worthAnotherTry(e)) {
                // Nothing went out: the key is freed for the next try (ChannelFallbacks), as a start's is.
                releaseForAnotherTry(key, call);
            } else {
                ledger.failed(key, e instanceof HttpProblem problem ? problem.code() : "internal_error");
            }
            throw e;
        }
        SurveyStarts.recordSent(() -> ledger.started(key, started.sessionId()));
        return started;
    }

    /**
     * True for a fallback that failed while nothing went out and that may go later: Twilio answered 5xx or 429, or
     * could not be reached ({@link TwilioFailure#worthAnotherTryLater}), or storage failed ({@code 503
     * survey_unavailable}, or an S3 error). Not a refusal (opted out, busy in another survey, a Twilio 4xx), nor a
     * text Twilio may have taken without answering ({@code twilio_outcome_unknown}).
     */
    public static boolean worthAnotherTry(Throwable failure) {
        if (failure instanceof StartOutcomeUnknown) {
            return false;
        }
        if (failure instanceof TwilioFailure twilio) {
            return twilio.worthAnotherTryLater();
        }
        if (failure instanceof HttpProblem problem) {
            return problem.status() == 503;
        }
        return com.surveyrelay.web.ErrorResponses.storageFailure(failure) != null;
    }

    /** Frees the call's key for another try; storage failing, the key stays claimed and no other try starts. */
    private void releaseForAnotherTry(String key, SurveySession call) {
        try {
            ledger.release(key);
        } catch (RuntimeException e) {
            LOG.warn("The SMS fallback of call session {} failed, and storage failed freeing its key for another try "
                    + "({}); it is not tried again", call.sessionId(), e.toString());
        }
    }

    /**
     * When the respondent's contact hours next open, judged by the survey version the call ran; empty while they are
     * open.
     *
     * @throws HttpProblem {@code 422 contact_hours_never_open} when they never open in all of the number's zones
     */
    private Optional<Instant> contactHoursOpen(SurveySession call, E164 to) {
        Survey survey = catalog.survey(call.surveyId(), call.surveyVersion());
        ZoneId zone = call.timeZone() == null ? null : ZoneId.of(call.timeZone());
        return quietHours.deferUntil(to, survey, zone);
    }

    /**
     * Stores the fallback as a start deferred to {@code at}, under the call's key, and records it {@code scheduled}
     * there. A number that opted out, or that Twilio refused a text to as no mobile number within
     * {@code NOT_MOBILE_MEMORY} of {@code at}, is refused now, as the text would be (until 2026-12-05
     * the latter was deferred and refused only when due); the frequency cap is not checked, now or when it fires. Should storage fail recording it under the key, the key stays claimed: a repeat defers nothing
     * again, and the firing records its outcome there.
     *
     * @throws HttpProblem {@code 422 recipient_opted_out}; {@code 422 invalid_recipient} for a number remembered as
     *     no mobile number
     * @throws RuntimeException when storage fails storing the start (nothing is deferred)
     */
    private StartedSurvey defer(String key, SurveySession call, E164 to, Instant at) {
        consent.checkTakesTexts(consent.checkNotOptedOut(to), at);
        ScheduledStart scheduled = new ScheduledStart(UUID.randomUUID().toString(), Channel.SMS.value(), to.value(),
                call.languageSet(), call.surveyId(), call.timeZone(), key, at, clock.instant(), null,
                new FallbackFrom(call.sessionId(), call.endReason()));
        scheduledStarts.save(scheduled);
        try {
            ledger.scheduled(key, scheduled.id(), null);
        } catch (RuntimeException e) {
            LOG.warn("Deferred the SMS fallback of call session {}, but storage failed recording it under its key "
                    + "({}); the key stays claimed, so a repeat defers nothing again", call.sessionId(), e.toString());
        }
        LOG.info("Call session {} ended {} outside its respondent's contact hours: its SMS fallback waits until {} "
                + "as scheduled start {}", call.sessionId(), call.endReason(), at, scheduled.id());
        return StartedSurvey.deferred(scheduled.id(), at.toString(), call.surveyId(), Channel.SMS.value());
    }

    /**
     * Fires a fallback deferred by {@link #defer}, once it fell due ({@code ScheduledStartFiring} claimed it): the
     * call is read again and the SMS session goes on from it, as an immediate fallback does ({@code fallbackFrom} in
     * its {@code SURVEY_STARTED}, exempt from the frequency cap, refused to a number that opted out by now); its
     * outcome is recorded under the call's key.
     *
     * @param pace what the first contact waits for once the session is stored ({@link ContactPace#NONE})
     * @throws HttpProblem as a start does; {@code 409 respondent_erased} when the call is no longer stored (its
     *     respondent's data was erased meanwhile); {@code 409 survey_started_since} when the number has a session of
     *     the call's survey started after the call, on any channel (the survey was asked again overnight, with the
     *     frequency cap off, or a later call of it stands, with its own fallback); {@code 409 survey_in_progress} when
     *     the number is in another texted survey, which the caller refuses for good, as an immediate fallback is
     *     skipped
     */
    StartedSurvey fireDeferred(ScheduledStart scheduled, ContactPace pace) {
        String key = scheduled.idempotencyKey();
        E164 to = new E164(scheduled.to());
        try {
            SurveySession call = sessions.find(to, scheduled.fallbackFrom().sessionId()).map(StoredSession::session)
                    .orElseThrow(() -> new HttpProblem(409, SurveyOpener.RESPONDENT_ERASED, "The call this text "
                            + "survey falls back from is no longer stored (its respondent's data was erased): nothing "
                            + "was sent."));
            laterSessionOfTheSurvey(to, call).ifPresent(later -> {
                throw new HttpProblem(409, SURVEY_STARTED_SINCE, "The number was asked this survey again after the "
                        + "call this text survey falls back from (session " + later + "): nothing was sent.");
            });
            StartedSurvey started = opener.open(Channel.SMS, new InitiationRequest(to, scheduled.language(),
                    call.surveyId()), call, SessionStore.newSessionId(), pace);
            SurveyStarts.recordSent(() -> ledger.started(key, started.sessionId()));
            return started;
        } catch (StartOutcomeUnknown unknown) {
            SurveyStarts.recordSent(() -> ledger.startedUnknown(key, unknown.sessionId()));
            throw unknown;
        } catch (HttpProblem problem) {
            // A busy number is recorded by the caller, which refuses the fallback for good (refuseScheduled).
            if (!SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code()) && problem.status() < 500) {
                ledger.failed(key, problem, null);
            }
            throw problem;
        }
    }

    /**
     * A session of {@code call}'s survey to the number that started after the call, if any: one S3 listing of the
     * number's sessions and a read of each (a deferred fallback's firing only, once a call).
     *
     * @return its session id
     */
    private Optional<String> laterSessionOfTheSurvey(E164 to, SurveySession call) {
        for (String sessionId : sessions.sessionIdsOf(to)) {
            if (sessionId.equals(call.sessionId())) {
                continue;
            }
            SurveySession other;
            try {
                other = sessions.find(to, sessionId).map(StoredSession::session).orElse(null);
            } catch (UnreadableSessionException unreadable) {
                continue; // no session a respondent took: it says nothing of what they were asked
            }
            if (other != null && call.surveyId().equals(other.surveyId()) && other.surveyStarted() != null
                    && other.surveyStarted().isAfter(call.surveyStarted())) {
                return Optional.of(sessionId);
            }
        }
        return Optional.empty();
    }
}
