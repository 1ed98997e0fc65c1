package com.surveyrelay.survey;

import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The voices and languages Twilio's TwiML accepts, as twilio-java knows them. Checking a prompt file
 * against these at load time turns a typo in {@code voice=} into a configuration error instead of a call
 * that fails when it is answered.
 */
final class TwilioVocabulary {

    private static final Map<String, Say.Voice> VOICES = byName(Say.Voice.values(), Say.Voice::toString);
    private static final Map<String, Say.Language> SPOKEN = byName(Say.Language.values(), Say.Language::toString);
    private static final Map<String, Gather.Language> RECOGNISED =
            byName(Gather.Language.values(), Gather.Language::toString);

    private TwilioVocabulary() {
    }

    static Optional<Say.Voice> voice(String name) {
        return Optional.ofNullable(VOICES.get(name));
    }

    static Optional<Say.Language> spoken(String tag) {
        return Optional.ofNullable(SPOKEN.get(tag));
    }

    /**
     * The tags Twilio speaks of a primary language that can name a language file ({@code en}: en-AU, en-CA, ...),
     * sorted; empty for none.
     */
    static List<String> spokenTags(String primaryLanguage) {
        return SPOKEN.keySet().stream().filter(tag -> tag.split("-")[0].equals(primaryLanguage))
                .filter(SurveyConfigLoader::isLanguageTag).sorted().toList();
    }

    static Optional<Gather.Language> recognised(String tag) {
        return Optional.ofNullable(RECOGNISED.get(tag));
    }

    private static <T> Map<String, T> byName(T[] values, Function<T, String> name) {
        return Arrays.stream(values).collect(Collectors.toUnmodifiableMap(name, Function.identity(), (a, b) -> a));
    }
}
