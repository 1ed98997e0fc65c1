package com.surveyrelay.survey;

import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a survey says in one language: the standard prompts, one prompt per question, the voice, and
 * the words that mean "go on" in this language, and those by which a respondent opts out, opts in or asks for help.
 *
 * @param yesWords, noWords words this language's file adds ({@code yesWords}, {@code noWords}) to the built-in
 *     yes and no of {@link NaturalAnswers}, normalised; empty when it adds none
 * @param optionLabels for every {@code choice} option, by {@code <questionName>.<value>}: the words that name it
 *     in this language, the first being how it is shown ({@code questionChannel.web=website, online, web})
 */
public record SurveyLanguage(
        String tag, Say.Voice voice, Say.Language sayLanguage, Gather.Language gatherLanguage,
        Map<String, String> texts, List<String> continueWords, ConsentWords consent, List<String> yesWords,
        List<String> noWords, Map<String, List<String>> optionLabels) {

    /**
     * The language file's {@code repeatWords}, normalised ({@link Replies#normalise}): phrases its callers use to hear
     * the question again or to think aloud ({@link RepeatRequest}); empty when it has none.
     */
    Set<String> repeatWords() {
        String listed = texts.get(LanguageFileReader.REPEAT_WORDS);
        if (listed == null) {
            return Set.of();
        }
        return java.util.Arrays.stream(listed.split(",")).map(Replies::normalise).filter(phrase -> !phrase.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The words naming one option of a choice question, the first being how it is shown. */
    public List<String> labels(Question question, Question.ChoiceOption option) {
        return optionLabels.getOrDefault(question.name() + "." + option.value(), List.of(option.value()));
    }

    public String text(Prompt prompt) {
        String text = texts.get(prompt.key());
        if (text == null) {
            throw new IllegalStateException(tag + " has no " + prompt.key() + " prompt");
        }
        return text;
    }

    public Optional<String> optionalText(Prompt prompt) {
        return Optional.ofNullable(texts.get(prompt.key()));
    }

    /**
     * The first word of this language file's {@code yesWords} (or {@code noWords}) as the author wrote it, accents and
     * capitals kept ("Não", where {@link #noWords} holds "nao"), for showing an answer back to the respondent.
     *
     * @param yes true for {@code yesWords}, false for {@code noWords}
     * @return empty when the file lists none
     */
    public Optional<String> shownYesOrNo(boolean yes) {
        String written = texts.get(yes ? "yesWords" : "noWords");
        return written == null ? Optional.empty() : java.util.Arrays.stream(written.split(",")).map(String::strip)
                .filter(word -> !word.isEmpty()).findFirst();
    }

    /** The question's prompt as its language file writes it ({@code questionContactMe=...}): said, and texted. */
    public String questionPrompt(Question question) {
        return texts.get(question.name());
    }

    /**
     * The words that ask the question by SMS or WhatsApp: the file's {@code <questionName>SMS} when it has one
     * ({@code questionContactMeSMS=... Reply Y or N.}), else {@link #questionPrompt}.
     */
    public String textedQuestionPrompt(Question question) {
        return texts.getOrDefault(LanguageFileReader.textedKey(question.name()), questionPrompt(question));
    }

    /** Whether the language file words the question apart for texts ({@code <questionName>SMS}). */
    public boolean hasTextedPrompt(Question question) {
        return texts.containsKey(LanguageFileReader.textedKey(question.name()));
    }
}
