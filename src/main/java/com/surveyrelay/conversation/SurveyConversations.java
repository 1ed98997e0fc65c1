package com.surveyrelay.conversation;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Outcome;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.twilio.TwilioRequest;
import com.surveyrelay.web.HttpProblem;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.messaging.Message;
import com.twilio.twiml.voice.Hangup;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one step of a conversation: read the session, let the {@link SurveyProcessor} decide, store the new
 * session with compare-and-swap, and only then answer. When another request for the same respondent wrote
 * first, the step is re-read and re-applied, so no answer is ever lost or counted twice. Called by the
 * initiation and webhook routes.
 */
@Component("surveyConversations")
public class SurveyConversations {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyConversations.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final String EMPTY_MESSAGING_RESPONSE = new MessagingResponse.Builder().build().toXml();

    private final SessionStore store;
    private final TriggerLedger ledger;
    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final TwilioGateway twilio;
    private final SurveyRelayProperties settings;
    private final Clock clock;
    private final SmsConversationCache conversations = new SmsConversationCache(10_000);
    /**
     * One respondent's webhooks run one at a time on this instance, so two texts sent at once do not even
     * race; across instances the conditional writes keep them apart.
     */
    private final Lock[] respondentLocks = new Lock[256];

    public SurveyConversations(SessionStore store, TriggerLedger ledger, SurveyCatalog catalog,
            SurveyProcessor processor, TwilioGateway twilio, SurveyRelayProperties settings, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.catalog = catalog;
        this.processor = processor;
        this.twilio = twilio;
        this.settings = settings;
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

    // ---- starting ----

    /** Starts the survey a request asks for; once per idempotency key when it carries one. */
    public StartedSurvey start(StartRequest request) {
        return request.idempotencyKey() == null
                ? start(request.channel(), request.request())
                : startOnce(request.channel(), request.request(), request.idempotencyKey());
    }

    /**
     * Starts a survey once per idempotency key, however often the request is delivered. A duplicate is
     * answered with what the first delivery did ({@code duplicate: true}) and sends nothing.
     */
    public StartedSurvey startOnce(Channel channel, InitiationRequest request, String idempotencyKey) {
        if (ledger.claim(idempotencyKey).isEmpty()) {
            TriggerLedger.Entry first = ledger.find(idempotencyKey).orElse(null);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("success", first != null && "started".equals(first.state()));
            response.put("duplicate", true);
            response.put("sessionId", first == null ? null : first.sessionId());
            response.put("status", first == null ? "claimed" : first.state());
            return new StartedSurvey(response, List.of(), List.of());
        }
        try {
            StartedSurvey started = start(channel, request);
            ledger.started(idempotencyKey, (String) started.response().get("sessionId"));
            return started;
        } catch (HttpProblem problem) {
            if (problem.status() >= 500) {
                ledger.release(idempotencyKey);
            } else {
                ledger.failed(idempotencyKey, problem.code());
            }
            throw problem;
        } catch (RuntimeException e) {
            ledger.release(idempotencyKey);
            throw e;
        }
    }

    private StartedSurvey start(Channel channel, InitiationRequest request) {
        Survey survey = catalog.survey(request.surveyId());
        if (request.language() != null && !survey.hasLanguage(request.language())) {
            throw new HttpProblem(400, "unknown_language", "The survey has no prompts in " + request.language()
                    + "; it speaks " + survey.languages().keySet().stream().sorted().toList() + ".");
        }
        E164 to = request.to();
        List<SurveyEvent> events = new ArrayList<>();
        SmsConversation previous = channel == Channel.SMS ? endPreviousSmsSurvey(survey, to, events) : null;

        String sessionId = SessionStore.newSessionId();
        SurveySession fresh = SurveySession.begin(sessionId, survey, to, channel, request.language(), clock.instant());
        Outcome started = processor.process(survey, fresh, new SurveyInput.Start());
        StoredSession stored = store.create(started.session());
        String twilioSid;
        try {
            if (channel == Channel.SMS) {
                claimSmsConversation(to, sessionId, previous);
                twilioSid = twilio.sendSms(to, String.join("\n\n", started.messages()));
            } else {
                URI status = URI.create(settings.publicUrl(ConversationBeans.VOICE_STATUS_PATH)
                        + "?sessionId=" + sessionId);
                twilioSid = twilio.placeCall(to, processor.voiceWebhook().forTurn(sessionId, 0), status);
            }
        } catch (HttpProblem undelivered) {
            SurveyStatus status = "recipient_opted_out".equals(undelivered.code())
                    ? SurveyStatus.OPTED_OUT : SurveyStatus.ABANDONED;
            Outcome ended = processor.process(survey, stored.session(),
                    new SurveyInput.Ended(status, "not-delivered:" + undelivered.code()));
            store.replace(stored, ended.session());
            throw undelivered;
        }
        events.addAll(started.events());
        LOG.info("Started {} survey {} session {} to {}", channel.medium(), survey.surveyId(), sessionId, to);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("sessionId", sessionId);
        response.put("surveyId", survey.surveyId());
        response.put("channel", channel.medium());
        response.put("language", started.session().languageSet());
        response.put("status", started.session().surveyStatus());
        response.put("twilioSid", twilioSid);
        return new StartedSurvey(response, events, List.of());
    }

    /**
     * One number has one SMS conversation at a time: texts carry no session id. A survey in progress blocks
     * a new one; one left unanswered longer than the timeout is ended so the new one can take over.
     */
    private SmsConversation endPreviousSmsSurvey(Survey survey, E164 to, List<SurveyEvent> events) {
        Optional<SmsConversation> pointer = store.findSmsConversation(to);
        if (pointer.isEmpty()) {
            return null;
        }
        Optional<StoredSession> previous = store.find(to, pointer.get().sessionId());
        if (previous.isPresent() && !previous.get().session().surveyStatus().isFinal()) {
            StoredSession running = previous.get();
            if (running.session().updatedAt().plus(settings.smsConversationTimeout()).isAfter(clock.instant())) {
                throw new HttpProblem(409, "survey_in_progress",
                        "This number is in the middle of an SMS survey; start another when it ends.");
            }
            Outcome expired = processor.process(survey, running.session(),
                    new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
            store.replace(running, expired.session());
            events.addAll(expired.events());
        }
        return pointer.get();
    }

    private void claimSmsConversation(E164 to, String sessionId, SmsConversation previous) {
        try {
            store.pointSmsConversation(to, sessionId, previous);
            conversations.put(to, sessionId);
        } catch (SessionConflictException e) {
            throw new HttpProblem(409, "survey_in_progress",
                    "Another survey to this number was started at the same moment.");
        }
    }

    // ---- voice ----

    public WebhookReply onVoice(TwilioRequest request) {
        SurveyInput.VoiceInput input = new SurveyInput.VoiceInput(turn(request), request.param("Digits"),
                request.param("SpeechResult"), confidence(request.param("Confidence")));
        return onCall(request, input);
    }

    public WebhookReply onCallStatus(TwilioRequest request) {
        return onCall(request, new SurveyInput.CallEnded(request.param("CallStatus")));
    }

    private WebhookReply onCall(TwilioRequest request, SurveyInput input) {
        String sessionId = request.queryParam("sessionId");
        E164 to = E164.parse(request.param("To")).orElse(null);
        if (to == null || !SessionStore.isSessionId(sessionId)) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The call's To or sessionId is not valid.");
        }
        Step step = oneAtATime(to, () -> apply(() -> store.find(to, sessionId), input));
        if (step == null) {
            LOG.warn("Voice webhook for unknown session {}: hanging up", sessionId);
            return new WebhookReply(hangUp(), List.of(), List.of());
        }
        String twiml = step.outcome().voiceResponse() == null ? hangUp() : step.outcome().twiml();
        return new WebhookReply(twiml, step.outcome().events(), step.finished());
    }

    private static int turn(TwilioRequest request) {
        try {
            return Integer.parseInt(request.queryParam("turn"));
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "invalid_voice_webhook", "The webhook URL has no valid turn.");
        }
    }

    private static Double confidence(String text) {
        try {
            return text == null || text.isBlank() ? null : Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String hangUp() {
        return new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml();
    }

    // ---- SMS ----

    public WebhookReply onSms(TwilioRequest request) {
        E164 from = E164.parse(request.param("From")).orElseThrow(() ->
                new HttpProblem(400, "invalid_sms_webhook", "The message's From is not a phone number."));
        SurveyInput input = new SurveyInput.SmsReceived(request.param("Body"), request.param("OptOutType"));
        return oneAtATime(from, () -> onSms(from, input));
    }

    private WebhookReply onSms(E164 from, SurveyInput input) {
        String cached = conversations.get(from);
        Step step = null;
        if (cached != null) {
            step = apply(() -> store.find(from, cached), input);
        }
        // A finished session may have been followed by a newer one started elsewhere: ask the bucket.
        if (step == null || step.before().surveyStatus().isFinal()) {
            Optional<SmsConversation> pointer = store.findSmsConversation(from);
            if (pointer.isEmpty()) {
                LOG.info("Text from {}, who has no SMS survey: not answered", from);
                return new WebhookReply(EMPTY_MESSAGING_RESPONSE, List.of(), List.of());
            }
            conversations.put(from, pointer.get().sessionId());
            if (!pointer.get().sessionId().equals(cached)) {
                step = apply(() -> store.find(from, pointer.get().sessionId()), input);
            }
        }
        if (step == null) {
            return new WebhookReply(EMPTY_MESSAGING_RESPONSE, List.of(), List.of());
        }
        MessagingResponse.Builder reply = new MessagingResponse.Builder();
        step.outcome().messages().forEach(text -> reply.message(new Message.Builder(text).build()));
        return new WebhookReply(reply.build().toXml(), step.outcome().events(), step.finished());
    }

    /** Message status callbacks: Twilio reports delivery; we only log failures. */
    public WebhookReply onMessageStatus(TwilioRequest request) {
        String status = request.param("MessageStatus");
        if ("failed".equals(status) || "undelivered".equals(status)) {
            LOG.warn("Message {} was {} (Twilio error {})", request.param("MessageSid"), status,
                    request.param("ErrorCode"));
        }
        return new WebhookReply(EMPTY_MESSAGING_RESPONSE, List.of(), List.of());
    }

    // ---- read, decide, compare-and-swap ----

    private record Step(SurveySession before, Outcome outcome, List<SurveySession> finished) {
    }

    /** Null when there is no such session. */
    private Step apply(Supplier<Optional<StoredSession>> read, SurveyInput input) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredSession> found = read.get();
            if (found.isEmpty()) {
                return null;
            }
            StoredSession stored = found.get();
            SurveySession before = stored.session();
            Survey survey = catalog.survey(before.surveyId());
            Outcome outcome = processor.process(survey, before, input);
            if (outcome.session().equals(before)) {
                return new Step(before, outcome, List.of());
            }
            try {
                store.replace(stored, outcome.session());
            } catch (SessionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new HttpProblem(503, "busy", "The session kept changing under us; try again.");
                }
                LOG.debug("Session {} changed while we worked; re-applying", before.sessionId());
                continue;
            }
            boolean ended = !before.surveyStatus().isFinal() && outcome.session().surveyStatus().isFinal();
            return new Step(before, outcome, ended ? List.of(outcome.session()) : List.of());
        }
    }

    /** A small LRU map from a number to its SMS session id, to spare one read per text. */
    private static final class SmsConversationCache {
        private final Map<String, String> entries;

        SmsConversationCache(int capacity) {
            this.entries = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > capacity;
                }
            });
        }

        String get(E164 phone) {
            return entries.get(phone.value());
        }

        void put(E164 phone, String sessionId) {
            entries.put(phone.value(), sessionId);
        }
    }
}
