package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A texted line asking for a keyword Twilio answers itself is warned of: "To begin, reply START." (a survey author's
 * probe, 2026-12-07: one who did got Twilio's re-subscribe message and the welcome again), a question texted "Reply
 * YES or STOP." (a breaker's probe the same day), then, by a second breaker's probe, any texted line, any case, and
 * STOP asked for skipping; STOP or CANCEL offered for opting out, and START offered for opting back in, are not.
 */
class TwilioKeywordLintTest {

    private static final String ENGLISH = "voice-prompts/survey-en-US.env";
    private static final String SPANISH = "voice-prompts/survey-es-MX.env";
    private static final String WHERE = "survey quarterly-nps: en-US (voice-prompts/survey-en-US.env) ";

    @Test
    void theShippedSurveysAskForNoKeywordTwilioAnswers() throws IOException {
        assertThat(TwilioKeywordLint.of(ShippedSurvey.load())).isEmpty();
        assertThat(TwilioKeywordLint.of(ShippedSurvey.quarterlyNps())).isEmpty();
    }

    @Test
    void aTwilioKeywordATextedLineAsksForIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text
                .replace("continueSMS=To go on in English, reply CONTINUE.", "continueSMS=To begin, reply START.")
                .replace("questionContactMeSMS=May we contact you about your answers? Reply Y or N.",
                        "questionContactMeSMS=May we contact you? Reply: yes or no.")
                .replace("questionBestTime=When is the best time to reach you?",
                        "questionBestTime=When is the best time to reach you? Reply CANCEL to skip.")
                .replace("reminder=A quick reminder: we would still like your answer.",
                        "reminder=A quick reminder: text back Yes to go on.")
                .replace("answerMissing=Sorry, we didn't get an answer. Please answer in a few words.",
                        "answerMissing=Sorry, please answer in a few words, or reply STOP to skip."));
        files.compute(SPANISH, (name, text) -> text.replace(
                "questionContactMeSMS=¿Podemos contactarle sobre sus respuestas? Responda S o N.",
                "questionContactMeSMS=¿Podemos contactarle? Mándenos YES o NO."));
        List<String> warnings = TwilioKeywordLint.of(ShippedSurvey.load(files));
        assertThat(warnings).containsExactlyInAnyOrder(
                WHERE + "continueSMS tells respondents to reply START, one of Twilio's opt-in keywords: Twilio "
                        + "answers it with its re-subscribe message, and the survey reads it as an opt-in, not a "
                        + "go-ahead: one who does gets the welcome again",
                WHERE + "questionContactMeSMS tells respondents to reply YES, one of Twilio's opt-in keywords: "
                        + "Twilio answers it with its re-subscribe message; ask texts for another word (Y for yes)",
                WHERE + "reminder tells respondents to reply YES, one of Twilio's opt-in keywords: Twilio answers it "
                        + "with its re-subscribe message; ask texts for another word (Y for yes)",
                WHERE + "questionBestTime tells respondents to reply CANCEL, one of Twilio's opt-out keywords: "
                        + "Twilio stops every text to a respondent who does (error 21610), and the survey reads an "
                        + "opt-out; ask for another word",
                WHERE + "answerMissing tells respondents to reply STOP, one of Twilio's opt-out keywords: Twilio "
                        + "stops every text to a respondent who does (error 21610), and the survey reads an opt-out; "
                        + "ask for another word",
                "survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) questionContactMeSMS tells respondents "
                        + "to reply YES, one of Twilio's opt-in keywords: Twilio answers it with its re-subscribe "
                        + "message; ask texts for another word (S para sí)");
        assertThat(SurveyWarnings.of(ShippedSurvey.load(files))).as("listed with the other warnings")
                .containsAll(warnings);
    }

    /**
     * "Yes or no?" texted with no verb before it asks for YES all the same: the shipped survey's old wording passed
     * (a newcomer's probe, 2026-12-07).
     */
    @Test
    void aBareYesOrNoTextedIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text.replace(
                "questionContactMeSMS=May we contact you about your answers? Reply Y or N.",
                "questionContactMeSMS=May we contact you about your answers? Yes or no?"));
        assertThat(TwilioKeywordLint.of(ShippedSurvey.load(files))).containsExactly(WHERE + "questionContactMeSMS "
                + "tells respondents to reply YES, one of Twilio's opt-in keywords: Twilio answers it with its "
                + "re-subscribe message; ask texts for another word (Y for yes)");
    }

    /** Opting out offered by STOP or CANCEL, and opting back in by START, are what those keywords are for. */
    @Test
    void keywordsOfferedForWhatTheyDoAreNotWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text
                .replace("questionBestTime=When is the best time to reach you?",
                        "questionBestTime=When is the best time to reach you? Reply CANCEL to opt out.")
                .replace("optOutConfirmation=Understood: you will get no more surveys from us. Goodbye.",
                        "optOutConfirmation=Understood: no more surveys. Reply START to get them again.")
                + "optOutOfferSMS=Reply STOP to opt out, or Stop at any time.\n");
        assertThat(TwilioKeywordLint.of(ShippedSurvey.load(files))).isEmpty();
    }
}
