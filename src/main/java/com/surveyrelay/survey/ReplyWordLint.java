package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lint's warnings about a texted welcome that tells respondents to reply a word the survey does not take: the
 * capitalised words of {@code continueSMS} ("To go on, reply GO.") must hold one of {@code welcomeContinue}'s, and
 * those of a {@code languageOfferSMS} ("Para español, responda CASTELLANO.") one of its language's {@code
 * languageReplies}, its {@code languageName} or its key. Until 2026-12-07 such a survey loaded silently, and a
 * respondent who replied as told got the welcome again, then nothing (an author's probe). A warning and not a refusal,
 * so that surveys already in the bucket keep loading. Words the language reads as an opt-out, an opt-in or a request
 * for help ("Reply STOP to opt out.") are not replies to the welcome, and are left out.
 */
public final class ReplyWordLint {

    /** A word written in capitals, as texts ask for a reply word: two letters or more, accents included. */
    private static final Pattern SHOUTED = Pattern.compile("\\b\\p{Lu}[\\p{Lu}\\p{M}]+\\b");

    private ReplyWordLint() {
    }

    /**
     * @param survey a survey the loader accepted
     * @return e.g. {@code survey brk-a: en-US (voice-prompts/survey-en-US.env) continueSMS tells respondents to reply
     *     GO, which welcomeContinue (continue) does not take: one who does gets the welcome again}, one per prompt, in
     *     the languages' tag order; empty when every texted reply word is taken
     */
    public static List<String> of(Survey survey) {
        List<String> warnings = new ArrayList<>();
        Set<String> offersSeen = new LinkedHashSet<>();
        new TreeMap<>(survey.languages()).forEach((tag, language) -> {
            language.optionalText(Prompt.CONTINUE_SMS).ifPresent(text -> untaken(language, text,
                    language.continueWords(), null).ifPresent(word -> warnings.add(where(survey, tag)
                            + " continueSMS tells respondents to reply " + word + ", which welcomeContinue ("
                            + String.join(", ", language.continueWords()) + ") does not take: one who does gets the "
                            + "welcome again")));
            for (LanguageOffer offer : survey.offersFrom(tag)) {
                if (offer.sms() == null || !offersSeen.add(offer.language())) {
                    continue;
                }
                SurveyLanguage offered = survey.language(offer.language());
                untaken(offered, offer.sms(), offer.words(), offer.digit()).ifPresent(word -> warnings.add(
                        where(survey, offer.language()) + " languageOfferSMS tells respondents to reply " + word
                                + ", which its languageReplies and languageName (" + String.join(", ", offer.words())
                                + ") do not take: one who does is not switched to " + offer.language()));
            }
        });
        return List.copyOf(warnings);
    }

    /**
     * The first capitalised word of {@code text} when none of them is a reply the survey takes ({@code taken}, as
     * {@link Replies#normalise} leaves them, or {@code key}); empty when one is, or when it capitalises none.
     */
    private static java.util.Optional<String> untaken(SurveyLanguage language, String text, List<String> taken,
            String key) {
        List<String> shouted = new ArrayList<>();
        Matcher words = SHOUTED.matcher(text);
        while (words.find()) {
            String word = words.group();
            if (language.consent().classify(word) == ConsentWords.Intent.NONE) {
                shouted.add(word);
            }
        }
        if (shouted.isEmpty() || shouted.stream().anyMatch(word -> taken.contains(Replies.normalise(word))
                || word.equals(key))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(shouted.get(0));
    }

    private static String where(Survey survey, String tag) {
        return "survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER + "survey-" + tag
                + ".env)";
    }
}
