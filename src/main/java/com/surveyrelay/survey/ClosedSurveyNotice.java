package com.surveyrelay.survey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer a text gets when it comes after its SMS or WhatsApp survey expired (ended {@code ABANDONED}, reason
 * {@value #EXPIRED}, once {@code SMS_CONVERSATION_TIMEOUT} passed without a reply): the language's {@code
 * surveyClosed} line ("Sorry, this survey has closed. Thank you for your time."), so that a respondent on a bad line who
 * answers late is not met with silence. Why it is bounded:
 * <ul>
 *   <li>once per session ({@link SurveySession#closedNoticeAt()}): a second late text gets nothing, so an
 *       auto-responder on the other end cannot start a loop;</li>
 *   <li>only within {@code window} of the survey's end ({@code SMS_CLOSED_NOTICE_WINDOW}, default 7 days): a text
 *       weeks later is no late answer;</li>
 *   <li>only to a text that is no keyword: an opt-out is taken before this ({@link OptOut}), HELP gets the help text,
 *       and START is Twilio's to answer.</li>
 * </ul>
 * A survey whose file has no {@code surveyClosed} line uses the built-in one of its language when that is English,
 * Spanish or French (the languages with built-in words, {@link ConsentWords#hasBuiltInWords}); any other stays silent,
 * as before. Whether the number opted out is for the caller to check: this class does no I/O.
 */
final class ClosedSurveyNotice {

    /**
     * The end reason of a messaging session nobody answered in time, as the outbox sweep ({@code SessionClosing}) and a
     * later start to the number ({@code SurveyOpener}) end it, through {@link SurveyProcessor#EXPIRED}.
     */
    static final String EXPIRED = "expired";
    /** The line a language file without {@code surveyClosed} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "This survey has closed. Thank you.",
            "es", "Esta encuesta ya se cerró. Gracias.",
            "fr", "Ce sondage est fermé. Merci."));

    private final Clock clock;
    private final Duration window;

    /**
     * @param window how long after the survey's end a late text is still answered; zero for never (the notice off)
     */
    ClosedSurveyNotice(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * The answer to a text (no keyword, on the session's channel) to a finished session that did not complete.
     *
     * @return for an expired session that has sent no notice yet, within the window, and whose language has a line: the
     *     line, and the session noting {@code closedNoticeAt}; otherwise the session unchanged and no reply
     */
    Decision onLateText(Survey survey, SurveySession session) {
        Decision silence = new Decision(session, null, List.of(), List.of());
        if (session.surveyStatus() != SurveyStatus.ABANDONED || !EXPIRED.equals(session.endReason())
                || session.closedNoticeAt() != null || session.surveyEnded() == null || window.isZero()) {
            return silence;
        }
        Instant now = clock.instant();
        if (now.isAfter(session.surveyEnded().plus(window))) {
            return silence;
        }
        Optional<String> line = line(survey, session.languageSet());
        if (line.isEmpty()) {
            return silence;
        }
        SurveySession noted = session.edit().closedNotice(now).at(now);
        return ChannelReplies.smsDecision(survey, noted, Reply.end(line.get()), List.of());
    }

    /**
     * The survey file's {@code surveyClosed} line in {@code tag}, else the built-in one of its language, if any; none
     * when the survey's version no longer has the language (nothing to render the text with).
     */
    private static Optional<String> line(Survey survey, String tag) {
        if (!survey.hasLanguage(tag)) {
            return Optional.empty();
        }
        return survey.language(tag).optionalText(Prompt.SURVEY_CLOSED).or(() -> BUILT_IN.in(tag));
    }
}
