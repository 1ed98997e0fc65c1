package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the respondent's answer to the language offer: a digit or a language's words, by keypad, speech or text; and a
 * language's words given to a typed question instead of its answer. It exists so that every configured language can
 * be chosen, on a call or by text, in the words each offer uses.
 */
final class LanguageChoice {

    private LanguageChoice() {
    }

    /**
     * The language a voice input chose among those offered from {@code current}: its digit pressed, or the one language
     * its words name, heard with at least the survey's {@code minSpeechConfidence}, the bar a spoken answer must reach
     * (no {@code Confidence} counts as heard, as it does for an answer: {@link Survey#clearlyHeard}). The offer's
     * {@code <Gather>} hints the recogniser toward the languages' names, so noise is readily heard as one of them, and
     * the whole survey would then be asked in a language the caller never chose.
     *
     * <p>Words name a language wherever they stand in what was said ({@link #namedBy}): "I want Spanish", "Spanish
     * please" and "quiero español" choose Spanish, as "Spanish" alone does (until 2026-12-05 only a name at the start
     * was taken, and "I want Spanish" went on in English). Words naming two languages ("English or Spanish", the
     * current one counted too) or none choose nothing, and the survey goes on in the current language.
     *
     * @return the chosen language's tag ({@code current} when only it is named), or empty when the input names none,
     *     or more than one
     */
    static Optional<String> byVoice(Survey survey, String current, SurveyInput.VoiceInput input) {
        for (LanguageOffer offer : survey.offersFrom(current)) {
            if (input.digits() != null && input.digits().equals(offer.digit())) {
                return Optional.of(offer.language());
            }
        }
        if (!heard(survey, input)) {
            return Optional.empty();
        }
        return oneNamed(survey, current, input.speech());
    }

    /**
     * The languages a reply names: each of the survey's languages whose words (its name and {@code languageReplies},
     * as every other language offers it) stand in the reply as whole words, and not just after a negating word in
     * their clause ("not Spanish", "no español", but "No, en español" chooses Spanish: {@link ReplyPhrases#negated})
     * nor taken back after it ("Inglés no, español", "Spanish? No, English": {@link ReplyPhrases#withdrawn}; until
     * 2026-12-07 these chose the language taken back). Phrases are found as {@link ReplyPhrases#find} finds them, the
     * longest first, so no word counts for two.
     *
     * @param reply the reply as typed or heard (its punctuation ends clauses: {@link ReplyPhrases#clauseWords})
     * @return the tags of the languages named, in no order; empty when none is
     */
    private static Set<String> namedBy(Survey survey, String reply) {
        List<String> words = ReplyPhrases.clauseWords(reply);
        List<ReplyPhrases.Found<String>> found = ReplyPhrases.find(words, languageWords(survey));
        Set<String> named = new HashSet<>();
        for (int index = 0; index < found.size(); index++) {
            if (!ReplyPhrases.negated(words, found, index) && !ReplyPhrases.withdrawn(words, found, index)) {
                named.addAll(found.get(index).meanings());
            }
        }
        return named;
    }

    /** Each language's words (its name and {@code languageReplies}, as every language offers it), to their tags. */
    private static Map<List<String>, Set<String>> languageWords(Survey survey) {
        Map<List<String>, Set<String>> phrases = new HashMap<>();
        for (String tag : survey.languages().keySet()) {
            for (LanguageOffer offer : survey.offersFrom(tag)) {
                for (String word : offer.words()) {
                    if (!word.isEmpty()) {
                        phrases.computeIfAbsent(ReplyPhrases.words(word), any -> new HashSet<>())
                                .add(offer.language());
                    }
                }
            }
        }
        return phrases;
    }

    /**
     * The language a text chose: {@code current} for its words to go on at the start of the text, an offered language
     * by its key when the offer's text shows it, else the one language the text names ({@link #oneNamed}: "ESPAÑOL",
     * "spanish please", "I want Spanish", "English" for the current one). Until 2026-12-05 only a language's words at
     * the start of the text counted, so "I want Spanish" got the welcome again and "Spanish or French" chose Spanish;
     * two languages named, or a name just after a negating word, now choose nothing, as on a call.
     *
     * @param text the text as the respondent typed it; not null
     * @return the chosen language's tag, or empty when the text names none, or more than one
     */
    static Optional<String> bySms(Survey survey, String current, String text) {
        String reply = Replies.normalise(text);
        if (goesOn(survey, current, reply, true)) {
            return Optional.of(current);
        }
        for (LanguageOffer offer : survey.offersFrom(current)) {
            if (reply.equals(offer.digit()) && textsItsDigit(offer)) {
                return Optional.of(offer.language());
            }
        }
        if (BARE_NUMBER.matcher(reply).matches() || GO_AHEAD_SIGNS.matcher(text.strip()).matches()) {
            return Optional.of(current);
        }
        Optional<String> named = oneNamed(survey, current, text);
        if (named.isPresent()) {
            return named;
        }
        // Another offered language's own yes or go-ahead ("Sí", "dale", "oui", "allez-y"): that language, when only one
        // reads it so. Until 2026-12-07 such a reply got the English welcome again (a respondent's probe).
        List<String> agreeingIn = survey.offersFrom(current).stream().map(LanguageOffer::language).distinct()
                .filter(offered -> !primary(offered).equals(primary(current))
                        && AGREEING_IN.containsKey(primary(offered)) && goesOn(survey, offered, reply, false))
                .toList();
        return agreeingIn.size() == 1 ? Optional.of(agreeingIn.get(0)) : Optional.empty();
    }

    /**
     * A number alone ("9", "10"), 1 or 2 digits, texted to the welcome that offers no language by it: a respondent
     * answering the first question before it was asked. The survey begins in the welcome's language and asks it; until
     * 2026-12-07 the welcome was texted again (a respondent's probe).
     */
    private static final Pattern BARE_NUMBER = Pattern.compile("[0-9]{1,2}");
    /**
     * A thumbs up, an OK hand or a check mark alone (any skin tone, an emoji presentation selector after), as a yes is
     * read at a question: the welcome again until 2026-12-07 (a breaker's probe).
     */
    private static final Pattern GO_AHEAD_SIGNS = Pattern.compile(
            "(?:(?:[\\x{1F44D}\\x{1F44C}][\\x{1F3FB}-\\x{1F3FF}]?|[\\u2705\\u2714\\u2611])\\uFE0F?\\s*)+");

    /**
     * Whether a normalised reply to {@code tag}'s welcome goes on in {@code tag}: its continue word after agreeing or
     * polite words ("Yes, continue"), its agreeing words alone ("OK", "Sí" to a Spanish welcome), or a go-ahead
     * ({@link #GO_AHEAD}: "ok go", "let's go", "dale", "allez-y").
     *
     * @param english whether English's agreeing and go-ahead words count too, as they do for the welcome's own
     *                language ("OK" to a Spanish welcome); a reply in another offered language's words alone counts
     *                only in its own ("Sí" to an English welcome chooses Spanish, "OK" chooses nothing)
     */
    private static boolean goesOn(Survey survey, String tag, String reply, boolean english) {
        Set<String> agreeing = english ? agreeingIn(tag) : AGREEING_IN.getOrDefault(primary(tag), Set.of());
        Set<String> own = english ? agreeing : ownAgreeing(tag);
        String agreed = withoutAgreeing(reply, agreeing);
        Set<String> goAhead = new HashSet<>(GO_AHEAD.getOrDefault(primary(tag), Set.of()));
        if (english) {
            goAhead.addAll(GO_AHEAD.get("en"));
        }
        return Replies.startsWithAny(agreed, survey.language(tag).continueWords()) && (english || !agreed.isEmpty())
                || agreed.isEmpty() && java.util.Arrays.stream(reply.split(" ")).anyMatch(own::contains)
                || goAhead.contains(agreed);
    }

    /** The primary language subtag of a tag, lower case: {@code es} for {@code es-MX}. */
    private static String primary(String tag) {
        return tag.split("-", 2)[0].toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Go-aheads to the texted welcome, normalised ({@link Replies#normalise}), by primary language subtag: what is
     * left of a reply after its agreeing and polite words ({@link #AGREEING}, {@link #POLITE}). Until 2026-12-07
     * "ok go", "let's go", "bueno", "dale" and "allez-y" got the welcome again (a respondent's probe). Not START,
     * which Twilio answers itself as an opt-in.
     */
    private static final Map<String, Set<String>> GO_AHEAD = Map.of(
            "en", Set.of("go", "go ahead", "lets go", "let s go", "ready", "im ready", "i m ready", "i am ready",
                    "begin", "lets do it", "let s do it", "go for it", "ask away", "shoot", "lets start",
                    "let s start", "lets begin", "let s begin"),
            "es", Set.of("bueno", "dale", "adelante", "listo", "lista", "estoy listo", "estoy lista", "empecemos",
                    "comencemos", "empezar", "va", "sale", "de acuerdo"),
            "fr", Set.of("vas y", "allez y", "allons y", "on y va", "pret", "prete", "je suis pret",
                    "je suis prete", "commencer", "commencons", "d accord", "allez"),
            "de", Set.of("los", "los gehts", "los geht s", "bereit", "ich bin bereit", "anfangen", "einverstanden"));

    /**
     * Words agreeing to go on, normalised, that may come before the welcome's continue word or stand for it: "Yes,
     * continue", "OK continue", "Sí, seguir", "oui, continuer", "Ja, weiter", or "OK" alone. Until 2026-12-07 only a
     * reply starting with a continue word went on, so "Yes, continue" got the whole welcome again, and after two
     * such replies the survey went silent (a newcomer's probe).
     */
    private static final Set<String> AGREEING = Set.of("yes", "yeah", "yep", "yup", "ok", "okay", "sure", "alright",
            "fine");

    /**
     * The agreeing words of the welcome's own language, beside the English ones: a Spanish "Sí" to an English welcome
     * is no agreement to go on in English (it went on so for a few hours on 2026-12-07, a reviewer's probe), but to a
     * Spanish one it is.
     */
    private static final Map<String, Set<String>> AGREEING_IN = Map.of(
            "es", withAgreeing("si", "claro", "vale"),
            "fr", withAgreeing("oui", "accord"),
            "de", withAgreeing("ja", "jawohl"));

    /** {@link #AGREEING} with a language's own agreeing words. */
    private static Set<String> withAgreeing(String... own) {
        Set<String> both = new HashSet<>(AGREEING);
        both.addAll(List.of(own));
        return Set.copyOf(both);
    }

    /** {@link #AGREEING} and the words of {@code tag}'s primary language ({@link #AGREEING_IN}). */
    private static Set<String> agreeingIn(String tag) {
        return AGREEING_IN.getOrDefault(primary(tag), AGREEING);
    }

    /** The agreeing words of {@code tag}'s primary language alone, without the English ones ("si", "claro", "vale"). */
    private static Set<String> ownAgreeing(String tag) {
        Set<String> own = new HashSet<>(AGREEING_IN.getOrDefault(primary(tag), Set.of()));
        own.removeAll(AGREEING);
        return own;
    }

    /** Polite words that may stand among the agreeing ones ({@link #AGREEING}), agreeing to nothing alone. */
    private static final Set<String> POLITE = Set.of("d", "please", "pls", "thanks", "por", "favor", "merci",
            "bitte", "gracias");

    /** The reply without the {@code agreeing} and polite ({@link #POLITE}) words it starts with. */
    private static String withoutAgreeing(String reply, Set<String> agreeing) {
        String[] words = reply.split(" ");
        int at = 0;
        while (at < words.length && (agreeing.contains(words[at]) || POLITE.contains(words[at]))) {
            at++;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(words, at, words.length));
    }

    /**
     * The one language a reply names ({@link #namedBy}) when it is {@code current} (someone reading English who
     * replies ENGLISH means "go on") or offered from it; empty when it names none or more than one.
     */
    private static Optional<String> oneNamed(Survey survey, String current, String reply) {
        Set<String> named = namedBy(survey, reply);
        if (named.size() != 1) {
            return Optional.empty();
        }
        String only = named.iterator().next();
        return only.equals(current) || survey.offersFrom(current).stream()
                .anyMatch(offer -> offer.language().equals(only)) ? Optional.of(only) : Optional.empty();
    }

    /**
     * The language a reply to a typed question names instead of answering it: the reply names exactly one language
     * ({@link #namedBy}: its name or {@code languageReplies}, in any case, with or without accents, alone or among other
     * words: "english", "Spanish please", "can you ask in French?"), an offered one and not the current one, and the
     * question cannot read the reply as its answer. A free-text question takes every reply as its answer ("English"
     * may be one), so it names no language; nor does the current language's own name, which the respondent already
     * has. A probe (2026-12) found a Spanish respondent's {@code english} counted as a wrong score, twice enough to skip
     * the question; another (2026-12-05) found "Spanish please" counted so, as only the bare word switched.
     *
     * @param raw the reply as typed or heard, not null
     * @return the named language's tag, or empty when the reply is an answer, or names no other offered language, or
     *     more than one language
     */
    static Optional<String> atQuestion(Survey survey, SurveySession session, String raw) {
        Question question = survey.question(session.questionIndex());
        String reply = Replies.normalise(raw);
        Optional<String> spoken = notSpeaking(survey, session.languageSet(), reply);
        if (spoken.isPresent()) {
            return spoken;
        }
        if (question.type().freeText() || reply.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> named = oneNamed(survey, session.languageSet(), raw)
                .filter(tag -> !tag.equals(session.languageSet()));
        if (named.isEmpty()) {
            return Optional.empty();
        }
        SurveyLanguage current = survey.language(session.languageSet());
        return AnswerReader.read(question, current, raw).isPresent() ? Optional.empty() : named;
    }

    /**
     * "I don't speak English" said in another language ("No hablo inglés", "Je ne parle pas anglais", "no entiendo
     * inglés"), normalised, by the language it is said in: until 2026-12-07 such a reply got the same English retry
     * until the question was skipped (a respondent's probe), as it names only the language the respondent does not
     * speak. Even at a words question: it answers none.
     */
    private static final Map<String, Pattern> NOT_SPEAKING = Map.of(
            "es", Pattern.compile("(?:perdon |lo siento |disculpe )?(?:yo )?no (?:hablo|entiendo|se|leo)"
                    + "(?: (?:bien|mucho|nada de))? (?:el )?(?:ingles|frances)(?: .*)?"),
            "fr", Pattern.compile("(?:pardon |desole |desolee )?(?:je (?:ne )?(?:parle|comprends|lis) pas"
                    + "(?: (?:bien|tres bien))? (?:l )?(?:anglais|espagnol))(?: .*)?"),
            "en", Pattern.compile("(?:sorry )?i (?:don t|dont|do not|can t|cant|cannot) (?:speak|understand|read)"
                    + "(?: (?:much|good))? (?:spanish|french)(?: .*)?"));

    /**
     * The offered language a reply saying "I don't speak" the session's language is said in, when the session's
     * language is another ({@link #NOT_SPEAKING}); empty otherwise.
     */
    private static Optional<String> notSpeaking(Survey survey, String current, String reply) {
        String currentPrimary = current.split("-", 2)[0];
        for (Map.Entry<String, Pattern> saying : NOT_SPEAKING.entrySet()) {
            if (!saying.getKey().equals(currentPrimary) && saying.getValue().matcher(reply).matches()) {
                return survey.offersFrom(current).stream().map(LanguageOffer::language)
                        .filter(tag -> tag.split("-", 2)[0].equals(saying.getKey())).findFirst();
            }
        }
        return Optional.empty();
    }

    /**
     * {@link #atQuestion} for a call: words heard with at least the survey's {@code minSpeechConfidence}, as
     * {@link #byVoice} takes them; keys pressed at a question are an answer, never a language.
     *
     * @return the named language's tag, or empty
     */
    static Optional<String> atQuestionByVoice(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        boolean keys = input.digits() != null && !input.digits().isEmpty();
        return keys || !heard(survey, input) ? Optional.empty() : atQuestion(survey, session, input.speech());
    }

    /** Speech heard clearly: its {@code Confidence} at least the survey's bar ({@link Survey#clearlyHeard}). */
    private static boolean heard(Survey survey, SurveyInput.VoiceInput input) {
        return input.speech() != null && survey.clearlyHeard(input.confidence());
    }

    /**
     * Whether the offer's text ({@code languageOfferSMS}) shows its key as a number of its own ("reply 2 or
     * ESPAÑOL"): only then does texting the key choose the language. The key is the call's ({@code languageDigit});
     * a respondent texting "2" to a welcome that offered ESPAÑOL by its word means an answer, not Spanish.
     */
    private static boolean textsItsDigit(LanguageOffer offer) {
        String text = offer.sms();
        String key = offer.digit();
        if (text == null || key == null || key.isEmpty()) {
            return false;
        }
        for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
            int end = at + key.length();
            boolean digitBefore = at > 0 && Character.isDigit(text.charAt(at - 1));
            boolean digitAfter = end < text.length() && Character.isDigit(text.charAt(end));
            if (!digitBefore && !digitAfter) {
                return true;
            }
        }
        return false;
    }
}
