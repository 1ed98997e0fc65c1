package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Prompt;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyLanguage;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.survey.WrongChannelException;
import com.surveyrelay.twilio.TwilioRequest;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The Twilio webhooks of a survey call (the {@code voice-call} and {@code call-status} routes' bean): each voice step
 * and call status callback becomes one {@link SessionSteps step}, stored before the webhook answers; what the step
 * publishes leaves afterwards ({@link WebhookSteps#hand}), so no webhook waits for the bus.
 *
 * <p>Exactly once: a voice step is applied once per turn (each action URL carries the turn it answers; a repeat of
 * the call's last step gets the first delivery's TwiML, goodbye and all), and a status callback changes a session
 * only once. A call's {@code completed} status that overtakes the last {@code <Gather>} action leaves the question
 * open for {@code survey-relay.outbox.call-end-grace}.
 *
 * <p>A call's first request whose {@code AnsweredBy} names a machine ({@link SurveyProcessor#MACHINE_ANSWERS}, sent
 * only for calls placed with {@code VOICE_MACHINE_DETECTION} on) is hung up on and ends the session {@code ABANDONED},
 * reason {@code machine}, before anything is said; {@code human}, {@code unknown} or none goes on as any call.
 *
 * <p>One call per session: the first call webhook a session stores binds it to the form's {@code CallSid}, in the
 * same write ({@link SessionSteps#applyCallWebhook}), and a webhook of any other call changes nothing: a voice step
 * is answered with the language's {@code otherCallGoodbye} and a hang-up, a status callback with the empty document.
 * A second call carries the session's URLs when a call creation whose outcome was unknown was placed again, or
 * twilio-java's retry placed it twice. A status callback to a session not bound yet (no answer, busy, failed: no voice
 * step came) is checked against the number's {@link CallPointers call pointer} instead, which names the call Twilio's
 * answer to the creation gave, and, when that creation was sent again after a 5xx, against Twilio's list of the
 * calls to the number ({@link UnboundCallStatuses}); one without a {@code CallSid} of the right shape ({@code CA} and
 * 32 hex digits) is applied to a session not bound yet, as before bindings, and to no bound one.
 */
@Component("callWebhooks")
public class CallWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(CallWebhooks.class);
    /** What a call's status callback is answered: Twilio reads nothing in it. */
    private static final String EMPTY_VOICE_RESPONSE = new VoiceResponse.Builder().build().toXml();
    /**
     * A decimal as Twilio writes {@code Confidence} ("0.9270814"), or with an exponent as Java writes a small one
     * ("1.0E-4"); not hex floats, NaN or Infinity, which {@link Double#valueOf} would also read.
     */
    private static final Pattern CONFIDENCE = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,20})?(?:[eE][-+]?[0-9]{1,3})?");
    /**
     * The opt-out confirmation of a call with no survey to say one in ({@link #confirmOptOut}): said in English with
     * Twilio's default voice.
     */
    static final String OPT_OUT_CONFIRMED = "You are opted out: you will get no more survey calls or texts from us. "
            + "Goodbye.";
    /**
     * What a caller on a call with no survey session of its own hears when opt-out words were heard below the bar
     * ({@link #optsOut}), which opt nothing out: said in English with Twilio's default voice, then a hang-up.
     */
    static final String OPT_OUT_NOT_UNDERSTOOD = "Sorry, we could not understand you. To stop our survey calls and "
            + "texts, press star during a call, or reply STOP to one of our texts. Goodbye.";
    /** Twilio's call sids: {@code CA} and 32 hex digits (Twilio writes them lower case). */
    private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
    /** A voice URL's {@code turn}: our URLs carry 0 and up; a stale or made-up one replays the current step. */
    private static final Pattern TURN = Pattern.compile("-?[0-9]{1,9}");

    private final SessionSteps steps;
    private final WebhookSteps webhookSteps;
    private final RespondentConsent consent;
    private final SurveyCatalog catalog;
    private final VoiceApologies apologies;
    private final StatusCallbackRetries statusRetries;
    private final OptOutEverywhere optOutEverywhere;
    private final UnboundCallStatuses unboundStatuses;
    /**
     * Machine answers storage could not take, by session id, until stored: the call's status callback comes at once
     * (the call is hung up on), before the answer's retry, and must not end the session as a hang-up. In memory, as a
     * kept opt-out is ({@link VoiceApologies#keepOptOut}).
     */
    private final Map<String, KeptMachineAnswer> keptMachineAnswers = new ConcurrentHashMap<>();

    /** A machine answer not stored yet, with the {@code CallSid} of the request that named it. */
    private record KeptMachineAnswer(SurveyInput.MachineAnswered input, String callSid) {
    }

    public CallWebhooks(SessionSteps steps, WebhookSteps webhookSteps, RespondentConsent consent,
            SurveyCatalog catalog, VoiceApologies apologies, StatusCallbackRetries statusRetries,
            OptOutEverywhere optOutEverywhere, UnboundCallStatuses unboundStatuses) {
        this.unboundStatuses = unboundStatuses;
        this.optOutEverywhere = optOutEverywhere;
        this.statusRetries = statusRetries;
        this.apologies = apologies;
        this.steps = steps;
        this.webhookSteps = webhookSteps;
        this.consent = consent;
        this.catalog = catalog;
    }

    /**
     * A {@code <Gather>} action or redirect: {@code ?sessionId=&turn=} in the URL, digits or speech in the form.
     *
     * @param request the signed webhook request ({@code To}, {@code Digits}, {@code SpeechResult}, {@code Confidence};
     *     {@code AnsweredBy} on a call's first request when it was placed with answering-machine detection;
     *     {@code retry=1} in the URL for the retry of a step storage failed)
     * @return the TwiML of the call's next step: a hang-up for an unknown session or one not on a call, or for a
     *     call a machine answered ({@code AnsweredBy} {@code machine_*} or {@code fax}), a goodbye
     *     and a hang-up for a call that is not the session's, an apology and a retry when storage failed
     * @throws HttpProblem 400 {@code invalid_voice_webhook} when the URL's turn or sessionId or the form's {@code To}
     *     is not valid; 503 {@code busy} when the session kept changing
     * @throws RuntimeException any other failure of the step (not one of storage)
     */
    public WebhookReply onVoice(TwilioRequest request) {
        int turn = turn(request);
        String sessionId = request.queryParam("sessionId");
        boolean retry = "1".equals(request.queryParam("retry"));
        String answeredBy = request.param("AnsweredBy");
        // Twilio's synchronous detection names who answered in the call's first request (turn 0) alone.
        if (turn == 0 && !retry && answeredBy != null && SurveyProcessor.MACHINE_ANSWERS.contains(answeredBy)) {
            return onMachineAnswered(request, new SurveyInput.MachineAnswered(answeredBy));
        }
        SurveyInput.VoiceInput input = new SurveyInput.VoiceInput(turn, request.param("Digits"),
                request.param("SpeechResult"), confidence(request.param("Confidence")));
        if (retry) {
            // The retry of a step storage failed: the caller's input as it was, or (kept elsewhere) the step again.
            input = apologies.inputFor(sessionId, turn).orElse(new SurveyInput.VoiceInput(-1, null, null, null));
        }
        try {
            WebhookReply reply = onCall(request, input);
            if (isOptOut(input)) {
                apologies.optOutApplied(sessionId); // stored by its retry: nothing kept to try again
            }
            return reply;
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null || !SessionStore.isSessionId(sessionId)) {
                throw e;
            }
            LOG.warn("Voice step of session {} not stored ({}): {}", sessionId, retry ? "hanging up" : "retrying",
                    e.toString());
            E164 to = E164.parse(request.param("To")).orElse(null);
            if (to != null && isOptOut(input) && apologies.keptOptOut(sessionId).isEmpty()) {
                // The retry may never come (the caller hangs up during the apology), and the call's end would be
                // taken for a hang-up (and, with fallback, a text): the opt-out is kept trying here from its first
                // failure, and the call's status callback applies it first.
                SessionRef ref = new SessionRef(to, sessionId);
                apologies.keepOptOut(sessionId, input);
                statusRetries.retry(sessionId, StatusCallbackRetries.VOICE_OPT_OUT, () -> applyKeptOptOut(ref));
            }
            return new WebhookReply(apologies.apologise(sessionId, turn, input, callSid(request), retry));
        }
    }

    /**
     * The first request of a call Twilio's answering-machine detection found a voicemail or fax on
     * ({@code AnsweredBy}, {@code VOICE_MACHINE_DETECTION}): a hang-up, and the session ended {@code ABANDONED}, reason
     * {@code machine}, once. When storage fails the call is hung up on all the same (a voicemail would record an
     * apology) and the end is kept and tried again on this instance, as a status callback's is; the call's status
     * callback, which the hang-up brings at once, applies the kept end first, so the session ends {@code machine},
     * not {@code hangup} (until 2026-12-05 it ended {@code hangup}: {@code MachineAnswerStorageFailureTest}).
     */
    private WebhookReply onMachineAnswered(TwilioRequest request, SurveyInput.MachineAnswered machine) {
        try {
            return onCall(request, machine);
        } catch (RuntimeException e) {
            String sessionId = request.queryParam("sessionId");
            E164 to = E164.parse(request.param("To")).orElse(null);
            if (ErrorResponses.storageFailure(e) == null || to == null || !SessionStore.isSessionId(sessionId)) {
                throw e;
            }
            LOG.warn("Machine answer of session {} not stored ({}); hanging up and retrying", sessionId,
                    e.toString());
            SessionRef ref = new SessionRef(to, sessionId);
            keptMachineAnswers.put(sessionId, new KeptMachineAnswer(machine, callSid(request)));
            statusRetries.retry(sessionId, "Machine answer", () -> applyKeptMachineAnswer(ref));
            return new WebhookReply(hangUp());
        }
    }

    /**
     * A call's status callback ({@code CallStatus}); answers an empty document. One storage could not take is tried
     * again on this instance ({@link StatusCallbackRetries}), since Twilio does not retry it.
     *
     * <p>A callback whose {@code AnsweredBy} names a machine ({@link SurveyProcessor#MACHINE_ANSWERS}: Twilio adds
     * answering-machine detection's verdict to the status callbacks of a call placed with it) ends the session
     * {@code machine} before its status is applied, as the first request would have. So a machine answer storage
     * failed to take ends the session {@code machine} whichever instance the callback reaches: the kept answer
     * ({@link #keptMachineAnswers}) is only in the memory of the instance that took the first request, and until
     * 2026-12-06 the callback ended it {@code hangup} on any other. A session already ended is left as it is.
     *
     * @param request the signed callback ({@code CallStatus}, {@code To}, {@code CallSid}, {@code AnsweredBy} for a
     *     call placed with answering-machine detection; {@code ?sessionId=} in the URL)
     * @return an empty TwiML document, whatever the callback changed (nothing for a call that is not the session's)
     * @throws HttpProblem 400 {@code invalid_voice_webhook} when the form's {@code To} or the URL's sessionId is not
     *     valid; 503 {@code busy} when the session kept changing
     * @throws RuntimeException any other failure of the step (not one of storage)
     */
    public WebhookReply onCallStatus(TwilioRequest request) {
        SurveyInput.CallEnded ended = new SurveyInput.CallEnded(request.param("CallStatus"));
        String sessionId = request.queryParam("sessionId");
        E164 to = E164.parse(request.param("To")).orElse(null);
        SessionRef ref = to == null || !SessionStore.isSessionId(sessionId) ? null : new SessionRef(to, sessionId);
        String answeredBy = request.param("AnsweredBy");
        try {
            if (ref != null) {
                applyKeptOptOut(ref);
                applyKeptMachineAnswer(ref);
                applyKeptAnswer(ref);
                applyKeptHangUp(ref);
                applyReportedMachineAnswer(ref, answeredBy, callSid(request));
            }
            return onCall(request, ended);
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null || ref == null) {
                throw e;
            }
            LOG.warn("Call status of session {} not stored ({}); retrying", sessionId, e.toString());
            String callSid = callSid(request);
            statusRetries.retry(sessionId, "Call status", () -> onCallStatusReported(ref, ended.callStatus(),
                    answeredBy, callSid));
            return new WebhookReply(EMPTY_VOICE_RESPONSE);
        }
    }

    /**
     * A call's status as its status callback reported it, applied as the callback is: an opt-out the call could not
     * store first, then the status. For the callback's retries.
     *
     * @param callStatus Twilio's {@code CallStatus} word ({@code no-answer}, {@code completed}, ...)
     * @param answeredBy the callback's {@code AnsweredBy}; null when it had none
     * @param callSid the callback's {@code CallSid} as {@link #callSid} read it
     * @throws RuntimeException when storage fails
     */
    void onCallStatusReported(SessionRef ref, String callStatus, String answeredBy, String callSid) {
        applyKeptOptOut(ref);
        applyKeptMachineAnswer(ref);
        applyKeptAnswer(ref);
        applyKeptHangUp(ref);
        applyReportedMachineAnswer(ref, answeredBy, callSid);
        SurveyInput.CallEnded ended = new SurveyInput.CallEnded(callStatus);
        onCall(ref, ended, false, ofCall(ref, ended, callSid));
    }

    /**
     * A call's final status read from Twilio's {@code Call} resource because its status callback never came
     * ({@link LostCallStatus}): an opt-out the call could not store first, then the session ends for good at once
     * ({@link SurveyInput.CallFoundOver}: no wait for a late answer, no channel fallback). A callback arriving after
     * changes nothing, since a session takes one call end.
     *
     * @param callStatus Twilio's call {@code status} word ({@code no-answer}, {@code completed}, ...)
     * @return whether the session is final now (ended by this or before); false when there is no such session
     * @throws RuntimeException when storage fails
     */
    boolean onCallFoundOver(SessionRef ref, String callStatus) {
        applyKeptOptOut(ref);
        applyKeptMachineAnswer(ref);
        applyKeptAnswer(ref);
        // Not the kept hang-up's end: a call found over ends as CallFoundOver, which no SMS fallback follows (a new
        // call may be taking the number); the kept hang-up is forgotten (a reviewer's probe, 2026-12-07).
        apologies.hangUpApplied(ref.sessionId());
        Optional<SessionSteps.Step> step = webhookSteps.oneAtATime(ref.phone(),
                () -> steps.apply(ref, new SurveyInput.CallFoundOver(callStatus)));
        step.ifPresent(webhookSteps::hand);
        return step.map(done -> done.stored() != null ? done.stored().session() : done.before())
                .map(session -> session.surveyStatus().isFinal()).orElse(false);
    }

    private boolean isOptOut(SurveyInput.VoiceInput voice) {
        return SurveyProcessor.isVoiceOptOut(catalog.consent(), voice.digits(), voice.speech());
    }

    /**
     * Whether an opt-out ({@link #isOptOut}) opts the number out: when the call session's step takes it as one ({@link
     * SurveyProcessor#optsOutOnCall}: the star key, or words heard at its survey's {@code minSpeechConfidence}), judged
     * on the session as the bucket holds it ({@link SessionSteps#stored}: one read, for an opt-out only, which the step
     * then starts from). Until 2026-12-06 words below the bar put the number on the suppression list (and ended its
     * other sessions) while the call asked again. A webhook naming no call session of its own (an SMS or WhatsApp
     * session, or none) holds words to the named session's survey's bar, else to the default 0.4 ({@link
     * SurveyProcessor#optsOutOffSurvey}); until 2026-12-06 any opt-out words there opted out, at any {@code
     * Confidence}.
     *
     * @param read the session as {@link SessionSteps#stored} read it; empty when it is not there
     */
    private boolean optsOut(Optional<StoredSession> read, SurveyInput.VoiceInput voice) {
        Optional<SurveySession> named = read.map(StoredSession::session);
        if (named.isPresent() && named.get().surveyMedium() == Channel.VOICE) {
            return SurveyProcessor.optsOutOnCall(catalog.survey(named.get().surveyId(), named.get().surveyVersion()),
                    named.get(), voice);
        }
        return SurveyProcessor.optsOutOffSurvey(catalog.consent(), named.flatMap(this::surveyOf).orElse(null), voice);
    }

    /**
     * The survey of a session named by a webhook that has no call of its own to go on with, for its bar and its
     * lines; empty when it is retired or cannot be read, and the webhook goes on without it.
     */
    private Optional<Survey> surveyOf(SurveySession named) {
        try {
            return Optional.of(catalog.survey(named.surveyId(), named.surveyVersion()));
        } catch (RuntimeException retiredOrUnreadable) {
            LOG.debug("No survey for the session named ({}); going on without one", retiredOrUnreadable.toString());
            return Optional.empty();
        }
    }

    /**
     * Records the opt-out a caller gave in a step that could not be stored, even on its retry, and ends the session
     * with it, before anything else of the call is applied. Does nothing when none is kept for the session; forgets
     * one whose words were heard below its survey's bar ({@link #optsOut}), which is no opt-out.
     *
     * @throws RuntimeException when storage fails again; the opt-out stays kept for the next try
     */
    private void applyKeptOptOut(SessionRef ref) {
        Optional<SurveyInput.VoiceInput> kept = apologies.keptOptOut(ref.sessionId());
        if (kept.isEmpty()) {
            return;
        }
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, ref.sessionId())) {
            Optional<StoredSession> read = steps.stored(ref);
            // The caller's own keys or words, not Twilio's repeat of a step applied already: judged at the session's
            // turn, should another instance have asked the step again meanwhile (a repeat of another turn is never
            // an opt-out, OptOut.clearOnCall). Not keys with digits among them: 7*5 may be a decimal answer to the
            // question it was pressed at, which only that turn can tell (a reviewer's probe, 2026-12-07).
            boolean digitsAmongKeys = kept.get().digits() != null && kept.get().digits().matches(".*[0-9].*");
            SurveyInput.VoiceInput said = digitsAmongKeys ? kept.get() : read.map(document ->
                    new SurveyInput.VoiceInput(document.session().turn(), kept.get().digits(), kept.get().speech(),
                            kept.get().confidence())).orElse(kept.get());
            if (!optsOut(read, said)) {
                // Words below the survey's bar: no opt-out, and the call they were said on is over.
                apologies.optOutApplied(ref.sessionId());
                return;
            }
            recordOptOut(ref, kept.get(), null);
            // The number's word, whichever of its calls it came on.
            onCall(ref, said, true, () -> steps.apply(ref, said, read));
        }
        apologies.optOutApplied(ref.sessionId());
        LOG.info("Opt-out of session {}, which storage could not take during the call, recorded", ref.sessionId());
    }

    /**
     * Ends the session {@code machine} with the machine answer kept for it ({@link #keptMachineAnswers}), before the
     * call's status is applied. Does nothing when none is kept.
     *
     * @throws RuntimeException when storage fails again; the answer stays kept for the next try
     */
    private void applyKeptMachineAnswer(SessionRef ref) {
        KeptMachineAnswer kept = keptMachineAnswers.get(ref.sessionId());
        if (kept == null) {
            return;
        }
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, ref.sessionId())) {
            onCall(ref, kept.input(), false, ofCall(ref, kept.input(), kept.callSid()));
        }
        keptMachineAnswers.remove(ref.sessionId(), kept);
    }

    /**
     * Applies the keys or words of a call step storage could not take ({@link VoiceApologies#keptInput}) when the call
     * ended before its retry took them (the caller hung up during the apology) or the retry failed too: the answer is
     * recorded as the step would have recorded it, before the call's status ends the session, so a last answer
     * completes the survey and the SMS fallback asks the next question, not that one again. The step's turn guards
     * against applying it twice: a step stored after all (its write landed) has moved on, and the kept input is then
     * only the step said again. Does nothing when none is kept; a kept silence is forgotten (the call's end says
     * more), and an opt-out is {@link #applyKeptOptOut}'s.
     *
     * @throws RuntimeException when storage fails again; the input stays kept for the next try
     */
    private void applyKeptAnswer(SessionRef ref) {
        Optional<VoiceApologies.KeptInput> kept = apologies.keptInput(ref.sessionId());
        if (kept.isEmpty()) {
            return;
        }
        SurveyInput.VoiceInput input = kept.get().input();
        if (!input.silent() && !isOptOut(input)) {
            try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, ref.sessionId())) {
                onCall(ref, input, false, ofCall(ref, input, kept.get().callSid()));
            }
            LOG.info("Answer of session {}, which storage could not take during the call, applied at the call's end",
                    ref.sessionId());
        }
        apologies.inputApplied(ref.sessionId(), kept.get());
    }

    /**
     * Ends the session {@link SurveyProcessor#STORAGE_UNAVAILABLE} when this instance hung up on its call because
     * storage failed a step twice ({@link VoiceApologies#keptHangUp}): after the caller's kept answer, which may
     * complete the survey, and before the call's status, which would end it {@code hangup}, blaming the caller (until
     * 2026-12-07). Does nothing when none is kept, and forgets one of another call than the session's.
     *
     * @throws RuntimeException when storage fails again; the hang-up stays kept for the next try
     */
    private void applyKeptHangUp(SessionRef ref) {
        Optional<String> callSid = apologies.keptHangUp(ref.sessionId());
        if (callSid.isEmpty()) {
            return;
        }
        SurveyInput.Ended ours = new SurveyInput.Ended(SurveyStatus.ABANDONED, SurveyProcessor.STORAGE_UNAVAILABLE);
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, ref.sessionId())) {
            BooleanSupplier anyCall = null;
            Optional<SessionSteps.Step> step = webhookSteps.oneAtATime(ref.phone(), () -> callSid.get().isEmpty()
                    ? steps.apply(ref, ours) : steps.applyCallWebhook(ref, ours, callSid.get(), anyCall));
            step.ifPresent(webhookSteps::hand);
        } catch (OtherCallException notThisSessionsCall) {
            LOG.debug("The call hung up on during the outage was not session {}'s", ref.sessionId());
        }
        apologies.hangUpApplied(ref.sessionId());
    }

    /**
     * Ends the session {@code machine} when a status callback's {@code AnsweredBy} names a machine, before the call's
     * status is applied; a session already ended (the first request stored it) publishes nothing more. Does nothing
     * for {@code human}, {@code unknown} or none.
     *
     * @throws RuntimeException when storage fails
     */
    private void applyReportedMachineAnswer(SessionRef ref, String answeredBy, String callSid) {
        if (answeredBy == null || !SurveyProcessor.MACHINE_ANSWERS.contains(answeredBy)) {
            return;
        }
        SurveyInput.MachineAnswered machine = new SurveyInput.MachineAnswered(answeredBy);
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, ref.sessionId())) {
            onCall(ref, machine, false, ofCall(ref, machine, callSid));
        }
    }

    /**
     * Adds the number to the suppression list and ends its other open sessions; storage failures propagate. The
     * opt-out keeps the step's {@code CallSid} and turn ({@code CA…/13}), so that a repeat of the step after the number
     * opted back in changes nothing.
     */
    private void recordOptOut(SessionRef ref, SurveyInput.VoiceInput voice, String callSid) {
        // The star anywhere among the keys ("7*" opts out as "*" does): until 2026-12-06 only a leading one was
        // recorded as the key, "7*" as a phrase, mislabelling the consent record's proof.
        consent.optOut(ref.phone(), voice.digits() != null && voice.digits().contains(
                SurveyProcessor.OPT_OUT_KEY) ? RespondentRecords.Sources.VOICE_KEY
                : RespondentRecords.Sources.VOICE_PHRASE, callSid == null ? null : callSid + "/" + voice.turn());
        optOutEverywhere.endOpenSessions(ref.phone(), ref.sessionId());
    }

    private WebhookReply onCall(TwilioRequest request, SurveyInput input) {
        String sessionId = request.queryParam("sessionId");
        E164 to = E164.parse(request.param("To")).orElse(null);
        if (to == null || !SessionStore.isSessionId(sessionId)) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The call's To or sessionId is not valid.");
        }
        SessionRef ref = new SessionRef(to, sessionId);
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, sessionId)) {
            if (!(input instanceof SurveyInput.VoiceInput voice && isOptOut(voice))) {
                return onCall(ref, input, false, ofCall(ref, input, callSid(request)));
            }
            // Judged on the session as the bucket holds it, and the step starts from that same read: one GET.
            Optional<StoredSession> read = steps.stored(ref);
            boolean optOut = optsOut(read, voice);
            String callSid = callSid(request);
            if (optOut) {
                // Stored before the step, so a storage failure is retried (the apology's redirect) with the opt-out.
                recordOptOut(ref, voice, callSid);
            }
            return onCall(ref, input, optOut, () -> steps.applyCallWebhook(ref, input, callSid, read));
        }
    }

    /**
     * The step of a webhook of call {@code callSid}: applied only if the call is the session's. A status callback to
     * a session not bound to a call yet asks the number's pointer ({@link UnboundCallStatuses}); a voice step binds it.
     */
    private Supplier<Optional<SessionSteps.Step>> ofCall(SessionRef ref, SurveyInput input, String callSid) {
        return () -> steps.applyCallWebhook(ref, input, callSid, input instanceof SurveyInput.CallEnded
                ? () -> unboundStatuses.takes(ref, callSid) : null);
    }

    private WebhookReply onCall(SessionRef ref, SurveyInput input, boolean optedOut,
            Supplier<Optional<SessionSteps.Step>> apply) {
        boolean status = input instanceof SurveyInput.CallEnded;
        try {
            return applyStep(ref, input, optedOut, apply);
        } catch (OtherCallException e) {
            // Another call placed for the session: it is not asked the survey, nor does its end end it. An opt-out
            // said on it stands all the same (the number said it), and ends this session as every other.
            LOG.warn("{} of a call that is not session {}'s: {}", status ? "Call status" : "Voice webhook",
                    ref.sessionId(), status ? "ignored" : "hanging up");
            if (optedOut) {
                optOutEverywhere.endOpenSessions(ref.phone(), null);
            }
            // A voicemail on that other call is hung up on without a word, which it would record; a caller who opted
            // out on it hears the confirmation, as on the session's own call.
            return new WebhookReply(status ? EMPTY_VOICE_RESPONSE
                    : input instanceof SurveyInput.MachineAnswered ? hangUp()
                    : sayThenHangUp(e.session(), optedOut ? Prompt.OPT_OUT_CONFIRMATION : Prompt.OTHER_CALL_GOODBYE));
        } catch (WrongChannelException e) {
            // Not a call: the step changed nothing. An opt-out stands all the same (the number said it), so the
            // session it named ends too, as every other of the number's open sessions did, and the caller hears so.
            LOG.warn("Voice webhook for session {}, which runs on {}: {}", ref.sessionId(),
                    e.sessionChannel().value(), input instanceof SurveyInput.CallEnded ? "ignored" : "hanging up");
            if (optedOut) {
                optOutEverywhere.endOpenSessions(ref.phone(), null);
            }
            return new WebhookReply(status ? EMPTY_VOICE_RESPONSE
                    : optedOut ? confirmOptOut(e.session()) : hangUpOffSurvey(input));
        }
    }

    private WebhookReply applyStep(SessionRef ref, SurveyInput input, boolean optedOut,
            Supplier<Optional<SessionSteps.Step>> apply) {
        String sessionId = ref.sessionId();
        Optional<SessionSteps.Step> step = webhookSteps.oneAtATime(ref.phone(), apply);
        // A status callback gets the empty document Twilio expects there; a call's step without a next one, a hang-up.
        boolean status = input instanceof SurveyInput.CallEnded;
        if (step.isEmpty()) {
            LOG.warn(status ? "Call status for session {}, unknown or finished: ignored" : "Voice webhook for session "
                    + "{}, unknown or finished: hanging up", sessionId);
            // No session to say it in: the opt-out (recorded before the step) is confirmed in neutral English.
            return new WebhookReply(status ? EMPTY_VOICE_RESPONSE : optedOut ? confirmOptOut(null)
                    : hangUpOffSurvey(input));
        }
        webhookSteps.hand(step.get());
        apologies.remember(step.get().stored() != null ? step.get().stored().session() : step.get().before());
        String twiml = step.get().twiml();
        return new WebhookReply(twiml != null ? twiml : status ? EMPTY_VOICE_RESPONSE : hangUp());
    }

    /** The form's {@code CallSid}; null when it has none, or one that is not a call sid's shape. */
    private static String callSid(TwilioRequest request) {
        String sid = request.param("CallSid");
        return isCallSid(sid) ? sid : null;
    }

    /** True for Twilio's call sids ({@code CA} and 32 hex digits); anything else is never sent to Twilio. */
    static boolean isCallSid(String candidate) {
        return candidate != null && CALL_SID.matcher(candidate).matches();
    }

    /**
     * What a call that is not the session's hears: the session language's {@code otherCallGoodbye}, or, when the
     * caller opted out on it, its {@code optOutConfirmation} (until 2026-12-06 the goodbye, though the opt-out was
     * recorded), when the survey has the line, then a hang-up. No question of the survey, which another call of the
     * number may be answering.
     */
    private String sayThenHangUp(SurveySession session, Prompt line) {
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        SurveyLanguage language = catalog.survey(session.surveyId(), session.surveyVersion())
                .language(session.languageSet());
        language.optionalText(line).ifPresent(text -> twiml.say(VoiceApologies.say(text, language)));
        return twiml.hangup(new Hangup.Builder().build()).build().toXml();
    }

    /**
     * What a caller who opted out on a call that has no survey session of its own hears (a voice webhook naming an SMS
     * or WhatsApp session, or no session at all), where the caller's language is unknown: the {@code
     * optOutConfirmation} of the named session's survey in that survey's default language, else
     * {@value #OPT_OUT_CONFIRMED} in English; then a hang-up. Until 2026-12-06 such a caller heard nothing but the
     * hang-up, though the number went on the suppression list.
     *
     * @param named the session the webhook named, or null when there is none
     */
    private String confirmOptOut(SurveySession named) {
        return confirmation(Optional.ofNullable(named).flatMap(this::surveyOf));
    }

    /**
     * The {@code optOutConfirmation} of {@code survey} in its default language, else {@value #OPT_OUT_CONFIRMED} in
     * English; then a hang-up. For a caller opted out where no session says the language (also {@link InboundCalls}).
     */
    static String confirmation(Optional<Survey> survey) {
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        Optional<SurveyLanguage> language = survey.map(chosen -> chosen.language(chosen.defaultLanguage()));
        Optional<Say> said = language.flatMap(spoken -> spoken.optionalText(Prompt.OPT_OUT_CONFIRMATION)
                .map(text -> VoiceApologies.say(text, spoken)));
        twiml.say(said.orElseGet(() -> new Say.Builder(OPT_OUT_CONFIRMED).language(Say.Language.EN_US).build()));
        return twiml.hangup(new Hangup.Builder().build()).build().toXml();
    }

    /**
     * What a call with no survey session of its own (or whose session is over) hears when it did not opt out: for
     * opt-out words heard below the bar ({@link #optsOut}), {@value #OPT_OUT_NOT_UNDERSTOOD} in English, then the
     * hang-up, so that the caller knows how to opt out for sure (until 2026-12-06 such words opted out at any
     * {@code Confidence}); for anything else, the hang-up alone.
     */
    private String hangUpOffSurvey(SurveyInput input) {
        if (!(input instanceof SurveyInput.VoiceInput voice && isOptOut(voice))) {
            return hangUp();
        }
        return sayInEnglishThenHangUp(OPT_OUT_NOT_UNDERSTOOD);
    }

    /** {@code line} said in English ({@code en-US}), then a hang-up: where no survey says the caller's language. */
    static String sayInEnglishThenHangUp(String line) {
        return new VoiceResponse.Builder().say(new Say.Builder(line).language(Say.Language.EN_US).build())
                .hangup(new Hangup.Builder().build()).build().toXml();
    }

    /** The URL's {@code turn}: ASCII digits, maybe a minus (Integer.parseInt takes "+1" and other scripts' digits). */
    private static int turn(TwilioRequest request) {
        String turn = request.queryParam("turn");
        if (turn == null || !TURN.matcher(turn).matches()) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The webhook URL has no valid turn.");
        }
        return Integer.parseInt(turn);
    }

    /**
     * Twilio's speech {@code Confidence}, 0.0 to 1.0; anything else (not a decimal number, NaN, infinite, out of
     * range) is no confidence at all, since events publish it as a number from 0 to 1.
     */
    static Double confidence(String text) {
        if (text == null || !CONFIDENCE.matcher(text.strip()).matches()) {
            return null;
        }
        double value = Double.parseDouble(text.strip());
        return Double.isFinite(value) && value >= 0 && value <= 1 ? value : null;
    }

    static String hangUp() {
        return new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml();
    }
}
