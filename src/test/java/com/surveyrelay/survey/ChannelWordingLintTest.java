package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
                WHERE + "questionVisits tells callers to \"text back\", which a call cannot do: it is said on calls "
                        + "and texted; put the texted words in questionVisitsSMS, and word questionVisits for calls "
                        + "(say or press)",
                WHERE + "questionContactMe tells callers to \"Reply Y or N\", which a call cannot do: it is said on "
                        + "calls and texted; put the texted words in questionContactMeSMS, and word questionContactMe "
                        + "for calls (say or press)",
                WHERE + "answerYesNo tells callers to \"reply Y/N\", which a call cannot do: word it for calls (say "
                        + "or press); texts say answerYesNoSMS",
                "survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) questionContactMe tells callers to "
                        + "\"Responda S o N\", which a call cannot do: word it for calls (say or press); texts say "
                        + "questionContactMeSMS");
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
                WHERE + "questionContactMe tells texters to \"press 1\", which a text cannot do: it is said on calls "
                        + "and texted; put the texted words in questionContactMeSMS (reply with a word or a number)",
                WHERE + "answerYesNoSMS tells texters to \"press 1\", which a text cannot do: word it for texts "
                        + "(reply with a word or a number); calls say answerYesNo",
                "survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) questionContactMeSMS tells texters to "
                        + "\"Oprima 1\", which a text cannot do: word it for texts (reply with a word or a number); "
                        + "calls say questionContactMe");
    }

    /**
     * Words that suit both channels: "answer yes or no", "responda sí o no", "text messages", "your reply"; and, by a
     * reviewer's probe of the first version (2026-12-08: 35 such lines warned), a verb then a short word ("Please
     * answer for your whole household", "Responda por favor"), a question ("Would you rather we call or text you?",
     * "¿Lee y escribe en inglés?", "Écrivez-vous des avis ?"), "press" or "marque" as nouns.
     */
    @ParameterizedTest(name = "\"{0}\" is not warned of")
    @ValueSource(strings = {"Your reply helps. Text messages or calls: when is the best time? Answer in a few words.",
        "Responda sí o no: ¿le escribimos por la mañana?", "Please answer for your whole household: how many visits?",
        "Please answer now: how many times did you visit us?", "Responda por favor: ¿cuántas veces nos visitó?",
        "Responda con sinceridad: ¿qué salió mal?", "Répondez pour vous seulement : le personnel était-il aimable?",
        "Would you rather we call or text you next time?", "Text alerts about your order: would you like them?",
        "¿Lee y escribe en inglés?", "¿Envía dinero a México con frecuencia?", "Écrivez-vous des avis en ligne?",
        "Envoyez-vous des colis avec nous chaque mois?", "How did you hear about us: press, radio, or TV?",
        "Press releases, ads, or friends: how did you hear about us?", "Prix, marque ou service : lequel compte?",
        "Appuyez-vous notre projet de nouvelle succursale?", "Did you use the keypad on our kiosk?",
        "¿Qué marca de café prefiere?", "Please answer from 1 to 5."})
    void wordsThatSuitBothChannelsAreNotWarnedOf(String prompt) throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text.replace(
                "questionBestTime=When is the best time to reach you?", "questionBestTime=" + prompt));
        assertThat(ChannelWordingLint.of(ShippedSurvey.load(files))).isEmpty();
    }

    /** Wordings the first version missed (a reviewer's probe, 2026-12-08), each in a line said on calls and texted. */
    @ParameterizedTest(name = "\"{0}\" is warned of, asking for \"{1}\"")
    @CsvSource(delimiter = '|', value = {"Reply with Y or N.|Reply with Y or N",
        "Reply Y for yes or N for no.|Reply Y for yes or N", "Reply 1 for yes or 2 for no.|Reply 1",
        "You can reply Y or N.|reply Y or N", "Respond by text with a number.|Respond by text",
        "Répondez par O ou N.|Répondez par O ou N",
        "Répondez «\u00A0O\u00A0» ou «\u00A0N\u00A0».|Répondez «\u00A0O\u00A0» ou «\u00A0N\u00A0»",
        "Favor de responder S o N.|responder S o N", "Escríbanos su respuesta.|Escríbanos",
        "Dial 1 for yes or 2 for no.|Dial 1", "Enter the number using your phone's keypad.|your phone's keypad",
        "Oprime 1 para sí.|Oprime 1", "Puede oprimir 1 para sí.|oprimir 1", "Faites le 1 pour oui.|Faites le 1",
        "Pesez sur le 1 pour oui.|Pesez sur le 1", "Tapez le nombre sur votre clavier.|votre clavier",
        "You can also press 1 for yes.|press 1", "Pour oui appuyez sur 1.|appuyez sur 1"})
    void wordingsForOneChannelAreWarnedOf(String prompt, String asked) throws IOException {
        Map<String, String> files = ShippedSurvey.files("config-files/surveys/quarterly-nps");
        files.compute(ENGLISH, (name, text) -> text.replace(
                "questionBestTime=When is the best time to reach you?", "questionBestTime=" + prompt));
        assertThat(ChannelWordingLint.of(ShippedSurvey.load(files))).singleElement().asString()
                .startsWith(WHERE + "questionBestTime tells ").contains("\"" + asked + "\", which a ");
    }
}
