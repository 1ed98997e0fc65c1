package com.surveyrelay.conversation;

import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioLookups;
import com.surveyrelay.web.ErrorResponses;
import com.surveyrelay.web.HttpProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends a texted survey (SMS or WhatsApp) whose first text Twilio accepted and then reported not delivered in its
 * status callback ({@code undelivered} or {@code failed} with one of {@link #NOT_DELIVERED_CODES}), as a send Twilio
 * refused ends it: {@code ABANDONED}, {@code not-delivered:<word for the ErrorCode>}, with its Survey Abandoned
 * event, so the
 * number is free. Before, the session stayed in its welcome, a start to the number was refused
 * {@code 409 survey_in_progress} for {@code SMS_CONVERSATION_TIMEOUT}, its reminder went to the dead handset, and it
 * ended {@code ABANDONED expired}.
 *
 * <p>The session does not store its texts' sids (it is written before the send, and a write per start would cost the
 * benchmark's PUTs), so the failed text is matched on this failure path only: the number's SMS pointer names the
 * session (a read), the session (a read) is open on the callback's channel, has taken no inbound text and sent no
 * reminder (so the only text it sent is its first), and Twilio's {@code date_created} of the failed text (a fetch,
 * {@link TwilioLookups#textCreated}: a status callback has no date) is not before the session began, less
 * {@link UnansweredFirstText#CLOCK_MARGIN}. The end is written only while the session is still so
 * ({@link SessionSteps#applyIf}): a reply that lands first makes it read again and keeps the survey open, and a
 * callback delivered twice finds the session ended and publishes nothing more. A text failing later (mid-survey, a
 * phone briefly off) is only counted, as before. A welcome sent as several texts ends only when no other part of it
 * may have arrived (Twilio's list of the texts to the number since the session began names them all
 * {@code undelivered} or {@code failed}): a part that arrived asks for the reply, so the survey goes on (until
 * 2026-12-05 any one part reported undelivered ended it). The parts are told from other texts to the number by their
 * bodies, the session's first texts made again ({@link SurveyProcessor#firstTexts}); a one-text welcome has no other
 * part, and Twilio is not asked. Until 2026-12-06 any text to the number since a minute before the session counted,
 * so a welcome sent right after another survey's texts to the number was kept open until it expired.
 *
 * <p>Storage failing, the same is tried again on this instance for about a minute ({@link StatusCallbackRetries},
 * {@link StatusCallbackRetries#UNDELIVERED_FIRST_TEXT}), since Twilio sends a status callback once and does not retry
 * it. What still cannot be asked (storage failing past those retries, Twilio failing past its own, the text unknown to
 * Twilio) leaves the session open, logged: it then ends as before, when it expires.
 */
@Component
class UndeliveredFirstText {

    private static final Logger LOG = LoggerFactory.getLogger(UndeliveredFirstText.class);
    /**
     * Twilio's error codes for a text that did not reach the handset and will not, each with the word its session's
     * end reason gives ({@code not-delivered:<word>}: the event schema's reasons are words, as a start Twilio refused
     * gives them): 30003 unreachable handset, 30004 blocked, 30005 unknown or inactive number and 30006 landline or
     * unreachable carrier ({@code invalid_recipient}, as a text refused at once to a landline, 21614), 30007 carrier
     * filtering, 30008 unknown error; on WhatsApp 63003 (no WhatsApp account) and 63024 (invalid recipient), 63016
     * (outside the 24-hour window). 21610 (unsubscribed) is an opt-out instead ({@link MessageWebhooks}).
     */
    static final Map<String, String> NOT_DELIVERED_CODES = Map.of(
            "30003", "unreachable_handset",
            "30004", "blocked",
            "30005", "invalid_recipient",
            "30006", "invalid_recipient",
            "30007", "carrier_filtered",
            "30008", "undelivered",
            "63003", "invalid_recipient",
            "63016", "whatsapp_window_closed",
            "63024", "invalid_recipient");
    /** How far before the session's start Twilio's creation date of its first text may lie (clocks, whole seconds). */
    static final Duration CLOCK_MARGIN = UnansweredFirstText.CLOCK_MARGIN;

    private final SmsConversationPointers pointers;
    private final SessionStore store;
    private final SessionSteps steps;
    private final TwilioLookups twilio;
    private final OutboxRelay relay;
    private final WebhookSteps webhookSteps;
    private final StatusCallbackRetries retries;
    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final RespondentConsent consent;

    UndeliveredFirstText(SmsConversationPointers pointers, SessionStore store, SessionSteps steps, TwilioLookups twilio,
            OutboxRelay relay, WebhookSteps webhookSteps, StatusCallbackRetries retries, SurveyCatalog catalog,
            SurveyProcessor processor, RespondentConsent consent) {
        this.consent = consent;
        this.catalog = catalog;
        this.processor = processor;
        this.pointers = pointers;
        this.store = store;
        this.steps = steps;
        this.twilio = twilio;
        this.relay = relay;
        this.webhookSteps = webhookSteps;
        this.retries = retries;
    }

    /** Whether a failed text's {@code ErrorCode} says it will not reach the handset (and is no opt-out). */
    static boolean notDelivered(String errorCode) {
        return errorCode != null && NOT_DELIVERED_CODES.containsKey(errorCode);
    }

    /**
     * Ends the number's texted survey when {@code messageSid} was its first text and nothing came back since. Never
     * throws: storage failing, the whole look is tried again later ({@link StatusCallbackRetries}); anything else that
     * fails is logged and the session stays open.
     *
     * @param to the number the text went to
     * @param channel the text's channel, from the callback's {@code To} ({@code whatsapp:+E164} for WhatsApp)
     * @param messageSid the failed text's sid, of Twilio's shape
     * @param errorCode one of {@link #NOT_DELIVERED_CODES}
     * @return true when this call ended the session (false too when it is tried again later)
     */
    boolean endIfFirstText(E164 to, Channel channel, String messageSid, String errorCode) {
        try {
            return end(to, channel, messageSid, errorCode);
        } catch (RuntimeException e) {
            if (ErrorResponses.storageFailure(e) != null) {
                LOG.warn("Text {} was not delivered (Twilio error {}), and storage failed while its survey was looked "
                        + "into; trying again: {}", messageSid, errorCode, e.toString());
                retries.retry("(status callback of " + messageSid + ")", StatusCallbackRetries.UNDELIVERED_FIRST_TEXT,
                        () -> end(to, channel, messageSid, errorCode));
                return false;
            }
            LOG.warn("Text {} was not delivered (Twilio error {}), and whether it was the first of its survey could "
                    + "not be found, so the survey stays open: {}", messageSid, errorCode,
                    e instanceof HttpProblem problem ? problem.status() + " " + problem.code() : e.toString());
            return false;
        }
    }

    private boolean end(E164 to, Channel channel, String messageSid, String errorCode) {
        Optional<SmsConversation> pointer = pointers.find(to);
        if (pointer.isEmpty()) {
            return false;
        }
        SessionRef ref = new SessionRef(to, pointer.get().sessionId());
        Optional<StoredSession> found = store.find(ref);
        if (found.isEmpty() || !awaitsItsFirstReply(found.get(), channel)) {
            LOG.info("Text {} was not delivered (Twilio error {}); session {} is not waiting for the reply to its first "
                    + "text (ended, replied to or reminded), so it is left as it is", messageSid, errorCode,
                    ref.sessionId());
            return false;
        }
        Instant began = found.get().session().surveyStarted();
        Optional<Instant> created = twilio.textCreated(messageSid);
        if (created.isEmpty() || created.get().isBefore(began.minus(CLOCK_MARGIN))) {
            LOG.info("Text {} was not delivered (Twilio error {}); it is older than session {}, which stays open",
                    messageSid, errorCode, ref.sessionId());
            return false;
        }
        if (channel == Channel.SMS && anotherPartMayHaveArrived(to, messageSid, found.get().session())) {
            LOG.info("Text {} was not delivered (Twilio error {}); another text of session {}'s welcome may have "
                    + "arrived, so the survey goes on", messageSid, errorCode, ref.sessionId());
            return false;
        }
        String reason = "not-delivered:" + NOT_DELIVERED_CODES.get(errorCode);
        // The number's texts wait for this step only, not for the reads and Twilio's answer before it.
        Optional<SessionSteps.Step> step = webhookSteps.oneAtATime(to, () -> steps.applyIf(ref,
                new SurveyInput.Ended(SurveyStatus.ABANDONED, reason), stored -> awaitsItsFirstReply(stored, channel)));
        Optional<StoredSession> written = step.map(SessionSteps.Step::stored);
        if (written.isEmpty()) {
            LOG.info("Text {} was not delivered (Twilio error {}); session {} took a reply or ended meanwhile, so it "
                    + "is left as it is", messageSid, errorCode, ref.sessionId());
            return false;
        }
        relay.wake(written.get());
        LOG.info("The first text {} of session {} was not delivered (Twilio error {}): the session ends {}, and the "
                + "number is free", messageSid, ref.sessionId(), errorCode, reason);
        try {
            // A fallback text claimed no contact of its own: the contact before it is its call's, which rang (until
            // the reviewer's probe the same day, an undelivered fallback gave the call's contact back).
            if (found.get().session().fallbackFrom() == null) {
                consent.releaseContactOf(to, began);
            }
        } catch (RuntimeException e) {
            LOG.warn("Session {} reached nobody, but storage failed giving its contact back to the frequency cap, "
                    + "which holds the number until it runs out: {}", ref.sessionId(), e.toString());
        }
        return true;
    }

    /**
     * Whether another part of the session's welcome than {@code messageSid} may have reached the respondent: a
     * welcome too long for one text goes as several ({@code SmsTexts}). One that arrived holds the welcome's offer to
     * reply, so the survey goes on; it ends when every part is reported not delivered (the last report finds the
     * others {@code undelivered} or {@code failed} in Twilio's list). The parts are the texts to {@code to} since the
     * session began (less {@link #CLOCK_MARGIN}) whose body is one of the session's first texts
     * ({@link SurveyProcessor#firstTexts}, at the session's survey version): another survey's texts to the number in
     * that minute are none of them. The body Twilio lists may differ from the one sent, so it is matched as
     * {@link TwilioLookups.SentText#sentAs} says (Smart Encoding's replacements, a Messaging Service's text appended):
     * until 2026-12-06 only an equal body counted, and a part that arrived with its quotes straightened was taken for
     * another text, so the welcome's other part's report ended a survey whose offer had arrived. A text Twilio lists without a body (message redaction) may be one, and counts. A
     * welcome of one text has no other part, and Twilio is not asked; otherwise one page of its message list
     * ({@link TwilioLookups#textsTo}), asked only on this failure path.
     *
     * @throws HttpProblem when Twilio fails to list them, or the session's survey version cannot be read: the survey
     *     then stays open
     */
    private boolean anotherPartMayHaveArrived(E164 to, String messageSid, SurveySession session) {
        List<String> parts = processor.firstTexts(catalog.survey(session.surveyId(), session.surveyVersion()),
                session);
        if (parts.size() <= 1) {
            return false;
        }
        return twilio.textsTo(to, session.surveyStarted().minus(CLOCK_MARGIN)).stream()
                .filter(text -> !text.sid().equals(messageSid))
                .filter(text -> text.body() == null || text.body().isEmpty()
                        || parts.stream().anyMatch(text::sentAs))
                .anyMatch(TwilioLookups.SentText::mayHaveArrived);
    }

    /**
     * Whether the session is an open texted survey on {@code channel} whose only text so far is its first: no inbound
     * text taken, no reminder sent.
     */
    private static boolean awaitsItsFirstReply(StoredSession stored, Channel channel) {
        SurveySession session = stored.session();
        return !session.surveyStatus().isFinal() && session.surveyMedium() == channel
                && !stored.inbox().textedInThisSession() && session.remindedAt() == null;
    }
}
