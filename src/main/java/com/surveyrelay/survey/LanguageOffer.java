package com.surveyrelay.survey;

import com.twilio.twiml.voice.Say;
import java.util.List;

/**
 * How one language is offered to a respondent who currently hears or reads another: spoken in its own voice
 * with its own key, texted with its own reply words.
 *
 * @param name the language's own name, as a speech recogniser hint
 * @param words normalised words (see {@link Replies#normalise}) that choose this language, by speech or text
 */
public record LanguageOffer(
        String language, String name, Say.Voice voice, Say.Language sayLanguage, String digit, String spoken, String sms,
        List<String> words) {
}
