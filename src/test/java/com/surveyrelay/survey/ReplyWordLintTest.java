package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A texted welcome that tells respondents to reply a word the survey does not take is warned of (an author's probe,
 * 2026-12-07: "To go on, reply GO." with {@code welcomeContinue=continue}, and "responda HISPANO" with Spanish's
 * replies {@code espanol, spanish}, loaded silently, and respondents who replied as told were never let in).
 */
class ReplyWordLintTest {

    private static final String ENGLISH = "voice-prompts/survey-en-US.env";
    private static final String SPANISH = "voice-prompts/survey-es-MX.env";

    @Test
    void theShippedSurveysTakeEveryWordTheyTellRespondentsToReply() throws IOException {
        assertThat(ReplyWordLint.of(ShippedSurvey.load())).isEmpty();
        assertThat(ReplyWordLint.of(ShippedSurvey.quarterlyNps())).isEmpty();
        assertThat(SurveyWarnings.of(ShippedSurvey.load())).isEmpty();
    }

    @Test
    void aContinueWordTheSurveyDoesNotTakeIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files");
        files.compute(ENGLISH, (name, text) -> text.replace("continueSMS=To go on in English, reply CONTINUE.",
                "continueSMS=To go on, reply GO. Reply STOP to opt out."));
        Survey survey = ShippedSurvey.load(files);
        assertThat(ReplyWordLint.of(survey)).containsExactly("survey customer-satisfaction: en-US "
                + "(voice-prompts/survey-en-US.env) continueSMS tells respondents to reply GO, which welcomeContinue "
                + "(continue) does not take: one who does gets the welcome again");
        assertThat(SurveyWarnings.of(survey)).as("listed with the other warnings").hasSize(1);
    }

    /**
     * Capitals that are no reply asked for (a brand, an acronym), a reply word of two words, and a reply by key are not
     * warned of (each was for a few hours on 2026-12-07, by a breaker's probe).
     */
    @Test
    void capitalsThatAreNoReplyAskedForAreNotWarnedOf() throws IOException {
        for (String line : List.of("To take the ACME survey in English, reply continue.",
                "OK to go on? Reply continue. Std SMS rates apply (USA).", "Reply CONTINUE NOW to go on.",
                "Reply 1 to go on in ENGLISH, or CONTINUE.")) {
            Map<String, String> files = ShippedSurvey.files("config-files");
            files.compute(ENGLISH, (name, text) -> text.replace("continueSMS=To go on in English, reply CONTINUE.",
                    "continueSMS=" + line));
            assertThat(ReplyWordLint.of(ShippedSurvey.load(files))).as(line).isEmpty();
        }
        Map<String, String> files = ShippedSurvey.files("config-files");
        files.compute(SPANISH, (name, text) -> text.replaceAll("(?m)^languageOfferSMS=.*$",
                "languageOfferSMS=Para español (MX), responda 2 (SMS)."));
        assertThat(ReplyWordLint.of(ShippedSurvey.load(files))).isEmpty();
    }

    @Test
    void aLanguageOfferWordItsLanguageDoesNotTakeIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files");
        files.compute(SPANISH, (name, text) -> text.replaceAll("(?m)^languageOfferSMS=.*$",
                "languageOfferSMS=Para español, responda HISPANO."));
        assertThat(ReplyWordLint.of(ShippedSurvey.load(files))).singleElement().asString().startsWith(
                "survey customer-satisfaction: es-MX (voice-prompts/survey-es-MX.env) languageOfferSMS tells "
                + "respondents to reply HISPANO, which its languageReplies and languageName (").endsWith(
                ") do not take: one who does is not switched to es-MX");
        files.compute(SPANISH, (name, text) -> text.replaceAll("(?m)^languageOfferSMS=.*$",
                "languageOfferSMS=Para español, responda 2 o ESPAÑOL."));
        assertThat(ReplyWordLint.of(ShippedSurvey.load(files))).as("its name, accents and all").isEmpty();
    }
}
