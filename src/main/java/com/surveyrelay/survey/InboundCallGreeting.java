package com.surveyrelay.survey;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a call to the survey number hears: a respondent calling back the number that called or texted them. Until
 * 2026-12-07 nothing answered such a call, and a number whose voice webhook pointed at the service played Twilio's
 * "an application error has occurred". The caller hears who calls and how to stop the calls and texts, and may do so
 * at once, by the star key or in words (the TCPA, 47 CFR 64.1200(b), asks that a survey call's number take such a
 * request; CTIA asks the same of texts).
 *
 * <p>Said in the default survey's default language: its file's {@code inboundCallGreeting}, else a built-in line for
 * English, Spanish and French, else the English line in English. One {@code <Gather>} of one key or words around it,
 * hinted with the language's opt-out phrases; a caller who says nothing is hung up on after
 * {@value #GATHER_TIMEOUT_SECONDS} s.
 */
public final class InboundCallGreeting {

    /** Seconds the greeting's {@code <Gather>} waits for a key or words after it ends. */
    static final int GATHER_TIMEOUT_SECONDS = 5;
    /** Said first, in English, when the caller's words were heard below the bar and no language says it. */
    static final String UNCLEAR = "Sorry, we could not understand you.";
    private static final String ENGLISH = "Hello, you have reached our customer survey line. We may have called or "
            + "texted you for a short survey. To stop our survey calls and texts, press star, or say stop, now. "
            + "Otherwise, you can hang up.";

    /** The line a language file without {@code inboundCallGreeting} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", ENGLISH,
            "es", "Hola, ha llamado a nuestra línea de encuestas. Quizás le llamamos o le escribimos para una breve "
                    + "encuesta. Para no recibir más llamadas ni mensajes de encuestas, oprima asterisco, o diga alto, "
                    + "ahora. Si no, puede colgar.",
            "fr", "Bonjour, vous avez joint notre ligne de sondages. Nous vous avons peut-être appelé ou écrit pour un "
                    + "court sondage. Pour ne plus recevoir nos appels et messages de sondage, appuyez sur étoile, ou "
                    + "dites arrêt, maintenant. Sinon, vous pouvez raccrocher."));

    private InboundCallGreeting() {
    }

    /**
     * The greeting's TwiML: {@code <Gather input="dtmf speech" numDigits="1">} posting to {@code action}, with the
     * greeting said in it (a key or a word during it ends it), then {@code <Hangup/>} when nothing came.
     *
     * @param survey the default survey, whose default language says it when it has a line (its file's or a built-in
     *     one); empty when none is loaded. Otherwise the English line, in English
     * @param unclear whether the caller's words were heard below the bar: the language's {@code speechUnclear} (in
     *     English, {@value #UNCLEAR}) comes first
     * @param action where Twilio posts the key or the words ({@code Digits}, {@code SpeechResult}, {@code Confidence})
     */
    public static String twiml(Optional<Survey> survey, boolean unclear, URI action) {
        Optional<SurveyLanguage> language = survey.map(chosen -> chosen.language(chosen.defaultLanguage()))
                .filter(spoken -> line(spoken).isPresent());
        Gather.Builder gather = new Gather.Builder()
                .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH)).numDigits(1)
                .timeout(GATHER_TIMEOUT_SECONDS).speechTimeout("auto")
                .action(action).method(HttpMethod.POST);
        if (language.isPresent()) {
            SurveyLanguage spoken = language.get();
            gather.language(spoken.gatherLanguage()).hints(CallTwiml.optOutHints(spoken));
            if (unclear) {
                spoken.optionalText(Prompt.SPEECH_UNCLEAR).ifPresent(line -> gather.say(say(line, spoken)));
            }
            gather.say(say(line(spoken).orElseThrow(), spoken));
        } else {
            gather.language(Gather.Language.EN_US);
            if (unclear) {
                gather.say(new Say.Builder(UNCLEAR).language(Say.Language.EN_US).build());
            }
            gather.say(new Say.Builder(ENGLISH).language(Say.Language.EN_US).build());
        }
        return new VoiceResponse.Builder().gather(gather.build()).hangup(new Hangup.Builder().build()).build()
                .toXml();
    }

    /**
     * What a caller whose opt-out words were heard below the bar twice hears before the hang-up: the default survey's
     * {@code notUnderstoodGoodbye} in its default language (file or built-in: how to stop the calls), else the English
     * built-in line. Until a reviewer's probe (2026-12-07) the hang-up came without a word.
     *
     * @param survey the default survey; empty when none is loaded
     */
    public static String notUnderstood(Optional<Survey> survey) {
        Optional<SurveyLanguage> language = survey.map(chosen -> chosen.language(chosen.defaultLanguage()));
        Optional<String> own = language.flatMap(spoken -> spoken.optionalText(Prompt.NOT_UNDERSTOOD_GOODBYE)
                .or(() -> OptOut.NOT_UNDERSTOOD_GOODBYE.in(spoken.tag())));
        Say said = own.isPresent() ? say(own.get(), language.get()) : new Say.Builder(OptOut.NOT_UNDERSTOOD_GOODBYE
                .in("en").orElseThrow()).language(Say.Language.EN_US).build();
        return new VoiceResponse.Builder().say(said).hangup(new Hangup.Builder().build()).build().toXml();
    }

    /** The greeting of {@code language}: its file's {@code inboundCallGreeting}, else the built-in one, else none. */
    static Optional<String> line(SurveyLanguage language) {
        return language.optionalText(Prompt.INBOUND_CALL_GREETING).or(() -> BUILT_IN.in(language.tag()));
    }

    private static Say say(String text, SurveyLanguage language) {
        return CallTwiml.say(text, language.voice(), language.sayLanguage());
    }
}
