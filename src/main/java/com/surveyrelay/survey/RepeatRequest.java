package com.surveyrelay.survey;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A caller on a bad line asking to hear the question again, or saying they cannot hear it ("What?", "Can you repeat
 * that?", "Hello? Hello?", "You're breaking up"), heard at a question: no answer. Until 2026-12-07 such words were
 * stored as the answer to a free-text question (and thanked for), and counted as wrong answers to a numeric one, three
 * of which skipped it (a caller's probe). By text (since 2026-12-07) such a reply gets the help text and the question
 * again, as HELP does.
 *
 * <p>Only the whole utterance counts, once lower-cased and stripped of accents and punctuation: it must be made of such
 * requests, thinking aloud ("hmm", "um, let me think") and the polite words around them ("sorry, what?", "could you
 * repeat that please", "Sorry, you are breaking up, can you say that again?", "¿Bueno? ¿Bueno?", "Allô ? Vous
 * m'entendez ?"), and hold at least one request: "what I liked was the staff" and "ok" are answers. English is
 * understood in every language, as the opt-out words are. Until 2026-12-07 only one request alone (or with polite
 * words at its ends) counted, so "hmm", "um, let me think", two requests in one breath and the Mexican "¿Bueno?" of a
 * caller checking the line were stored as answers to a words question, and the call went on (a respondent's probe).
 * "I don't understand", "no entiendo", "répétez la question" and help said on a call count since 2026-12-07 too.
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
            "what do you mean", "i didnt get that", "i didn t get that", "say what", "come again please",
            "can you say that again", "could you say that again", "who is this", "who is calling", "who s this",
            "whos this", "can you speak up", "speak up",
            // Missing it, and asking who calls, in other words (stored at a words question until 2026-12-07).
            "sorry i missed that", "i missed that", "say that one more time", "say it one more time",
            "i didnt quite catch that", "i didn t quite catch that", "could you say it slower", "can you say it slower",
            "say it slower", "slower please", "slow down", "who are you", "who s calling", "whos calling",
            "who is this please", "is this a real person",
            "is this a robot", "are you a robot", "are you a real person", "is this a machine",
            // Who asks and where the number came from (GDPR art. 14), by text: stored as answers until 2026-12-07 (a
            // compliance officer's probe).
            "who is texting me", "who s texting me", "whos texting me", "who is texting", "who texted me",
            "who is this from", "who sent this", "who are you guys", "what company is this", "which company is this",
            "what company are you", "what company is this from", "what is this", "what s this", "whats this",
            "what is this about", "what is this for", "what is this survey", "how did you get my number",
            "how did you get this number", "where did you get my number", "why are you texting me",
            "why are you calling me", "who gave you my number",
            // Not understanding, and help, said (counted as wrong answers, or stored, until 2026-12-07: a probe).
            "i dont understand", "i don t understand", "i do not understand", "i didnt understand",
            "i didn t understand", "i dont understand the question", "i don t understand the question", "help",
            "help me", "i need help",
            // Thinking aloud: the question again gives the time asked for.
            "hmm", "hm", "hmmm", "um", "umm", "uh", "uhm", "er", "erm", "mmm", "let me think", "let me see",
            "give me a second", "give me a moment", "give me a sec", "just a moment",
            // Checking the line with a greeting, in any language's words ("Hi? Hi?", "Hey?", "¿Hola?" on an English
            // call, "Allô?"): stored as the answer to a words question until 2026-12-07 (a caller's probe).
            "hi", "hey", "hiya", "hi there", "hey there", "hola", "alo", "allo",
            // Greetings of the time of day and French's, the same (a breaker's probe: "Bonjour?", "Good morning?",
            // "Allô, bonjour?" were stored, or spent a retry at a rating).
            "good morning", "good afternoon", "good evening", "bonjour", "allo bonjour", "oui allo", "bonsoir",
            "buenos dias", "buenas tardes", "buenas noches", "buenas");
    private static final Map<AnswerLanguage, Set<String>> OTHERS = Map.of(
            AnswerLanguage.ES, Set.of("que", "como", "mande", "perdon", "disculpe", "repita", "repita por favor",
                    "puede repetir", "puede repetirlo", "puede repetir la pregunta", "otra vez", "hola",
                    "alo", "no le escucho", "no te escucho", "no le oigo", "no se escucha", "se corta",
                    "un momento", "espere", "cual era la pregunta", "bueno bueno", "bueno bueno bueno",
                    "me escucha", "me escuchas", "me oye", "me oyes", "oiga", "quien habla", "eh", "este",
                    "quien es", "quien me escribe", "que empresa es", "de que empresa es", "que es esto",
                    "como consiguieron mi numero", "de donde sacaron mi numero",
                    "dejeme pensar", "dejame pensar", "a ver",
                    // Stored as the answer, or wrong answers, until 2026-12-07 (a respondent's probe).
                    "repita la pregunta", "repitame la pregunta", "repitame", "repitalo", "me repite la pregunta",
                    "me la repite", "puede repetirme la pregunta", "repitame por favor", "no entiendo", "no entendi",
                    "no le entiendo", "no le entendi", "no entiendo la pregunta", "ayuda", "ayudeme", "necesito ayuda"),
            AnswerLanguage.FR, Set.of("quoi", "comment", "pardon", "hein", "repetez", "repetez s il vous plait",
                    "pouvez vous repeter", "vous pouvez repeter", "pouvez vous repeter la question", "encore une fois",
                    "allo", "je ne vous entends pas", "je vous entends mal", "ca coupe", "un instant", "attendez",
                    "quelle etait la question", "vous m entendez", "tu m entends", "vous m entendez bien",
                    "qui est a l appareil", "c est qui", "euh", "heu", "laissez moi reflechir", "voyons",
                    "qui etes vous", "qui m ecrit", "quelle entreprise", "c est quoi", "qu est ce que c est",
                    "comment avez vous eu mon numero", "ou avez vous eu mon numero",
                    // Stored as the answer, or wrong answers, until 2026-12-07 (a respondent's probe).
                    "repetez la question", "vous pouvez repeter la question", "pouvez vous redire", "redites",
                    "je ne comprends pas", "je comprends pas", "je n ai pas compris", "j ai pas compris",
                    "je ne comprends pas la question", "aide", "aidez moi"),
            AnswerLanguage.EN, Set.of());
    /**
     * Fillers: thinking aloud, checking the line or an apology alone ("hmm", "hello", "sorry", "wait", "bueno bueno",
     * "euh"). On a call at a question they are no answer, as before; at the welcome, and by text, only an explicit
     * request counts ({@link #asksExplicitly}): "Um, okay" began the survey, and a texted "Sorry" was an answer, until
     * a second reviewer's probe found them asked again for a few hours on 2026-12-07.
     */
    private static final Set<String> FILLERS = Set.of("hmm", "hm", "hmmm", "um", "umm", "uh", "uhm", "er", "erm",
            "mmm", "hello", "hello hello", "hello hello hello", "sorry", "wait", "hang on", "hold on",
            "one second", "just a second", "just a moment", "let me think", "let me see", "give me a second",
            "give me a moment", "give me a sec", "hang on a second", "eh", "este", "a ver", "hola", "alo",
            "bueno bueno", "bueno bueno bueno", "un momento", "espere", "dejeme pensar", "dejame pensar", "euh", "heu", "allo",
            "voyons", "un instant", "attendez", "laissez moi reflechir", "help", "hi", "hey", "hiya", "hi there",
            "hey there", "good morning", "good afternoon", "good evening", "bonjour", "allo bonjour", "oui allo",
            "bonsoir", "buenos dias", "buenas tardes", "buenas noches", "buenas");
    /**
     * Not understanding: at a words question ("Is there anything else you'd like us to know?") "I didn't understand"
     * or "no entendí" may be the answer, and is stored (a second reviewer's probe, 2026-12-07); elsewhere no answer.
     */
    private static final Set<String> NOT_UNDERSTANDING = Set.of("i dont understand", "i don t understand",
            "i do not understand", "i didnt understand", "i didn t understand", "i did not understand",
            "no entiendo", "no entendi", "no le entiendo", "no le entendi", "je ne comprends pas",
            "je comprends pas", "je n ai pas compris", "j ai pas compris");
    /** Words said around a request that change nothing: "sorry, what?", "could you repeat that please". */
    private static final Set<String> POLITE = Set.of("sorry", "i m sorry", "im sorry", "oh", "ok", "okay", "well",
            "please", "again", "perdon", "disculpe", "por favor", "bueno", "desole", "excusez moi", "s il vous plait");
    /** The most words a request or polite phrase has (a language file's longer phrases count as far as this). */
    private static final int LONGEST = 8;

    private RepeatRequest() {
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> both = new java.util.HashSet<>(one);
        both.addAll(other);
        return both;
    }

    /**
     * Whether {@code speech}, said in a session in {@code languageTag}, asks to hear the question again (English
     * phrases in every language, and the language's own for Spanish and French).
     *
     * @param speech Twilio's {@code SpeechResult}; null is no request
     */
    static boolean asks(String speech, String languageTag) {
        return asks(speech, languageTag, Set.of());
    }

    /**
     * As {@link #asks(String, String)}, in a session in {@code language}, whose file's {@code repeatWords} count too
     * (a language other than English, Spanish and French has only its own and the English ones).
     */
    static boolean asks(String speech, SurveyLanguage language) {
        return asks(speech, language.tag(), language.repeatWords());
    }

    /**
     * As {@link #asks(String, SurveyLanguage)}, with at least one request other than a filler ({@link #FILLERS}):
     * "Who is this?", "Can you repeat that?", not "Hmm" or "Sorry" alone.
     */
    static boolean asksExplicitly(String words, SurveyLanguage language) {
        return asks(words, language.tag(), language.repeatWords(), true);
    }

    /**
     * Whether {@code words} say no more than not understanding ({@link #NOT_UNDERSTANDING}), polite words and fillers
     * anywhere aside ("Disculpe, no entendí", "I didn't understand, sorry", "Um, I don't understand").
     */
    static boolean onlyNotUnderstanding(String words) {
        return madeOf(words, NOT_UNDERSTANDING::contains,
                phrase -> POLITE.contains(phrase) || FILLERS.contains(phrase));
    }

    private static boolean asks(String speech, String languageTag, Set<String> fromFile) {
        return asks(speech, languageTag, fromFile, false);
    }

    private static boolean asks(String speech, String languageTag, Set<String> fromFile, boolean explicitly) {
        Set<String> builtIn = OTHERS.get(AnswerLanguage.of(languageTag));
        Set<String> own = fromFile.isEmpty() ? builtIn : union(builtIn, fromFile);
        return madeOf(speech, phrase -> (ENGLISH.contains(phrase) || own.contains(phrase))
                && !(explicitly && FILLERS.contains(phrase)),
                phrase -> POLITE.contains(phrase) || explicitly && FILLERS.contains(phrase));
    }

    /**
     * Whether {@code text}, normalised, is made only of phrases {@code counting} or {@code aside} takes (the longest at
     * each word, {@value #LONGEST} words at most), one at least of them counting.
     */
    private static boolean madeOf(String text, java.util.function.Predicate<String> counting,
            java.util.function.Predicate<String> aside) {
        String said = Replies.normalise(text);
        if (said.isEmpty()) {
            return false;
        }
        String[] words = said.split(" ");
        boolean counted = false;
        int at = 0;
        while (at < words.length) {
            int taken = 0;
            boolean counts = false;
            for (int length = Math.min(LONGEST, words.length - at); length > 0 && taken == 0; length--) {
                String phrase = String.join(" ", java.util.Arrays.copyOfRange(words, at, at + length));
                counts = counting.test(phrase);
                if (counts || aside.test(phrase)) {
                    taken = length;
                }
            }
            if (taken == 0) {
                return false;
            }
            counted |= counts;
            at += taken;
        }
        return counted;
    }
}
