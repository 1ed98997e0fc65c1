package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a texted survey's one reminder is due: after {@code SMS_REMINDER_AFTER} of silence, and on WhatsApp only
 * inside the 24-hour window the respondent's last message opened (Twilio error 63016 outside it).
 */
class SmsRemindersTest {

    private static final Instant LAST_REPLY = Instant.parse("2026-11-30T09:00:00Z");

    private static SmsReminders remindingAfter(Duration after) {
        return new SmsReminders(null, null, null, new ConsentProperties(null, null, after, null, null, null, null),
                Clock.systemUTC(), null);
    }

    private static SurveySession session(Channel channel, SessionStep step) {
        return new SurveySession("s-1", "customer-satisfaction", null, "+15551234567", channel, "en-US",
                SurveyStatus.STARTED, step, 0, 1, 0, 0, LAST_REPLY, LAST_REPLY, null, null, null, List.of(), null,
                null, null);
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
}
