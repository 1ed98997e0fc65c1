package com.surveyrelay.survey;

import com.twilio.twiml.VoiceResponse;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session that outlived its survey version: the version it started on is gone (its copy under
 * {@code survey-versions/} removed) and the current one asks other questions (other names, the same names with
 * other types, or questions that cannot hold an answer the session stored), or lacks the session's language. It exists because going on would ask the wrong question, or none
 * (an IndexOutOfBoundsException, a 500 for every text and the number held a day).
 */
final class SurveyVersionChange {

    /** The end reason of a session whose survey version is gone and whose current version asks other questions. */
    static final String SURVEY_CHANGED = "survey-changed";

    /** The line a language file without {@code surveyChanged} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "Sorry, this survey has changed since you began it, so it ends here. Thank you for your time.",
            "es", "Lo sentimos, esta encuesta ha cambiado desde que la empezó, así que termina aquí. Gracias por su "
                    + "tiempo.",
            "fr", "Désolé, ce sondage a changé depuis que vous l'avez commencé : il s'arrête donc ici. Merci de votre "
                    + "temps."));

    private final FinalDisposition disposition;

    SurveyVersionChange(FinalDisposition disposition) {
        this.disposition = disposition;
    }

    /**
     * Whether the session can go on with this survey: the same questions, by name, type and in order; every answer it
     * stored one the current question can hold; and its language. False only when the version it started on could not
     * be found and the current one differs so. The type counts because it is what an answer is read and stored as: a
     * question that was yes/no and is now a number would have recorded a number where the session's results and its
     * earlier answers say yes/no.
     *
     * <p>An answer the current question cannot hold ({@link #holds}) ends the session: a choice answer whose option
     * value the question no longer has (the option removed, or its value renamed: "store", key 3 of 3, against a
     * version with two options), or a number outside the question's current {@code min} to {@code max} (a 5 on a
     * rating now 1 to 4), or with decimals it no longer takes. Going on would complete a session whose results the
     * current version cannot read, and skip logic would branch on an answer it does not offer. What leaves every
     * stored answer valid goes on: an option added, options reordered or rekeyed around a kept value (the value is
     * what is stored), a range widened, any wording. The question open when the version changed is read against the
     * current version: the session does not keep the options or range it was asked with, so a change there cannot be
     * seen here (a reply naming a removed option or outside a shrunk range is asked again with the current form).
     */
    static boolean fits(Survey survey, SurveySession session) {
        List<QuestionResult> results = session.questions();
        if (results.size() != survey.questions().size()) {
            return false;
        }
        for (int i = 0; i < results.size(); i++) {
            QuestionResult result = results.get(i);
            Question question = survey.questions().get(i);
            if (!result.questionName().equals(question.name())
                    || (result.questionType() != null && result.questionType() != question.type())
                    || !holds(question, result.answer())) {
                return false;
            }
        }
        return session.languageSet() == null || survey.hasLanguage(session.languageSet());
    }

    /**
     * Whether {@code question} can hold {@code answer} as the session stored it ({@link AnswerReader}'s recorded
     * values, or as JSON read them back): no answer always; a {@code choice} answer when an option has that value; a
     * number-typed answer ({@code dtmf}, {@code rating}, {@code nps}, {@code number}) when it is a number within
     * {@link Question#lowest()} to {@link Question#highest()}, whole unless the question is a {@code number} with
     * {@code decimals}; yes/no and words answers always (their type was compared already).
     */
    static boolean holds(Question question, Object answer) {
        if (answer == null) {
            return true;
        }
        switch (question.type()) {
            case CHOICE:
                return question.options().stream().anyMatch(option -> option.value().equals(answer.toString()));
            case YES_NO:
            case SPEECH:
            case TEXT:
                return true;
            default:
                BigDecimal number;
                try {
                    number = new BigDecimal(answer.toString());
                } catch (NumberFormatException e) {
                    return false;
                }
                boolean whole = number.stripTrailingZeros().scale() <= 0;
                return number.compareTo(BigDecimal.valueOf(question.lowest())) >= 0
                        && number.compareTo(BigDecimal.valueOf(question.highest())) <= 0
                        && (whole || (question.type() == QuestionType.NUMBER && question.decimals()));
        }
    }

    /**
     * Ends a session that cannot go on with this survey ({@link #fits} false) at its next text, voice input or
     * reminder. An opt-out ends it {@code OPTED_OUT}, confirmed as ever (in the survey's default language when the
     * session's is gone); anything else ends it {@code ABANDONED}, reason {@value #SURVEY_CHANGED}: a call hears the
     * {@code surveyChanged} line in one {@code <Say>} before {@code <Hangup/>} (in the session's language and voice
     * when the current version has that language, else in the default language's: {@link #spokenIn}; a bare hang-up
     * when that language has no line), and a text or reminder of an SMS or WhatsApp session gets the line ({@link
     * #line}), so that the respondent does not wait for a question that never comes. An opt-out on a call is the one
     * every other step of a call takes ({@link OptOut#clearOnCall}: the star key, or words heard clearly) and is
     * confirmed as there: the {@code optOutConfirmation} said in one {@code <Say>} before {@code <Hangup/>}, in the
     * language the {@code surveyChanged} line would be said in (a bare hang-up when that language has none; until
     * 2026-12-06 every opt-out on such a call hung up unconfirmed); opt-out words heard below the bar are no opt-out,
     * and the call ends {@value #SURVEY_CHANGED} (there is no question left to ask again). The line goes as every reply
     * of a step does: a text's in the answer to its webhook, kept with the text's {@code MessageSid} (a repeat gets the
     * same answer and changes nothing), a reminder's once its step is stored; a session already ended gets no step, so
     * never twice.
     *
     * @return the ended session and its event; TwiML that says the line (or, for an opt-out, the confirmation) and
     *     hangs up for a voice input (none otherwise), and the opt-out confirmation or the {@code surveyChanged} line to
     *     text when one is due
     */
    Decision end(Survey survey, SurveySession session, SurveyInput input) {
        boolean optOut;
        boolean confirm;
        if (input instanceof SurveyInput.SmsReceived sms) {
            optOut = sms.twilioIntent() == ConsentWords.Intent.OPT_OUT
                    || survey.consent().classify(sms.body()) == ConsentWords.Intent.OPT_OUT;
            confirm = !sms.twilioAnswers();
        } else if (input instanceof SurveyInput.VoiceInput voice) {
            optOut = OptOut.clearOnCall(survey, session, voice);
            confirm = true;
        } else {
            optOut = false;
            confirm = false;
        }
        Decision ended = disposition.end(session, new SurveyInput.Ended(
                optOut ? SurveyStatus.OPTED_OUT : SurveyStatus.ABANDONED, optOut ? "opt-out" : SURVEY_CHANGED));
        // In the session's language when the current version has it, else in the default language.
        String speaker = spokenIn(survey, session);
        Optional<String> confirmation = optOut && confirm
                ? survey.language(speaker).optionalText(Prompt.OPT_OUT_CONFIRMATION) : Optional.empty();
        if (input instanceof SurveyInput.VoiceInput) {
            Optional<String> said = optOut ? confirmation : lineIn(survey, speaker);
            VoiceResponse twiml = said.map(line -> CallTwiml.sayThenHangUp(survey.language(speaker), line))
                    .orElseGet(CallTwiml::hangUp);
            return new Decision(ended.session(), twiml, List.of(), ended.events());
        }
        List<String> texts;
        if (optOut) {
            texts = confirmation.map(List::of).orElse(List.of());
        } else {
            texts = session.surveyMedium() != Channel.VOICE && (input instanceof SurveyInput.SmsReceived
                    || input instanceof SurveyInput.Remind) ? line(survey, session).map(List::of).orElse(List.of())
                    : List.of();
        }
        return new Decision(ended.session(), null, texts, ended.events());
    }

    /**
     * The {@code surveyChanged} line: the current version's file in the session's language, else the built-in line
     * of that language; for a session whose language the current version lacks (or that chose none), the built-in
     * line of its language, else the default language's line or built-in one; none when neither has one (a language
     * other than English, Spanish and French without the key).
     */
    private static Optional<String> line(Survey survey, SurveySession session) {
        String tag = session.languageSet() != null ? session.languageSet() : survey.defaultLanguage();
        if (survey.hasLanguage(tag)) {
            return lineIn(survey, tag);
        }
        return BUILT_IN.in(tag).or(() -> lineIn(survey, survey.defaultLanguage()));
    }

    /**
     * The language a call's {@code surveyChanged} line is said in: the session's when the current version has it, else
     * the survey's default language. Not a built-in line of a language the survey lacks, as a text may be: the survey
     * has no voice for it, and another language's voice would read it unintelligibly.
     */
    private static String spokenIn(Survey survey, SurveySession session) {
        return session.languageSet() != null && survey.hasLanguage(session.languageSet()) ? session.languageSet()
                : survey.defaultLanguage();
    }

    /** The {@code surveyChanged} line of a language the survey has: its file's, else the built-in one, else none. */
    private static Optional<String> lineIn(Survey survey, String tag) {
        return survey.language(tag).optionalText(Prompt.SURVEY_CHANGED).or(() -> BUILT_IN.in(tag));
    }
}
