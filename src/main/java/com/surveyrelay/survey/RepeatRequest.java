package com.surveyrelay.survey;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A caller on a bad line asking to hear the question again, or saying they cannot hear it ("What?", "Can you repeat
 * that?", "Hello? Hello?", "You're breaking up"), heard at a question: no answer. Until 2026-12-07 such words were
 * stored as the answer to a free-text question (and thanked for), and counted as wrong answers to a numeric one, three
 * of which skipped it (a caller's probe). Voice only: by text, HELP repeats the question.
 *
 * <p>Only the whole utterance counts, once lower-cased, stripped of accents and punctuation and of the polite words
 * around it ("sorry, what?", "could you repeat that please"): "what I liked was the staff" is an answer. English is
 * understood in every language, as the opt-out words are.
 */
final class RepeatRequest {

    private static final Set<String> ENGLISH = Set.of(
            "what", "what was that", "what did you say", "huh", "pardon", "pardon me", "excuse me", "come again",
            "say again", "say that again", "say it again", "repeat", "repeat that", "repeat it", "repeat the question",
            "repeat please", "can you repeat", "can you repeat that", "could you repeat that", "can you repeat it",
            "could you repeat it", "can you repeat the question", "could you repeat the question", "one more time",
            "hello", "hello hello", "hello hello hello", "are you there", "i cant hear you", "i can t hear you",
            "i cannot hear you", "i didnt hear", "i didn t hear", "i didnt hear that", "i didn t hear that",
            "i didnt catch that", "i didn t catch that", "you re breaking up", "youre breaking up",
            "you are breaking up", "hang on", "hang on a second", "hold on", "one second", "just a second",
            "wait", "what was the question", "what what", "what what what", "sorry", "wait what",
            "what was that again", "can you hear me", "hello are you there", "hello can you hear me",
            "what do you mean", "i didnt get that", "i didn t get that", "say what", "come again please");
    private static final Map<AnswerLanguage, Set<String>> OTHERS = Map.of(
            AnswerLanguage.ES, Set.of("que", "como", "mande", "perdon", "disculpe", "repita", "repita por favor",
                    "puede repetir", "puede repetirlo", "puede repetir la pregunta", "otra vez", "hola",
                    "alo", "no le escucho", "no te escucho", "no le oigo", "no se escucha", "se corta",
                    "un momento", "espere", "cual era la pregunta"),
            AnswerLanguage.FR, Set.of("quoi", "comment", "pardon", "hein", "repetez", "repetez s il vous plait",
                    "pouvez vous repeter", "vous pouvez repeter", "pouvez vous repeter la question", "encore une fois",
                    "allo", "je ne vous entends pas", "je vous entends mal", "ca coupe", "un instant", "attendez",
                    "quelle etait la question"),
            AnswerLanguage.EN, Set.of());
    /** Words said around the request that change nothing: "sorry, what?", "could you repeat that please". */
    private static final Pattern POLITE = Pattern.compile(
            "^(?:(?:sorry|i m sorry|im sorry|um|uh|oh|ok|okay|perdon|disculpe|desole|excusez moi)\\s+)+"
                    + "|(?:\\s+(?:please|sorry|por favor|s il vous plait|again))+$");

    private RepeatRequest() {
    }

    /**
     * Whether {@code speech}, said in a session in {@code languageTag}, asks to hear the question again (English
     * phrases in every language, and the language's own for Spanish and French).
     *
     * @param speech Twilio's {@code SpeechResult}; null is no request
     */
    static boolean asks(String speech, String languageTag) {
        String said = Replies.normalise(speech);
        for (int pass = 0; pass < 2 && !said.isEmpty(); pass++) {
            if (ENGLISH.contains(said) || OTHERS.get(AnswerLanguage.of(languageTag)).contains(said)) {
                return true;
            }
            said = POLITE.matcher(said).replaceAll("").strip();
        }
        return false;
    }
}
