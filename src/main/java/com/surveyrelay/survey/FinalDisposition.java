package com.surveyrelay.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Ends a session from outside its questions, with nothing said or texted: {@code ABANDONED} with a reason, or
 * {@code OPTED_OUT}, each with the one event that tells the enterprise; and publishes the opt-out texted by a number
 * we only ever called. It exists because several paths end a session this way (an {@link SurveyInput.Ended} input, a
 * call found over, a survey version that changed, such a texted opt-out) and each must store and publish the same
 * thing.
 */
final class FinalDisposition {

    private final Clock clock;

    FinalDisposition(Clock clock) {
        this.clock = clock;
    }

    /**
     * The session ended now with {@code ended}'s status and reason, and its event: {@code SURVEY_OPTED_OUT}, or
     * {@code SURVEY_ABANDONED} with the reason. Nothing is said or texted. A session already final is returned as
     * it is, with no event.
     */
    Decision end(SurveySession session, SurveyInput.Ended ended) {
        if (session.surveyStatus().isFinal()) {
            return new Decision(session, null, List.of(), List.of());
        }
        Instant now = clock.instant();
        SurveySession over = session.edit().end(ended.status(), ended.reason(), now).at(now);
        SurveyEvent event = ended.status() == SurveyStatus.OPTED_OUT
                ? SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, over)
                : SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, over).withReason(ended.reason());
        return new Decision(over, null, List.of(), List.of(event));
    }

    /**
     * An opt-out texted by a number whose session this is not by text ({@link SurveyInput.OptOutTexted}): an open
     * session ends {@code OPTED_OUT}; a finished one publishes {@code SURVEY_OPTED_OUT} with its status unchanged (as
     * STOP after an SMS survey does) and notes {@code optedOutAfterEnd}, except one that ended opted out or was opted
     * out of after its end before, whose event went out then. Nothing is rendered:
     * no call is waiting for TwiML from this step, and the session's language may be gone.
     */
    Decision optOutTexted(SurveySession session) {
        if (!session.surveyStatus().isFinal()) {
            return end(session, new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "opt-out"));
        }
        if (OptOut.optOutPublished(session)) {
            return new Decision(session, null, List.of(), List.of());
        }
        SurveySession noted = session.edit().optedOutAfterEnd(clock.instant()).at(clock.instant());
        return new Decision(noted, null, List.of(), List.of(SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, noted)));
    }
}
