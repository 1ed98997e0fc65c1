package com.surveyrelay.conversation;

import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.twilio.TwilioLookups;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Frees a number held by a texted survey whose first text may never have gone out, when Twilio's list of messages shows
 * it did not; before, every start to the number was refused {@code 409 survey_in_progress} for {@code
 * SMS_CONVERSATION_TIMEOUT} (24 h). Twilio never answered it (a reset, a read timeout: the start answered {@code 502
 * twilio_outcome_unknown}, and the number's pointer says so, {@link SmsConversation#firstTextUnknown}), or the instance
 * died between storing the session and asking Twilio (a {@code kill -9}: a campaign row waits for its contact slot
 * there, up to a second, so an operator's probe on 2026-12-07 found a number held with no text sent and the pointer
 * unmarked). So any texted survey held that long without a reply is asked about, marked or not. The texted twin of
 * {@link LostCallStatus}.
 *
 * <p>Asked only when the session has taken no inbound text and has gone unchanged for {@link #ASK_TWILIO_AFTER}:
 * Twilio's list ({@link TwilioLookups#textsTo}) of the texts to the number created since the session started (less
 * {@link #CLOCK_MARGIN}). A text there in any status but {@code failed} or {@code undelivered} may have reached the
 * respondent: the number stays held. None (or only failed ones): the session ends {@code ABANDONED},
 * {@value #NEVER_SENT}, through the normal step (its end event is published as any end's), and the number is free.
 * When Twilio cannot list (no answer, 5xx, a refusal such as 401 or 404 under a wrong account) or the end cannot be
 * stored, the number stays held, as before.
 *
 * <p>A text Twilio still holds {@code queued} (a Messaging Service's queue) counts as one that may arrive: the list is
 * filtered by creation, not by {@code DateSent}, which such a text has not yet.
 */
@Component
class UnansweredFirstText {

    private static final Logger LOG = LoggerFactory.getLogger(UnansweredFirstText.class);
    /**
     * How long the session goes unchanged before a start asks Twilio: two minutes, as for a call
     * ({@link LostCallStatus#ASK_TWILIO_AFTER}). A text Twilio took but had not answered within the response timeout
     * (5 s) is in its list well before that; a start sooner is refused without a Twilio request.
     */
    static final Duration ASK_TWILIO_AFTER = LostCallStatus.ASK_TWILIO_AFTER;
    /** How far before the session's start a listed text may have been sent and still be its own (clocks differ). */
    static final Duration CLOCK_MARGIN = LostCallStatus.CLOCK_MARGIN;
    /** The end reason of a session whose first text Twilio holds no trace of. */
    static final String NEVER_SENT = "not-delivered:" + TwilioGateway.OUTCOME_UNKNOWN;

    private final Clock clock;
    private final TwilioLookups twilio;
    private final SessionSteps steps;
    private final OutboxRelay relay;

    UnansweredFirstText(Clock clock, TwilioLookups twilio, SessionSteps steps, OutboxRelay relay) {
        this.clock = clock;
        this.twilio = twilio;
        this.steps = steps;
        this.relay = relay;
    }

    /**
     * Whether the unfinished texted survey {@code previous}, which the number's pointer names, was ended here because
     * its first text never went out. Failures only log.
     *
     * @return true when the session is final now; false when it was not asked about (a WhatsApp survey, whose template
     *     Twilio's list of texts to the number does not show; one that took a text, or changed within {@link
     *     #ASK_TWILIO_AFTER}), Twilio lists a text that may have arrived or cannot say, or the end could not be stored
     */
    boolean endedAsNeverSent(StoredSession previous) {
        SurveySession session = previous.session();
        if (session.surveyMedium() != Channel.SMS || previous.inbox().textedInThisSession()
                || session.updatedAt().plus(ASK_TWILIO_AFTER).isAfter(clock.instant())) {
            return false;
        }
        List<TwilioLookups.SentText> texts;
        try {
            texts = twilio.textsTo(previous.ref().phone(), session.surveyStarted().minus(CLOCK_MARGIN));
        } catch (RuntimeException e) {
            LOG.warn("Could not ask Twilio whether the first text of session {} went out, so the number stays held: "
                    + "{}", session.sessionId(), e instanceof HttpProblem problem ? problem.code() : e.toString());
            return false;
        }
        var sent = texts.stream().filter(TwilioLookups.SentText::mayHaveArrived).findFirst();
        if (sent.isPresent()) {
            LOG.info("Twilio lists text {} ({}) to the number of session {}, which has no reply yet: the number "
                    + "stays held", sent.get().sid(), sent.get().status(), session.sessionId());
            return false;
        }
        LOG.warn("Twilio lists no text to the number of session {} since it started ({} failed): its first text never "
                + "went out, so the session ends {}", session.sessionId(), texts.size(), NEVER_SENT);
        try {
            steps.apply(previous.ref(), new SurveyInput.Ended(SurveyStatus.ABANDONED, NEVER_SENT))
                    .map(SessionSteps.Step::stored)
                    .ifPresent(relay::wake);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not end session {} whose first text never went out, so the number stays held: {}",
                    session.sessionId(), e.toString());
            return false;
        }
    }
}
