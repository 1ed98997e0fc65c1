package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A respondent who texts, at a question, that they want out of this survey ("I'm done", "no thanks", "I don't want to
 * continue", "ya no quiero seguir", "j'ai fini"): the survey ends {@code ABANDONED}, reason {@value
 * WelcomeDecline#DECLINED}, with the {@code declinedGoodbye} texted once, as a decline at the welcome is. Not an
 * opt-out: the number stays reachable, where until 2026-12-08 such a respondent was asked again until the question
 * was skipped, and then asked the next one; the only way out was STOP, which ends every survey for good (an analyst's
 * probe). Read only at a question that cannot take the reply as its answer (a number, a choice, yes or no): at a words
 * question "no thanks" may be the answer. The whole reply must be such phrases, with thanks, sorry or a goodbye beside
 * them ({@link WelcomeDecline#ALONGSIDE}) or "anymore", "now", "already".
 */
final class MidSurveyLeave {

    /** Normalised ({@link Replies#normalise}) phrases that leave the survey, in English, Spanish and French. */
    static final List<String> LEAVING = List.of(
            "i m done", "im done", "i am done", "done", "i m finished", "im finished", "i am finished",
            "i m done with this", "im done with this", "i m done with this survey", "im done with this survey",
            "i am done with this survey", "done with this survey", "no more questions", "enough", "that s enough",
            "thats enough", "enough questions", "i don t want to continue", "i dont want to continue",
            "i do not want to continue", "i don t want to do this anymore", "i dont want to do this anymore",
            "i don t want to answer any more", "i dont want to answer anymore", "end the survey", "end survey",
            "exit survey", "exit", "leave the survey", "no thanks", "no thank you", "not interested",
            "i m not interested", "im not interested", "i am not interested", "not anymore", "no longer interested",
            "ya termine", "termine", "ya no quiero seguir", "no quiero seguir", "no quiero continuar",
            "ya no quiero continuar", "no gracias", "no me interesa", "ya no me interesa", "salir", "ya no",
            "j ai fini", "j ai termine", "ca suffit", "je ne veux pas continuer", "je veux pas continuer",
            "je ne veux plus continuer", "je ne veux plus", "non merci", "ca ne m interesse pas",
            "ca m interesse pas", "pas interesse", "pas interessee", "quitter");
    private static final Map<List<String>, Set<Boolean>> PHRASES = phrases();

    private MidSurveyLeave() {
    }

    private static Map<List<String>, Set<Boolean>> phrases() {
        Map<List<String>, Set<Boolean>> phrases = new HashMap<>();
        WelcomeDecline.ALONGSIDE.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(false)));
        List.of("anymore", "any more", "now", "already", "ya", "deja").forEach(phrase ->
                phrases.put(ReplyPhrases.words(phrase), Set.of(false)));
        LEAVING.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(true)));
        return Map.copyOf(phrases);
    }

    /**
     * Whether a text at the open question leaves the survey.
     *
     * @param question the open question; a words question ({@link QuestionType#freeText}) is never left so
     * @param body the text as typed; the question could not read it as its answer (checked by the caller)
     */
    static boolean leaves(Question question, String body) {
        if (question.type().freeText() || body == null || body.isBlank()) {
            return false;
        }
        List<String> words = ReplyPhrases.words(Replies.normalise(body));
        if (words.isEmpty()) {
            return false;
        }
        List<ReplyPhrases.Found<Boolean>> found = ReplyPhrases.find(words, PHRASES);
        int covered = found.stream().mapToInt(phrase -> phrase.end() - phrase.start()).sum();
        return covered == words.size() && found.stream().anyMatch(phrase -> phrase.meanings().contains(true));
    }
}
