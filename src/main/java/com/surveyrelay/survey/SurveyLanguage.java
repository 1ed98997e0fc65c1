package com.surveyrelay.survey;

import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a survey says in one language: the standard prompts, one prompt per question, the voice, and
 * the words that mean "go on" in this language, and those by which a respondent opts out, opts in or asks for help.
 */
public record SurveyLanguage(
        String tag, Say.Voice voice, Say.Language sayLanguage, Gather.Language gatherLanguage,
        Map<String, String> texts, List<String> continueWords, ConsentWords consent) {

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

    public String questionPrompt(Question question) {
        return texts.get(question.name());
    }
}
