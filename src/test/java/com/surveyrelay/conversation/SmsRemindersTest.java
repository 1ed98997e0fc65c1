package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.consent.QuietHours;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When a texted survey's one reminder is due: after {@code SMS_REMINDER_AFTER} of silence, inside the respondent's
 * contact hours, and on WhatsApp only inside the 24-hour window the respondent's last message opened (Twilio error
 * 63016 outside it).
 */
class SmsRemindersTest {

    private static final Instant LAST_REPLY = Instant.parse("2026-11-30T09:00:00Z");
    /** A London number (Ofcom's drama range): Europe/London, UTC in these tests' winter. */
    private static final String LONDONER = "+442079460123";
    /** Reminders 2 h after the last reply, every day from 09:00 to 17:00; {@code DEFAULT_TIME_ZONE} UTC. */
    private static final ConsentProperties NINE_TO_FIVE = new ConsentProperties(null, null, Duration.ofHours(2),
            "MON-SUN", "09:00-17:00", ZoneOffset.UTC, null, null, null, null);
    /** The survey in {@code config-files/}: no contact hours of its own. */
    private static final Survey DEFAULT_SURVEY = defaultSurvey();

    private static SmsReminders remindingAfter(Duration after) {
        return new SmsReminders(null, null, null,
                new ConsentProperties(null, null, after, null, null, null, null, null, null, null),
                Clock.systemUTC(), null, null, null);
    }

    private static SurveySession session(Channel channel, SessionStep step) {
        return session(channel, step, null);
    }

    /** @param timeZone the zone the session's start request named, or null */
    private static SurveySession session(Channel channel, SessionStep step, String timeZone) {
        return session(channel, step, timeZone, LONDONER);
    }

    private static SurveySession session(Channel channel, SessionStep step, String timeZone, String phone) {
        return new SurveySession("0b0f5c1e-6a57-4e8e-9d3a-2f1b7c9e4a10", "customer-satisfaction", null,
                phone, channel, "en-US", SurveyStatus.STARTED, step, 0, 1, 0, 0, LAST_REPLY, LAST_REPLY, null,
                null, null, List.of(), null, null, null, timeZone, null, null, null, null);
    }

    @Test
    void anSmsQuestionIsRemindedAfterTheSilence() {
        assertThat(remindingAfter(Duration.ofHours(30)).dueAt(session(Channel.SMS, SessionStep.QUESTION)))
                .contains(LAST_REPLY.plus(Duration.ofHours(30)));
        assertThat(remindingAfter(Duration.ofHours(2)).dueAt(session(Channel.SMS, SessionStep.LANGUAGE_OFFER)))
                .contains(LAST_REPLY.plus(Duration.ofHours(2)));
    }

    @Test
    void aWhatsAppQuestionIsRemindedOnlyInsideTheWindowOfTheRespondentsLastMessage() {
        assertThat(remindingAfter(Duration.ofHours(2)).dueAt(session(Channel.WHATSAPP, SessionStep.QUESTION)))
                .contains(LAST_REPLY.plus(Duration.ofHours(2)));
        assertThat(remindingAfter(Duration.ofHours(24)).dueAt(session(Channel.WHATSAPP, SessionStep.QUESTION)))
                .as("at 24 h the window has closed").isEmpty();
    }

    @Test
    void aWhatsAppSurveyNobodyAnsweredIsNeverReminded() {
        // Only the template went out: the window never opened, and a free-form reminder would be refused.
        assertThat(remindingAfter(Duration.ofHours(2)).dueAt(session(Channel.WHATSAPP, SessionStep.LANGUAGE_OFFER)))
                .isEmpty();
    }

    /**
     * The window is checked again when the reminder is sent, not only when it was scheduled: a reminder due 2 h after
     * the reply but looked at 25 h after it (the instance was down) would be refused by WhatsApp (Twilio error
     * 63016), so it is dropped without being recorded or sent.
     */
    @Test
    void aWhatsAppReminderLookedAtAfterTheWindowClosedIsDroppedAndOneInsideItIsSent() {
        SurveySession session = session(Channel.WHATSAPP, SessionStep.QUESTION);
        SessionRef ref = SessionRef.of(session);

        SessionSteps lateSteps = mock(SessionSteps.class);
        TwilioGateway lateTwilio = mock(TwilioGateway.class);
        RespondentConsent lateConsent = mock(RespondentConsent.class);
        SmsReminders late = sending(lateSteps, lateTwilio, lateConsent, LAST_REPLY.plus(Duration.ofHours(25)));
        assertThat(late.remindIfDue(ref, session)).isEmpty();
        verifyNoInteractions(lateSteps, lateTwilio, lateConsent);

        SessionSteps steps = mock(SessionSteps.class);
        TwilioGateway twilio = mock(TwilioGateway.class);
        RespondentConsent consent = mock(RespondentConsent.class);
        when(steps.apply(eq(ref), any(SurveyInput.Remind.class))).thenReturn(Optional.of(new SessionSteps.Step(
                session, null, List.of("Still there? Reply 1 to 5."), null,
                new StoredSession(session, Outbox.EMPTY, null, "\"etag-2\""), false, null)));
        SmsReminders inTime = sending(steps, twilio, consent, LAST_REPLY.plus(Duration.ofHours(3)));
        assertThat(inTime.remindIfDue(ref, session)).isEmpty();
        verify(twilio).send(Channel.WHATSAPP, ref.phone(), "Still there? Reply 1 to 5.");
    }

    @Test
    void aReminderNotYetDueIsLookedAtAgainWhenItFallsDue() {
        SurveySession session = session(Channel.WHATSAPP, SessionStep.QUESTION);
        SessionSteps steps = mock(SessionSteps.class);
        TwilioGateway twilio = mock(TwilioGateway.class);
        SmsReminders early = sending(steps, twilio, mock(RespondentConsent.class),
                LAST_REPLY.plus(Duration.ofHours(1)));
        assertThat(early.remindIfDue(SessionRef.of(session), session)).contains(LAST_REPLY.plus(Duration.ofHours(2)));
        verifyNoInteractions(steps, twilio);
    }

    /**
     * A reminder is a contact as a start is: due after the respondent's contact hours closed, it waits for them to
     * open (the number's zone here: London, UTC in winter), and goes then.
     */
    @Test
    void aReminderDueOutsideContactHoursWaitsForThemAndGoesThen() {
        SurveySession session = session(Channel.SMS, SessionStep.QUESTION);
        SessionRef ref = SessionRef.of(session);

        SessionSteps lateSteps = mock(SessionSteps.class);
        TwilioGateway lateTwilio = mock(TwilioGateway.class);
        Instant evening = Instant.parse("2026-11-30T20:00:00Z");
        SmsReminders late = sending(lateSteps, lateTwilio, mock(RespondentConsent.class), NINE_TO_FIVE, evening);
        assertThat(late.remindIfDue(ref, session)).contains(Instant.parse("2026-12-01T09:00:00Z"));
        verifyNoInteractions(lateSteps, lateTwilio);

        SessionSteps steps = mock(SessionSteps.class);
        TwilioGateway twilio = mock(TwilioGateway.class);
        when(steps.apply(eq(ref), any(SurveyInput.Remind.class))).thenReturn(Optional.of(new SessionSteps.Step(
                session, null, List.of("Still there? Reply 1 to 5."), null,
                new StoredSession(session, Outbox.EMPTY, null, "\"etag-2\""), false, null)));
        SmsReminders morning = sending(steps, twilio, mock(RespondentConsent.class), NINE_TO_FIVE,
                Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(morning.remindIfDue(ref, session)).isEmpty();
        verify(twilio).send(Channel.SMS, ref.phone(), "Still there? Reply 1 to 5.");
    }

    /**
     * A start that named its respondent's time zone ({@code timeZone}) is deferred to their contact hours there; its
     * reminder keeps that zone too. It followed the number's zone (London's): looked at 12:00 UTC, 07:00 in New
     * York, it went out and woke the respondent.
     */
    @Test
    void aReminderKeepsTheContactHoursOfTheZoneItsStartNamed() {
        SurveySession session = session(Channel.SMS, SessionStep.QUESTION, "America/New_York");
        SessionRef ref = SessionRef.of(session);
        SessionSteps steps = mock(SessionSteps.class);
        TwilioGateway twilio = mock(TwilioGateway.class);

        SmsReminders early = sending(steps, twilio, mock(RespondentConsent.class), NINE_TO_FIVE,
                Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(early.remindIfDue(ref, session)).as("09:00 in New York")
                .contains(Instant.parse("2026-11-30T14:00:00Z"));
        verifyNoInteractions(steps, twilio);
    }

    /**
     * A +1 number whose area code the phone metadata does not know may be in any NANP zone, where 09:00-17:00 never
     * opens at once: its reminder is not sent, where it once went out at 09:00 UTC (04:00 in New York).
     */
    @Test
    void aReminderToANumberWhoseAreaCodeIsUnknownIsNotSentOutsideHoursSomewhereInItsCountry() {
        SurveySession session = session(Channel.SMS, SessionStep.QUESTION, null, "+15551234567");
        SessionSteps steps = mock(SessionSteps.class);
        TwilioGateway twilio = mock(TwilioGateway.class);

        SmsReminders atNineUtc = sending(steps, twilio, mock(RespondentConsent.class), NINE_TO_FIVE,
                Instant.parse("2026-12-01T09:00:00Z"));

        assertThat(atNineUtc.remindIfDue(SessionRef.of(session), session)).isEmpty();
        verifyNoInteractions(steps, twilio);
    }

    private static SmsReminders sending(SessionSteps steps, TwilioGateway twilio, RespondentConsent consent,
            Instant now) {
        return sending(steps, twilio, consent,
                new ConsentProperties(null, null, Duration.ofHours(2), null, null, null, null, null, null, null),
                now);
    }

    private static SmsReminders sending(SessionSteps steps, TwilioGateway twilio, RespondentConsent consent,
            ConsentProperties settings, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        SurveyCatalog catalog = mock(SurveyCatalog.class);
        when(catalog.survey("customer-satisfaction", null)).thenReturn(DEFAULT_SURVEY);
        return new SmsReminders(steps, twilio, consent, settings, clock, mock(OptOutEverywhere.class),
                new QuietHours(settings, clock), catalog);
    }

    private static Survey defaultSurvey() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
