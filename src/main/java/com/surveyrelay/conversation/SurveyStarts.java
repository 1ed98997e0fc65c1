package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.QuietHours;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.Decision;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Starts surveys, for the initiation routes, bus triggers and campaigns: stores the new session with its
 * {@code SURVEY_STARTED} event in its outbox, then texts the welcome or places the call. An SMS survey first
 * takes the number's conversation pointer with a conditional write, so of two starts to one number at the
 * same moment, on one instance or several, exactly one texts and the other answers
 * {@code 409 survey_in_progress} having sent nothing.
 */
@Component("surveyStarts")
public class SurveyStarts {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyStarts.class);
    /**
     * A pointer to a session that does not exist is a start under way for this long; after that, one that
     * died between taking the number and storing its session, and the number is free again.
     */
    private static final Duration STARTING = Duration.ofMinutes(1);
    private static final String SURVEY_IN_PROGRESS = "survey_in_progress";

    /**
     * A start whose text or call left for Twilio without an answer: it may have gone out. The session stays open
     * for the reply, and the idempotency key is kept as started, so no retry sends again.
     */
    public static final class OutcomeUnknown extends HttpProblem {
        private final String sessionId;

        OutcomeUnknown(HttpProblem problem, String sessionId) {
            super(problem.status(), problem.code(), problem.getMessage());
            this.sessionId = sessionId;
        }

        /** The session the start opened and keeps open, to take the reply should the text or call have gone out. */
        public String sessionId() {
            return sessionId;
        }
    }

    private final SessionStore store;
    private final SessionSteps steps;
    private final SmsConversationPointers pointers;
    private final TriggerLedger ledger;
    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final TwilioGateway twilio;
    private final OutboxLeases leases;
    private final OutboxRelay relay;
    private final SurveyRelayProperties settings;
    private final Clock clock;
    private final RespondentConsent consent;
    private final SmsReminders reminders;
    private final QuietHours quietHours;
    private final ScheduledStartStore scheduledStarts;
    private final OptOutEverywhere optOutEverywhere;
    private final ApplicationEventPublisher events;

    public SurveyStarts(SessionStore store, SessionSteps steps, SmsConversationPointers pointers, TriggerLedger ledger,
            SurveyCatalog catalog, SurveyProcessor processor, TwilioGateway twilio, OutboxLeases leases,
            OutboxRelay relay, SurveyRelayProperties settings, Clock clock, RespondentConsent consent,
            SmsReminders reminders, QuietHours quietHours, ScheduledStartStore scheduledStarts,
            OptOutEverywhere optOutEverywhere, ApplicationEventPublisher events) {
        this.events = events;
        this.optOutEverywhere = optOutEverywhere;
        this.quietHours = quietHours;
        this.scheduledStarts = scheduledStarts;
        this.consent = consent;
        this.reminders = reminders;
        this.store = store;
        this.steps = steps;
        this.pointers = pointers;
        this.ledger = ledger;
        this.catalog = catalog;
        this.processor = processor;
        this.twilio = twilio;
        this.leases = leases;
        this.relay = relay;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts the survey a request asks for, once per idempotency key when it carries one; outside the respondent's
     * contact hours the start is deferred instead ({@link #startScheduled} fires it), answered 202.
     */
    public StartedSurvey start(StartRequest request) {
        InitiationRequest asked = request.request();
        Survey survey = catalog.survey(asked.surveyId());
        Optional<Instant> later = quietHours.deferUntil(asked.to(), survey, asked.timeZone());
        if (later.isPresent()) {
            return defer(request, survey, later.get());
        }
        return request.idempotencyKey() == null
                ? start(request.channel(), asked)
                : startOnce(request.channel(), asked, request.idempotencyKey());
    }

    /**
     * Stores a start for the respondent's next contact hours, after the checks that would refuse it now (language,
     * opt-out, frequency cap), so a refusal is answered at once rather than at firing time.
     */
    private StartedSurvey defer(StartRequest request, Survey survey, Instant at) {
        InitiationRequest asked = request.request();
        checkLanguage(survey, asked);
        consent.checkMayAsk(asked.to());
        String key = request.idempotencyKey();
        String fingerprint = request.fingerprint();
        if (key != null && ledger.claim(key, null, fingerprint).isEmpty()) {
            return duplicate(key, fingerprint);
        }
        ScheduledStart scheduled = new ScheduledStart(UUID.randomUUID().toString(), request.channel().value(),
                asked.to().value(), asked.language(), asked.surveyId(),
                asked.timeZone() == null ? null : asked.timeZone().getId(), key, at, clock.instant());
        try {
            scheduledStarts.save(scheduled);
        } catch (RuntimeException e) {
            if (key != null) {
                ledger.release(key);
            }
            throw e;
        }
        if (key != null) {
            ledger.scheduled(key, scheduled.id(), fingerprint);
        }
        LOG.info("Deferred a {} survey to {} until {}: quiet hours", request.channel().value(), asked.to(), at);
        return StartedSurvey.deferred(scheduled.id(), at.toString(), survey.surveyId(), request.channel().value());
    }

    /**
     * Fires a start deferred by quiet hours, as it was asked (the respondent's opt-out and the frequency cap are
     * checked again now), and records its outcome under its idempotency key.
     *
     * @throws HttpProblem as a start does
     */
    public StartedSurvey startScheduled(ScheduledStart scheduled) {
        Channel channel = Channel.fromValue(scheduled.channel());
        InitiationRequest request = new InitiationRequest(new E164(scheduled.to()), scheduled.language(),
                scheduled.surveyId(), scheduled.timeZone() == null ? null : ZoneId.of(scheduled.timeZone()));
        String key = scheduled.idempotencyKey();
        // As the deferred request's claim was taken: the schedule keeps what it asked, validated.
        String fingerprint = StartRequest.fingerprint(channel, request);
        try {
            StartedSurvey started = start(channel, request);
            if (key != null) {
                recordSent(() -> ledger.started(key, started.sessionId(), fingerprint));
            }
            return started;
        } catch (OutcomeUnknown unknown) {
            if (key != null) {
                recordSent(() -> ledger.startedUnknown(key, unknown.sessionId, fingerprint));
            }
            throw unknown;
        } catch (HttpProblem problem) {
            // A busy number is no outcome to keep, as in startOnce: the key is freed.
            if (key != null && SURVEY_IN_PROGRESS.equals(problem.code())) {
                ledger.release(key);
            } else if (key != null && problem.status() < 500) {
                ledger.failed(key, problem.code(), fingerprint);
            }
            throw problem;
        }
    }

    /**
     * Starts a survey once per idempotency key, however often the request is delivered. A duplicate is
     * answered with what the first delivery did ({@code duplicate: true}) and sends nothing.
     */
    public StartedSurvey startOnce(Channel channel, InitiationRequest request, String idempotencyKey) {
        String fingerprint = StartRequest.fingerprint(channel, request);
        if (ledger.claim(idempotencyKey, null, fingerprint).isEmpty()) {
            return duplicate(idempotencyKey, fingerprint);
        }
        StartedSurvey started;
        try {
            started = start(channel, request);
        } catch (OutcomeUnknown unknown) {
            recordSent(() -> ledger.startedUnknown(idempotencyKey, unknown.sessionId, fingerprint));
            throw unknown;
        } catch (HttpProblem problem) {
            // A busy number is no outcome to keep: as for a failure on our side, a retry may start the survey.
            if (problem.status() >= 500 || SURVEY_IN_PROGRESS.equals(problem.code())) {
                ledger.release(idempotencyKey);
            } else {
                ledger.failed(idempotencyKey, problem.code(), fingerprint);
            }
            throw problem;
        } catch (RuntimeException e) {
            ledger.release(idempotencyKey);
            throw e;
        }
        recordSent(() -> ledger.started(idempotencyKey, started.sessionId(), fingerprint));
        return started;
    }

    /**
     * Records in the trigger ledger how a start whose text or call went out ended. Never throws: should storage fail,
     * the key's claim stays {@code claimed}, so a repeat is answered as still starting and sends nothing. Freeing the
     * key, or answering the start's request with an error that says nothing was sent, would have its retry text or
     * call the respondent a second time.
     */
    private static void recordSent(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("A survey went out, but storage failed recording it under its idempotency key ({}); the key "
                    + "stays claimed, so a repeat sends nothing", e.toString());
        }
    }

    /** What a repeated request is answered: the first delivery's outcome, sending nothing. */
    private StartedSurvey duplicate(String idempotencyKey) {
        return duplicate(idempotencyKey, null);
    }

    /**
     * What a request under a key already claimed is answered: the first delivery's outcome, sending nothing.
     *
     * @param fingerprint what this request asks ({@link StartRequest#fingerprint}), or null not to compare
     * @throws HttpProblem {@code 422 idempotency_key_reused} when the first request under the key asked something
     *     else (draft-ietf-httpapi-idempotency-key-header, section 2.7); a claim kept without a fingerprint (written
     *     before they were kept) is taken for a repeat, as it was then
     */
    private StartedSurvey duplicate(String idempotencyKey, String fingerprint) {
        TriggerLedger.Entry first = ledger.find(idempotencyKey).orElse(null);
        if (first != null && fingerprint != null && first.request() != null && !first.request().equals(fingerprint)) {
            throw new HttpProblem(422, "idempotency_key_reused", "The idempotency key was already used for a "
                    + "different request (another number, channel, language, survey or time zone); nothing was sent. "
                    + "Give each new request a key of its own.");
        }
        return StartedSurvey.repeat(first == null ? "claimed" : first.state(), first == null ? null : first.sessionId());
    }

    private static void checkLanguage(Survey survey, InitiationRequest request) {
        if (request.language() != null && !survey.hasLanguage(request.language())) {
            throw new HttpProblem(400, "unknown_language", "The survey has no prompts in " + request.language()
                    + "; it speaks " + survey.languages().keySet().stream().sorted().toList() + ".");
        }
    }

    private StartedSurvey start(Channel channel, InitiationRequest request) {
        return start(channel, request, null);
    }

    /**
     * The SMS fallback of a call that ended (see {@link ChannelFallbacks}): once per call, keyed
     * {@code fallback:<sessionId>}; not deferred by quiet hours nor held back by the frequency cap, as it goes on
     * with a contact just made, but refused to a number that opted out.
     *
     * @throws HttpProblem as a start does, {@code 409 survey_in_progress} when the number is in another SMS survey
     */
    public StartedSurvey startFallback(SurveySession call) {
        String key = "fallback:" + call.sessionId();
        if (ledger.claim(key).isEmpty()) {
            return duplicate(key);
        }
        StartedSurvey started;
        try {
            started = start(Channel.SMS, new InitiationRequest(new E164(call.surveyTo()),
                    call.languageSet(), call.surveyId()), call);
        } catch (HttpProblem problem) {
            ledger.failed(key, problem.code());
            throw problem;
        } catch (RuntimeException e) {
            ledger.failed(key, "internal_error");
            throw e;
        }
        recordSent(() -> ledger.started(key, started.sessionId()));
        return started;
    }

    private StartedSurvey start(Channel channel, InitiationRequest request, SurveySession fallbackOf) {
        if (channel == Channel.WHATSAPP) {
            twilio.requireWhatsApp();
        }
        // A fallback goes on with the call's version: its answers are kept under the questions the call asked.
        Survey survey = fallbackOf == null ? catalog.survey(request.surveyId())
                : catalog.survey(fallbackOf.surveyId(), fallbackOf.surveyVersion());
        checkLanguage(survey, request);
        E164 to = request.to();
        String sessionId = SessionStore.newSessionId();
        try (MDC.MDCCloseable logged = MDC.putCloseable(SurveyConversations.SESSION_ID, sessionId)) {
            return start(channel, request, survey, to, sessionId, fallbackOf);
        }
    }

    private StartedSurvey start(Channel channel, InitiationRequest request, Survey survey, E164 to, String sessionId,
            SurveySession fallbackOf) {
        // The suppression list and the frequency cap hold on every channel, before anything is claimed or sent.
        RespondentConsent.Contact contact = fallbackOf == null ? consent.claimContact(to) : null;
        if (fallbackOf != null) {
            consent.checkNotOptedOut(to);
        }
        Decision started;
        SessionRef ref;
        StoredSession stored;
        Optional<SmsConversation> numberWas = null;
        try {
            if (channel.messaging()) {
                numberWas = claimNumber(to, sessionId);
            }
            SurveySession fresh = fallbackOf == null
                    ? SurveySession.begin(sessionId, survey, to, channel, request.language(), clock.instant())
                    : SurveySession.fallingBack(sessionId, survey, fallbackOf, clock.instant());
            started = processor.process(survey, fresh, new SurveyInput.Start());
            ref = SessionRef.of(fresh);
            Instant now = clock.instant();
            store.markOpen(ref);
            stored = store.create(started.session(),
                    leases.claim(Outbox.EMPTY.append(started.events(), null, now), now));
            events.publishEvent(new SurveyEventsStored(started.events()));
        } catch (RuntimeException nothingSent) {
            if (numberWas != null) {
                giveBackNumber(to, sessionId, numberWas);
            }
            releaseContact(contact);
            throw nothingSent;
        }
        try {
            checkStillNotOptedOut(to);
        } catch (HttpProblem optedOut) {
            // Opted out while this start stored its session: it ends as the opt-out's own sweep would have ended it.
            steps.apply(ref, new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "opt-out"))
                    .map(SessionSteps.Step::stored)
                    .ifPresent(relay::wake);
            releaseContact(contact);
            throw optedOut;
        }
        String twilioSid;
        try {
            if (channel == Channel.SMS) {
                // Each part at most 1,600 characters (SmsTexts); the first part's sid identifies the start.
                twilioSid = null;
                for (String text : started.messages()) {
                    String sid = twilio.sendSms(to, text);
                    twilioSid = twilioSid == null ? sid : twilioSid;
                }
            } else if (channel == Channel.WHATSAPP) {
                // WhatsApp takes a business-initiated message only as an approved template: the welcome goes in its
                // variable, and the rest of the conversation answers the respondent's messages, inside the window.
                twilioSid = twilio.sendWhatsAppTemplate(to, String.join("\n\n", started.messages()));
            } else {
                twilioSid = twilio.placeCall(to, processor.voiceWebhook().forTurn(sessionId, 0),
                        processor.voiceWebhook().forStatus(sessionId));
            }
        } catch (HttpProblem problem) {
            if ("recipient_opted_out".equals(problem.code())) {
                // Twilio error 21610: the number replied STOP to our sender at some point.
                consent.optOut(to, RespondentRecords.Sources.TWILIO_21610);
                optOutEverywhere.endOpenSessions(to, sessionId);
            }
            if (!TwilioGateway.OUTCOME_UNKNOWN.equals(problem.code())) {
                // Twilio refused, or was never reached: nothing went out, so the session ends and says why.
                SurveyStatus status = "recipient_opted_out".equals(problem.code())
                        ? SurveyStatus.OPTED_OUT : SurveyStatus.ABANDONED;
                steps.apply(ref, new SurveyInput.Ended(status, "not-delivered:" + problem.code()))
                        .map(SessionSteps.Step::stored)
                        .ifPresent(relay::wake);
                releaseContact(contact);
                throw problem;
            }
            // No answer from Twilio (a read timeout, a reset): the text or call may have gone out, so the session
            // stays open to take the reply and keeps the number (a retry gets 409, never a second text) until it
            // expires; the idempotency key is kept as started.
            relay.wake(stored);
            throw new OutcomeUnknown(problem, sessionId);
        } catch (RuntimeException unknown) {
            relay.wake(stored);
            throw unknown;
        }
        relay.wake(stored);
        reminders.dueAt(stored.session()).ifPresent(at -> relay.wakeAt(ref, at));
        LOG.info("Started {} survey {} session {} to {}", channel.value(), survey.surveyId(), sessionId, to);
        return StartedSurvey.started(sessionId, survey.surveyId(), channel.value(),
                started.session().languageSet(), started.session().surveyStatus().name(), twilioSid);
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
        if (known.isPresent()
                && pointers.claim(to, sessionId, endPreviousSmsSurvey(to, known.get()), clock.instant())) {
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
     * A survey in progress blocks a new one; one left unanswered longer than the timeout is ended so the new one can
     * take over.
     *
     * @param pointer the number's pointer, as read or as this instance last wrote it; null when the number has none
     * @return {@code pointer}, for the conditional write that takes the number
     */
    private SmsConversation endPreviousSmsSurvey(E164 to, SmsConversation pointer) {
        if (pointer == null) {
            return null;
        }
        SessionRef previousRef = new SessionRef(to, pointer.sessionId());
        Optional<StoredSession> previous = store.findForStatus(previousRef);
        if (previous.isEmpty() && pointer.pointedAt().plus(STARTING).isAfter(clock.instant())) {
            // Another start took the number a moment ago and is still creating its session.
            throw new HttpProblem(409, SURVEY_IN_PROGRESS,
                    "Another survey to this number was started at the same moment.");
        }
        if (previous.isPresent() && !previous.get().session().surveyStatus().isFinal()) {
            SurveySession running = previous.get().session();
            if (running.updatedAt().plus(settings.smsConversationTimeout()).isAfter(clock.instant())) {
                throw new HttpProblem(409, SURVEY_IN_PROGRESS,
                        "This number is in the middle of a texted survey (SMS or WhatsApp); start another when it "
                                + "ends.");
            }
            steps.apply(previousRef, new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"))
                    .map(SessionSteps.Step::stored)
                    .ifPresent(relay::wake);
        }
        return pointer;
    }
}
