package com.surveyrelay.survey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A respondent who texts, at a question, that they want out of this survey ("I'm done", "no thanks", "I don't want to
 * continue", "ya no quiero seguir", "j'ai fini", "not now"): the survey ends {@code ABANDONED}, reason {@value
 * #BREAK_OFF} (survey research's term for a respondent who ends a survey they began), with the {@code
 * declinedGoodbye} texted once. Not an opt-out: the number stays reachable, where until 2026-12-07 such a respondent
 * was asked again until the question was skipped, and then asked the next one; the only way out was STOP, which ends
 * every survey for good (an analyst's probe). The whole reply must be such phrases, with thanks, sorry, a goodbye, a
 * bare "no", "nope" or "ok" beside them.
 *
 * <p>Two kinds of phrase: {@link #LEAVING} say the survey itself should end ("I'm done", "no more questions") and are
 * read at any question but a words question, a yes-or-no one too (where "ya no quiero seguir" was stored as "no": a
 * breaker's probe); {@link #DECLINING} only decline ("no thanks", "not interested", "not now", "done", the welcome's
 * declines) and are read only at a question that cannot take the reply as its answer, and at a yes-or-no one only
 * where it reads them as "yes" ("ok gotta go"), as "not interested" or "done" may well be the answer there (it is asked
 * again). At a words question all of
 * them may be the answer. At the welcome, both decline the survey ({@link #declinesWelcome}). Ending, quitting or
 * cancelling the survey named ("end the survey", "quit this survey") is an opt-out ({@link ConsentWords}), read before
 * these: END and QUIT are opt-out keywords, and a compliance officer could not defend "end survey" opting out while
 * "end the survey" did not (a reviewer's probe); "I quit", "exit" and "j'arrête", which name no survey, leave.
 */
final class MidSurveyLeave {

    /** The end reason, and the {@code SURVEY_ABANDONED} event's: survey research's break-off, said in words. */
    static final String BREAK_OFF = "break-off";

    /** Normalised ({@link Replies#normalise}) phrases asking that the survey end, in English, Spanish and French. */
    static final List<String> LEAVING = List.of(
            "i m done", "im done", "i am done", "i m finished", "im finished", "i am finished",
            "i m done with this", "im done with this", "i m done with this survey", "im done with this survey",
            "i am done with this survey", "done with this survey", "no more questions", "that s enough",
            "thats enough", "enough questions", "enough already", "i don t want to continue", "i dont want to continue",
            "i do not want to continue", "i don t want to do this anymore", "i dont want to do this anymore",
            "i don t want to answer any more", "i dont want to answer anymore",
            "i m done here", "im done here", "i m done answering", "im done answering", "i m so done", "im so done",
            "we re done", "were done", "no further questions",
            "ya termine", "ya no quiero seguir", "no quiero seguir", "no quiero continuar",
            "ya no quiero continuar", "no mas preguntas", "se acabo", "ya acabe", "ya estuvo", "basta de preguntas",
            "j ai fini", "j ai termine", "ca suffit", "c est assez", "j en ai assez", "j en ai marre",
            "je ne veux pas continuer", "je veux pas continuer", "je ne veux plus continuer", "plus de questions",
            "assez de questions", "pas d autres questions", "c est fini", "c est termine",
            // Quitting in other words (asked again until 2026-12-07: a reviewer's probe).
            "i quit", "i want out", "i m out", "im out", "i give up", "exit", "exit the survey", "finish",
            "quiero salir", "quiero terminar", "me salgo", "j arrete", "j abandonne");
    /**
     * Normalised phrases that decline without naming the survey: the welcome's ({@link WelcomeDecline#DECLINING}: "not
     * now", "later", "I'm busy", "I have to go") but a bare no, which at a number question is no wish to leave, and
     * these.
     */
    static final List<String> DECLINING = java.util.stream.Stream.concat(WelcomeDecline.DECLINING.stream()
            .filter(phrase -> !Set.of("no", "nope", "nah", "no way", "never", "non").contains(phrase)),
            java.util.stream.Stream.of("no thanks", "no thank you", "not anymore", "no longer interested",
                    "ya no", "ya no me interesa", "je ne veux plus", "ca ne m interesse plus", "done", "enough",
                    "that s it", "thats it", "termine", "finished", "that s all", "thats all", "c est tout",
                    // "No más" to "May we contact you?" is a no (a reviewer's probe).
                    "no mas", "ya no mas")).distinct().toList();
    /** Words that may stand beside them: {@link WelcomeDecline#ALONGSIDE}, and these. */
    private static final List<String> ALONGSIDE = List.of("no", "non", "nope", "nah", "ok", "okay", "lol", "anymore",
            "any more", "now", "already", "ya", "deja", "so", "well", "just", "seriously", "sorry but", "oh");

    private enum Kind { LEAVING, DECLINING, ALONGSIDE }

    private static final Map<List<String>, Set<Kind>> PHRASES = phrases();

    private MidSurveyLeave() {
    }

    private static Map<List<String>, Set<Kind>> phrases() {
        Map<List<String>, Set<Kind>> phrases = new HashMap<>();
        java.util.stream.Stream.concat(WelcomeDecline.ALONGSIDE.stream(), ALONGSIDE.stream())
                .forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(Kind.ALONGSIDE)));
        DECLINING.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(Kind.DECLINING)));
        LEAVING.forEach(phrase -> phrases.put(ReplyPhrases.words(phrase), Set.of(Kind.LEAVING)));
        return Map.copyOf(phrases);
    }

    /**
     * The strongest kind of phrase a whole reply is made of: {@code LEAVING} when it holds one, else {@code
     * DECLINING} when it holds one; null when a word is neither such a phrase nor one beside them.
     */
    private static Kind said(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        List<ReplyPhrases.Found<Kind>> found = ReplyPhrases.covering(ReplyPhrases.words(Replies.normalise(body)),
                PHRASES).orElse(null);
        if (found == null) {
            return null;
        }
        return found.stream().anyMatch(phrase -> phrase.meanings().contains(Kind.LEAVING)) ? Kind.LEAVING
                : found.stream().anyMatch(phrase -> phrase.meanings().contains(Kind.DECLINING)) ? Kind.DECLINING
                : null;
    }

    /**
     * Whether a text at the open question leaves the survey. At a yes-or-no question words that only decline leave
     * when the question reads them as "yes" ("ok gotta go", "ok later": stored as yes to "May we contact you?" until
     * 2026-12-07, a reviewer's probe), and stay its answer as "no" ("no thanks").
     *
     * @param question the open question; a words question ({@link QuestionType#freeText}) is never left so
     * @param body the text as typed
     * @param read the question's reading of the text as its answer, empty when it is none; asked only of words that
     *             only decline, so most answers are read once, by the answer's own step
     */
    static boolean leaves(Question question, String body, Supplier<Optional<Object>> read) {
        if (question.type().freeText()) {
            return false;
        }
        Kind kind = said(body);
        if (kind != Kind.DECLINING) {
            return kind == Kind.LEAVING;
        }
        Optional<Object> answer = read.get();
        return question.type() == QuestionType.YES_NO ? answer.filter("yes"::equals).isPresent() : answer.isEmpty();
    }

    /**
     * Whether a text to the texted welcome declines it by these words ("I'm done", "enough", "ya terminé"), which the
     * welcome's own declines ({@link WelcomeDecline#declinesText}) leave out: the same words end the survey a step
     * later, and got the welcome again here until 2026-12-07 (a breaker's probe).
     */
    static boolean declinesWelcome(String body) {
        return said(body) != null;
    }
}
