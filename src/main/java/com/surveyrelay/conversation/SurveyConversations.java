package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxProperties;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.ConsentWords;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Prompt;
import com.surveyrelay.survey.Replies;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.WrongChannelException;
import com.surveyrelay.twilio.MessagingTwiml;
import com.surveyrelay.twilio.TwilioRequest;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Hangup;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The Twilio webhooks of a conversation: each inbound text, voice step and status callback becomes one
 * {@link SessionSteps step}, stored before the webhook answers; what the step publishes leaves afterwards,
 * through the {@link OutboxRelay}, so no webhook waits for the bus.
 *
 * <p>Exactly once: a text is applied once per {@code MessageSid} (a repeat gets the first delivery's reply), a
 * voice step once per turn (each action URL carries the turn it answers; a repeat of the call's last step
 * gets the first delivery's TwiML, goodbye and all), and a status callback changes a session only once. A
 * call's {@code completed} status that overtakes the last {@code <Gather>} action leaves
 * the question open for {@code survey-relay.outbox.call-end-grace}.
 */
@Component("surveyConversations")
public class SurveyConversations {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyConversations.class);
    /** The MDC key of the session a log line is about (a field of structured logs, a column of plain ones). */
    public static final String SESSION_ID = "sessionId";
    private static final String EMPTY_MESSAGING_RESPONSE = MessagingTwiml.of(List.of());
    /** What a call's status callback is answered: Twilio reads nothing in it. */
    private static final String EMPTY_VOICE_RESPONSE = new VoiceResponse.Builder().build().toXml();
    /** Twilio message SIDs: two letters (SM, MM) and 32 hex digits. */
    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    /** Twilio error codes: five digits today (30003, 21610); six leaves room. */
    private static final Pattern TWILIO_ERROR_CODE = Pattern.compile("[0-9]{1,6}");
    /**
     * A decimal as Twilio writes {@code Confidence} ("0.9270814"), or with an exponent as Java writes a small one
     * ("1.0E-4"); not hex floats, NaN or Infinity, which {@link Double#valueOf} would also read.
     */
    private static final Pattern CONFIDENCE = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,20})?(?:[eE][-+]?[0-9]{1,3})?");
    /** A voice URL's {@code turn}: our URLs carry 0 and up; a stale or made-up one replays the current step. */
    private static final Pattern TURN = Pattern.compile("-?[0-9]{1,9}");

    private final SessionSteps steps;
    private final SmsConversationPointers pointers;
    private final OutboxRelay relay;
    private final OutboxLeases leases;
    private final OutboxProperties outbox;
    private final Clock clock;
    private final RespondentConsent consent;
    private final SurveyCatalog catalog;
    private final SmsReminders reminders;
    private final VoiceApologies apologies;
    private final KeptTexts keptTexts;
    private final StatusCallbackRetries statusRetries;
    private final OptOutEverywhere optOutEverywhere;
    /**
     * One respondent's webhooks run one at a time on this instance, so two texts sent at once do not even
     * race here; correctness does not rest on it: across instances the conditional writes keep them apart.
     */
    private final Lock[] respondentLocks = new Lock[256];

    public SurveyConversations(SessionSteps steps, SmsConversationPointers pointers, OutboxRelay relay,
            OutboxLeases leases, OutboxProperties outbox, Clock clock, RespondentConsent consent,
            SurveyCatalog catalog, SmsReminders reminders, VoiceApologies apologies, KeptTexts keptTexts,
            StatusCallbackRetries statusRetries, OptOutEverywhere optOutEverywhere) {
        this.optOutEverywhere = optOutEverywhere;
        this.statusRetries = statusRetries;
        this.keptTexts = keptTexts;
        this.apologies = apologies;
        this.reminders = reminders;
        this.steps = steps;
        this.consent = consent;
        this.catalog = catalog;
        this.pointers = pointers;
        this.relay = relay;
        this.leases = leases;
        this.outbox = outbox;
        this.clock = clock;
        for (int i = 0; i < respondentLocks.length; i++) {
            respondentLocks[i] = new ReentrantLock();
        }
    }

    private <T> T oneAtATime(E164 respondent, Supplier<T> work) {
        Lock lock = respondentLocks[Math.floorMod(respondent.value().hashCode(), respondentLocks.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    // ---- voice ----

    /** A {@code <Gather>} action or redirect: {@code ?sessionId=&turn=} in the URL, digits or speech in the form. */
    public WebhookReply onVoice(TwilioRequest request) {
        int turn = turn(request);
        String sessionId = request.queryParam("sessionId");
        boolean retry = "1".equals(request.queryParam("retry"));
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
            return new WebhookReply(apologies.apologise(sessionId, turn, input, retry));
        }
    }

    /** A call's status callback ({@code CallStatus}); answers an empty document. */
    public WebhookReply onCallStatus(TwilioRequest request) {
        SurveyInput.CallEnded ended = new SurveyInput.CallEnded(request.param("CallStatus"));
        String sessionId = request.queryParam("sessionId");
        E164 to = E164.parse(request.param("To")).orElse(null);
        SessionRef ref = to == null || !SessionStore.isSessionId(sessionId) ? null : new SessionRef(to, sessionId);
        try {
            if (ref != null) {
                applyKeptOptOut(ref);
            }
            return onCall(request, ended);
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null || ref == null) {
                throw e;
            }
            LOG.warn("Call status of session {} not stored ({}); retrying", sessionId, e.toString());
            statusRetries.retry(sessionId, "Call status", () -> onCallStatusReported(ref, ended.callStatus()));
            return new WebhookReply(EMPTY_VOICE_RESPONSE);
        }
    }

    /**
     * A call's status as its status callback reported it, applied as the callback is: an opt-out the call could not
     * store first, then the status. For the callback's retries.
     *
     * @param callStatus Twilio's {@code CallStatus} word ({@code no-answer}, {@code completed}, ...)
     * @throws RuntimeException when storage fails
     */
    void onCallStatusReported(SessionRef ref, String callStatus) {
        applyKeptOptOut(ref);
        onCall(ref, new SurveyInput.CallEnded(callStatus), false);
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
        Optional<SessionSteps.Step> step = oneAtATime(ref.phone(),
                () -> steps.apply(ref, new SurveyInput.CallFoundOver(callStatus)));
        step.ifPresent(this::hand);
        return step.map(done -> done.stored() != null ? done.stored().session() : done.before())
                .map(session -> session.surveyStatus().isFinal()).orElse(false);
    }

    private boolean isOptOut(SurveyInput.VoiceInput voice) {
        return SurveyProcessor.isVoiceOptOut(catalog.consent(), voice.digits(), voice.speech());
    }

    /**
     * Records the opt-out a caller gave in a step that could not be stored, even on its retry, and ends the session
     * with it, before anything else of the call is applied. Does nothing when none is kept for the session.
     *
     * @throws RuntimeException when storage fails again; the opt-out stays kept for the next try
     */
    private void applyKeptOptOut(SessionRef ref) {
        Optional<SurveyInput.VoiceInput> kept = apologies.keptOptOut(ref.sessionId());
        if (kept.isEmpty()) {
            return;
        }
        try (MDC.MDCCloseable logged = MDC.putCloseable(SESSION_ID, ref.sessionId())) {
            recordOptOut(ref, kept.get());
            onCall(ref, kept.get(), true);
        }
        apologies.optOutApplied(ref.sessionId());
        LOG.info("Opt-out of session {}, which storage could not take during the call, recorded", ref.sessionId());
    }

    /** Adds the number to the suppression list and ends its other open sessions; storage failures propagate. */
    private void recordOptOut(SessionRef ref, SurveyInput.VoiceInput voice) {
        consent.optOut(ref.phone(), voice.digits() != null && voice.digits().strip().startsWith(
                SurveyProcessor.OPT_OUT_KEY) ? RespondentRecords.Sources.VOICE_KEY
                : RespondentRecords.Sources.VOICE_PHRASE);
        optOutEverywhere.endOpenSessions(ref.phone(), ref.sessionId());
    }

    private WebhookReply onCall(TwilioRequest request, SurveyInput input) {
        String sessionId = request.queryParam("sessionId");
        E164 to = E164.parse(request.param("To")).orElse(null);
        if (to == null || !SessionStore.isSessionId(sessionId)) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The call's To or sessionId is not valid.");
        }
        SessionRef ref = new SessionRef(to, sessionId);
        try (MDC.MDCCloseable logged = MDC.putCloseable(SESSION_ID, sessionId)) {
            boolean optOut = input instanceof SurveyInput.VoiceInput voice && isOptOut(voice);
            if (optOut) {
                // Stored before the step, so a storage failure is retried (the apology's redirect) with the opt-out.
                recordOptOut(ref, (SurveyInput.VoiceInput) input);
            }
            return onCall(ref, input, optOut);
        }
    }

    private WebhookReply onCall(SessionRef ref, SurveyInput input, boolean optedOut) {
        try {
            return onCall(ref, input);
        } catch (WrongChannelException e) {
            // Not a call: the step changed nothing. An opt-out stands all the same (the number said it), so the
            // session it named ends too, as every other of the number's open sessions did.
            LOG.warn("Voice webhook for session {}, which runs on {}: {}", ref.sessionId(),
                    e.sessionChannel().value(), input instanceof SurveyInput.CallEnded ? "ignored" : "hanging up");
            if (optedOut) {
                optOutEverywhere.endOpenSessions(ref.phone(), null);
            }
            return new WebhookReply(input instanceof SurveyInput.CallEnded
                    ? EMPTY_VOICE_RESPONSE : hangUp());
        }
    }

    private WebhookReply onCall(SessionRef ref, SurveyInput input) {
        String sessionId = ref.sessionId();
        Optional<SessionSteps.Step> step = oneAtATime(ref.phone(), () -> steps.apply(ref, input));
        // A status callback gets the empty document Twilio expects there; a call's step without a next one, a hang-up.
        boolean status = input instanceof SurveyInput.CallEnded;
        if (step.isEmpty()) {
            LOG.warn(status ? "Call status for unknown session {}: ignored" : "Voice webhook for unknown session {}: "
                    + "hanging up", sessionId);
            return new WebhookReply(status ? EMPTY_VOICE_RESPONSE : hangUp());
        }
        hand(step.get());
        apologies.remember(step.get().stored() != null ? step.get().stored().session() : step.get().before());
        String twiml = step.get().twiml();
        return new WebhookReply(twiml != null ? twiml : status ? EMPTY_VOICE_RESPONSE : hangUp());
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
    private static Double confidence(String text) {
        if (text == null || !CONFIDENCE.matcher(text.strip()).matches()) {
            return null;
        }
        double value = Double.parseDouble(text.strip());
        return Double.isFinite(value) && value >= 0 && value <= 1 ? value : null;
    }

    private static String hangUp() {
        return new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml();
    }

    // ---- SMS ----

    /**
     * An inbound text ({@code From}, {@code Body}, {@code MessageSid}, {@code OptOutType}); answers TwiML. A
     * {@code From} of {@code whatsapp:+E164} is a WhatsApp message, for the number's WhatsApp survey.
     */
    public WebhookReply onSms(TwilioRequest request) {
        Channel channel = Channel.ofAddress(request.param("From"));
        E164 from = Channel.numberOf(request.param("From")).orElseThrow(() ->
                new HttpProblem(400, "invalid_sms_webhook", "The message's From is not a phone number."));
        SurveyInput.SmsReceived input = new SurveyInput.SmsReceived(request.param("Body"),
                request.param("OptOutType"), channel);
        String sid = request.param("MessageSid");
        String messageSid = sid != null && MESSAGE_SID.matcher(sid).matches() ? sid : null;
        try {
            SmsReply reply = oneAtATime(from, () -> onSms(from, input, messageSid));
            return new WebhookReply(MessagingTwiml.of(reply.replies()));
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null || !keptTexts.enabled() || messageSid == null) {
                throw e;
            }
            // Twilio does not retry an inbound text: kept on a queue, it is applied once storage is back, and
            // its reply then goes out through the REST API.
            keptTexts.keep(new KeptText(channel.address(from), input.body(), input.optOutType(), messageSid));
            LOG.warn("Text {} from {} kept for later: storage is unavailable ({})", messageSid, from, e.toString());
            return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
        } finally {
            MDC.remove(SESSION_ID);
        }
    }

    /**
     * Applies a text kept during a storage outage ({@link KeptText}), as its webhook would have.
     *
     * @param firstDelivery whether this is the queue message's first delivery: then a text found applied before was
     *     applied by its webhook, whose write landed while storage failed to say so (a slow S3), and whose replies,
     *     stored with it, nobody sent
     * @return the replies to send now: the new ones, or on a first delivery the stored ones of a text applied before
     * @throws RuntimeException when storage still fails: the text stays on its queue
     */
    public List<String> applyKept(KeptText kept, boolean firstDelivery) {
        Channel channel = kept.channel();
        E164 from = kept.number();
        SurveyInput.SmsReceived input = new SurveyInput.SmsReceived(kept.body(), kept.optOutType(), channel);
        try {
            SmsReply reply = oneAtATime(from, () -> onSms(from, input, kept.messageSid()));
            return reply.fresh() || firstDelivery ? reply.replies() : List.of();
        } finally {
            MDC.remove(SESSION_ID);
        }
    }

    /** The replies to a text, and whether they are new (false for a repeat of a text applied before). */
    private record SmsReply(List<String> replies, boolean fresh) {
    }

    /** The replies to a text: for a repeat of a text applied before, the replies stored with it. */
    private SmsReply onSms(E164 from, SurveyInput.SmsReceived input, String messageSid) {
        Optional<String> cached = pointers.cached(from);
        // Read first (it is read anyway when nothing is cached), so that every line of this text names its session.
        Optional<SmsConversation> found = cached.isPresent() ? Optional.empty() : pointers.find(from);
        cached.or(() -> found.map(SmsConversation::sessionId)).ifPresent(sessionId -> MDC.put(SESSION_ID, sessionId));
        // Before the step, so a storage failure makes Twilio retry rather than lose the opt-out.
        RespondentConsent.TextConsent said = consent.onText(from, input.body(), input.optOutType(),
                catalog.consent());
        ConsentWords.Intent intent = said.intent();
        // Twilio confirms its own START and UNSTOP on SMS; anything else that opted the number back in, we do.
        List<String> optedIn = said.optedBackIn() && (input.channel() == Channel.WHATSAPP || input.optOutType() == null
                && !ConsentWords.twilioConfirms(input.body(), null)) ? defaultText(Prompt.OPT_IN_CONFIRMATION)
                : List.of();
        SmsReply reply = step(from, input, messageSid, intent, cached, found);
        if (optedIn.isEmpty()) {
            return reply;
        }
        List<String> replies = new java.util.ArrayList<>(optedIn);
        replies.addAll(reply.replies());
        return new SmsReply(replies, reply.fresh());
    }

    /** The text's step in the number's SMS session, once its consent is recorded ({@code intent}). */
    private SmsReply step(E164 from, SurveyInput.SmsReceived input, String messageSid, ConsentWords.Intent intent,
            Optional<String> cached, Optional<SmsConversation> found) {
        // The cached session is only a hint: a finished one is left alone (unless it applied this very text),
        // since a newer survey may have taken the number on another instance.
        SessionSteps.Step step = cached
                .flatMap(sessionId -> steps.apply(new SessionRef(from, sessionId), input, messageSid, false))
                .filter(cachedStep -> cachedStep.applied() || cachedStep.replayed())
                .orElse(null);
        if (step == null) {
            Optional<SmsConversation> pointer = cached.isEmpty() ? found : pointers.find(from);
            pointer.ifPresent(conversation -> MDC.put(SESSION_ID, conversation.sessionId()));
            if (pointer.isEmpty()) {
                LOG.info("Text from {}, who has no SMS survey: not answered", from);
                boolean confirm = intent == ConsentWords.Intent.OPT_OUT && (input.channel() == Channel.WHATSAPP
                        || !ConsentWords.twilioConfirms(input.body(), input.optOutType()));
                if (intent == ConsentWords.Intent.OPT_OUT) {
                    // The enterprise learns of it from the last survey call's session, if the number had one; a
                    // number never surveyed has no session or survey to name, and the suppression list keeps it.
                    optOutEverywhere.endOpenSessions(from, publishWithLastCall(from, messageSid).orElse(null));
                }
                if (intent == ConsentWords.Intent.HELP && (input.channel() == Channel.WHATSAPP
                        || !ConsentWords.twilioAnswersHelp(input.body(), input.optOutType()))) {
                    // No survey to go on with, and Twilio does not answer this one: the default survey's help text.
                    return new SmsReply(defaultText(Prompt.HELP_REPLY), true);
                }
                return new SmsReply(confirm ? defaultText(Prompt.OPT_OUT_CONFIRMATION) : List.of(), true);
            }
            step = steps.apply(new SessionRef(from, pointer.get().sessionId()), input, messageSid, true).orElse(null);
        }
        if (step != null) {
            // Handed over first: ending the number's other sessions may fail, and must not keep this one's events
            // waiting for a sweep.
            MDC.put(SESSION_ID, step.before().sessionId());
            hand(step);
        }
        if (intent == ConsentWords.Intent.OPT_OUT) {
            // A call in progress (or any other open session of the number) ends too: an opt-out is for every channel.
            optOutEverywhere.endOpenSessions(from, step == null ? null : step.before().sessionId());
        }
        if (step == null) {
            return new SmsReply(List.of(), true);
        }
        if (intent == ConsentWords.Intent.NONE && step.before().surveyStatus().isFinal() && !step.replies().isEmpty()
                && optedOut(from)) {
            // After an opt-out only its confirmation is sent (CTIA Messaging Principles 5.1.3): a later "ok thanks"
            // to a finished survey got "You have already answered this survey".
            return new SmsReply(List.of(), !step.replayed());
        }
        return new SmsReply(step.replies(), !step.replayed());
    }

    /**
     * Publishes a texted opt-out with the number's last survey call ({@link OptOutEverywhere#publishWithLastCall}),
     * without letting that decide the text's answer: the opt-out is already on the suppression list, and its
     * confirmation must go out (CTIA Messaging Principles 5.1.3) even when the call's session cannot take the step
     * (its survey retired from the catalog, no configuration loaded yet, the session busy, S3 failing). A storage
     * failure is tried again on this instance as a caller's opt-out is ({@link StatusCallbackRetries}), once per
     * {@code MessageSid}; any other failure, or a text without one, is logged and the event is not published.
     *
     * @return the id of the session that took the step, to leave out when ending the number's open sessions; empty
     *     when none did
     */
    private Optional<String> publishWithLastCall(E164 from, String messageSid) {
        try {
            Optional<SessionSteps.Step> published = optOutEverywhere.publishWithLastCall(from, messageSid);
            published.ifPresent(this::hand);
            return published.map(call -> call.before().sessionId());
        } catch (RuntimeException e) {
            String reason = e instanceof HttpProblem problem ? problem.status() + " " + problem.code() : e.toString();
            if (ErrorResponses.storageFailure(e) != null && messageSid != null) {
                // The step records the MessageSid, so a write that landed although S3 reported a failure is not
                // applied again.
                LOG.warn("Texted opt-out not published with the last survey call ({}); retrying", reason);
                statusRetries.retry("(last call)", StatusCallbackRetries.TEXTED_OPT_OUT_EVENT, () -> oneAtATime(
                        from, () -> optOutEverywhere.publishWithLastCall(from, messageSid)).ifPresent(this::hand));
            } else {
                LOG.warn("Texted opt-out not published with the last survey call, confirmed all the same: {}",
                        reason);
            }
            return Optional.empty();
        }
    }

    /** Whether the number is on the suppression list; false when storage cannot say (the reply goes as before). */
    private boolean optedOut(E164 from) {
        try {
            return consent.isOptedOut(from);
        } catch (RuntimeException e) {
            LOG.debug("Could not read whether {} opted out: {}", from, e.toString());
            return false;
        }
    }

    /**
     * The default survey's default language's text, for a number with no survey: {@code optOutConfirmation} after an
     * opt-out phrase, {@code helpReply} after a help Twilio does not answer. Empty when there is none.
     */
    private List<String> defaultText(Prompt prompt) {
        return catalog.defaultSurvey().flatMap(any -> any.language(any.defaultLanguage()).optionalText(prompt))
                .map(List::of).orElse(List.of());
    }

    /**
     * Message status callbacks: Twilio reports delivery; we only log failures. The log line names the
     * {@code MessageSid} and {@code ErrorCode} only when they have Twilio's shapes (a 34-character SID, a number of at
     * most six digits): anything else a signed request carries could forge log lines or leak what it holds.
     */
    public WebhookReply onMessageStatus(TwilioRequest request) {
        String status = request.param("MessageStatus");
        if ("failed".equals(status) || "undelivered".equals(status)) {
            String sid = request.param("MessageSid");
            String errorCode = request.param("ErrorCode");
            LOG.warn("Message {} was {} (Twilio error {})",
                    sid != null && MESSAGE_SID.matcher(sid).matches() ? sid : "(no valid MessageSid)", status,
                    errorCode != null && TWILIO_ERROR_CODE.matcher(errorCode).matches() ? errorCode : "(none valid)");
        }
        return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
    }

    /**
     * Hands what a stored step publishes to the relay, and a call waiting for a late answer to its timer. A repeated
     * text wrote nothing to hand over; but the write of its first try may have landed after all (an S3 attempt that
     * timed out, then a retry refused as a conflict), with entries nobody woke the relay for: the relay reads the
     * session now rather than at its next idle sweep. Entries another instance holds the lease on are its to
     * deliver; this relay looks again when that lease lapses, in case that instance died.
     */
    private void hand(SessionSteps.Step step) {
        StoredSession stored = step.stored();
        if (stored == null) {
            if (step.replayed()) {
                relay.wakeFromBucket(SessionRef.of(step.before()), clock.instant());
            }
            return;
        }
        Outbox.Lease lease = stored.outbox().lease();
        if (leases.holds(stored.outbox(), clock.instant())) {
            relay.wake(stored);
        } else if (!stored.outbox().isEmpty() && lease != null) {
            relay.wakeFromBucket(stored.ref(), lease.until());
        }
        reminders.dueAt(stored.session()).ifPresent(at -> relay.wakeAt(stored.ref(), at));
        if (stored.session().awaitingLateAnswer() && !step.before().awaitingLateAnswer()) {
            relay.wakeAt(stored.ref(), stored.session().callEndedAt().plus(outbox.callEndGrace()));
        }
    }
}
