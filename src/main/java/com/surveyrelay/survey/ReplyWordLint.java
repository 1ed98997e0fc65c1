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
 * words in capitals {@code continueSMS} asks for after a verb of replying ({@link #ASKED}: "To go on, reply GO.") must
 * hold one of {@code welcomeContinue}'s, and those of a {@code languageOfferSMS} ("Para español, responda
 * HISPANO.") one of its language's {@code languageReplies} or its {@code languageName}. Until 2026-12-07 such a
 * survey loaded silently, and a respondent who replied as told got the welcome again, then nothing (an author's
 * probe). A warning and not a refusal, so that surveys already in the bucket keep loading. Words the language reads as
 * an opt-out, an opt-in or a request for help ("Reply STOP to opt out.") are not replies to the welcome, and are left
 * out; a texted line asking for a keyword Twilio answers itself (START, YES, CANCEL) is {@link TwilioKeywordLint}'s.
 */
public final class ReplyWordLint {

    /**
     * The words in capitals a text asks respondents to reply: after a verb of replying in English, Spanish or French
     * ("reply GO", "responda HISPANO", "répondez FRANÇAIS", "text GO ON"), two letters or more, accents included.
     * Capitals elsewhere are a brand, an acronym or a shout ("the ACME survey", "SMS rates apply", "OK to go on?"), and
     * warned of for a few hours on 2026-12-07 (a breaker's probe).
     */
    private static final Pattern ASKED = Pattern.compile("(?iu:\\b(?:reply|text|send|type|answer|say|respond|responda"
            + "|responde|responder|conteste|contesta|escriba|escribe|envíe|envie|envía|envia|répondez|repondez|réponds"
            + "|reponds|répondre|écrivez|ecrivez|envoyez|tapez)\\b)\\s+(?:(?i:with|con|par)\\s+)?[\"'«“]?"
            + "(\\p{Lu}[\\p{Lu}\\p{M}]+(?:\\s+\\p{Lu}[\\p{Lu}\\p{M}]+)*)\\b");

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
                    language.continueWords()).ifPresent(word -> warnings.add(where(survey, tag)
                            + " continueSMS tells respondents to reply " + word + ", which welcomeContinue ("
                            + String.join(", ", language.continueWords()) + ") does not take: one who does gets the "
                            + "welcome again")));
            for (LanguageOffer offer : survey.offersFrom(tag)) {
                if (offer.sms() == null || !offersSeen.add(offer.language())) {
                    continue;
                }
                SurveyLanguage offered = survey.language(offer.language());
                untaken(offered, offer.sms(), offer.words()).ifPresent(word -> warnings.add(
                        where(survey, offer.language()) + " languageOfferSMS tells respondents to reply " + word
                                + ", which its languageReplies and languageName (" + String.join(", ", offer.words())
                                + ") do not take: one who does is not switched to " + offer.language()));
            }
        });
        return List.copyOf(warnings);
    }

    /**
     * The first reply word {@code text} asks for ({@link #ASKED}) when none of them is one the survey takes ({@code
     * taken}, as {@link Replies#normalise} leaves them, the run of capitals whole or one word of it); empty when one
     * is, or when it asks for none. Opt-out, opt-in and help words are not replies to the welcome, and are left out.
     */
    private static java.util.Optional<String> untaken(SurveyLanguage language, String text, List<String> taken) {
        List<String> asked = new ArrayList<>();
        Matcher reply = ASKED.matcher(text);
        while (reply.find()) {
            String words = reply.group(1);
            if (language.consent().classify(words) == ConsentWords.Intent.NONE) {
                asked.add(words);
            }
        }
        boolean anyTaken = asked.stream().anyMatch(words -> taken.contains(Replies.normalise(words))
                || List.of(Replies.normalise(words).split(" ")).stream().anyMatch(taken::contains));
        return asked.isEmpty() || anyTaken ? java.util.Optional.empty() : java.util.Optional.of(asked.get(0));
    }

    private static String where(Survey survey, String tag) {
        return "survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER + "survey-" + tag
                + ".env)";
    }
}
