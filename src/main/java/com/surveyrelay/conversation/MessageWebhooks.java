package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.ConsentWords;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Prompt;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.twilio.MessagingTwiml;
import com.surveyrelay.twilio.TwilioRequest;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The Twilio webhooks of messages (the {@code sms-webhook} and {@code message-status} routes' bean), and the texts
 * kept during a storage outage ({@link KeptTextReplies}): each inbound SMS or WhatsApp message becomes one
 * {@link SessionSteps step} of the number's SMS session, stored before the webhook answers; what the step publishes
 * leaves afterwards ({@link WebhookSteps#hand}), so no webhook waits for the bus.
 *
 * <p>Exactly once: a text is applied once per {@code MessageSid} (a repeat gets the first delivery's reply).
 */
@Component("messageWebhooks")
public class MessageWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(MessageWebhooks.class);
    private static final String EMPTY_MESSAGING_RESPONSE = MessagingTwiml.of(List.of());
    /** Twilio message SIDs: two letters (SM, MM) and 32 hex digits. */
    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    /** Twilio error 21610: the recipient is unsubscribed from our sender or Messaging Service (replied STOP). */
    private static final String UNSUBSCRIBED_RECIPIENT = "21610";
    /** Twilio error codes: five digits today (30003, 21610); six leaves room. */
    private static final Pattern TWILIO_ERROR_CODE = Pattern.compile("[0-9]{1,6}");

    private final SessionSteps steps;
    private final WebhookSteps webhookSteps;
    private final SmsConversationPointers pointers;
    private final RespondentConsent consent;
    private final SurveyCatalog catalog;
    private final KeptTexts keptTexts;
    private final StatusCallbackRetries statusRetries;
    private final OptOutEverywhere optOutEverywhere;

    public MessageWebhooks(SessionSteps steps, WebhookSteps webhookSteps, SmsConversationPointers pointers,
            RespondentConsent consent, SurveyCatalog catalog, KeptTexts keptTexts,
            StatusCallbackRetries statusRetries, OptOutEverywhere optOutEverywhere) {
        this.optOutEverywhere = optOutEverywhere;
        this.statusRetries = statusRetries;
        this.keptTexts = keptTexts;
        this.steps = steps;
        this.webhookSteps = webhookSteps;
        this.consent = consent;
        this.catalog = catalog;
        this.pointers = pointers;
    }

    /**
     * An inbound text ({@code From}, {@code Body}, {@code MessageSid}, {@code OptOutType}); answers TwiML. A
     * {@code From} of {@code whatsapp:+E164} is a WhatsApp message, for the number's WhatsApp survey. A text storage
     * cannot take is kept for later ({@link KeptTexts}) when that is enabled and the text has a valid
     * {@code MessageSid}.
     *
     * @param request the signed webhook request
     * @return the TwiML of the replies: the survey's next text, a consent confirmation, or none; for a repeat of a text
     *     applied before, the replies stored with it; none when the text was kept for later
     * @throws HttpProblem 400 {@code invalid_sms_webhook} when {@code From} is not a phone number; 503 {@code busy}
     *     when the session kept changing
     * @throws RuntimeException when storage fails and the text cannot be kept, or on any other failure of the step
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
            SmsReply reply = webhookSteps.oneAtATime(from, () -> onSms(from, input, messageSid));
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
            MDC.remove(SessionSteps.SESSION_ID);
        }
    }

    /**
     * Applies a text kept during a storage outage ({@link KeptText}), as its webhook would have.
     *
     * @param kept the text as its webhook received it
     * @param firstDelivery whether this is the queue message's first delivery: then a text found applied before was
     *     applied by its webhook, whose write landed while storage failed to say so (a slow S3), and whose replies,
     *     stored with it, nobody sent
     * @return the replies to send now: the new ones, or on a first delivery the stored ones of a text applied before
     * @throws RuntimeException when storage still fails: the text stays on its queue
     * @throws HttpProblem 503 {@code busy} when the session kept changing
     */
    public List<String> applyKept(KeptText kept, boolean firstDelivery) {
        Channel channel = kept.channel();
        E164 from = kept.number();
        SurveyInput.SmsReceived input = new SurveyInput.SmsReceived(kept.body(), kept.optOutType(), channel);
        try {
            SmsReply reply = webhookSteps.oneAtATime(from, () -> onSms(from, input, kept.messageSid()));
            return reply.fresh() || firstDelivery ? reply.replies() : List.of();
        } finally {
            MDC.remove(SessionSteps.SESSION_ID);
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
        cached.or(() -> found.map(SmsConversation::sessionId))
                .ifPresent(sessionId -> MDC.put(SessionSteps.SESSION_ID, sessionId));
        // Before the step, so a storage failure makes Twilio retry rather than lose the opt-out.
        RespondentConsent.TextConsent said = consent.onText(from, input.body(), input.optOutType(),
                catalog.consent(), input.channel() == Channel.WHATSAPP);
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
            pointer.ifPresent(conversation -> MDC.put(SessionSteps.SESSION_ID, conversation.sessionId()));
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
            MDC.put(SessionSteps.SESSION_ID, step.before().sessionId());
            webhookSteps.hand(step);
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
            published.ifPresent(webhookSteps::hand);
            return published.map(call -> call.before().sessionId());
        } catch (RuntimeException e) {
            String reason = e instanceof HttpProblem problem ? problem.status() + " " + problem.code() : e.toString();
            if (ErrorResponses.storageFailure(e) != null && messageSid != null) {
                // The step records the MessageSid, so a write that landed although S3 reported a failure is not
                // applied again.
                LOG.warn("Texted opt-out not published with the last survey call ({}); retrying", reason);
                statusRetries.retry("(last call)", StatusCallbackRetries.TEXTED_OPT_OUT_EVENT, () -> webhookSteps
                        .oneAtATime(from, () -> optOutEverywhere.publishWithLastCall(from, messageSid))
                        .ifPresent(webhookSteps::hand));
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
     * Message status callbacks: Twilio reports delivery; a failure is logged, and one with error 21610 (the recipient
     * unsubscribed) also opts its {@code To} out ({@link #recordTwilioReportedOptOut}). The log line names the
     * {@code MessageSid} and {@code ErrorCode} only when they have Twilio's shapes (a 34-character SID, a number of at
     * most six digits): anything else a signed request carries could forge log lines or leak what it holds.
     *
     * @param request the signed callback ({@code MessageStatus}, {@code MessageSid}, {@code ErrorCode}, {@code To})
     * @return an empty TwiML document; nothing else is stored, and nothing is thrown (storing a 21610 opt-out that
     *     fails is tried again later)
     */
    public WebhookReply onMessageStatus(TwilioRequest request) {
        String status = request.param("MessageStatus");
        if ("failed".equals(status) || "undelivered".equals(status)) {
            String sid = request.param("MessageSid");
            String errorCode = request.param("ErrorCode");
            LOG.warn("Message {} was {} (Twilio error {})",
                    sid != null && MESSAGE_SID.matcher(sid).matches() ? sid : "(no valid MessageSid)", status,
                    errorCode != null && TWILIO_ERROR_CODE.matcher(errorCode).matches() ? errorCode : "(none valid)");
            if (UNSUBSCRIBED_RECIPIENT.equals(errorCode)) {
                Channel.numberOf(request.param("To")).ifPresent(this::recordTwilioReportedOptOut);
            }
        }
        return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
    }

    /**
     * A text Twilio accepted and then failed with error 21610 (the recipient replied STOP to our sender, or to the
     * Messaging Service's: a Messaging Service checks its opt-out list after the send was accepted, and reports it
     * here): as when the send itself is refused with it ({@link SurveyOpener}), the number goes on the suppression
     * list, source {@code twilio-21610}, and its open sessions end opted out, on every channel. Storage failing, the
     * same is tried again for about an hour ({@link StatusCallbackRetries#TWILIO_REPORTED_OPT_OUT}); the webhook is
     * answered either way, as Twilio does not send a status callback again.
     */
    private void recordTwilioReportedOptOut(E164 to) {
        Runnable optOut = () -> webhookSteps.oneAtATime(to, () -> {
            consent.optOut(to, RespondentRecords.Sources.TWILIO_21610);
            optOutEverywhere.endOpenSessions(to, null);
            return null;
        });
        try {
            optOut.run();
            LOG.info("Twilio reported {} unsubscribed (error 21610): on the suppression list, its open surveys "
                    + "ended", to.masked());
        } catch (RuntimeException e) {
            LOG.warn("Twilio reported {} unsubscribed (error 21610), but storing it failed ({}); trying again",
                    to.masked(), e.toString());
            statusRetries.retry("(status callback)", StatusCallbackRetries.TWILIO_REPORTED_OPT_OUT, optOut);
        }
    }
}
