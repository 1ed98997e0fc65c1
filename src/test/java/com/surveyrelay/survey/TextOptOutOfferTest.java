package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first text of an SMS survey says how to opt out (Twilio's Messaging Policy: "Reply STOP to unsubscribe" or the
 * like in the first message): the language file's {@code optOutOfferSMS}, else the built-in line of English, Spanish
 * and French, closing the welcome's language offer.
 */
class TextOptOutOfferTest {

    private static final String ENGLISH = "voice-prompts/survey-en-US.env";
    private static final String GERMAN = "voice-prompts/survey-de-DE.env";

    private final SurveyProcessor processor = ShippedSurvey.processor();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "en-US | To go on in English, reply CONTINUE.\\nReply STOP to opt out.",
            "es-MX | Para seguir en español, responda SEGUIR.\\nResponda STOP para no recibir más encuestas.",
            "fr-CA | Pour continuer en français, répondez CONTINUER.\\n"
                    + "Répondez STOP pour ne plus recevoir de sondages."})
    void theFirstTextEndsSayingHowToOptOutInTheRespondentsLanguage(String language, String end) {
        assertThat(firstTexts(ShippedSurvey.load(), language)).singleElement().asString()
                .endsWith(end.replace("\\n", "\n"));
    }

    @Test
    void aFileWithoutTheLineGetsTheBuiltInOneAndAFileWithItsOwnGetsThat() throws IOException {
        Map<String, String> files = shipped();
        files.compute(ENGLISH, (name, text) -> without(text, "optOutOfferSMS"));
        assertThat(firstTexts(load(files), "en-US")).singleElement().asString()
                .endsWith("reply CONTINUE.\nReply STOP to opt out.");
        files.compute(ENGLISH, (name, text) -> text + "optOutOfferSMS=Text END to stop these messages.\n");
        assertThat(firstTexts(load(files), "en-US")).singleElement().asString()
                .endsWith("reply CONTINUE.\nText END to stop these messages.")
                .doesNotContain("Reply STOP");
    }

    /** German has no built-in line: without its own it texts none, and the lint names the gap. */
    @Test
    void aLanguageWithoutABuiltInLineTextsItsOwnOrNone() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN, SurveyConfigLoaderTest.GERMAN);
        Survey survey = load(files);
        assertThat(firstTexts(survey, "de-DE")).singleElement().asString()
                .endsWith("Pour le français, répondez FRANÇAIS.").doesNotContain("STOP");
        assertThat(PromptGaps.of(survey)).first().asString().startsWith("survey customer-satisfaction: de-DE")
                .contains("optOutOfferSMS");
        files.put(GERMAN, SurveyConfigLoaderTest.GERMAN + "optOutOfferSMS=Antworten Sie STOP zum Abmelden.\n");
        assertThat(firstTexts(load(files), "de-DE")).singleElement().asString()
                .endsWith("Pour le français, répondez FRANÇAIS.\nAntworten Sie STOP zum Abmelden.");
    }

    /**
     * A welcome near Twilio's 1,600 characters: the offer after it went to a second text, and with it how to opt out.
     * The line now ends the first text, as a paragraph of its own; the offer follows in the second.
     */
    @Test
    void aWelcomeNearTheLimitKeepsTheLineInTheFirstText() throws IOException {
        Map<String, String> files = shipped();
        String welcome = "Hi, this is a survey about your visit. ".repeat(40).strip();
        files.compute(ENGLISH, (name, text) -> text.replaceAll("(?m)^welcome=.*$", "welcome=" + welcome));
        List<String> texts = firstTexts(load(files), "en-US");
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).hasSizeLessThanOrEqualTo(SmsTexts.MAX_CHARACTERS)
                .startsWith("Hi, this is a survey").endsWith("\n\nReply STOP to opt out.");
        assertThat(texts.get(1)).endsWith("reply CONTINUE.").doesNotContain("STOP");
        assertThat(String.join("", texts).replaceAll("\\s", "")).as("nothing of the welcome lost")
                .contains(welcome.replaceAll("\\s", ""));
    }

    /** Asked again after HELP, the welcome keeps the line: it is the open step, said whole. */
    @Test
    void theWelcomeTextedAgainKeepsTheLine() {
        Survey survey = ShippedSurvey.load();
        Decision started = processor.process(survey, session(survey, "en-US"), new SurveyInput.Start());
        Decision help = processor.process(survey, started.session(), new SurveyInput.SmsReceived("help please", null));
        assertThat(String.join("\n\n", help.messages())).endsWith("reply CONTINUE.\nReply STOP to opt out.");
    }

    private List<String> firstTexts(Survey survey, String language) {
        return processor.process(survey, session(survey, language), new SurveyInput.Start()).messages();
    }

    private static SurveySession session(Survey survey, String language) {
        return SurveySession.begin("sms-1", survey, ShippedSurvey.RESPONDENT, Channel.SMS, language,
                ShippedSurvey.NOW);
    }

    private static Map<String, String> shipped() throws IOException {
        return ShippedSurvey.files("config-files");
    }

    private static Survey load(Map<String, String> files) {
        return ShippedSurvey.load(files);
    }

    private static String without(String text, String key) {
        return text.replaceAll("(?m)^" + key + "=.*\\R", "");
    }
}
