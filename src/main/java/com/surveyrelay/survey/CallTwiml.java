package com.surveyrelay.survey;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders the processor's {@link Reply} on a call, with twilio-java's TwiML builders: what is said in the session's
 * language and Polly voice, and how the answer is listened for (keys, speech or both, with hints).
 */
final class CallTwiml {

    /** Twilio's {@code speechTimeout="auto"}: the recogniser decides when the caller has finished. */
    private static final String SPEECH_TIMEOUT_AUTO = "auto";
    /** Twilio takes at most 500 hints in one {@code <Gather hints>} (each of at most 100 characters). */
    static final int MAX_HINTS = 500;

    private final VoiceWebhook voiceWebhook;
    private final boolean spokenOptOutAtKeypad;

    /** @param spokenOptOutAtKeypad whether a {@code dtmf} question also listens for speech, for an opt-out */
    CallTwiml(VoiceWebhook voiceWebhook, boolean spokenOptOutAtKeypad) {
        this.voiceWebhook = voiceWebhook;
        this.spokenOptOutAtKeypad = spokenOptOutAtKeypad;
    }

    /**
     * The TwiML answering a voice webhook: the reply's lines as {@code <Say>}, then a {@code <Gather>} for the
     * language offer or the question (its action the session's next turn) and a {@code <Redirect>} to the same turn
     * for when it hears nothing, and {@code <Hangup>} when the reply ends the call.
     */
    VoiceResponse render(Survey survey, SurveySession session, Reply reply) {
        SurveyLanguage language = survey.language(session.languageSet());
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        for (String line : reply.lines()) {
            twiml.say(say(line, language.voice(), language.sayLanguage()));
        }
        URI next = voiceWebhook.forTurn(session.sessionId(), session.turn());
        if (reply.offerLanguages()) {
            twiml.gather(languageGather(survey, session, language, next));
            twiml.redirect(redirect(next));
        } else if (reply.question() != null) {
            twiml.gather(questionGather(survey, language, reply.question(), next));
            twiml.redirect(redirect(next));
        }
        if (reply.end()) {
            twiml.hangup(new Hangup.Builder().build());
        }
        return twiml.build();
    }

    /** A bare {@code <Hangup/>}: for a call whose session cannot go on, with nothing to say in a known language. */
    static VoiceResponse hangUp() {
        return new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build();
    }

    /**
     * One {@code <Say>} of {@code line} in {@code language}'s voice and Say language, then {@code <Hangup/>}: for a
     * call whose session ends outside the questions ({@link SurveyVersionChange}), where the session's language may be
     * one the survey no longer has, so the caller names the language that says it.
     */
    static VoiceResponse sayThenHangUp(SurveyLanguage language, String line) {
        return new VoiceResponse.Builder().say(say(line, language.voice(), language.sayLanguage()))
                .hangup(new Hangup.Builder().build()).build();
    }

    private Gather languageGather(Survey survey, SurveySession session, SurveyLanguage current, URI action) {
        List<LanguageOffer> offers = survey.offersFrom(session.languageSet());
        // One recogniser listens: the offered language's when there is one, as the original did; otherwise the
        // current one, helped by hints, which is why names are matched without accents.
        Gather.Language recogniser = offers.size() == 1
                ? survey.language(offers.get(0).language()).gatherLanguage() : current.gatherLanguage();
        Set<String> hints = new LinkedHashSet<>();
        Gather.Builder gather = new Gather.Builder()
                .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH))
                .numDigits(1)
                .timeout(survey.gatherTimeoutSeconds())
                .speechTimeout(SPEECH_TIMEOUT_AUTO)
                .language(recogniser)
                .action(action)
                .method(HttpMethod.POST);
        for (LanguageOffer offer : offers) {
            gather.say(say(offer.spoken(), offer.voice(), offer.sayLanguage()));
            hints.add(offer.name());
        }
        return gather.hints(String.join(",", hints)).build();
    }

    private Gather questionGather(Survey survey, SurveyLanguage language, Question question, URI action) {
        Gather.Builder gather = new Gather.Builder()
                .timeout(survey.gatherTimeoutSeconds())
                .action(action)
                .method(HttpMethod.POST);
        switch (question.type()) {
            case DTMF:
                gather.numDigits(question.numDigits());
                if (spokenOptOutAtKeypad) {
                    // Keys answer; speech is heard only for an opt-out ("stop calling me"), hinted so the recogniser
                    // expects the words. Whichever comes first ends the Gather, so keys work as before.
                    gather.inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH)).speechTimeout(SPEECH_TIMEOUT_AUTO)
                            .language(language.gatherLanguage()).hints(optOutHints(language));
                } else {
                    gather.inputs(Gather.Input.DTMF);
                }
                break;
            case SPEECH:
            case TEXT:
                // Words answer; the keypad is heard too, one key ending the Gather, so that the star opts out here as
                // every call says it does (optOutVoiceOffer). Until 2026-12-07 these Gathers took speech only, and
                // Twilio drops keys there: a caller pressing star as told heard "I didn't hear anything".
                gather.inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH)).numDigits(1)
                        .speechTimeout(SPEECH_TIMEOUT_AUTO).language(language.gatherLanguage());
                break;
            default:
                // Keys or words: a choice's key or a number pressed, or the answer said as people say it.
                int keys = question.type() == QuestionType.YES_NO || question.type() == QuestionType.CHOICE ? 1
                        : question.numDigits();
                gather.inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH)).numDigits(keys)
                        .speechTimeout(SPEECH_TIMEOUT_AUTO).language(language.gatherLanguage())
                        .hints(AnswerReader.hints(language, question));
                break;
        }
        gather.say(say(language.questionPrompt(question), language.voice(), language.sayLanguage()));
        KeypadFinish.line(language, question)
                .ifPresent(line -> gather.say(say(line, language.voice(), language.sayLanguage())));
        return gather.build();
    }

    /**
     * The language's opt-out words and phrases, for {@code <Gather hints>}, as its file and the built-in lists write
     * them ({@link ConsentWords#optOutAsWritten}: "arrêt", "don't call"), since the recogniser is hinted with words
     * as they are said, not as {@link Replies#normalise} leaves them ("arret", "don t call"), less a keyboard's
     * spellings ("dnt call", {@link ConsentWords#spokenForm}). Single words first,
     * each group in alphabetical order ignoring case, a spelling that differs only in case once (the sets have no
     * order, and the TwiML must not change from one run to the next), at most {@value #MAX_HINTS}.
     */
    static String optOutHints(SurveyLanguage language) {
        Set<String> sorted = new TreeSet<>(Comparator.comparing((String hint) -> hint.contains(" "))
                .thenComparing(String.CASE_INSENSITIVE_ORDER));
        // In natural order first, so that of two spellings differing only in case the same one is kept every run.
        language.consent().optOutAsWritten().stream().filter(ConsentWords::spokenForm).sorted().forEach(sorted::add);
        return sorted.stream().limit(MAX_HINTS).collect(Collectors.joining(","));
    }

    static Say say(String text, Say.Voice voice, Say.Language language) {
        return new Say.Builder(text).voice(voice).language(language).build();
    }

    /** Twilio falls through to the next verb when a Gather hears nothing: that is our no-input signal. */
    private static Redirect redirect(URI next) {
        return new Redirect.Builder(next).method(HttpMethod.POST).build();
    }
}
