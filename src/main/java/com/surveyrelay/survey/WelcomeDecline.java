package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A caller who declines the survey at the voice welcome's language offer ("no thanks", "not interested", "I'm busy,
 * call me later"): the call ends {@code ABANDONED}, reason {@value #DECLINED}, with the language's
 * {@code declinedGoodbye} ("No problem. Thank you for your time. Goodbye."), built in for English, Spanish and French
 * ({@link #DECLINED_GOODBYE}). Until 2026-12-07 anything that was neither an opt-out nor a language began the survey,
 * and such a caller heard "Great, let's get started." (a caller's probe). A decline is not an opt-out: the number
 * stays reachable (an opt-out phrase, "stop calling me", opts out before this is asked).
 *
 * <p>Declines: what was said clearly ({@link Survey#clearlyHeard}), every word of it one of {@link #DECLINING}'s
 * phrases ("no", "not interested", "call me later", in English, Spanish or French) or of {@link #ALONGSIDE}'s (thanks,
 * sorry, a goodbye, "I'm driving"), one at least declining: "No thank you, I'm not interested", "not interested,
 * goodbye", "no gracias", "non merci". Anything else begins the survey as before: "no, go ahead", "nope, I'm ready",
 * "No, do it now", "no problem", "no entiendo", "yes but not now" (the first version of this rule read any sentence
 * with a no in it as one, and the second missed goodbyes and took "do it now" beside a no for a decline: two
 * reviewers' probes the same day). Keys never decline (1 and 2 choose languages), nor does a language named. The texted
 * welcome declines by the same words ({@link #declinesText}).
 */
final class WelcomeDecline {

    /** The end reason, and the {@code SURVEY_ABANDONED} event's. */
    static final String DECLINED = "declined";
    /** The line a language file without {@code declinedGoodbye} gets, by the primary subtag of its tag. */
    static final BuiltInLines DECLINED_GOODBYE = new BuiltInLines(Map.of(
            "en", "No problem. Thank you for your time. Goodbye.",
            "es", "No hay problema. Gracias por su tiempo. Adiós.",
            "fr", "Pas de problème. Merci de votre temps. Au revoir."));
    /** Normalised ({@link Replies#normalise}) English phrases that decline: a no, not interested, busy, not now. */
    private static final List<String> DECLINING_EN = List.of(
            "no", "nope", "nah", "no way", "never", "no thx", "nty", "no thank u", "not interested",
            "not really interested", "im not interested", "i m not interested", "i am not interested", "not now",
            "not right now", "not today", "later", "maybe later", "some other time", "another time", "im busy",
            "i m busy", "i am busy", "busy", "call me later", "call me back later", "call back later", "call later",
            "bad time", "not a good time", "its not a good time", "it s not a good time", "i don t want to",
            "i dont want to", "i do not want to", "i don t want to do the survey", "i dont want to do the survey",
            "i do not want to do the survey", "i don t want to do this", "i dont want to do this",
            "i do not want to do this", "i don t want to do it", "i dont want to do it", "i do not want to do it",
            "i don t have time", "i dont have time", "i do not have time", "no time", "i have no time",
            // Driving, and having to go, alone decline too (the first question followed until 2026-12-07, a caller's
            // probe: a driver put into the survey, and texted it if they hung up).
            "im driving", "i m driving", "i am driving", "driving", "i have to go", "i gotta go", "gotta go");
    /** The Spanish ones ("no" is Spanish too). */
    private static final List<String> DECLINING_ES = List.of(
            "no", "no gracias", "no me interesa", "no estoy interesado", "no estoy interesada", "ahora no",
            "ahorita no", "mas tarde", "estoy ocupado", "estoy ocupada", "llame mas tarde", "llameme mas tarde",
            "llamen mas tarde", "no tengo tiempo", "no quiero", "no quiero hacer la encuesta", "estoy manejando",
            "estoy conduciendo");
    /** The French ones. */
    private static final List<String> DECLINING_FR = List.of(
            "non", "non merci", "ca ne m interesse pas", "ca m interesse pas", "pas interesse", "pas interessee",
            "je ne suis pas interesse", "je ne suis pas interessee", "pas maintenant", "plus tard",
            "je suis occupe", "je suis occupee", "rappelez plus tard", "rappelez moi plus tard", "pas le temps",
            "je n ai pas le temps", "je ne veux pas", "je ne veux pas faire le sondage", "je conduis");
    /** Every declining phrase, by the primary subtags of the languages it is said in. */
    private static final Map<List<String>, Set<String>> DECLINING_LANGUAGES = decliningLanguages();
    /** Normalised ({@link Replies#normalise}) phrases that decline, in English, Spanish and French. */
    static final List<String> DECLINING = DECLINING_LANGUAGES.keySet().stream().map(words -> String.join(" ", words))
            .sorted().toList();
    /**
     * Normalised phrases that may stand beside a decline and change nothing: thanks, please, sorry, a goodbye, being
     * busy where one is. Not "now", "do it" nor "the survey": "No, do it now" and "No, take the survey" began the
     * survey and must (a reviewer's probe, 2026-12-07, found a first list that had them declining).
     */
    static final List<String> ALONGSIDE = List.of(
            "thanks", "thank you", "thank you very much", "thanks anyway", "thank you anyway", "thx", "ty", "please",
            "sorry", "im sorry", "i m sorry", "i am sorry", "but", "really", "tho", "though", "at the moment",
            "bye", "bye bye", "goodbye", "good bye", "have a nice day", "have a good day", "have a great day",
            "at work", "im at work", "i m at work", "i am at work", "im good", "i m good", "i am good",
            "gracias", "muchas gracias", "por favor", "lo siento", "pero", "en este momento", "adios",
            "estoy en el trabajo", "buen dia",
            "merci", "merci beaucoup", "desole", "desolee", "s il vous plait", "mais", "en ce moment", "au revoir",
            "je suis au travail", "bonne journee");
    private static final Map<List<String>, Set<Boolean>> PHRASES = phrases();
    private static final Pattern DIGITS = Pattern.compile("[0-9 ]+");

    private WelcomeDecline() {
    }

    private static Map<List<String>, Set<String>> decliningLanguages() {
        Map<List<String>, Set<String>> languages = new HashMap<>();
        Map.of("en", DECLINING_EN, "es", DECLINING_ES, "fr", DECLINING_FR).forEach((language, phrases) ->
                phrases.forEach(phrase -> languages.computeIfAbsent(ReplyPhrases.words(phrase),
                        words -> new java.util.TreeSet<>()).add(language)));
        languages.replaceAll((words, in) -> Set.copyOf(in));
        return Map.copyOf(languages);
    }

    /**
     * The language a decline was said in, for its goodbye: the session's when every declining phrase in
     * {@code words} is said in its language ("no" to an English welcome), else the first of the survey's languages
     * (in tag order) whose language says them all ("no gracias", "non merci" to an English welcome are told goodbye in
     * Spanish and French: until 2026-12-07 in English, a respondent's probe); else the session's.
     */
    static String languageOf(Survey survey, SurveySession session, String words) {
        List<String> said = ReplyPhrases.words(Replies.normalise(words));
        Set<String> in = new java.util.HashSet<>(Set.of("en", "es", "fr"));
        for (ReplyPhrases.Found<Boolean> phrase : ReplyPhrases.find(said, PHRASES)) {
            Set<String> languages = DECLINING_LANGUAGES.get(said.subList(phrase.start(), phrase.end()));
            if (languages != null) {
                in.retainAll(languages);
            }
        }
        if (in.contains(primary(session.languageSet()))) {
            return session.languageSet();
        }
        return new java.util.TreeSet<>(survey.languages().keySet()).stream().filter(tag -> in.contains(primary(tag)))
                .findFirst().orElse(session.languageSet());
    }

    private static String primary(String tag) {
        return tag.split("-", 2)[0].toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<List<String>, Set<Boolean>> phrases() {
        Map<List<String>, Set<Boolean>> phrases = new HashMap<>();
        ALONGSIDE.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(false)));
        DECLINING.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(true)));
        return Map.copyOf(phrases);
    }

    /**
     * Whether the language offer's input declines the survey; the caller has named no language (checked first).
     *
     * @param input the call's step at the offer: Twilio's {@code Digits}, {@code SpeechResult}, {@code Confidence}
     */
    static boolean declines(Survey survey, SurveyInput.VoiceInput input) {
        if (input.speech() == null || input.speech().isBlank() || input.digits() != null && !input.digits().isEmpty()
                || !survey.clearlyHeard(input.confidence())) {
            return false;
        }
        return declinesIn(input.speech());
    }

    /**
     * Whether a text to the texted welcome declines the survey, by the same words as a call's ({@link #DECLINING},
     * {@link #ALONGSIDE}): "No thanks", "not interested", "busy rn" is not one. Until 2026-12-07 such a text got the
     * welcome again, and a reminder after it (a respondent's probe).
     *
     * @param body the text as the respondent typed it; the welcome's own words and languages were looked for first
     */
    static boolean declinesText(String body) {
        return body != null && !body.isBlank() && (declinesIn(body) || NO_SIGNS.matcher(body.strip()).matches());
    }

    /**
     * A thumbs down, a cross mark, a no-entry sign (🚫) or a person gesturing no alone (any skin tone or gender
     * sign): as a no is read at a question; the welcome again until 2026-12-07 (a breaker's probe).
     */
    private static final Pattern NO_SIGNS = Pattern.compile("(?:(?:\\x{1F44E}[\\x{1F3FB}-\\x{1F3FF}]?"
            + "|\\x{1F645}[\\x{1F3FB}-\\x{1F3FF}]?(?:\\u200D[\\u2640\\u2642])?|[\\u274C\\u274E\\u2716]|\\x{1F6AB})"
            + "\\uFE0F?\\s*)+");

    private static boolean declinesIn(String reply) {
        String said = Replies.normalise(reply);
        if (said.isEmpty() || DIGITS.matcher(said).matches()) {
            return false;
        }
        return ReplyPhrases.covering(ReplyPhrases.words(said), PHRASES)
                .filter(found -> found.stream().anyMatch(phrase -> phrase.meanings().contains(true))).isPresent();
    }

    /** What the caller hears before the hang-up: the language's {@code declinedGoodbye}, else its built-in line. */
    static List<String> goodbye(SurveyLanguage language) {
        return language.optionalText(Prompt.DECLINED_GOODBYE).or(() -> DECLINED_GOODBYE.in(language.tag()))
                .or(() -> language.optionalText(Prompt.FINAL_GOODBYE)).map(List::of).orElse(List.of());
    }
}
