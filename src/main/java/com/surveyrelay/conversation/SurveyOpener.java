package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.schedule.ScheduledStartFiring;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.storage.UnreadableSessionException;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.Decision;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.NotAMobileNumber;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Opens a survey's session and makes its first contact, for {@link SurveyStarts}: stores the new session with its
 * {@code SURVEY_STARTED} event in its outbox, then texts the welcome or places the call. An SMS survey first takes
 * the number's conversation pointer with a conditional write, so of two starts to one number at the same moment, on
 * one instance or several, exactly one texts and the other answers {@code 409 survey_in_progress} having sent
 * nothing; a survey call takes the number's call pointer likewise ({@link CallsInProgress}).
 */
@Component
public class SurveyOpener {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyOpener.class);
    /**
     * A pointer to a session that does not exist is a start under way for this long; after that, one that
     * died between taking the number and storing its session, and the number is free again.
     */
    private static final Duration STARTING = Duration.ofMinutes(1);
    /** The error code of a start refused because the number is in another texted survey: worth retrying later. */
    public static final String SURVEY_IN_PROGRESS = "survey_in_progress";
    /**
     * The error code of a start that sent nothing because its respondent's data was erased while it waited for its
     * contact slot (and of a deferred start erased before it fired).
     */
    public static final String RESPONDENT_ERASED = "respondent_erased";

    private final SessionStore store;
    private final OpenSessionMarkers markers;
    private final SessionSteps steps;
    private final SmsConversationPointers pointers;
    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final TwilioGateway twilio;
    private final OutboxLeases leases;
    private final OutboxRelay relay;
    private final SurveyRelayProperties settings;
    private final Clock clock;
    private final RespondentConsent consent;
    private final SmsReminders reminders;
    private final OptOutEverywhere optOutEverywhere;
    private final ApplicationEventPublisher events;
    private final CallsInProgress calls;
    private final UnansweredFirstText unansweredFirstText;
    private final StatusCallbackRetries retries;
    private final RefusedStartEnds refusedEnds;

    public SurveyOpener(SessionStore store, OpenSessionMarkers markers, SessionSteps steps,
            SmsConversationPointers pointers, SurveyCatalog catalog, SurveyProcessor processor, TwilioGateway twilio,
            OutboxLeases leases, OutboxRelay relay, SurveyRelayProperties settings, Clock clock,
            RespondentConsent consent, SmsReminders reminders, OptOutEverywhere optOutEverywhere,
            ApplicationEventPublisher events, CallsInProgress calls, UnansweredFirstText unansweredFirstText,
            StatusCallbackRetries retries, RefusedStartEnds refusedEnds) {
        this.store = store;
        this.markers = markers;
        this.steps = steps;
        this.pointers = pointers;
        this.catalog = catalog;
        this.processor = processor;
        this.twilio = twilio;
        this.leases = leases;
        this.relay = relay;
        this.settings = settings;
        this.clock = clock;
        this.consent = consent;
        this.reminders = reminders;
        this.optOutEverywhere = optOutEverywhere;
        this.events = events;
        this.calls = calls;
        this.unansweredFirstText = unansweredFirstText;
        this.retries = retries;
        this.refusedEnds = refusedEnds;
    }

    /**
     * Opens one session and makes its first contact: checks the suppression list and takes a contact of the
     * frequency cap (a fallback only checks the list), takes the number's conversation pointer for a texted survey
     * or its call pointer for a call ({@link CallsInProgress}), stores the session with its {@code SURVEY_STARTED}
     * event, then texts the welcome or places the call.
     *
     * @param fallbackOf the call a fallback text goes on from (its survey version, language and answers); null for a
     *                   new start
     * @throws HttpProblem {@code 400 unknown_language}, {@code 409 survey_in_progress}, {@code 422
     *     recipient_opted_out}, the frequency cap's refusal, or Twilio's refusal (the session then ends and says why)
     * @throws StartOutcomeUnknown when Twilio did not answer: the text or call may have gone out; or when it took
     *     the first texts of a welcome in several and refused the next (the answer keeps its refusal's code)
     */
    public StartedSurvey open(Channel channel, InitiationRequest request, SurveySession fallbackOf) {
        return open(channel, request, fallbackOf, SessionStore.newSessionId());
    }

    /**
     * As {@link #open(Channel, InitiationRequest, SurveySession)}, for the session {@code sessionId} (one
     * {@link SessionStore#newSessionId} made, and a start's idempotency claim names).
     */
    public StartedSurvey open(Channel channel, InitiationRequest request, SurveySession fallbackOf, String sessionId) {
        return open(channel, request, fallbackOf, sessionId, ContactPace.NONE);
    }

    /**
     * As {@link #open(Channel, InitiationRequest, SurveySession, String)}, waiting for {@code pace} once the session
     * is stored, right before the first contact goes to Twilio (a campaign row's start keeps the campaign's rate).
     */
    public StartedSurvey open(Channel channel, InitiationRequest request, SurveySession fallbackOf, String sessionId,
            ContactPace pace) {
        if (channel == Channel.WHATSAPP) {
            twilio.requireWhatsApp();
        }
        // A fallback goes on with the call's version: its answers are kept under the questions the call asked.
        Survey survey = fallbackOf == null ? catalog.survey(request.surveyId())
                : catalog.survey(fallbackOf.surveyId(), fallbackOf.surveyVersion());
        InitiationRequest asked = inSurveyLanguage(survey, request);
        E164 to = asked.to();
        try (MDC.MDCCloseable logged = MDC.putCloseable(SessionSteps.SESSION_ID, sessionId)) {
            return open(channel, asked, survey, to, sessionId, fallbackOf, pace);
        }
    }

    private StartedSurvey open(Channel channel, InitiationRequest request, Survey survey, E164 to, String sessionId,
            SurveySession fallbackOf, ContactPace pace) {
        // The suppression list and the frequency cap hold on every channel, before anything is claimed or sent.
        // A number Twilio refused a text to as no mobile number (21614) is refused an SMS start without asking Twilio.
        boolean byText = channel == Channel.SMS;
        RespondentConsent.Contact contact = fallbackOf == null ? consent.claimContact(to, byText) : null;
        if (fallbackOf != null) {
            RespondentRecords.Respondent record = consent.checkNotOptedOut(to);
            if (byText) {
                consent.checkTakesTexts(record, clock.instant());
            }
        }
        Decision started;
        SessionRef ref;
        StoredSession stored = null;
        Optional<SmsConversation> numberWas = null;
        CallsInProgress.Claim call = null;
        try {
            if (channel.messaging()) {
                numberWas = claimNumber(to, sessionId);
            } else {
                call = calls.claim(to, sessionId);
            }
            Inbox earlierTexts = earlierTexts(to, numberWas);
            SurveySession fresh = fallbackOf == null
                    ? SurveySession.begin(sessionId, survey, to, channel, request.language(),
                            request.timeZone(), clock.instant())
                    : SurveySession.fallingBack(sessionId, survey, fallbackOf, clock.instant());
            started = processor.process(survey, fresh, new SurveyInput.Start());
            ref = SessionRef.of(fresh);
            Instant now = clock.instant();
            markers.markOpen(ref);
            stored = store.create(started.session(),
                    leases.claim(Outbox.EMPTY.append(started.events(), null, now), now), earlierTexts);
        } catch (RuntimeException nothingSent) {
            if (numberWas != null) {
                giveBackNumber(to, sessionId, numberWas);
            }
            if (call != null && stored == null) {
                calls.giveBack(call);
            }
            releaseContact(contact);
            throw nothingSent instanceof SurveyInProgress busy ? busy.askedFor(survey.surveyId()) : nothingSent;
        }
        try {
            checkStillNotOptedOut(to);
        } catch (HttpProblem optedOut) {
            // Opted out while this start stored its session: it ends opted out, and says that nothing was sent.
            endRefusedStart(ref, SurveyStatus.OPTED_OUT, "not-delivered:recipient_opted_out", started);
            releaseContact(contact);
            throw optedOut;
        }
        // An interrupted wait (the instance stopping) makes the contact with the thread's interrupt cleared, so the
        // HTTP and S3 clients do not abort it half made, and sets it again once the start is done.
        boolean interrupted = pace.awaitTurn();
        try {
            if (pace != ContactPace.NONE) {
                refuseWhenEndedWhileWaiting(ref, contact);
                refuseWhenCalledOff(pace, ref, contact, started);
            }
            String twilioSid;
            try {
                if (channel == Channel.SMS) {
                    // Each part at most 1,600 characters (SmsTexts); the first part's sid identifies the start.
                    twilioSid = null;
                    int sent = 0;
                    for (String text : started.messages()) {
                        String sid;
                        try {
                            sid = twilio.sendSms(to, text);
                        } catch (HttpProblem later) {
                            if (sent == 0) {
                                throw later;
                            }
                            throw partlySent(later, sent, started.messages().size(), sessionId);
                        }
                        sent++;
                        twilioSid = twilioSid == null ? sid : twilioSid;
                    }
                } else if (channel == Channel.WHATSAPP) {
                    // WhatsApp takes a business-initiated message only as an approved template: the welcome goes in its
                    // variable, and the rest of the conversation answers the respondent's messages, inside the window.
                    twilioSid = twilio.sendWhatsAppTemplate(to, String.join("\n\n", started.messages()));
                } else {
                    TwilioGateway.CallCreation created = twilio.placeCall(to,
                            processor.voiceWebhook().forTurn(sessionId, 0),
                            processor.voiceWebhook().forStatus(sessionId));
                    twilioSid = created.sid();
                    calls.placed(call, sessionId, created);
                }
            } catch (StartOutcomeUnknown partly) {
                countStarted(started);
                relay.wake(stored);
                throw partly;
            } catch (HttpProblem problem) {
                if ("recipient_opted_out".equals(problem.code())) {
                    // Twilio error 21610: the number replied STOP to our sender at some point.
                    consent.optOut(to, RespondentRecords.Sources.TWILIO_21610);
                    optOutEverywhere.endOpenSessions(to, sessionId);
                }
                if (problem instanceof NotAMobileNumber && channel == Channel.SMS) {
                    rememberNotMobile(to);
                }
                if (!TwilioGateway.OUTCOME_UNKNOWN.equals(problem.code())) {
                    // Twilio refused, or was never reached: nothing went out, so the session ends and says why.
                    SurveyStatus status = "recipient_opted_out".equals(problem.code())
                            ? SurveyStatus.OPTED_OUT : SurveyStatus.ABANDONED;
                    endRefusedStart(ref, status, "not-delivered:" + problem.code(), started);
                    releaseContact(contact);
                    throw problem;
                }
                // No answer from Twilio (a read timeout, a reset): the text or call may have gone out, so the session
                // stays open to take the reply and keeps the number (a retry gets 409, never a second text) until it
                // expires; the idempotency key is kept as started. The pointer says so, for a later start to ask
                // Twilio whether the text went out (UnansweredFirstText).
                if (channel == Channel.SMS) {
                    markFirstTextUnknown(to, sessionId);
                }
                countStarted(started);
                relay.wake(stored);
                throw new StartOutcomeUnknown(problem, sessionId, new TriggerLedger.FirstAnswer(survey.surveyId(),
                        channel.value(), started.session().languageSet(), null));
            } catch (RuntimeException unknown) {
                countStarted(started);
                relay.wake(stored);
                throw unknown;
            }
            countStarted(started);
            relay.wake(stored);
            reminders.dueAt(stored.session()).ifPresent(at -> relay.wakeAt(ref, at));
            LOG.info("Started {} survey {} session {} to {}", channel.value(), survey.surveyId(), sessionId, to);
            return StartedSurvey.started(sessionId, survey.surveyId(), channel.value(),
                    started.session().languageSet(), started.session().surveyStatus().name(), twilioSid);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Publishes the start's stored {@code SURVEY_STARTED} for what counts surveys, once Twilio took the first text or
     * call, or may have (no answer, part of a welcome taken, a failure after the request): the session stays open
     * then and ends as any other. A start Twilio refused never publishes it; its end says so ({@link
     * SurveyInput.Ended#startRefused}).
     */
    private void countStarted(Decision started) {
        events.publishEvent(new SurveyEventsStored(started.events()));
    }

    /**
     * Ends a start whose first text or call never went out, saying so ({@link SurveyInput.Ended#startRefused}), so
     * that it is counted once as {@code refused} and never as started. Storage failing, the end is tried again on this
     * instance for about a minute ({@link StatusCallbackRetries#REFUSED_START_END}), and the start still answers with
     * its own refusal. Should every try fail, the end is kept in this instance's memory ({@link RefusedStartEnds}) and
     * stored at the next outbox sweep, or by the next start here to the number, once storage is back: the number is
     * free then, and the start is still counted {@code refused}, once. Lost with the instance (kill -9), the session
     * stays {@code STARTED} until the sweep ends it {@code expired}. Until 2026-12-06 storage failing here answered 503,
     * and the session's later end was counted {@code abandoned} with no start counted; later that day, an end given up
     * was counted {@code started} and the number stayed held until {@code SMS_CONVERSATION_TIMEOUT}.
     *
     * @param started the start's decision, whose {@code SURVEY_STARTED} the session stored
     * @throws RuntimeException what the end's step threw, when it is no storage failure
     */
    private void endRefusedStart(SessionRef ref, SurveyStatus status, String reason, Decision started) {
        SurveyInput.Ended ending = new SurveyInput.Ended(status, reason, true);
        Runnable end = () -> steps.apply(ref, ending)
                .map(SessionSteps.Step::stored)
                .ifPresent(relay::wake);
        try {
            end.run();
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null) {
                throw e;
            }
            LOG.warn("A start to session {} sent nothing ({}), and storage failed to end it; trying again: {}",
                    ref.sessionId(), reason, e.toString());
            retries.retry(ref.sessionId(), StatusCallbackRetries.REFUSED_START_END, end, () -> {
                if (!refusedEnds.keep(ref, ending)) {
                    countStarted(started);
                }
            });
        }
    }

    /**
     * Remembers Twilio's refusal of a text to {@code to} as no mobile number, so the next SMS starts to it are refused
     * without asking Twilio (for {@code NOT_MOBILE_MEMORY}, {@link
     * com.surveyrelay.consent.ConsentProperties#notMobileMemory}). Storage failing, it is only logged: this
     * start is refused all the same, and the next one asks Twilio again.
     */
    private void rememberNotMobile(E164 to) {
        try {
            consent.rememberNotMobile(to);
        } catch (RuntimeException e) {
            LOG.warn("Twilio refused a text to {} as no mobile number, and storage failed to remember it: {}", to,
                    e.toString());
        }
    }

    /**
     * A welcome in several texts that Twilio took in part: the respondent has its first {@code sent} texts, so the
     * session stays open for their reply and the start is not made again (a retry would send those texts twice), as
     * when Twilio did not answer.
     *
     * @param refusal Twilio's refusal of the next text, whose code the answer keeps
     */
    private static StartOutcomeUnknown partlySent(HttpProblem refusal, int sent, int texts, String sessionId) {
        LOG.warn("Twilio took {} of the welcome's {} texts and refused the next ({}): the survey stays open for a "
                + "reply", sent, texts, refusal.code());
        return new StartOutcomeUnknown(new HttpProblem(502, refusal.code(), "Twilio took the first " + sent + " of "
                + "the welcome's " + texts + " texts and refused the next (" + refusal.getMessage() + "). The "
                + "respondent has part of the welcome, so the survey stays open for a reply, and a retry with the "
                + "same Idempotency-Key sends nothing again."), sessionId);
    }

    /**
     * Looks at the suppression list again, once the session is marked open and stored: an opt-out recorded since the
     * first check went through the number's open sessions before this one was there to end. One side always sees the
     * other: an opt-out written after this read finds this session's marker, and ends it. Should storage fail here,
     * the start goes on, on the first check a moment before: refusing would leave the number held by a session that
     * sent nothing, and a retry refused as {@code survey_in_progress} until it expires.
     *
     * @throws HttpProblem {@code 422 recipient_opted_out}
     */
    private void checkStillNotOptedOut(E164 to) {
        try {
            consent.checkNotOptedOut(to);
        } catch (HttpProblem refused) {
            throw refused;
        } catch (RuntimeException storage) {
            LOG.warn("Could not read the suppression list again before sending ({}); sending on the first check",
                    storage.toString());
        }
    }

    /**
     * Reads the session again after a campaign row's wait for its contact slot: an erasure of the number meanwhile
     * ended it ({@code erased}) or deleted it, and an opt-out ended it ({@code OPTED_OUT}); either way nothing may be
     * sent. The wait is about the spread of the row's S3 writes (rows already start at the campaign rate, see
     * {@code CampaignContactPace}), so it normally ends well inside the minute an erasure refuses
     * {@code survey_in_progress} for (see {@code RespondentErasure}); this read covers a wait beyond it, with a store
     * that slow. One S3 GET, made by every campaign row's start (a pace other than {@link ContactPace#NONE}), waited or
     * not: a start without a pace texts or calls within seconds of taking the number. Should storage fail here, the
     * start goes on, as {@link #checkStillNotOptedOut} does. Not covered: the instant between this read and the Twilio
     * request (an erasure then is not refused and the contact goes out), and a "Survey Started" the relay's sweep
     * (every {@code OUTBOX_SWEEP_INTERVAL}) delivered from the stored session during a wait that long: it stays
     * published, and no end event follows it. A session ended otherwise (opted out) has its events woken for the relay.
     *
     * @throws HttpProblem {@code 409 respondent_erased} when the session is gone or ended {@code erased};
     *     {@code 422 recipient_opted_out} when it ended opted out; {@code 409 survey_ended} when it ended otherwise.
     *     The frequency cap's contact is given back first, as nobody was reached.
     */
    private void refuseWhenEndedWhileWaiting(SessionRef ref, RespondentConsent.Contact contact) {
        Optional<StoredSession> now;
        try {
            now = store.find(ref);
        } catch (RuntimeException storage) {
            LOG.warn("Could not read the session again after its contact slot ({}); sending on the first read",
                    storage.getClass().getSimpleName());
            return;
        }
        SurveySession session = now.map(StoredSession::session).orElse(null);
        if (session != null && !session.surveyStatus().isFinal()) {
            return;
        }
        releaseContact(contact);
        if (session == null || SurveyProcessor.ERASED.equals(session.endReason())) {
            LOG.info("Sent nothing: the respondent's data was erased while the start waited for its contact slot");
            throw new HttpProblem(409, RESPONDENT_ERASED, "The respondent's data was erased while this start waited "
                    + "for its contact slot; nothing was sent.");
        }
        // Its events (the opt-out's end, Survey Started) go to the bus now, not at the next sweep, from the copy read
        // here; never from the one stored before the wait. An erased session's are gone with it.
        relay.wake(now.get());
        if (session.surveyStatus() == SurveyStatus.OPTED_OUT) {
            throw new HttpProblem(422, "recipient_opted_out", "The number opted out while this start waited for its "
                    + "contact slot; nothing was sent.");
        }
        throw new HttpProblem(409, "survey_ended", "The survey ended (" + session.endReason() + ") while this start "
                + "waited for its contact slot; nothing was sent.");
    }

    /**
     * Sends nothing when the start's pace was called off while it waited ({@link ContactPace#calledOff}: its campaign
     * cancelled): the stored session ends {@code ABANDONED}, {@code not-delivered:campaign_cancelled}, as a start
     * Twilio refused does, and the number is free for the next survey.
     *
     * @throws HttpProblem {@code 409 campaign_cancelled} when it was called off
     */
    private void refuseWhenCalledOff(ContactPace pace, SessionRef ref, RespondentConsent.Contact contact,
            Decision started) {
        if (!pace.calledOff()) {
            return;
        }
        LOG.info("Sent nothing: the campaign was cancelled while the start waited for its contact slot");
        String code = ScheduledStartFiring.CAMPAIGN_CANCELLED;
        endRefusedStart(ref, SurveyStatus.ABANDONED, "not-delivered:" + code, started);
        releaseContact(contact);
        throw new HttpProblem(409, code, "The campaign was cancelled while this start waited for its contact slot; "
                + "nothing was sent.");
    }

    /**
     * Marks the number's pointer as this start's, whose first text Twilio never answered; a failure only logs (the
     * number then stays held until {@code SMS_CONVERSATION_TIMEOUT}, as before the mark was kept).
     */
    private void markFirstTextUnknown(E164 to, String sessionId) {
        try {
            if (!pointers.markFirstTextUnknown(to, sessionId, clock.instant())) {
                LOG.info("The number's SMS pointer changed before the unanswered first text was marked on it");
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not mark the number's SMS pointer with the unanswered first text: {}", e.toString());
        }
    }

    /**
     * Points the number back where it pointed before a start that took it and then failed to store its session, so a
     * retry is not refused as {@code survey_in_progress} by a pointer to a session that never came (for
     * {@link #STARTING}). Should storage fail here too, that is what a retry meets; it only logs.
     */
    private void giveBackNumber(E164 to, String sessionId, Optional<SmsConversation> before) {
        try {
            pointers.giveBack(to, sessionId, before);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back the number of a start that stored no session: {}", e.toString());
        }
    }

    /** Gives back the frequency cap's contact of a start that reached nobody; a failure to do so only logs. */
    private void releaseContact(RespondentConsent.Contact contact) {
        if (contact == null) {
            return;
        }
        try {
            consent.release(contact);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back the contact of a start that reached nobody: {}", e.toString());
        }
    }

    /**
     * The texts the number's previous texted session applied, so that a repeat of one (Twilio delivers a webhook at
     * least once) is answered with nothing rather than taken as an answer to this survey. From this instance's copy of
     * that session when it keeps one (the session ended here a moment ago: no read, as before), else one read of it.
     * A text another instance applied to it after this instance's copy is not known then; its repeat after the new
     * start would be taken as before.
     *
     * @param numberWas the number's pointer before this start took it; null for a call, empty for a number without one
     * @return its inbox's texts ({@link Inbox#earlierTexts}); empty when there is no previous session, or it was erased
     *     or cannot be read as a session (logged)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails: the start fails and gives the number
     *     back, as any failure before its session is stored
     */
    private Inbox earlierTexts(E164 to, Optional<SmsConversation> numberWas) {
        if (numberWas == null || numberWas.isEmpty()) {
            return Inbox.EMPTY;
        }
        try {
            return store.findRecent(new SessionRef(to, numberWas.get().sessionId()))
                    .map(previous -> Inbox.earlierTexts(previous.inbox())).orElse(Inbox.EMPTY);
        } catch (UnreadableSessionException e) {
            LOG.warn("The number's previous session {} cannot be read, so repeats of its texts are not recognised: {}",
                    numberWas.get().sessionId(), e.getMessage());
            return Inbox.EMPTY;
        }
    }

    /**
     * Takes the number's SMS conversation for a new session: one number has one at a time, since texts carry no
     * session id. It starts from this instance's copy of the number's pointer when it has one, and from the bucket's
     * when that copy proves stale (another instance took the number since: the conditional write fails), so a start
     * after a survey this instance served reads neither the pointer nor the finished session.
     *
     * @return the pointer as it was before, empty when the number had none
     * @throws HttpProblem 409 {@code survey_in_progress} when the number's survey is still running, or another start
     *         took the number at the same moment
     */
    private Optional<SmsConversation> claimNumber(E164 to, String sessionId) {
        Optional<SmsConversation> known = pointers.known(to);
        if (known.isPresent() && claimedFromCopy(to, sessionId, known.get())) {
            return known;
        }
        SmsConversation current = endPreviousSmsSurvey(to, pointers.find(to).orElse(null));
        if (!pointers.claim(to, sessionId, current, clock.instant())) {
            throw new HttpProblem(409, SURVEY_IN_PROGRESS,
                    "Another survey to this number was started at the same moment.");
        }
        return Optional.ofNullable(current);
    }

    /**
     * Takes the number from this instance's copy of its pointer.
     *
     * @return false when the copy proved stale (the conditional write failed), or names a session the bucket does not
     *         hold and was written under {@link #STARTING} ago: a start under way, or a survey erased since on another
     *         instance, which deleted the pointer with it; the bucket's pointer tells the two apart, and until
     *         2026-12-05 the copy alone refused the start after such an erasure
     */
    private boolean claimedFromCopy(E164 to, String sessionId, SmsConversation copy) {
        SmsConversation previous;
        try {
            previous = endPreviousSmsSurvey(to, copy);
        } catch (StartUnderWay maybeErased) {
            return false;
        }
        return pointers.claim(to, sessionId, previous, clock.instant());
    }

    /**
     * A survey in progress blocks a new one; one left unanswered longer than the timeout is ended so the new one can
     * take over, and so is one with no reply whose first text Twilio's list of messages shows never went out ({@link
     * UnansweredFirstText}), and so is a start that sent nothing whose end this instance keeps until
     * storage takes it ({@link RefusedStartEnds}).
     *
     * @param pointer the number's pointer, as read or as this instance last wrote it; null when the number has none
     * @return {@code pointer}, for the conditional write that takes the number
     */
    private SmsConversation endPreviousSmsSurvey(E164 to, SmsConversation pointer) {
        if (pointer == null) {
            return null;
        }
        SessionRef previousRef = new SessionRef(to, pointer.sessionId());
        if (store.seenFinal(previousRef)) {
            return pointer;
        }
        Optional<StoredSession> previous = store.find(previousRef);
        if (previous.isEmpty() && pointer.pointedAt().plus(STARTING).isAfter(clock.instant())) {
            // Another start took the number a moment ago and is still creating its session.
            throw new StartUnderWay(Duration.between(clock.instant(), pointer.pointedAt().plus(STARTING)));
        }
        if (previous.isPresent() && !previous.get().session().surveyStatus().isFinal()) {
            SurveySession running = previous.get().session();
            if (running.updatedAt().plus(settings.smsConversationTimeout()).isAfter(clock.instant())) {
                if (refusedEnds.endNow(previousRef) || unansweredFirstText.endedAsNeverSent(previous.get())) {
                    return pointer;
                }
                // When it ends without a reply is said: a developer's test number looked stuck for a day with no
                // word of why (a newcomer's probe, 2026-12-07).
                throw new SurveyInProgress("This number is in the middle of a texted survey (SMS or WhatsApp); "
                        + "start another when it ends: when the respondent finishes it, or at "
                        + running.updatedAt().plus(settings.smsConversationTimeout()).truncatedTo(
                                java.time.temporal.ChronoUnit.SECONDS)
                        + " without a reply (SMS_CONVERSATION_TIMEOUT after their last step).", running.surveyId());
            }
            steps.apply(previousRef, new SurveyInput.Ended(SurveyStatus.ABANDONED, SurveyProcessor.EXPIRED))
                    .map(SessionSteps.Step::stored)
                    .ifPresent(relay::wake);
        }
        return pointer;
    }

    /**
     * The request with its language written as the survey's own tag ({@code en-US} for a request's {@code en}:
     * {@link Survey#languagesMeant}), so a session stores and answers the survey's tag, never the caller's spelling.
     *
     * @throws HttpProblem {@code 400 unknown_language} when the request names a language the survey lacks, or a
     *     bare language the survey has in several regions, none of them its default (the message lists them)
     */
    static InitiationRequest inSurveyLanguage(Survey survey, InitiationRequest request) {
        if (request.language() == null) {
            return request;
        }
        List<String> meant = survey.languagesMeant(request.language());
        if (meant.size() > 1) {
            throw new HttpProblem(400, "unknown_language", "The survey speaks " + request.language() + " as "
                    + String.join(" and ", meant) + "; name one of them.");
        }
        if (meant.isEmpty()) {
            throw new HttpProblem(400, "unknown_language", "The survey has no prompts in " + request.language()
                    + "; it speaks " + survey.languages().keySet().stream().sorted().toList() + ".");
        }
        return request.withLanguage(meant.get(0));
    }

    /**
     * {@code 409 survey_in_progress}: the number's pointer names a session not stored yet, written under
     * {@link #STARTING} ago, so another start is still creating it, or its instance stopped half way (killed): the
     * number is free again once {@link #STARTING} is over. It says so, with {@code Retry-After} for then: until
     * 2026-12-06 it said only that another start came "at the same moment", wrong a minute after an instance died.
     */
    private static final class StartUnderWay extends HttpProblem {

        /** @param left how long the other start still holds the number: 0 to {@link #STARTING} */
        StartUnderWay(Duration left) {
            super(409, SURVEY_IN_PROGRESS, "Another survey to this number was started moments ago and has not "
                    + "finished starting (if its instance stopped half way, the number is free again within a "
                    + "minute); nothing was sent. Try again after Retry-After.",
                    Math.max(1, (int) Math.min(STARTING.toSeconds(), left.toSeconds() + 1)));
        }
    }
}
