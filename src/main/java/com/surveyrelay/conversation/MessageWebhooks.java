package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.ConsentWords;
import com.surveyrelay.survey.TwilioKeywords;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Prompt;
import com.surveyrelay.survey.MessagingKeywords;
import com.surveyrelay.survey.SmsStillStopped;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyLanguage;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
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
 * The Twilio webhook of inbound messages (the {@code sms-webhook} route's bean), and the texts
 * kept during a storage outage ({@link KeptTextReplies}): each inbound SMS or WhatsApp message becomes one
 * {@link SessionSteps step} of the number's SMS session, stored before the webhook answers; what the step publishes
 * leaves afterwards ({@link WebhookSteps#hand}), so no webhook waits for the bus.
 *
 * <p>Exactly once: a text is applied once per {@code MessageSid} (a repeat gets the first delivery's reply, or none
 * when that reply went through the REST API because the text was kept), and its reply goes out once, in the TwiML of
 * the delivery that applied it or through the REST API when a kept copy did.
 */
@Component("messageWebhooks")
public class MessageWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(MessageWebhooks.class);
    private static final String EMPTY_MESSAGING_RESPONSE = MessagingTwiml.of(List.of());
    /** Twilio message SIDs: two letters (SM, MM) and 32 hex digits. */
    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    /** The most attachments Twilio delivers with one inbound message (MMS and WhatsApp). */
    private static final int MAX_MEDIA = 10;
    /** {@code NumMedia}: ASCII digits, at most three (Integer.parseInt takes other scripts' digits and a sign). */
    private static final Pattern MEDIA_COUNT = Pattern.compile("[0-9]{1,3}");

    private final SessionSteps steps;
    private final WebhookSteps webhookSteps;
    private final SmsConversationPointers pointers;
    private final RespondentConsent consent;
    private final SurveyCatalog catalog;
    private final KeptTexts keptTexts;
    private final StatusCallbackRetries statusRetries;
    private final OptOutEverywhere optOutEverywhere;
    private final MessageStatusWebhooks statusWebhooks;

    public MessageWebhooks(SessionSteps steps, WebhookSteps webhookSteps, SmsConversationPointers pointers,
            RespondentConsent consent, SurveyCatalog catalog, KeptTexts keptTexts,
            StatusCallbackRetries statusRetries, OptOutEverywhere optOutEverywhere,
            MessageStatusWebhooks statusWebhooks) {
        this.statusWebhooks = statusWebhooks;
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
     * An inbound text ({@code From}, {@code Body}, {@code MessageSid}, {@code OptOutType}, {@code NumMedia} and
     * {@code MediaContentType0}: {@link #mediaOf}); answers TwiML. A
     * {@code From} of {@code whatsapp:+E164} is a WhatsApp message, for the number's WhatsApp survey. A text storage
     * cannot take is kept for later ({@link KeptTexts}) when that is enabled and the text has a valid
     * {@code MessageSid}.
     *
     * @param request the signed webhook request
     * @return the TwiML of the replies: the survey's next text, a consent confirmation, or none; for a repeat of a text
     *     applied before, the replies stored with it; none when the text was kept for later, or when its sender is
     *     one Twilio delivers from but no phone number (a short code, an alphanumeric sender:
     *     {@link UnsurveyableSender})
     * @throws HttpProblem 400 {@code invalid_sms_webhook} when {@code From} is missing or is no sender Twilio writes,
     *     or {@code MessageSid} is missing or not of Twilio's shape;
     *     503 {@code busy} when the session kept changing
     * @throws RuntimeException when storage fails and the text cannot be kept, or on any other failure of the step
     */
    public WebhookReply onSms(TwilioRequest request) {
        Channel channel = Channel.ofAddress(request.param("From"));
        Optional<E164> number = Channel.numberOf(request.param("From"));
        if (number.isEmpty()) {
            String kind = UnsurveyableSender.kindOf(request.param("From")).orElseThrow(() ->
                    new HttpProblem(400, "invalid_sms_webhook", "The message's From is not a phone number."));
            // Twilio's own sender, not a respondent: a 400 would raise Twilio's error 11200 and alert the operator.
            LOG.info("Text {} from {} not surveyed: its sender is no phone number", messageSidOf(request), kind);
            return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
        }
        E164 from = number.get();
        String messageSid = messageSidOf(request);
        if (messageSid == null) {
            // Twilio sends one with every text. Without it (or with a value that is not one) a text was applied
            // each time it came, and the signature, which joins names and values with nothing between them, let a
            // captured text be replayed as often as one liked: "MessageSid" taking in "NumMedia0" after it, or renamed
            // to swallow its value ("MessageSidSM...NumMedia"=0). A replayed START put back on the list a number that
            // had texted STOP, and a replayed "4" answered the next questions (a hostile client's probe, 2026-12-07).
            throw new HttpProblem(400, "invalid_sms_webhook", "The message has no MessageSid of Twilio's shape (SM "
                    + "or MM and 32 hex digits): a text is applied once per MessageSid, so one without it is refused.");
        }
        SurveyInput.SmsReceived input = new SurveyInput.SmsReceived(request.param("Body"),
                request.param("OptOutType"), channel, mediaOf(request));
        // Names this delivery in the text's inbox entry and on its kept copy, so that the copy can tell its own
        // webhook's write (which landed while S3 failed to say so) from a repeat's (answered in TwiML).
        String deliveryId = "%08x".formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt());
        SessionSteps.InboundText text = new SessionSteps.InboundText(messageSid, deliveryId, false);
        KeptText kept = new KeptText(channel.address(from), input.body(), input.optOutType(), messageSid)
                .withMedia(input.media());
        if (keptTexts.enabled() && keptTexts.mustWait(kept.from(), messageSid)
                && !keptAppliedElsewhere(from, kept.from(), messageSid)) {
            // After the respondent's texts kept during the outage, in the order they came: applied now, it would
            // answer the question they answer.
            if (keptTexts.keptAlready(kept.from(), messageSid)) {
                LOG.info("Text {} from {} is kept already, behind texts kept before it: its kept copy answers it",
                        messageSid, from);
                return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
            }
            keptTexts.keep(kept, deliveryId);
            LOG.info("Text {} from {} kept behind the texts kept before it", messageSid, from);
            return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
        }
        try {
            SmsReply reply = webhookSteps.oneAtATime(from, () -> onSms(from, input, text));
            return new WebhookReply(MessagingTwiml.of(reply.replies()));
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) == null || !keptTexts.enabled()) {
                throw e;
            }
            // Twilio does not retry an inbound text: kept on a queue, it is applied once storage is back, and
            // its reply then goes out through the REST API.
            keptTexts.keep(kept, deliveryId);
            if (ErrorResponses.accessDenied(ErrorResponses.storageFailure(e))) {
                // A permission S3 refuses does not heal by waiting, as a start's 403 says (a WARN "unavailable" until
                // 2026-12-07, read as a passing outage: a reliability engineer's probe).
                LOG.error("Text {} from {} kept for later: S3 refused this service access (403 AccessDenied); it is "
                        + "applied once the IAM permissions of its role on the bucket are mended (README, Running in "
                        + "production): {}", messageSid, from, e.toString());
            } else {
                LOG.warn("Text {} from {} kept for later: storage is unavailable ({})", messageSid, from,
                        e.toString());
            }
            return new WebhookReply(EMPTY_MESSAGING_RESPONSE);
        } finally {
            MDC.remove(SessionSteps.SESSION_ID);
        }
    }

    /**
     * How many attachments an inbound message carried: Twilio's {@code NumMedia} (0 to {@value #MAX_MEDIA}; an MMS
     * picture, a WhatsApp photo or voice note), or 1 when it is missing or not such a number but
     * {@code MediaContentType0} names the first attachment's type; 0 otherwise (a plain text, or a request that says
     * nothing of media). A larger count is {@value #MAX_MEDIA}, the most Twilio delivers.
     *
     * <p>A location shared on WhatsApp ({@code Latitude} and {@code Longitude}, maybe {@code Address} and
     * {@code Label}, {@code NumMedia} 0 and an empty {@code Body}) counts as one attachment: the survey cannot read it
     * any more than a picture, so it gets the {@code textOnly} line and uses no retry
     * ({@link com.surveyrelay.survey.SurveyInput.SmsReceived#mediaOnly}). Until 2026-12-05 it was read as an empty,
     * wrong answer that used up a retry (break-it probe).
     */
    static int mediaOf(TwilioRequest request) {
        String count = request.param("NumMedia");
        int media;
        if (count != null && MEDIA_COUNT.matcher(count.strip()).matches()) {
            media = Math.min(Integer.parseInt(count.strip()), MAX_MEDIA);
        } else {
            String firstType = request.param("MediaContentType0");
            media = firstType != null && !firstType.isBlank() ? 1 : 0;
        }
        return media == 0 && sharedLocation(request) ? 1 : media;
    }

    /**
     * Whether the texts this instance kept before {@code messageSid} were all applied, by another instance, as the
     * number's SMS session shows (its inbox holds their {@code MessageSid}s): then the text need not wait behind them.
     * Until 2026-12-08 it waited the whole {@link KeptTexts#HOLD}, a minute, kept and answered through the REST API,
     * and a text sent meanwhile to the other instance was applied before it (a breaker's probe, two instances). Two
     * reads (the pointer, the session), only while a text would wait; false when storage still fails.
     *
     * @param address the number as Twilio wrote it, {@code whatsapp:} and all ({@link KeptText#from()})
     */
    private boolean keptAppliedElsewhere(E164 from, String address, String messageSid) {
        try {
            Optional<Inbox> inbox = pointers.find(from).flatMap(conversation -> steps.stored(
                    new SessionRef(from, conversation.sessionId()))).map(stored -> stored.inbox());
            if (inbox.isEmpty()) {
                return false;
            }
            for (String kept : keptTexts.waitingBehind(address)) {
                if (inbox.get().find(kept).isPresent()) {
                    keptTexts.applied(address, kept);
                }
            }
            return !keptTexts.mustWait(address, messageSid);
        } catch (RuntimeException e) {
            LOG.debug("Could not read whether the texts kept before {} were applied: {}", messageSid, e.toString());
            return false;
        }
    }

    /** Whether a message is a shared location: Twilio's {@code Latitude} and {@code Longitude}, both not blank. */
    private static boolean sharedLocation(TwilioRequest request) {
        String latitude = request.param("Latitude");
        String longitude = request.param("Longitude");
        return latitude != null && !latitude.isBlank() && longitude != null && !longitude.isBlank();
    }

    /** The request's {@code MessageSid} when it has Twilio's shape; null otherwise. */
    static String messageSidOf(TwilioRequest request) {
        String sid = request.param("MessageSid");
        return sid != null && MESSAGE_SID.matcher(sid).matches() ? sid : null;
    }

    /**
     * Applies a text kept during a storage outage ({@link KeptText}), as its webhook would have, recording that its
     * replies go through the REST API ({@link com.surveyrelay.storage.Inbox.InboundMessage#repliedByRest()}).
     *
     * @param kept the text as its webhook received it
     * @param deliveryId the id of the webhook delivery that kept it ({@link KeptTexts#DELIVERY_ID}), or null (kept by
     *     an earlier version)
     * @param firstDelivery whether this is the queue message's first delivery: then a text found applied before by
     *     that same webhook delivery was applied by its write, which landed while storage failed to say so (a slow
     *     S3), and its replies, stored with it, nobody sent. A text another delivery applied (a repeat Twilio sent
     *     while this copy waited, answered in TwiML; another kept copy, replied through the REST API) is not replied
     *     to again.
     * @return the replies to send now: the new ones, or on a first delivery the stored ones of a text its own webhook
     *     applied
     * @throws RuntimeException when storage still fails: the text stays on its queue
     * @throws HttpProblem 503 {@code busy} when the session kept changing
     */
    public List<String> applyKept(KeptText kept, String deliveryId, boolean firstDelivery) {
        Channel channel = kept.channel();
        E164 from = kept.number();
        SurveyInput.SmsReceived input = new SurveyInput.SmsReceived(kept.body(), kept.optOutType(), channel,
                kept.media());
        SessionSteps.InboundText text = new SessionSteps.InboundText(kept.messageSid(), null, true);
        try {
            SmsReply reply = webhookSteps.oneAtATime(from, () -> onSms(from, input, text));
            keptTexts.applied(kept);
            if (reply.fresh()) {
                return reply.replies();
            }
            if (!firstDelivery || !unanswered(reply.appliedBefore(), deliveryId)) {
                return List.of();
            }
            if (!reply.replies().isEmpty()) {
                recordRepliedByRest(reply.repeat(), kept.messageSid());
            }
            return reply.replies();
        } finally {
            MDC.remove(SessionSteps.SESSION_ID);
        }
    }

    /**
     * Records that the stored replies of a text its webhook applied go through the REST API after all, so that a
     * repeat of the text is answered with nothing: a write on this rare path only (a write that landed while S3 failed
     * to say so). Should it fail, the replies go all the same: a repeat, if one comes, would then be answered with them
     * again, which is better than never sending them.
     */
    private void recordRepliedByRest(SessionSteps.Step repeat, String messageSid) {
        try {
            steps.recordRepliedByRest(SessionRef.of(repeat.before()), messageSid);
        } catch (RuntimeException e) {
            LOG.warn("Text {}: could not record that its replies went through the REST API ({}); sent all the same",
                    messageSid, e.toString());
        }
    }

    /**
     * A kept text none of whose replies went out through the REST API (Twilio refused the first for good, or they were
     * given up after {@link KeptTextReplies#REPLY_GIVE_UP_AFTER}): the {@code repliedByRest} mark its step stored is
     * taken back ({@link SessionSteps#takeBackRepliedByRest}), so that Twilio's repeat of the text, should one come,
     * is answered with them in TwiML rather than with nothing. Found through the number's SMS pointer: a pointer read
     * and a session read, and one conditional write, on this failure path only. Nothing changes when the number's
     * current session does not hold the text (a newer survey took the number), or when storage fails (logged): a
     * repeat then gets nothing, as before.
     *
     * @param unsent the text's replies, all of them: when some went out the mark stays, and a repeat gets nothing
     */
    public void repliesNotSent(KeptText kept, List<String> unsent) {
        E164 from = kept.number();
        try {
            boolean takenBack = webhookSteps.oneAtATime(from, () -> pointers.find(from)
                    .map(pointer -> steps.takeBackRepliedByRest(new SessionRef(from, pointer.sessionId()),
                            kept.messageSid(), unsent))
                    .orElse(false));
            LOG.info("Kept text {}: its replies did not go out; {}", kept.messageSid(), takenBack
                    ? "a repeat of it will be answered with them" : "its session no longer holds it as replied by REST");
        } catch (RuntimeException e) {
            LOG.warn("Kept text {}: its replies did not go out, and storing that failed ({}); a repeat of it gets no "
                    + "reply", kept.messageSid(), e.toString());
        }
    }

    /**
     * Whether the replies of a text applied before may be unsent: it was applied by the webhook delivery that kept the
     * copy ({@code deliveryId}), not from the queue. Where either id is unknown (written by an earlier version), as
     * before: yes.
     */
    private static boolean unanswered(Inbox.InboundMessage applied, String deliveryId) {
        if (applied == null) {
            return true;
        }
        if (applied.repliedByRest()) {
            return false;
        }
        return applied.deliveryId() == null || deliveryId == null || applied.deliveryId().equals(deliveryId);
    }

    /**
     * The replies to a text, and whether they are new (false for a repeat of a text applied before).
     *
     * @param repeat for a repeat of a text applied before, the step that found it so; null otherwise
     * @param session the session the text stepped, or null when it stepped none
     */
    private record SmsReply(List<String> replies, boolean fresh, SessionSteps.Step repeat, SurveySession session) {

        SmsReply(List<String> replies) {
            this(replies, true, null, null);
        }

        /** The replies of {@code step}, which found the text new or a repeat. */
        static SmsReply of(List<String> replies, SessionSteps.Step step) {
            return new SmsReply(replies, !step.replayed(), step.replayed() ? step : null, step.before());
        }

        /** The same text's answer with other replies. */
        SmsReply withReplies(List<String> others) {
            return new SmsReply(others, fresh, repeat, session);
        }

        /** For a repeat, the text's inbox entry; null otherwise. */
        Inbox.InboundMessage appliedBefore() {
            return repeat == null ? null : repeat.appliedBefore();
        }
    }

    /**
     * The replies to a text: for a repeat of a text applied before, the replies stored with it, or none when a kept
     * copy applied it (they went through the REST API).
     */
    private SmsReply onSms(E164 from, SurveyInput.SmsReceived input, SessionSteps.InboundText text) {
        Optional<String> cached = pointers.cached(from);
        // Read first (it is read anyway when nothing is cached), so that every line of this text names its session.
        Optional<SmsConversation> found = cached.isPresent() ? Optional.empty() : pointers.find(from);
        cached.or(() -> found.map(SmsConversation::sessionId))
                .ifPresent(sessionId -> MDC.put(SessionSteps.SESSION_ID, sessionId));
        // Before the step, so a storage failure makes Twilio retry rather than lose the opt-out.
        RespondentConsent.TextConsent said = consent.onText(from, input, catalog.consent(),
                text == null ? null : text.messageSid());
        ConsentWords.Intent intent = said.intent();
        // Twilio confirms its own START and UNSTOP on SMS; anything else that opted the number back in, we do.
        List<String> optedIn = said.optedBackIn() && (input.channel() == Channel.WHATSAPP || input.optOutType() == null
                && !TwilioKeywords.answered(input.body(), null))
                ? optInConfirmation(input.body(), said.smsStillStopped()) : List.of();
        // CTIA: an opted-out number's HELP is told it gets no more messages and how to resume, not to reply STOP; read
        // before the step, so that the session's inbox records the line sent.
        boolean optedOutHelp = intent == ConsentWords.Intent.HELP && !input.twilioAnswersHelp()
                && optedOut(from, false);
        SmsReply reply = step(from, optedOutHelp ? input.fromOptedOutNumber() : input, text, said, cached, found);
        boolean answeredByRest = reply.appliedBefore() != null && reply.appliedBefore().repliedByRest();
        if (optedOutHelp && !answeredByRest) {
            // The same line the step gave, and for a number with no SMS survey (or a repeat stored before) the one.
            return reply.withReplies(optedOutHelp(reply.session()));
        }
        if (optedIn.isEmpty()) {
            return reply;
        }
        List<String> replies = new java.util.ArrayList<>(optedIn);
        replies.addAll(reply.replies());
        return reply.withReplies(replies);
    }

    /** The text's step in the number's SMS session, once its consent is recorded ({@code said}). */
    private SmsReply step(E164 from, SurveyInput.SmsReceived input, SessionSteps.InboundText text,
            RespondentConsent.TextConsent said, Optional<String> cached, Optional<SmsConversation> found) {
        ConsentWords.Intent intent = said.intent();
        String messageSid = text == null ? null : text.messageSid();
        // The cached session is only a hint: a finished one is left alone (unless it applied this very text),
        // since a newer survey may have taken the number on another instance.
        SessionSteps.Step step = cached
                .flatMap(sessionId -> steps.apply(new SessionRef(from, sessionId), input, text, false))
                .filter(cachedStep -> cachedStep.applied() || cachedStep.replayed())
                .orElse(null);
        Optional<SmsConversation> pointer = Optional.empty();
        if (step != null && step.replayed() && step.before().surveyStatus().isFinal()) {
            // A repeat the cached, finished session applied: another instance may have begun the number's next survey
            // since, which holds this text's MessageSid and answers its repeat with nothing. Until 2026-12-08 the old
            // question or summary was texted again mid-welcome (a breaker's probe, two instances). One read, on
            // repeats to a finished session only.
            pointer = pointers.find(from);
            if (pointer.isPresent() && !pointer.get().sessionId().equals(step.before().sessionId())) {
                step = null;
            }
        }
        if (step == null) {
            if (pointer.isEmpty()) {
                pointer = cached.isEmpty() ? found : pointers.find(from);
            }
            pointer.ifPresent(conversation -> MDC.put(SessionSteps.SESSION_ID, conversation.sessionId()));
            if (pointer.isEmpty()) {
                return withoutSurvey(from, input, said, messageSid);
            }
            step = steps.apply(new SessionRef(from, pointer.get().sessionId()), input, text, true).orElse(null);
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
            return new SmsReply(List.of());
        }
        Inbox.InboundMessage appliedBefore = step.appliedBefore();
        if (appliedBefore != null && appliedBefore.repliedByRest()) {
            LOG.info("Text {} was kept during a storage outage and its replies went through the REST API: "
                    + "answered with nothing", messageSid);
            return new SmsReply(List.of(), false, step, step.before());
        }
        if (intent == ConsentWords.Intent.NONE && step.before().surveyStatus().isFinal() && !step.replies().isEmpty()
                && optedOut(from, step.before().surveyStatus() != SurveyStatus.COMPLETED)) {
            // After an opt-out only its confirmation is sent (CTIA Messaging Principles 5.1.3): a later "ok thanks"
            // to a finished survey got "You have already answered this survey". The one reply to a survey that did
            // not complete, the notice that it closed, is a courtesy: it waits for storage to say the number may
            // have it.
            return SmsReply.of(List.of(), step);
        }
        if (intent == ConsentWords.Intent.OPT_OUT && said.optedOutBefore() && step.before().surveyStatus().isFinal()) {
            // One confirmation (CTIA Messaging Principles 5.1.3): it went with the opt-out before.
            LOG.info("An opt-out from a number opted out before, confirmed then, not again");
            return SmsReply.of(List.of(), step);
        }
        return SmsReply.of(step.replies(), step);
    }

    /**
     * The answer to a text from a number with no SMS survey: an opt-out's confirmation when Twilio does not confirm
     * it and the number had not opted out before (CTIA Messaging Principles 5.1.3: one confirmation; until 2026-12-06
     * every later opt-out phrase got another), the help text when Twilio does not answer the help, nothing else; the
     * log line says which.
     */
    private SmsReply withoutSurvey(E164 from, SurveyInput.SmsReceived input, RespondentConsent.TextConsent said,
            String messageSid) {
        ConsentWords.Intent intent = said.intent();
        if (intent == ConsentWords.Intent.OPT_OUT) {
            // The enterprise learns of it from the last survey call's session, if the number had one; a number never
            // surveyed has no session or survey to name, and the suppression list keeps it.
            optOutEverywhere.endOpenSessions(from, publishWithLastCall(from, messageSid).orElse(null));
            if (input.twilioAnswers()) {
                LOG.info("Text from {}, who has no SMS survey: an opt-out, which Twilio confirms", from);
                return new SmsReply(List.of());
            }
            if (said.optedOutBefore()) {
                LOG.info("Text from {}, who has no SMS survey: an opt-out from a number opted out before, confirmed "
                        + "then, not again", from);
                return new SmsReply(List.of());
            }
            return answeredWithoutSurvey(from, "an opt-out", Prompt.OPT_OUT_CONFIRMATION, input.body(), intent);
        }
        if (intent == ConsentWords.Intent.HELP) {
            if (input.twilioAnswersHelp()) {
                LOG.info("Text from {}, who has no SMS survey: a help request, which Twilio answers", from);
                return new SmsReply(List.of());
            }
            // No survey to go on with, and Twilio does not answer this one: the default survey's help text.
            return answeredWithoutSurvey(from, "a help request", Prompt.HELP_REPLY, input.body(), intent);
        }
        LOG.info("Text from {}, who has no SMS survey: {}", from, intent == ConsentWords.Intent.OPT_IN
                ? "an opt-in (confirmed when the number was opted out and Twilio does not confirm it)"
                : "not answered");
        return new SmsReply(List.of());
    }

    /**
     * A text from a number with no SMS survey answered with the default survey's {@code prompt}, in the language the
     * text was written in as its consent words tell ({@link Survey#languageOfConsentText}): "ARRÊT" is confirmed in
     * French when the default survey has French.
     */
    private SmsReply answeredWithoutSurvey(E164 from, String what, Prompt prompt, String body,
            ConsentWords.Intent intent) {
        List<String> text = catalog.defaultSurvey().flatMap(any -> any.languageOfConsentText(body, intent)
                .optionalText(prompt)).map(List::of).orElse(List.of());
        LOG.info("Text from {}, who has no SMS survey: {}, answered {}", from, what,
                text.isEmpty() ? "with nothing (the default survey has no " + prompt.key() + ")"
                        : "with the " + prompt.key() + " text");
        return new SmsReply(text);
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

    /**
     * Whether the number is on the suppression list.
     *
     * @param whenUnknown the answer when storage cannot say: false where the reply went before this check existed
     *     (a completed survey's), true for the closed-survey notice, which is sent only to a number known not opted out
     */
    private boolean optedOut(E164 from, boolean whenUnknown) {
        try {
            return consent.isOptedOut(from);
        } catch (RuntimeException e) {
            // WARN: the reply goes on a guess (HELP's ordinary reply to a number that may have opted out).
            LOG.warn("Could not read whether {} opted out ({}); replying as if {}", from, e.toString(),
                    whenUnknown ? "it had" : "it had not");
            return whenUnknown;
        }
    }

    /**
     * The answer to HELP from an opted-out number ({@link MessagingKeywords#optedOutHelpReply}): in the language of
     * the session the text stepped, else the default survey's default language; empty when there is none.
     *
     * @param session the session the text stepped, or null for a number with no SMS survey
     */
    private List<String> optedOutHelp(SurveySession session) {
        Optional<Survey> survey = Optional.empty();
        if (session != null) {
            try {
                survey = Optional.of(catalog.survey(session.surveyId(), session.surveyVersion()));
            } catch (RuntimeException retired) {
                LOG.debug("The survey of session {} is gone ({}): the default survey's help", session.sessionId(),
                        retired.toString());
            }
        }
        String tag = session == null || survey.isEmpty() ? null : session.languageSet();
        return survey.or(catalog::defaultSurvey).flatMap(chosen -> MessagingKeywords.optedOutHelpReply(chosen, tag))
                .map(List::of).orElse(List.of());
    }

    /**
     * The default survey's {@code optInConfirmation}, in the language {@code body} was written in as its opt-in words
     * tell ({@link Survey#languageOfConsentText}: "comenzar" is Spanish's), and when {@code smsStillStopped} (a
     * WhatsApp opt-in that left Twilio's SMS STOP in force) the line saying texts stay stopped until START is texted
     * to the SMS number, in one text ({@link SmsStillStopped}); empty without a default survey.
     */
    private List<String> optInConfirmation(String body, boolean smsStillStopped) {
        return catalog.defaultSurvey().map(any -> {
            SurveyLanguage language = any.languageOfConsentText(body, ConsentWords.Intent.OPT_IN);
            List<String> lines = new java.util.ArrayList<>();
            language.optionalText(Prompt.OPT_IN_CONFIRMATION).ifPresent(lines::add);
            if (smsStillStopped) {
                SmsStillStopped.line(language).ifPresent(lines::add);
            }
            return lines.isEmpty() ? List.<String>of() : List.of(String.join("\n\n", lines));
        }).orElse(List.of());
    }

    /**
     * A message status callback, for route files written before 2026-12-08, whose {@code message-status} route
     * calls this bean: {@link MessageStatusWebhooks#onMessageStatus}, which the shipped route calls.
     */
    public WebhookReply onMessageStatus(TwilioRequest request) {
        return statusWebhooks.onMessageStatus(request);
    }
}
