package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A question's words that ask a call to text back, or a text to press a key, are warned of: a call prompt "Reply Y or
 * N." loaded silently until 2026-12-08, and callers heard it read out (a carried gap).
 */
class ChannelWordingLintTest {

    private static final String ENGLISH = "voice-prompts/survey-en-US.env";
    private static final String SPANISH = "voice-prompts/survey-es-MX.env";
    private static final String WHERE = "survey quarterly-nps: en-US (voice-prompts/survey-en-US.env) ";

    /** The shipped calls say "Say yes or no, or press 1", their texts "Reply Y or N.", each in its own key. */
    @Test
    void theShippedSurveysWordEachChannelForItself() throws IOException {
        assertThat(ChannelWordingLint.of(ShippedSurvey.load())).isEmpty();
        assertThat(ChannelWordingLint.of(ShippedSurvey.quarterlyNps())).isEmpty();
    }

    @Test
    void aLineSaidOnCallsAskingToTextBackIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text
                .replace("questionContactMe=May we contact you about your answers? Say yes or no, or press 1 for yes "
                        + "and 2 for no.", "questionContactMe=May we contact you about your answers? Reply Y or N.")
                .replaceAll("(?m)^questionContactMeSMS=.*\\R", "")
                .replace("questionVisits=How many times did you visit us in the last three months?",
                        "questionVisits=How many visits in the last three months? Please text back a number.")
                .replace("answerYesNo=Sorry, please answer yes or no.", "answerYesNo=Sorry, reply Y/N."));
        files.compute(SPANISH, (name, text) -> text.replace(
                "questionContactMe=¿Podemos contactarle sobre sus respuestas? Diga sí o no, o marque 1 para sí y 2 "
                        + "para no.", "questionContactMe=¿Podemos contactarle? Responda S o N."));
        List<String> warnings = ChannelWordingLint.of(ShippedSurvey.load(files));
        assertThat(warnings).containsExactly(
                WHERE + "questionVisits tells callers to \"text back\": calls say it too; word the texts apart in "
                        + "questionVisitsSMS and this line for calls",
                WHERE + "questionContactMe tells callers to \"Reply Y or N\": calls say it too; word the texts apart "
                        + "in questionContactMeSMS and this line for calls",
                WHERE + "answerYesNo tells callers to \"reply Y/N\": calls say it, and texts say answerYesNoSMS",
                "survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) questionContactMe tells callers to "
                        + "\"Responda S o N\": calls say it, and texts say questionContactMeSMS");
        assertThat(SurveyWarnings.of(ShippedSurvey.load(files))).as("listed with the other warnings")
                .containsAll(warnings);
    }

    @Test
    void aTextedLineAskingToPressAKeyIsWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text
                .replaceAll("(?m)^questionContactMeSMS=.*\\R", "")
                .replace("answerYesNoSMS=Sorry, please reply Y or N.", "answerYesNoSMS=Sorry, press 1 or 2."));
        files.compute(SPANISH, (name, text) -> text.replace(
                "questionContactMeSMS=¿Podemos contactarle sobre sus respuestas? Responda S o N.",
                "questionContactMeSMS=¿Podemos contactarle? Oprima 1 para sí."));
        assertThat(ChannelWordingLint.of(ShippedSurvey.load(files))).containsExactly(
                WHERE + "questionContactMe tells texters to \"press\" a key: texts say it too; word the texts apart in "
                        + "questionContactMeSMS",
                WHERE + "answerYesNoSMS tells texters to \"press\" a key: texts say it, and calls say answerYesNo",
                "survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) questionContactMeSMS tells texters to "
                        + "\"Oprima\" a key: texts say it, and calls say questionContactMe");
    }

    /** Words that suit both channels: "answer yes or no", "responda sí o no", "text messages", "your reply". */
    @Test
    void wordsThatSuitBothChannelsAreNotWarnedOf() throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text.replace(
                "questionBestTime=When is the best time to reach you?",
                "questionBestTime=Your reply helps. Text messages or calls: when is the best time? Answer in a "
                        + "few words, yes or no is fine."));
        files.compute(SPANISH, (name, text) -> text.replace("questionBestTime=¿Cuál es el mejor momento para "
                + "contactarle?", "questionBestTime=Responda sí o no: ¿le escribimos por la mañana?"));
        assertThat(ChannelWordingLint.of(ShippedSurvey.load(files))).isEmpty();
    }
}
