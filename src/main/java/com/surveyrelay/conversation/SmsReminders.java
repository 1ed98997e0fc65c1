package com.surveyrelay.conversation;

import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.consent.QuietHours;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one reminder of an SMS survey whose open question waited {@code SMS_REMINDER_AFTER} without an answer
 * ({@link ConsentProperties#smsReminderAfter()}; off when zero). The outbox relay asks when it looks at an open
 * session: on the timer a webhook set, and at the sweeps (an idle session's next sweep comes no later than its
 * reminder), so the reminder survives a restart.
 *
 * <p>A reminder due outside the respondent's contact hours ({@link QuietHours}, in the number's time zones) waits
 * for them; on WhatsApp it is then dropped if the 24-hour window closed meanwhile.
 *
 * <p>Once across instances: the reminder is recorded in the session ({@code remindedAt}) by a conditional write,
 * and only the instance whose write won sends the text, through the Twilio REST API, after it. A crash between the
 * two loses that reminder rather than sending it twice: a reminder is a courtesy, a duplicate one is a nuisance.
 */
@Component
public class SmsReminders {

    /** WhatsApp's customer service window: free-form messages within 24 hours of the respondent's last message. */
    static final Duration WHATSAPP_WINDOW = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(SmsReminders.class);
    /** How long a reminder Twilio did not take waits before it is tried again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final SessionSteps steps;
    private final TwilioGateway twilio;
    private final RespondentConsent consent;
    private final Duration after;
    private final Clock clock;
    private final OptOutEverywhere optOutEverywhere;
    private final QuietHours quietHours;
    private final SurveyCatalog catalog;

    public SmsReminders(SessionSteps steps, TwilioGateway twilio, RespondentConsent consent,
            ConsentProperties settings, Clock clock, OptOutEverywhere optOutEverywhere, QuietHours quietHours,
            SurveyCatalog catalog) {
        this.quietHours = quietHours;
        this.catalog = catalog;
        this.optOutEverywhere = optOutEverywhere;
        this.steps = steps;
        this.twilio = twilio;
        this.consent = consent;
        this.after = settings.smsReminderAfter();
        this.clock = clock;
    }

    /** When a session just written will be due for its reminder; empty when it never will. */
    public Optional<Instant> dueAt(SurveySession session) {
        if (after.isZero() || !session.surveyMedium().messaging() || session.surveyStatus().isFinal()
                || session.remindedAt() != null || session.currentState() == SessionStep.NOT_STARTED) {
            return Optional.empty();
        }
        Instant due = session.updatedAt().plus(after);
        return windowAllowsFreeForm(session, due) ? Optional.of(due) : Optional.empty();
    }

    /**
     * Sends the session's reminder if it is due now, and, on WhatsApp, only while the respondent's 24-hour window is
     * still open now: a reminder due inside the window can be looked at after it closed (this instance was down, the
     * sweep came late), and WhatsApp would refuse it as free-form text (Twilio error 63016). Such a reminder is
     * dropped, not recorded; the session expires as it would have without one.
     *
     * @return when to look again (the reminder is not due yet, or waits for contact hours), or empty (sent,
     *     dropped, or never due)
     * @throws RuntimeException when storage fails (the survey's version, the suppression list, the step): the relay
     *     looks again later
     */
    public Optional<Instant> remindIfDue(SessionRef ref, SurveySession session) {
        Optional<Instant> due = dueAt(session);
        Instant now = clock.instant();
        if (due.isEmpty() || due.get().isAfter(now)) {
            return due;
        }
        if (!windowAllowsFreeForm(session, now)) {
            LOG.debug("Session {}: the WhatsApp window closed before the reminder went out; not sent", ref.sessionId());
            return Optional.empty();
        }
        // A reminder contacts the respondent as a start does: it waits for their contact hours, in the zone the
        // start request named, else in the number's zones.
        Survey survey = catalog.survey(session.surveyId(), session.surveyVersion());
        Optional<Instant> contactHours;
        try {
            contactHours = quietHours.deferUntil(ref.phone(), survey, zoneOf(session));
        } catch (HttpProblem never) {
            // The contact hours never open in all the number's zones (its start named none): no moment is safe.
            LOG.debug("Session {}: no reminder, {}", ref.sessionId(), never.getMessage()); // at every sweep
            return Optional.empty();
        }
        if (contactHours.isPresent()) {
            LOG.debug("Session {}: the reminder waits for contact hours, until {}", ref.sessionId(),
                    contactHours.get());
            return contactHours;
        }
        if (consent.isOptedOut(ref.phone())) {
            // Opted out on another channel since: no reminder, and the survey ends.
            optOutEverywhere.endOpenSessions(ref.phone(), null);
            return Optional.empty();
        }
        Optional<SessionSteps.Step> reminded = steps.apply(ref, new SurveyInput.Remind(session.updatedAt()))
                .filter(step -> step.stored() != null);
        if (reminded.isEmpty()) {
            return Optional.empty();
        }
        int sent = 0;
        try {
            for (String text : reminded.get().replies()) {
                twilio.send(session.surveyMedium(), ref.phone(), text);
                sent++;
            }
            LOG.info("Session {}: reminded the respondent of the open question", ref.sessionId());
        } catch (HttpProblem problem) {
            if ("recipient_opted_out".equals(problem.code())) {
                consent.optOut(ref.phone(), RespondentRecords.Sources.TWILIO_21610);
                optOutEverywhere.endOpenSessions(ref.phone(), null);
            }
            if (sent == 0 && problem instanceof TwilioFailure failure && failure.worthAnotherTryLater()) {
                return notSent(ref, session, reminded.get().stored().session(), problem);
            }
            LOG.warn("Session {}: the reminder was not sent ({})", ref.sessionId(), problem.code());
        }
        return Optional.empty();
    }

    /**
     * A reminder Twilio did not take while nothing went out (5xx, 429, unreachable): the session is put back as it was
     * before it ({@link SurveyInput.ReminderNotSent}) and looked at again in {@link #RETRY_AFTER}, for as long as it
     * stays open. Until 2026-12-06 the reminder was recorded sent and never tried again, so a Twilio blip of seconds
     * cost it. A storage failure putting it back only logs: the reminder is then lost, as before.
     *
     * @return when to look again; empty when the session could not be put back
     */
    private Optional<Instant> notSent(SessionRef ref, SurveySession before, SurveySession reminded,
            HttpProblem problem) {
        try {
            steps.apply(ref, new SurveyInput.ReminderNotSent(reminded.remindedAt(), before.updatedAt()));
        } catch (RuntimeException storage) {
            LOG.warn("Session {}: the reminder was not sent ({}), and storage failed to keep it for another try: {}",
                    ref.sessionId(), problem.code(), storage.toString());
            return Optional.empty();
        }
        LOG.warn("Session {}: the reminder was not sent ({}); trying again in {} s", ref.sessionId(), problem.code(),
                RETRY_AFTER.toSeconds());
        return Optional.of(clock.instant().plus(RETRY_AFTER));
    }

    /**
     * True unless the session runs on WhatsApp and a free-form message at {@code at} would fall outside its window:
     * WhatsApp takes one only within {@link #WHATSAPP_WINDOW} of the respondent's last message (Twilio error 63016).
     * At a question, the session's last change was the respondent's reply; before the first reply the window never
     * opened.
     */
    private static boolean windowAllowsFreeForm(SurveySession session, Instant at) {
        return session.surveyMedium() != Channel.WHATSAPP || session.currentState() == SessionStep.QUESTION
                && at.isBefore(session.updatedAt().plus(WHATSAPP_WINDOW));
    }

    /** The zone the session's start named, or null (the number's zones): one no longer known to this JVM too. */
    private static java.time.ZoneId zoneOf(SurveySession session) {
        if (session.timeZone() == null) {
            return null;
        }
        try {
            return java.time.ZoneId.of(session.timeZone());
        } catch (java.time.DateTimeException gone) {
            return null;
        }
    }
}
