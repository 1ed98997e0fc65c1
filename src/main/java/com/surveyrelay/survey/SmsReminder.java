package com.surveyrelay.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reminder of an SMS or WhatsApp session whose question (or language offer) was left unanswered for
 * {@code SMS_REMINDER_AFTER}: when it is due is judged elsewhere; this says what it texts. It exists because a text
 * survey, unlike a call, waits on a respondent who may have put the phone down.
 */
final class SmsReminder {

    private final Clock clock;

    SmsReminder(Clock clock) {
        this.clock = clock;
    }

    /**
     * The one reminder of an SMS session: the language's {@code reminder} line, then the open step again (the
     * question, or the language offer). Nothing for a call, a finished session, one already reminded, or one changed
     * since the reminder was judged due ({@link SurveyInput.Remind#judgedOn}).
     *
     * @return the session marked reminded, with the texts to send and no event; or the session unchanged, nothing sent
     */
    Decision remind(Survey survey, SurveySession session, SurveyInput.Remind input) {
        if (!session.surveyMedium().messaging() || session.surveyStatus().isFinal() || session.remindedAt() != null
                || session.currentState() == SessionStep.NOT_STARTED || !session.updatedAt().equals(input.judgedOn())) {
            return new Decision(session, null, List.of(), List.of());
        }
        Instant now = clock.instant();
        Reply again = RepeatedStep.current(survey, session);
        List<String> lines = new ArrayList<>();
        survey.language(session.languageSet()).optionalText(Prompt.REMINDER).ifPresent(lines::add);
        lines.addAll(again.lines());
        Reply reminder = again.offerLanguages() ? new Reply(lines, true, null, false)
                : Reply.ask(lines, again.question());
        return ChannelReplies.smsDecision(survey, session.edit().reminded(now).at(now), reminder, List.of());
    }

    /**
     * The session as it was before its reminder, which did not go out ({@link SurveyInput.ReminderNotSent}): due
     * again. Unchanged when anything changed it since the reminder was recorded.
     *
     * @return the session put back, with no text and no event; or the session unchanged
     */
    static Decision notSent(SurveySession session, SurveyInput.ReminderNotSent input) {
        if (session.surveyStatus().isFinal() || !input.remindedAt().equals(session.remindedAt())
                || !input.remindedAt().equals(session.updatedAt())) {
            return new Decision(session, null, List.of(), List.of());
        }
        return new Decision(session.edit().reminded(null).at(input.judgedOn()), null, List.of(), List.of());
    }
}
