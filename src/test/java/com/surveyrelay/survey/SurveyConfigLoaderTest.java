package com.surveyrelay.survey;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class SurveyConfigLoaderTest {

    /** A German language file with the required prompts and consent words only (no built-in lines for German). */
    static final String GERMAN = """
            language=de-DE
            voice=Polly.Vicki
            languageName=Deutsch
            languageReplies=deutsch,german
            languageDigit=4
            languageOffer=Für Deutsch drücken Sie 4 oder sagen Sie Deutsch.
            languageOfferSMS=Für Deutsch antworten Sie DEUTSCH.
            welcome=Hallo, hier ist eine kurze Umfrage zu Ihrem letzten Besuch.
            welcomeContinue=weiter
            beginSurvey=Los geht's.
            firstQuestion=Erste Frage.
            nextQuestion=Danke. Nächste Frage.
            lastQuestion=Danke. Letzte Frage.
            questionServiceRate=Von 1 bis 5, wie zufrieden sind Sie mit unserem Service?
            questionProduct=Welches unserer Produkte nutzen Sie am meisten?
            questionAgentRate=Von 1 bis 5, wie hilfreich war die Person, die Sie betreut hat?
            questionFeedback=Möchten Sie uns noch etwas sagen?
            surveyCompletedAlready=Sie haben diese Umfrage schon beantwortet. Danke.
            finalGoodbye=Das war alles. Vielen Dank, auf Wiederhören.
            optOutWords=stopp, abmelden
            politeWords=bitte, danke, jetzt
            """;

    private static final String GERMAN_FILE = "voice-prompts/survey-de-DE.env";

    private static final String ENGLISH = "voice-prompts/survey-en-US.env";

    private final SurveyConfigLoader loader = new SurveyConfigLoader();

    /** The shipped files by name, as text, so each test can break one thing. */
    private static Map<String, String> shipped() throws IOException {
        return shipped(Path.of("config-files"));
    }

    /** The files of a shipped survey's folder by name, as text. */
    private static Map<String, String> shipped(Path folder) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (ConfigFile file : SurveyConfigLoader.readDirectory(folder)) {
            files.put(file.name(), new String(file.content(), UTF_8));
        }
        return files;
    }

    private Survey load(Map<String, String> files) {
        List<ConfigFile> list = new ArrayList<>();
        files.forEach((name, text) -> list.add(new ConfigFile(name, text.getBytes(UTF_8))));
        return loader.load(list);
    }

    /** The shipped files with these prompts (key, text, key, text, ...) last in the English file, each once. */
    private static Map<String, String> withEnglishPrompts(String... keysAndTexts) throws IOException {
        Map<String, String> files = shipped();
        String text = files.get(ENGLISH);
        for (int i = 0; i < keysAndTexts.length; i += 2) {
            text = without(text, keysAndTexts[i]).stripTrailing() + "\n" + keysAndTexts[i] + "=" + keysAndTexts[i + 1]
                    + "\n";
        }
        files.put(ENGLISH, text);
        return files;
    }

    private static String without(String text, String key) {
        return text.replaceAll("(?m)^" + key + "=.*\\R", "");
    }

    private void assertRefused(Map<String, String> files, String... problems) {
        StringBuilder expected = new StringBuilder("survey configuration refused, " + problems.length
                + (problems.length == 1 ? " problem:" : " problems:"));
        for (String problem : problems) {
            expected.append("\n  - ").append(problem);
        }
        assertThatThrownBy(() -> load(files))
                .isInstanceOf(SurveyConfigException.class)
                .hasMessage(expected.toString());
    }

    @Test
    void loadsTheShippedSurveyInThreeLanguages() throws IOException {
        Survey survey = load(shipped());
        assertThat(survey.surveyId()).isEqualTo("customer-satisfaction");
        assertThat(survey.defaultLanguage()).isEqualTo("en-US");
        assertThat(survey.languages()).containsOnlyKeys("en-US", "es-MX", "fr-CA");
        assertThat(survey.questions()).containsExactly(
                new Question("questionServiceRate", QuestionType.DTMF, 1, 5),
                new Question("questionProduct", QuestionType.SPEECH, null, null),
                new Question("questionAgentRate", QuestionType.DTMF, 1, 5),
                new Question("questionFeedback", QuestionType.SPEECH, null, null));
        assertThat(survey.offersFrom("en-US")).extracting(LanguageOffer::language, LanguageOffer::digit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("es-MX", "2"),
                        org.assertj.core.groups.Tuple.tuple("fr-CA", "3"));
        assertThat(survey.offersFrom("fr-CA")).extracting(LanguageOffer::language).containsExactly("en-US", "es-MX");
        assertThat(survey.language("es-MX").continueWords()).containsExactly("seguir");
        assertThat(survey.offersFrom("en-US").get(0).words()).containsExactly("espanol", "spanish", "espagnol", "castellano");
    }

    @Test
    void addingALanguageIsAddingOneFile(@TempDir Path bucket) throws IOException {
        copyShippedTo(bucket);
        Files.writeString(bucket.resolve("voice-prompts/survey-de-DE.env"), GERMAN);

        Survey survey = loader.load(SurveyConfigLoader.readDirectory(bucket));

        assertThat(survey.offersFrom("en-US")).extracting(LanguageOffer::language)
                .containsExactly("es-MX", "fr-CA", "de-DE");
        SurveyProcessor processor = new SurveyProcessor(Clock.fixed(ShippedSurvey.NOW, ZoneOffset.UTC),
                ShippedSurvey.WEBHOOK);
        Decision welcome = processor.process(survey, SurveySession.begin("sms-de", survey, ShippedSurvey.RESPONDENT,
                Channel.SMS, "en-US", ShippedSurvey.NOW), new SurveyInput.Start());
        assertThat(welcome.messages().get(0)).contains("\nFür Deutsch antworten Sie DEUTSCH.\n");
        Decision german = processor.process(survey, welcome.session(), new SurveyInput.SmsReceived("Deutsch", null));
        assertThat(german.messages()).containsExactly("""
                Los geht's.

                Erste Frage.

                Von 1 bis 5, wie zufrieden sind Sie mit unserem Service?""");
    }

    /**
     * Probe D51: a survey in English and Spanish whose Spanish file lacked {@code answerOutOfRange} and {@code
     * answerChoice} loaded without a word, and Spanish respondents answering "once" or "muy bien" got the bare question
     * again where English ones heard why. It still loads (surveys in the bucket must keep running), with a warning
     * naming the survey, the language and every standard prompt another language has.
     */
    @Test
    void aStandardPromptOneLanguageLacksIsWarnedOfNotRefused() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        assertThat(PromptGaps.of(load(files))).as("the shipped languages have the same prompts").isEmpty();
        files.compute("voice-prompts/survey-es-MX.env",
                (name, text) -> without(without(text, "answerOutOfRange"), "answerChoice"));
        assertThat(PromptGaps.of(load(files))).containsExactly("survey quarterly-nps: es-MX "
                + "(voice-prompts/survey-es-MX.env) has no answerOutOfRange, answerChoice, which en-US, fr-CA have: its "
                + "respondents go without those lines");
    }

    /**
     * A question's texted prompt ({@code questionContactMeSMS}) is texted instead of its prompt, which calls say; it is
     * no unknown key, is checked like a prompt, and a language without it, beside one with it, is warned of. A
     * question may not take its name.
     */
    @Test
    void aQuestionsTextedPromptIsKnownCheckedAndWarnedOfWhereALanguageLacksIt() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        Survey shipped = load(files);
        Question contactMe = shipped.questions().stream()
                .filter(question -> question.name().equals("questionContactMe")).findFirst().orElseThrow();
        assertThat(shipped.language("en-US").textedQuestionPrompt(contactMe))
                .isEqualTo("May we contact you about your answers? Reply Y or N.");
        assertThat(shipped.language("en-US").questionPrompt(contactMe)).startsWith(
                "May we contact you about your answers? Say yes or no");
        Question recommend = shipped.questions().get(0);
        assertThat(shipped.language("en-US").textedQuestionPrompt(recommend))
                .isEqualTo(shipped.language("en-US").questionPrompt(recommend));

        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> without(text, "questionContactMeSMS"));
        assertThat(PromptGaps.of(load(files))).containsExactly("survey quarterly-nps: es-MX "
                + "(voice-prompts/survey-es-MX.env) has no questionContactMeSMS, which en-US, fr-CA have: its texts "
                + "ask questionContactMe in the words its calls say");
        assertThat(load(files).language("es-MX").textedQuestionPrompt(contactMe)).isEqualTo(
                load(files).language("es-MX").questionPrompt(contactMe));

        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> text
                + "questionContactMeSms=Responda S o N.\n");
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text.replace(
                "questionContactMeSMS=Pouvons-nous vous contacter au sujet de vos réponses? Répondez O ou N.",
                "questionContactMeSMS= "));
        files.compute("survey-config.json", (name, text) -> text.replace("\"questionBestTime\"",
                "\"questionRecommendSMS\""));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).contains(
                        "survey-config.json: questions[6].questionName: \"questionRecommendSMS\" is the key of "
                                + "questionRecommend's texted prompt in each language file; choose another name",
                        "voice-prompts/survey-es-MX.env: questionContactMeSms: unknown key: not a standard prompt, a "
                                + "language setting or a question of survey-config.json; did you mean "
                                + "questionContactMeSMS?",
                        "voice-prompts/survey-fr-CA.env: questionContactMeSMS: is empty: leave it out, and texts ask "
                                + "questionContactMe as calls do"));
    }

    /**
     * A question whose texted prompt's key would be a standard prompt's ({@code continue}: {@code continueSMS}) is
     * refused, and a kept copy holding such a question, or {@code q} beside {@code qSMS}, texts each question its own
     * prompt: a breaker's probes the day the texted prompt came (the first was texted "To go on in English, reply
     * CONTINUE.", the second {@code qSMS}'s question).
     */
    @Test
    void aTextedPromptIsNeverAStandardPromptNorAnotherQuestions() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.compute("survey-config.json", (name, text) -> text.replace("\"questionBestTime\"", "\"continue\""));
        for (String tag : List.of("en-US", "es-MX", "fr-CA")) {
            files.compute("voice-prompts/survey-" + tag + ".env", (name, text) -> text.replace("questionBestTime=",
                    "continue="));
        }
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "survey-config.json: questions[6].questionName: \"continue\" would have its texted prompt at "
                                + "continueSMS, a standard prompt key; choose another name"));
        Survey kept = loadKept(files);
        Question named = kept.questions().get(6);
        assertThat(kept.language("en-US").textedQuestionPrompt(named)).isEqualTo("When is the best time to reach you?");

        Map<String, String> both = shipped(Path.of("config-files/surveys/quarterly-nps"));
        both.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionBestTime\", \"questionType\": \"text\"}",
                "{\"questionName\": \"questionBestTime\", \"questionType\": \"text\"}, "
                        + "{\"questionName\": \"questionBestTimeSMS\", \"questionType\": \"text\"}"));
        for (String tag : List.of("en-US", "es-MX", "fr-CA")) {
            both.compute("voice-prompts/survey-" + tag + ".env", (name, text) -> text
                    + "questionBestTimeSMS=Which number should we text you at?\n");
        }
        Survey keptBoth = loadKept(both);
        assertThat(keptBoth.language("en-US").textedQuestionPrompt(keptBoth.questions().get(6)))
                .isEqualTo("When is the best time to reach you?");
        assertThat(keptBoth.language("en-US").textedQuestionPrompt(keptBoth.questions().get(7)))
                .isEqualTo("Which number should we text you at?");
    }

    /**
     * A misspelt key holding a placeholder is told it is unknown, and nothing about the placeholder, which its right
     * spelling fills: "answerchoice" beside "{options}" was also told to drop the placeholder (a survey author's probe,
     * 2026-12-07).
     */
    @Test
    void aMisspeltKeyIsToldOnlyThatItIsUnknown() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> text.replace("answerChoice=", "answerchoice="));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).filteredOn(problem -> problem
                        .contains("answerchoice")).singleElement().asString().contains("unknown key",
                                "did you mean answerChoice?"));
    }

    /**
     * A language without answerYesNoSMS beside one with it is told its texts retry with answerYesNo, the call's line:
     * "its respondents go without that line" misled (a newcomer's probe, 2026-12-07).
     */
    @Test
    void aLanguageWithoutTheTextedYesNoRetryIsToldItsTextsUseTheCallsLine() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> without(text, "answerYesNoSMS"));
        assertThat(PromptGaps.of(load(files))).containsExactly("survey quarterly-nps: es-MX "
                + "(voice-prompts/survey-es-MX.env) has no answerYesNoSMS, which en-US, fr-CA have: its texts retry a "
                + "yes/no question with answerYesNo, the line its calls say");
    }

    /** An option without its value was told '"" must be lower-case letters...' (a breaker's probe, 2026-12-07). */
    @Test
    void anOptionWithoutItsValueIsSaidToMissIt() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.compute("survey-config.json", (name, text) -> text.replace("{\"value\": \"website\", \"key\": \"1\"}",
                "{\"key\": \"1\"}"));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).contains("survey-config.json: "
                        + "questions[2].options[0].value: missing: the option's value, lower-case letters, digits, - "
                        + "and _, at most 32 characters (it is stored as the answer)"));
    }

    /**
     * A survey author's probe (2026-12-07) of messages that did not say what was wrong: an option without its key
     * ('must be one key from 1 to 9, not ""'), contactHours without days (the whole form only), a quoted atLeast ("must
     * be a finite number"), a question type one letter or a case off ("yesno") without the name meant.
     */
    @Test
    void aMissingKeyAQuotedBoundAndATypeOffByOneAreToldWhatToWrite() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.compute("survey-config.json", (name, text) -> text
                .replace("{\"value\": \"website\", \"key\": \"1\"}", "{\"value\": \"website\"}")
                .replace("{\"atMost\": 6}", "{\"atMost\": \"6\"}")
                .replace("\"questionType\": \"yesNo\"", "\"questionType\": \"yesno\"")
                .replace("\"maxRetries\": 2,", "\"maxRetries\": 2, \"contactHours\": {\"hours\": \"09:00-17:00\"},"));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).contains(
                        "survey-config.json: questions[2].options[0].key: missing: the option's key, one from 1 to 9 "
                                + "(what a caller presses for it)",
                        "survey-config.json: questions[0].next[0].if.atMost: must be a finite number, not the text "
                                + "\"6\": write it without quotes",
                        "survey-config.json: questions[5].questionType: unknown question type \"yesno\" (expected "
                                + QuestionType.configNames() + "); did you mean yesNo?",
                        "survey-config.json: contactHours: must be {\"days\": \"MON-FRI\", \"hours\": \"09:00-20:00\"} "
                                + "(days is missing)"));
    }

    /**
     * continueSMS, and with a numeric question answerOutOfRange, missing from every language were warned of by no one
     * (only a line another language has was): a texted welcome never said how to begin, a number off the range got
     * the bare question again (a survey author's probe, 2026-12-07).
     */
    @Test
    void aLineEveryLanguageLacksIsWarnedOfWhenTheSurveyNeedsIt() throws IOException {
        Map<String, String> files = shipped(Path.of("config-files/surveys/quarterly-nps"));
        files.replaceAll((name, text) -> name.endsWith(".env")
                ? without(without(text, "continueSMS"), "answerOutOfRange") : text);
        assertThat(PromptGaps.of(load(files))).containsExactly("survey quarterly-nps: no language has continueSMS: "
                + "a texted welcome never says how to begin (reply CONTINUE), and its respondents get the welcome "
                + "again until they guess", "survey quarterly-nps: no language has answerOutOfRange: a number that "
                + "does not fit questionRecommend, questionEase, questionVisits gets the bare question again, its "
                + "range never said");
    }

    /**
     * Every standard prompt counts, not only the two the probe met; a built-in line stands in for surveyClosed, and
     * counts as the language's own: a German file lacking a line English, Spanish and French have built in is warned
     * of (until 2026-12-07 only a line another language's file held was, so German respondents went without
     * keypadFinish, questionSkipped... unwarned: a survey author's probe).
     */
    @Test
    void everyStandardPromptAnotherLanguageHasIsWarnedOf() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> without(without(text, "helpReply"),
                "surveyClosed"));
        files.put(GERMAN_FILE, GERMAN + "surveyClosed=Diese Umfrage ist geschlossen.\n");
        files.compute(ENGLISH, (name, text) -> without(text, "surveyClosed"));
        assertThat(PromptGaps.of(load(files))).as("French has a built-in surveyClosed line, English too")
                .containsExactly("survey customer-satisfaction: de-DE (voice-prompts/survey-de-DE.env) has no "
                        + "continueSMS, answerOutOfRange, answerMissing, speechUnclear, answerWithKeypad, noInput, "
                        + "surveyAbandoned, notUnderstoodGoodbye, declinedGoodbye, answerSummary, optOutConfirmation, "
                        + "optInConfirmation, smsStillStopped, optOutVoiceOffer, optOutOfferSMS, "
                        + "reminder, continueByText, storageApology, storageGoodbye, otherCallGoodbye, surveyChanged, "
                        + "keypadFinish, textOnly, questionSkipped, inboundCallGreeting, which en-US, es-MX, fr-CA "
                        + "have; helpReply, which en-US, es-MX have: its respondents go without those lines",
                        "survey customer-satisfaction: fr-CA (voice-prompts/survey-fr-CA.env) has no helpReply, which "
                        + "en-US, es-MX have: its respondents go without that line");
        files.put(GERMAN_FILE, GERMAN);
        assertThat(PromptGaps.of(load(files))).as("German has no built-in line").first().asString()
                .contains("surveyClosed, surveyChanged");
    }

    /**
     * {@code answerOutOfRangeDecimal} ({@link DecimalRange}) is a gap only where a number question takes decimals:
     * German, with no built-in line, then falls back on {@code answerOutOfRange}'s "whole number" wording.
     */
    @Test
    void aMissingDecimalRangeLineIsWarnedOfOnlyWithADecimalsQuestion() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN_FILE, GERMAN);
        assertThat(PromptGaps.of(load(files))).noneMatch(warning -> warning.contains("answerOutOfRangeDecimal"));
        files.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}",
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"number\", \"min\": 1, \"max\": 5, "
                        + "\"decimals\": true}"));
        assertThat(PromptGaps.of(load(files))).first().asString().startsWith("survey customer-satisfaction: de-DE")
                .contains("answerOutOfRange, answerOutOfRangeDecimal,");
        assertThat(PromptGaps.of(load(files))).noneMatch(warning -> warning.contains("retry with answerOutOfRange"));
    }

    /**
     * A language with {@code answerOutOfRange} and no {@code answerOutOfRangeDecimal} retries a decimals question
     * with its {@code answerOutOfRange} ({@link DecimalRange#line}), built-in line or not: the lint says so rather
     * than that its respondents go without a line (a carried gap until 2026-12-08).
     */
    @Test
    void aLanguageWhoseWholeNumberLineStandsInForTheDecimalOneIsToldSo() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN_FILE, GERMAN + "answerOutOfRange=Antworten Sie mit einer ganzen Zahl von {min} bis {max}.\n");
        files.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}",
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"number\", \"min\": 1, \"max\": 5, "
                        + "\"decimals\": true}"));
        files.compute("voice-prompts/survey-es-MX.env",
                (name, text) -> text.replaceAll("(?m)^answerOutOfRangeDecimal=.*\\R", ""));
        List<String> warnings = PromptGaps.of(load(files));
        String standIn = " has no answerOutOfRangeDecimal, which en-US, fr-CA have: its number questions taking "
                + "decimals retry with answerOutOfRange, which must not ask for a whole number";
        assertThat(warnings).contains(
                "survey customer-satisfaction: de-DE (voice-prompts/survey-de-DE.env)" + standIn,
                "survey customer-satisfaction: es-MX (voice-prompts/survey-es-MX.env)" + standIn);
        assertThat(warnings).noneMatch(warning -> warning.contains("answerOutOfRangeDecimal")
                && warning.contains("go without"));
    }

    /**
     * {@code textOnly} (a text with a picture and no words, {@link MediaOnlyText}) has a built-in line in English,
     * Spanish and French: those languages lack nothing without it in their files, and a language without a built-in
     * line, German, is warned of it.
     */
    @Test
    void aMissingTextOnlyLineIsWarnedOfOnlyWhereNoBuiltInLineStandsIn() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN_FILE, GERMAN + "textOnly=Diese Umfrage liest nur Text.\n");
        assertThat(PromptGaps.of(load(files))).as("English, Spanish and French have a built-in line")
                .noneMatch(warning -> warning.contains("textOnly"));
        files.put(GERMAN_FILE, GERMAN);
        assertThat(PromptGaps.of(load(files))).first().asString().startsWith(
                "survey customer-satisfaction: de-DE").contains("textOnly").contains("which en-US, es-MX, fr-CA have");
    }

    /**
     * A language without built-in repeat requests lists its own ({@code repeatWords}): until 2026-12-07 a German
     * caller's "Wie bitte?" was stored as the answer to a words question, with no key to say otherwise (a survey
     * author's probe). English ones count in every language, as before.
     */
    @Test
    void aLanguageFileListsItsOwnRequestsToHearTheQuestionAgain() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN_FILE, GERMAN);
        SurveyLanguage plain = load(files).language("de-DE");
        assertThat(RepeatRequest.asks("Wie bitte?", plain)).isFalse();
        assertThat(RepeatRequest.asks("Hello? Hello?", plain)).as("English in every language").isTrue();
        files.put(GERMAN_FILE, GERMAN + "repeatWords=wie bitte, können Sie das wiederholen, hallo, moment, "
                + "ich überlege\n");
        SurveyLanguage german = load(files).language("de-DE");
        for (String asked : List.of("Wie bitte?", "Können Sie das wiederholen?", "Hallo? Hallo?",
                "Moment, ich überlege")) {
            assertThat(RepeatRequest.asks(asked, german)).as(asked).isTrue();
        }
        assertThat(RepeatRequest.asks("Hallo, die App ist gut", german)).as("words among others").isFalse();
    }

    private static void copyShippedTo(Path bucket) throws IOException {
        Files.createDirectories(bucket.resolve("voice-prompts"));
        for (Map.Entry<String, String> file : shipped().entrySet()) {
            Files.writeString(bucket.resolve(file.getKey()), file.getValue());
        }
    }

    @Test
    void readsTheOriginalTemplateFormat() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("survey-config.json", """
                {
                    "questions": [
                        {"questionName":"questionRate","questionType":"dtmf"},
                        {"questionName":"questionWhy","questionType":"speech"}
                    ]
                }""");
        files.put("voice-prompts/survey-en-US.env", """
                language=en-US
                voice=Polly.Joanna
                welcome=Welcome to our short survey.
                languageOption=Para seguir en español, marque 9, o diga,\s
                languageOptionSMS=Para seguir en español, escriba ESPAÑOL. Or reply CONTINUE.
                welcomeContinue=continue
                languageOptionLanguageName=espanol
                languageOptionVoice=Polly.Mia
                languageOptionLanguage=es-MX
                languageOptionLanguageReply=espanol,español
                beginSurvey=Let's start.
                firstQuestion=Question one.
                nextQuestion=Next one.
                lastQuestion=Final one.
                questionRate=Rate us from 0 to 9.
                questionWhy=Why?
                surveyCompletedAlready=Done already.
                finalGoodbye=Bye.""");
        files.put("voice-prompts/survey-es-MX.env", """
                language=es-MX
                voice=Polly.Mia
                welcome=Bienvenido a nuestra encuesta corta.
                languageOption=To go on in English, press 9, or say\s
                languageOptionSMS=To go on in English, reply ENGLISH. Si no, escriba SIGA.
                welcomeContinue=siga
                languageOptionLanguageName=english
                languageOptionVoice=Polly.Joanna
                languageOptionLanguage=en-US
                languageOptionLanguageReply=english
                beginSurvey=Empecemos.
                firstQuestion=Pregunta uno.
                nextQuestion=Otra.
                lastQuestion=La última.
                questionRate=Califíquenos del 0 al 9.
                questionWhy=¿Por qué?
                surveyCompletedAlready=Ya terminó.
                finalGoodbye=Adiós.""");

        Survey survey = load(files);

        assertThat(survey.surveyId()).isEqualTo("default");
        assertThat(survey.maxRetries()).isEqualTo(2);
        assertThat(survey.question(0).lowest()).isZero();
        assertThat(survey.question(0).highest()).isEqualTo(9);
        LanguageOffer spanish = survey.offersFrom("en-US").get(0);
        assertThat(spanish.digit()).isEqualTo("9");
        assertThat(spanish.spoken()).isEqualTo("Para seguir en español, marque 9, o diga, espanol");
        assertThat(spanish.sms()).isEqualTo("Para seguir en español, escriba ESPAÑOL. Or reply CONTINUE.");
        assertThat(spanish.voice().toString()).isEqualTo("Polly.Mia");
        assertThat(survey.offersFrom("es-MX").get(0).language()).isEqualTo("en-US");

        SurveyProcessor processor = ShippedSurvey.processor();
        Decision welcome = processor.process(survey, SurveySession.begin("legacy", survey, ShippedSurvey.RESPONDENT,
                Channel.SMS, null, ShippedSurvey.NOW), new SurveyInput.Start());
        assertThat(welcome.messages()).containsExactly("Welcome to our short survey.\n\n"
                + "Para seguir en español, escriba ESPAÑOL. Or reply CONTINUE.\nReply STOP to opt out.");
        Decision switched = processor.process(survey, welcome.session(), new SurveyInput.SmsReceived("español", null));
        assertThat(switched.messages()).containsExactly("Empecemos.\n\nPregunta uno.\n\nCalifíquenos del 0 al 9.");
    }

    @Test
    void aMissingStandardPromptIsNamed() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> without(text, "lastQuestion"));
        assertRefused(files, "voice-prompts/survey-fr-CA.env: lastQuestion: missing standard prompt");
    }

    @Test
    void aMissingQuestionPromptIsNamed() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> without(text, "questionFeedback"));
        assertRefused(files,
                "voice-prompts/survey-es-MX.env: questionFeedback: missing prompt for question questionFeedback");
    }

    /** Sessions name the version they started on, and its copy is kept under it: the digest may never change. */
    @Test
    void aVersionIsTheSha256OfTheFilesNamesAndBytesInNameOrder() {
        // python3 -c 'import hashlib; print(hashlib.sha256(b"a.json\0A\0b.env\0B\0").hexdigest()[:16])'
        assertThat(SurveyConfigLoader.version(List.of(new ConfigFile("b.env", "B".getBytes(UTF_8)),
                new ConfigFile("a.json", "A".getBytes(UTF_8))))).isEqualTo("2373ba12505125d6");
    }

    @Test
    void anEmptyQuestionPromptIsCalledEmptyNotMissing() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-es-MX.env",
                (name, text) -> without(text, "questionFeedback") + "\nquestionFeedback=\n");
        assertRefused(files, "voice-prompts/survey-es-MX.env: questionFeedback: is empty");
    }

    /**
     * A question refused for its bounds or its type still has its prompts checked: an author mending the bounds was
     * told only then, at the next upload, that the prompt was empty (a survey author's probe, 2026-12-06).
     */
    @Test
    void aRefusedQuestionsPromptsAreCheckedInTheSameReport() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text
                .replace("\"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1",
                        "\"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 9")
                .replace("\"questionProduct\", \"questionType\": \"speech\"",
                        "\"questionProduct\", \"questionType\": \"voice\""));
        files.compute(ENGLISH, (name, text) -> without(text, "questionServiceRate") + "\nquestionServiceRate=\n");
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> without(text, "questionProduct"));
        assertRefused(files,
                "survey-config.json: questions[0]: min 9 is greater than max 5",
                "survey-config.json: questions[1].questionType: unknown question type \"voice\" (expected dtmf, "
                        + "speech, rating, nps, yesNo, choice, number, text)",
                ENGLISH + ": questionServiceRate: is empty",
                "voice-prompts/survey-fr-CA.env: questionProduct: missing prompt for question questionProduct");
    }

    @Test
    void anUnknownQuestionTypeIsNamed() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace(
                "\"questionProduct\", \"questionType\": \"speech\"", "\"questionProduct\", \"questionType\": \"voice\""));
        assertRefused(files,
                "survey-config.json: questions[1].questionType: unknown question type \"voice\" (expected dtmf, "
                        + "speech, rating, nps, yesNo, choice, number, text)");
    }

    /**
     * A curly quote where a value starts, as smart quotes write it, is named as one: Jackson said "Invalid UTF-8 start
     * byte 0x80" of the valid UTF-8 file, and its author re-saved the encoding (a survey author's probe, 2026-12-07).
     */
    @Test
    void aCurlyQuoteWhereAValueStartsIsNamed() throws IOException {
        Map<String, String> files = shipped();
        files.put("survey-config.json", files.get("survey-config.json").replaceFirst(
                "\"surveyId\": \"customer-satisfaction\"", "\"surveyId\": \u201ccustomer-satisfaction\u201d"));
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class)
                .hasMessageContaining("survey-config.json: surveyId: a curly or angle quote (“ ” ‘ ’ « »), a dash or "
                        + "another typographic character where a value starts at line 2, column 15: JSON text opens "
                        + "and closes with straight double quotes (\"), which a word processor's smart quotes replace; "
                        + "retype the quotes in a plain text editor")
                .hasMessageNotContaining("UTF-8");
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() throws IOException {
        Map<String, String> files = shipped();
        files.put("survey-config.json", "{\n  \"questions\": [\n    {\"questionName\": \"q1\",,}\n");
        assertRefused(files, "survey-config.json: not valid JSON at line 3, column 27: Unexpected character "
                + "(',' (code 44)): was expecting double-quote to start field name");
    }

    @Test
    void anUnclosedObjectIsReportedWithoutJacksonsNoteOnItsSource() throws IOException {
        Map<String, String> files = shipped();
        files.put("survey-config.json", "{\"questions\": []");
        assertRefused(files, "survey-config.json: not valid JSON at line 1, column 17: Unexpected end-of-input: "
                + "expected close marker for Object (start marker at [line: 1, column: 1])");
    }

    @Test
    void emptyFilesAreReported() throws IOException {
        Map<String, String> files = shipped();
        files.put("survey-config.json", "");
        files.put("voice-prompts/survey-es-MX.env", "\n  \n");
        assertRefused(files,
                "survey-config.json: file is empty",
                "voice-prompts/survey-es-MX.env: file is empty");
    }

    @Test
    void anUnknownLanguageFileNameIsReported() throws IOException {
        Map<String, String> files = shipped();
        files.put("voice-prompts/survey-spanish.env", "language=es-MX\n");
        files.put("voice-prompts/survey-xx-YY.env", "language=xx-YY\n");
        files.put("voice-prompts/notes.txt", "remember the milk\n");
        assertRefused(files,
                "voice-prompts/survey-spanish.env: unknown language file name: \"spanish\" is not a language tag like "
                        + "en-US (expected voice-prompts/survey-<language>.env)",
                "voice-prompts/survey-xx-YY.env: unknown language file name: Twilio cannot speak xx-YY",
                "voice-prompts/notes.txt: unknown configuration file: expected survey-config.json or "
                        + "voice-prompts/survey-<language>.env");
    }

    @Test
    void everyProblemIsListedAtOnce() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text
                .replace("\"max\": 5}", "\"max\": 5, \"maximum\": 9}")
                .replace("\"maxRetries\": 2", "\"maxRetries\": 12"));
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> without(text, "welcome")
                .replace("voice=Polly.Joanna", "voice=Polly.Nobody")
                .replace("welcomeContinue=continue", "welcomeContinue=start")
                .replace("nextQuestion=", "nextQuestion")
                + "welcom=Hi\nwelcomeContinu=go\n");
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text
                .replace("language=fr-CA", "language=fr-FR")
                .replace("languageDigit=3", "languageDigit=2"));

        assertThatThrownBy(() -> load(files))
                .isInstanceOfSatisfying(SurveyConfigException.class, refused -> assertThat(refused.problems())
                        .extracting(ConfigProblem::toString).containsExactly(
                                "survey-config.json: maxRetries: must be a whole number from 0 to 5",
                                "survey-config.json: questions[0].maximum: unknown key (known: decimals, max, "
                                        + "min, next, options, questionName, questionType)",
                                "survey-config.json: questions[2].maximum: unknown key (known: decimals, max, "
                                        + "min, next, options, questionName, questionType)",
                                "voice-prompts/survey-en-US.env: line 16: expected key=value, found \"nextQuestion"
                                        + "Thanks. Next question.\"",
                                "voice-prompts/survey-en-US.env: voice: \"Polly.Nobody\" is not a Twilio voice "
                                        + "(e.g. Polly.Joanna)",
                                "voice-prompts/survey-en-US.env: welcome: missing standard prompt",
                                "voice-prompts/survey-en-US.env: nextQuestion: missing standard prompt",
                                "voice-prompts/survey-en-US.env: welcom: unknown key: not a standard prompt, a "
                                        + "language setting or a question of survey-config.json; did you mean "
                                        + "welcome?",
                                // The key it is near is in the file already: no guess (one led to "defined twice").
                                "voice-prompts/survey-en-US.env: welcomeContinu: unknown key: not a standard prompt, "
                                        + "a language setting or a question of survey-config.json",
                                "voice-prompts/survey-en-US.env: welcomeContinue: \"start\" is a Twilio opt-out, "
                                        + "opt-in or help keyword; Twilio acts on it before the survey",
                                "voice-prompts/survey-fr-CA.env: language: is fr-FR but the file name says fr-CA",
                                "voice-prompts/survey-fr-CA.env: languageOffer: does not mention its key 2"));
    }

    /** "!!!" passed the lint, and every reply got the welcome again: the respondent could never begin. */
    @Test
    void aWelcomeContinueWithoutAWordIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("welcomeContinue=continue", "welcomeContinue=!!!"));
        assertThatThrownBy(() -> load(files))
                .isInstanceOfSatisfying(SurveyConfigException.class, refused -> assertThat(refused.problems())
                        .extracting(ConfigProblem::toString).containsExactly("voice-prompts/survey-en-US.env: "
                                + "welcomeContinue: has no word a respondent can text back (letters or digits): "
                                + "nothing would begin the survey"));
    }

    @Test
    void twoLanguagesOnOneKeyAreRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text
                .replace("languageDigit=3", "languageDigit=2")
                .replace("appuyez sur 3", "appuyez sur 2"));
        // Named in the file that gives the key a second time, not the English one, whose key is 1 (until 2026-12-07).
        assertRefused(files, "voice-prompts/survey-fr-CA.env: languageDigit: key 2 would choose both es-MX and fr-CA "
                + "(voice-prompts/survey-es-MX.env gives it to es-MX)");
    }

    /**
     * A reply naming a language and a language offered to its respondents (English's "espanol") passed the lint, and an
     * English respondent texting ESPAÑOL, as the offer tells them, was asked again: the word named both.
     */
    @Test
    void aLanguagesOwnReplyNamingAnOfferedLanguageIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("languageReplies=english,ingles,anglais", "languageReplies=english,ingles,anglais,espanol"));
        assertThat(catchThrowableOfType(() -> load(files), SurveyConfigException.class).problems())
                .extracting(ConfigProblem::toString)
                .contains("voice-prompts/survey-es-MX.env: languageReplies: reply \"espanol\" would choose both en-US "
                        + "and es-MX (voice-prompts/survey-en-US.env gives it to en-US)");
    }

    /**
     * A reply word two files give was blamed on a third file too, which holds no such word (a survey author's probe,
     * 2026-12-07: "survey-en-US.env: reply espagnol" for a word fr-CA's and es-MX's files give). It is reported against
     * the file giving it second, naming the other, once.
     */
    @Test
    void aReplyTwoFilesGiveIsBlamedOnThemOnly() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text.replaceFirst("languageReplies=",
                "languageReplies=espagnol,"));
        List<String> problems = catchThrowableOfType(() -> load(files), SurveyConfigException.class).problems()
                .stream().map(ConfigProblem::toString).toList();
        assertThat(problems).filteredOn(problem -> problem.contains("\"espagnol\"")).isNotEmpty()
                .noneMatch(problem -> problem.startsWith("voice-prompts/survey-en-US.env"))
                .doesNotHaveDuplicates();
    }

    @Test
    void aNewLanguageWithoutItsOfferIsRefused() throws IOException {
        Map<String, String> files = shipped();
        String german = GERMAN;
        for (String key : List.of("languageName", "languageReplies", "languageDigit", "languageOffer",
                "languageOfferSMS")) {
            german = without(german, key);
        }
        files.put("voice-prompts/survey-de-DE.env", german);
        assertRefused(files, "voice-prompts/survey-de-DE.env: languageOffer: de-DE cannot be offered to respondents "
                + "of the other languages: add languageName, languageReplies, languageDigit, languageOffer, "
                + "languageOfferSMS");
    }

    /** A respondent texting "STOPP" in German was taken for a wrong answer and kept getting texts. */
    @Test
    void aLanguageWithoutBuiltInWordsMustListItsOwnWayToStop() throws IOException {
        Map<String, String> files = shipped();
        files.put("voice-prompts/survey-de-DE.env", without(GERMAN, "optOutWords"));
        assertRefused(files, "voice-prompts/survey-de-DE.env: optOutWords: missing: de-DE has no built-in opt-out "
                + "words (only English, Spanish and French do), so respondents could stop only with English ones; list "
                + "the words they would text to stop in de-DE (optOutWords), and phrases (optOutPhrases)");
        files.put("voice-prompts/survey-de-DE.env", without(GERMAN, "optOutWords")
                + "optOutPhrases=keine nachrichten mehr\n");
        assertThat(load(files).language("de-DE").consent().classify("bitte keine nachrichten mehr"))
                .isEqualTo(ConsentWords.Intent.OPT_OUT);

        files.put("voice-prompts/survey-de-DE.env", GERMAN);
        files.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionFeedback\", \"questionType\": \"speech\"}",
                "{\"questionName\": \"questionFeedback\", \"questionType\": \"yesNo\"}"));
        assertRefused(files,
                "voice-prompts/survey-de-DE.env: yesWords: missing: the survey asks yes or no, and de-DE has no "
                        + "built-in yes words (only English, Spanish and French do); list them",
                "voice-prompts/survey-de-DE.env: noWords: missing: the survey asks yes or no, and de-DE has no "
                        + "built-in no words (only English, Spanish and French do); list them");
        files.put("voice-prompts/survey-de-DE.env", GERMAN + "yesWords=ja, jawohl\nnoWords=nein\n");
        assertThat(load(files).language("de-DE").yesWords()).containsExactly("ja", "jawohl");

        // Shown back (a summary, a confirmation) and hinted to the recogniser in German, not in English.
        Survey survey = load(files);
        SurveyLanguage german = survey.language("de-DE");
        Question yesNo = survey.questions().stream().filter(question -> question.type() == QuestionType.YES_NO)
                .findFirst().orElseThrow();
        assertThat(AnswerReader.shown(yesNo, german, "yes")).isEqualTo("ja");
        assertThat(AnswerReader.shown(yesNo, german, "no")).isEqualTo("nein");
        assertThat(AnswerReader.hints(german, yesNo)).isEqualTo("ja,nein,jawohl");
        assertThat(AnswerReader.shown(yesNo, survey.language("es-MX"), "yes")).isEqualTo("sí");
        // Shown as written, accents and capitals kept, though they are read without.
        files.put("voice-prompts/survey-de-DE.env", GERMAN + "yesWords= Jä, jawohl\nnoWords=Néin\n");
        SurveyLanguage accented = load(files).language("de-DE");
        assertThat(accented.yesWords()).containsExactly("ja", "jawohl");
        assertThat(AnswerReader.shown(yesNo, accented, "yes")).isEqualTo("Jä");
        assertThat(AnswerReader.shown(yesNo, accented, "no")).isEqualTo("Néin");
    }

    /**
     * "STOPP bitte" in German was stored as a free-text answer while "Stop please" opted out: an opt-out word counts
     * only alone once polite words are dropped, and German had none.
     */
    @Test
    void aLanguageWithItsOwnOptOutWordsMustListItsPoliteWords() throws IOException {
        Map<String, String> files = shipped();
        files.put(GERMAN_FILE, without(GERMAN, "politeWords"));
        assertRefused(files, GERMAN_FILE + ": politeWords: missing: de-DE has no built-in polite words (only English, "
                + "Spanish and French do), so an opt-out word said with one (\"STOPP bitte\") would be taken for an "
                + "answer; list the words respondents add to a stop in de-DE (please, thanks, now)");

        files.put(GERMAN_FILE, GERMAN);
        ConsentWords german = load(files).language("de-DE").consent();
        assertThat(german.classify("STOPP bitte")).isEqualTo(ConsentWords.Intent.OPT_OUT);
        assertThat(german.classify("Bitte abmelden, danke!")).isEqualTo(ConsentWords.Intent.OPT_OUT);
        assertThat(german.classify("jetzt stopp")).isEqualTo(ConsentWords.Intent.OPT_OUT);
        // A longer answer that uses the word is still an answer.
        assertThat(german.classify("Bitte nicht stopp sagen, der Service war gut")).isEqualTo(ConsentWords.Intent.NONE);

        // Phrases count anywhere in a reply, so a language with phrases only needs no polite words.
        files.put(GERMAN_FILE, without(without(GERMAN, "optOutWords"), "politeWords")
                + "optOutPhrases=keine nachrichten mehr\n");
        assertThat(load(files).language("de-DE").consent().classify("bitte keine Nachrichten mehr"))
                .isEqualTo(ConsentWords.Intent.OPT_OUT);
    }

    /** German prompts set to an English voice passed the lint, and a caller heard German read in American English. */
    @Test
    void aVoiceOfAnotherLanguageIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.put("voice-prompts/survey-de-DE.env", GERMAN.replace("voice=Polly.Vicki", "voice=Polly.Joanna"));
        assertRefused(files, "voice-prompts/survey-de-DE.env: voice: \"Polly.Joanna\" speaks [en], not the language "
                + "of de-DE: callers would hear the prompts read in another language's voice");
        files.put("voice-prompts/survey-de-DE.env", GERMAN.replace("voice=Polly.Vicki",
                "voice=Google.en-US-Standard-C"));
        assertThatThrownBy(() -> load(files)).hasMessageContaining("\"Google.en-US-Standard-C\" speaks [en]");
        for (String fine : List.of("Polly.Vicki-Neural", "Google.de-DE-Standard-A", "alice", "Polly.Marlene")) {
            files.put("voice-prompts/survey-de-DE.env", GERMAN.replace("voice=Polly.Vicki", "voice=" + fine));
            assertThat(load(files).language("de-DE").voice()).as(fine).hasToString(fine);
        }
    }

    @Test
    void anOfferThatDoesNotMentionItsKeyIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> text.replace("oprima 2", "oprima dos"));
        assertRefused(files, "voice-prompts/survey-es-MX.env: languageOffer: does not mention its key 2");
    }

    @Test
    void missingFilesAreReported() {
        assertRefused(Map.of(),
                "survey-config.json: file is missing",
                "voice-prompts/: no language file: add at least one voice-prompts/survey-<language>.env");
    }

    @Test
    void aPromptFileThatIsNotUtf8IsReportedWithTheLineOfItsFirstBadByte() throws IOException {
        List<ConfigFile> files = new ArrayList<>();
        shipped().forEach((name, text) -> files.add(new ConfigFile(name, name.contains("es-MX")
                ? text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : text.getBytes(UTF_8))));
        assertThatThrownBy(() -> loader.load(files))
                .hasMessage("survey configuration refused, 1 problem:\n"
                        + "  - voice-prompts/survey-es-MX.env: is not UTF-8 text: its first byte that UTF-8 does not "
                        + "allow is on line 1 (save the file as UTF-8)");

        // Lines end as the parser splits them: CRLF once, a lone CR or LF each.
        for (String lines : List.of("a=1\r\nb=2\r\n", "a=1\rb=2\r", "a=1\nb=2\n", "a=1\r\n\nb=2\r")) {
            byte[] latin1 = (lines.replaceAll("[\r\n]+$", "") + "\nwelcome=Señor\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            List<ConfigProblem> problems = new ArrayList<>();
            assertThat(EnvFormat.parse("f.env", latin1, problems)).isEmpty();
            int expected = lines.equals("a=1\r\n\nb=2\r") ? 4 : 3;
            assertThat(problems).as(lines).extracting(ConfigProblem::message).containsExactly("is not UTF-8 text: its "
                    + "first byte that UTF-8 does not allow is on line " + expected + " (save the file as UTF-8)");
        }
    }

    /** A right-to-left override and a zero-width space in a question passed the lint and were texted as written. */
    @Test
    void aPromptHoldingBidiControlsOrZeroWidthSpacesIsRefused() throws IOException {
        assertRefused(withEnglishPrompts("questionFeedback", "Why\u202e?\u200b"), ENGLISH + ": questionFeedback: holds "
                + "U+202E (RIGHT-TO-LEFT OVERRIDE), U+200B (ZERO WIDTH SPACE): invisible characters that reorder or "
                + "hide what respondents read, and would be texted as they are; remove them (the joiners U+200C and "
                + "U+200D and the marks U+200E and U+200F are allowed)");
        for (String hidden : List.of("\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068",
                "\u2069", "\u2060", "\ufeff")) {
            String codePoint = String.format("U+%04X", (int) hidden.charAt(0));
            assertThatThrownBy(() -> load(withEnglishPrompts("welcome", "Hello" + hidden + " there")))
                    .as(codePoint).hasMessageContaining(ENGLISH + ": welcome: holds " + codePoint + " (");
        }

        // Joiners (Persian, emoji sequences) and direction marks (right-to-left text) are kept as written.
        String kept = "Anything else? \u200f\u05e9\u05dc\u05d5\u05dd\u200e \ud83d\udc68\u200d\ud83d\udc69 "
                + "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u06cc\u062f";
        assertThat(load(withEnglishPrompts("questionFeedback", kept)).language("en-US").texts())
                .containsEntry("questionFeedback", kept);
    }

    /**
     * A bound written NaN or Infinity (as some tools write 1e309) got Jackson's advice to enable a parser feature,
     * without naming the field.
     */
    @Test
    void aNumberJsonCannotHoldIsReportedAtItsField() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"maxRetries\": 2", "\"maxRetries\": NaN"));
        assertRefused(files, "survey-config.json: maxRetries: NaN at line 4, column 17 is not a number the survey can "
                + "use: JSON has no Infinity or NaN (some tools write them for a number too large, such as 1e309); "
                + "write a finite number");
        files.put("survey-config.json", shipped().get("survey-config.json").replace(
                "{\"questionName\": \"questionAgentRate\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}",
                "{\"questionName\": \"questionAgentRate\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5,\n"
                        + "      \"next\": [{\"if\": {\"atMost\": 2}, \"goTo\": \"end\"}, "
                        + "{\"if\": {\"atLeast\": -Infinity}, \"goTo\": \"end\"}]}"));
        assertThatThrownBy(() -> load(files)).hasMessageEndingWith("\n  - survey-config.json: "
                + "questions[2].next[1].if.atLeast: -Infinity at line 10, column 73 is not a number the survey can "
                + "use: JSON has no Infinity or NaN (some tools write them for a number too large, such as 1e309); "
                + "write a finite number");
        // Written as a number, it was, and is, a lint problem of its own field.
        files.put("survey-config.json", shipped().get("survey-config.json").replace("\"max\": 5}", "\"max\": 1e309}"));
        assertThatThrownBy(() -> load(files)).hasMessageContaining("survey-config.json: questions[0].max: must be a "
                + "whole number from");
    }

    /**
     * A plus sign, a comment and a second object after the first got Jackson's advice to enable a parser or mapper
     * setting, which a survey author cannot do; each is now named in the author's terms, at its place.
     */
    @Test
    void lenientJsonIsReportedWithoutNamingParserSettings() throws IOException {
        Map<String, String> files = shipped();
        String config = files.get("survey-config.json");
        files.put("survey-config.json", config.replace("\"maxRetries\": 2", "\"maxRetries\": +2"));
        assertRefused(files, "survey-config.json: maxRetries: a number at line 4, column 17 starts with '+': JSON "
                + "numbers have no plus sign; write 5, not +5");
        files.put("survey-config.json", config.replace("\"maxRetries\": 2,", "\"maxRetries\": 2, // twice"));
        assertRefused(files, "survey-config.json: a comment at line 4, column 20: JSON has no comments; "
                + "remove it");
        files.put("survey-config.json", config + "{\"surveyId\": \"second\"}\n");
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class)
                .hasMessageMatching("(?s).*survey-config.json: more follows the survey's closing '\\}' at line \\d+, "
                        + "column \\d+: the file holds one JSON object; remove what follows it, or move it inside")
                .hasMessageNotContaining("Feature").hasMessageNotContaining("`");
        // Whatever other setting Jackson names, its advice is left out.
        files.put("survey-config.json", config.replace("\"maxRetries\": 2", "\"maxRetries\": 'two'"));
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class)
                .hasMessageContaining("survey-config.json: not valid JSON at line 4, column 17: Unexpected character")
                .hasMessageNotContaining("Feature").hasMessageNotContaining("enable");
    }

    /** A leading dash was refused as not "lower-case letters, digits and dashes", which it is (an author's probe). */
    @Test
    void aSurveyIdStartingWithADashIsRefusedSayingWhy() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"customer-satisfaction\"", "\"-brk\""));
        assertRefused(files, "survey-config.json: surveyId: \"-brk\" is no surveyId, which is lower-case letters, "
                + "digits and dashes, starting with a letter or a digit, at most 63 characters");
    }

    @Test
    void aDefaultLanguageWithoutItsFileIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"en-US\"", "\"pt-BR\""));
        assertRefused(files,
                "survey-config.json: defaultLanguage: \"pt-BR\" has no voice-prompts/survey-pt-BR.env");
        // Its file there under another case: said which (told only "has no survey-en-us.env" until 2026-12-06).
        files.compute("survey-config.json", (name, text) -> text.replace("\"pt-BR\"", "\"en-us\""));
        assertRefused(files, "survey-config.json: defaultLanguage: \"en-us\" has no voice-prompts/survey-en-us.env; "
                + "write \"en-US\", as voice-prompts/survey-en-US.env names it");
        // A bare language too (a newcomer's probe, 2026-12-07: it read as if the file were missing).
        files.compute("survey-config.json", (name, text) -> text.replace("\"en-us\"", "\"en\""));
        assertRefused(files, "survey-config.json: defaultLanguage: \"en\" has no voice-prompts/survey-en.env; "
                + "write \"en-US\", as voice-prompts/survey-en-US.env names it");
    }

    @Test
    void aRangeOnAWordsQuestionIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionProduct\", \"questionType\": \"speech\"}",
                "{\"questionName\": \"questionProduct\", \"questionType\": \"speech\", \"min\": 1, \"max\": 3}"));
        assertRefused(files, "survey-config.json: questions[1]: min and max apply to dtmf, rating and number questions only");
    }

    /** A range of one value ("a whole number from 3 to 3") was taken until 2026-12-06. */
    @Test
    void aRangeOfOneValueIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replaceFirst("\"min\": 1, \"max\": 5",
                "\"min\": 3, \"max\": 3"));
        assertRefused(files, "survey-config.json: questions[0]: min and max are both 3: a question with one possible "
                + "answer asks nothing; widen the range");
    }

    /** A max out of range was also taken for a missing one: "give both min and max, or neither" though both were. */
    @Test
    void aBoundOutOfRangeIsReportedAloneNotAsMissing() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace(
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}",
                "{\"questionName\": \"questionServiceRate\", \"questionType\": \"rating\", \"min\": 0, "
                        + "\"max\": 2147483647}"));
        assertRefused(files, "survey-config.json: questions[0].max: must be a whole number from 0 to 99999");
        files.compute("survey-config.json", (name, text) -> text.replace("\"max\": 2147483647", "\"max\": null"));
        assertRefused(files, "survey-config.json: questions[0]: give both min and max, or neither");
        // In quotes, a number is text: said so (until 2026-12-07 the message seemed met, a survey author's probe).
        files.compute("survey-config.json", (name, text) -> text.replace("\"max\": null", "\"max\": \"5\""));
        assertRefused(files, "survey-config.json: questions[0].max: must be a whole number from 0 to 99999, not the "
                + "text \"5\": write it without quotes");
        files.compute("survey-config.json", (name, text) -> text.replace("\"max\": \"5\"", "\"max\": \"five\""));
        assertRefused(files, "survey-config.json: questions[0].max: must be a whole number from 0 to 99999");
    }

    /**
     * A file named survey-en.env also got "no language file: add at least one" and "defaultLanguage \"en\" has no
     * voice-prompts/survey-en.env", though the file was there: its name is the one problem.
     */
    @Test
    void aLanguageFileRefusedForItsNameIsReportedOnce() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("survey-config.json", shipped().get("survey-config.json").replace("\"en-US\"", "\"en\""));
        files.put("voice-prompts/survey-en.env", shipped().get(ENGLISH).replace("language=en-US", "language=en"));
        assertRefused(files, "voice-prompts/survey-en.env: unknown language file name: Twilio cannot speak en (it "
                + "speaks en-AU, en-CA, en-GB, en-IE, en-IN, en-NZ, en-US, en-ZA)");
        files.put("survey-config.json", shipped().get("survey-config.json").replace("\"en-US\"", "\"english\""));
        files.put("voice-prompts/survey-english.env", files.remove("voice-prompts/survey-en.env"));
        assertRefused(files, "voice-prompts/survey-english.env: unknown language file name: \"english\" is not a "
                + "language tag like en-US (expected voice-prompts/survey-<language>.env)");
    }

    /** "qé" was refused as not "only letters": the rule means ASCII letters, and says so. */
    @Test
    void aQuestionNameOutsideAsciiIsRefusedSayingSo() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"questionFeedback\"", "\"qé\""));
        files.compute(ENGLISH, (name, text) -> text.replace("questionFeedback=", "qé="));
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> text.replace("questionFeedback=", "qé="));
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text.replace("questionFeedback=", "qé="));
        assertRefused(files, "survey-config.json: questions[3].questionName: \"qé\" must start with an ASCII letter "
                + "(a-z, A-Z) and hold only ASCII letters, digits 0-9 and _, at most 64 characters (it is a prompt "
                + "key)");
    }

    /** A 2,000-question survey passed: a completed session made a huge event and an 11-part goodbye text. */
    @Test
    void aSurveyOfMoreThanAHundredQuestionsIsRefused() throws IOException {
        assertThat(load(questions(SurveyConfigLoader.MAX_QUESTIONS)).questions()).hasSize(100);
        assertRefused(questions(2_000), "survey-config.json: questions: has 2000 questions; a survey may ask at most "
                + "100 (each adds to the completion event and the closing SMS summary)");
    }

    /** A one-language survey of {@code count} speech questions, q1, q2, ..., each with its English prompt. */
    private static Map<String, String> questions(int count) throws IOException {
        StringBuilder config = new StringBuilder("{\"questions\": [");
        StringBuilder prompts = new StringBuilder(shipped().get(ENGLISH).replaceAll("(?m)^question.*\\R", "")
                .replaceAll("(?m)^language(Name|Replies|Digit|Offer|OfferSMS)=.*\\R", ""));
        for (int i = 1; i <= count; i++) {
            config.append(i == 1 ? "" : ", ").append("{\"questionName\": \"q").append(i)
                    .append("\", \"questionType\": \"speech\"}");
            prompts.append("q").append(i).append("=Question ").append(i).append("?\n");
        }
        return new LinkedHashMap<>(Map.of("survey-config.json", config.append("]}").toString(), ENGLISH,
                prompts.toString()));
    }

    @Test
    void aPromptLongerThanATextCanHoldIsRefused() throws IOException {
        Map<String, String> files = shipped();
        String file = "voice-prompts/survey-en-US.env";
        String longPrompt = "Tell us more. ".repeat(120).strip();
        files.put(file, files.get(file).replaceAll("(?m)^questionProduct=.*$", "questionProduct=" + longPrompt));
        assertRefused(files, file + ": questionProduct: is " + longPrompt.length()
                + " characters: Twilio refuses a text over 1600 (error 21617) rather than split it, so respondents "
                + "would get it cut into 2 texts, mid-sentence; shorten it");
    }

    @Test
    void aPromptWithAControlCharacterIsRefused() throws IOException {
        Map<String, String> files = shipped();
        String file = "voice-prompts/survey-en-US.env";
        files.put(file, files.get(file).replaceAll("(?m)^questionProduct=(.*)$", "questionProduct=$1\u001b[0m"));
        assertRefused(files, file + ": questionProduct: holds a control character (or a non-character such as "
                + "U+FFFE) that a text or a call cannot carry");
    }

    /** "qA" beside "qa" made two results.csv columns that tools ignoring case merge or refuse. */
    @Test
    void aQuestionNamedAsAnotherButForCaseIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"questionAgentRate\"",
                "\"QUESTIONPRODUCT\""));
        files.replaceAll((name, text) -> name.endsWith(".env") ? text.replaceAll("(?m)^questionAgentRate=",
                "QUESTIONPRODUCT=") : text);
        assertRefused(files, "survey-config.json: questions[2].questionName: \"QUESTIONPRODUCT\" differs from "
                + "\"questionProduct\" only in case: their results.csv columns would be one for tools that ignore "
                + "case; choose another name");
    }

    /**
     * A placeholder's name in braces with blanks, or in percent signs, was texted as written (an author's probe,
     * 2026-12-07: "Please answer from { min } to 5000."); braces with other words inside stay prose.
     */
    @Test
    void aPlaceholderWrittenAlmostAsOneIsRefusedNamingItsForm() throws IOException {
        Map<String, String> files = withEnglishPrompts(
                "answerOutOfRange", "Please answer from { min } to %MAX%. { a smile }",
                "questionProduct", "Which product? { options}");
        assertRefused(files,
                ENGLISH + ": answerOutOfRange: \"{ min }\" is no placeholder: write {min}; respondents would get it "
                        + "as written",
                ENGLISH + ": answerOutOfRange: \"%MAX%\" is no placeholder: write {max}; respondents would get it as "
                        + "written",
                ENGLISH + ": questionProduct: \"{ options}\" is no placeholder: write {options} (which questionProduct "
                        + "does not have filled); respondents would get it as written");
    }

    /**
     * A question's prompt "Rate {min} to {max} {options} {{1}} {unknown" was texted as written, and so was an
     * answerOutOfRange with {options}: only answerOutOfRange and answerWithKeypad have {min} and {max} filled, and
     * only answerChoice {options}.
     */
    @Test
    void aPlaceholderThePromptDoesNotHaveFilledIsRefused() throws IOException {
        Map<String, String> files = withEnglishPrompts(
                "questionProduct", "Rate {min} to {max} {options} {{1}} {unknown",
                "answerOutOfRange", "[{options}|{foo}|{min ] Sorry, from {min} to {max} {min}.");
        assertRefused(files,
                ENGLISH + ": questionProduct: \"{min}\" is not filled in questionProduct, which has no placeholder "
                        + "filled: respondents would get it as written",
                ENGLISH + ": questionProduct: \"{max}\" is not filled in questionProduct, which has no placeholder "
                        + "filled: respondents would get it as written",
                ENGLISH + ": questionProduct: \"{options}\" is not filled in questionProduct, which has no placeholder "
                        + "filled: respondents would get it as written",
                ENGLISH + ": questionProduct: \"{{1}}\" is not filled in questionProduct, which has no placeholder "
                        + "filled: respondents would get it as written",
                ENGLISH + ": questionProduct: \"{unknown\" opens a placeholder that no } closes: respondents would "
                        + "get it as written",
                ENGLISH + ": answerOutOfRange: \"{options}\" is not filled in answerOutOfRange, which has only {min} "
                        + "and {max} filled: respondents would get it as written",
                ENGLISH + ": answerOutOfRange: \"{foo}\" is not filled in answerOutOfRange, which has only {min} and "
                        + "{max} filled: respondents would get it as written",
                ENGLISH + ": answerOutOfRange: \"{min\" opens a placeholder that no } closes: respondents would get "
                        + "it as written");
    }

    /** Braces that do not open a placeholder are prose; the placeholders a prompt has filled are filled. */
    @Test
    void bracesThatOpenNoPlaceholderAndFilledPlaceholdersPass() throws IOException {
        Survey survey = load(withEnglishPrompts("questionProduct", "Which product? :-{ } {} { any }",
                "answerWithKeypad", "Press {min}-{max}, {max} at most.", "answerChoice", "One of {options}, please."));
        assertThat(survey.language("en-US").questionPrompt(survey.question(1)))
                .isEqualTo("Which product? :-{ } {} { any }");
        assertThat(AnswerReader.keypadExpected(survey.language("en-US"), survey.question(0)))
                .hasValue("Press 1-5, 5 at most.");
    }

    @Test
    void contactHoursAndFallbackAreReadFromTheSurvey() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"maxRetries\": 2,",
                "\"maxRetries\": 2, \"contactHours\": {\"days\": \"MON-SAT\", \"hours\": \"09:00-20:00\"}, "
                        + "\"fallback\": {\"smsWhenCallUnanswered\": true},"));
        Survey survey = load(files);
        assertThat(survey.contactHours()).isEqualTo(ContactHours.parse("MON-SAT", "09:00-20:00"));
        assertThat(survey.fallback()).isEqualTo(new SurveyFallback(true, false));
        assertThat(load(shipped()).contactHours()).as("none: the service's apply").isNull();
    }

    @Test
    void contactHoursAndFallbackThatDoNotParseAreNamed() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"maxRetries\": 2,",
                "\"maxRetries\": 2, \"contactHours\": {\"days\": \"MON-FUN\", \"hours\": \"25:00-8:00\"}, "
                        + "\"fallback\": {\"smsWhenCallUnanswered\": \"yes\"},"));
        assertRefused(files, "survey-config.json: contactHours: \"FUN\" is not a day (MON, TUE, ... SUN)",
                "survey-config.json: contactHours: \"25:00\" in \"25:00-8:00\" is no time of day: write HH:MM, from "
                        + "00:00 to 23:59",
                "survey-config.json: fallback.smsWhenCallUnanswered: must be true or false");
    }

    @Test
    void consentWordsThatAreOnlyPunctuationAndRepliesThatMeanOptOutAreRefused() throws IOException {
        Map<String, String> files = shipped();
        String file = "voice-prompts/survey-en-US.env";
        files.put(file, files.get(file).replaceAll("(?m)^optOutWords=.*$", "optOutWords=stop,!!")
                .replaceAll("(?m)^welcomeContinue=.*$", "welcomeContinue=arret"));
        assertRefused(files, file + ": optOutWords: \"!!\" has no letters or digits",
                file + ": welcomeContinue: \"arret\" is an opt-out, opt-in or help word (ConsentWords), which the "
                        + "survey never takes as a reply");
    }

    /**
     * An escape this file does not read (a backslash and t, a quote, u, another backslash) is refused naming it:
     * dotenv tools read them, and respondents got them as written (a survey author's probe, 2026-12-07).
     * A backslash and n in double quotes, and anything in single quotes, are read as before.
     */
    @Test
    void anEscapeTheFileDoesNotReadIsRefused() throws IOException {
        String[][] cases = {
            {"\"How much?\\tTab\"", "\\t"}, {"\"Say \\\"hi\\\" now\"", "\\\""}, {"How much? \\u00e9t\\u00e9", "\\u"},
            {"Rate us.\\tNow.", "\\t"}, {"C:\\\\surveys", "\\\\"}};
        for (String[] written : cases) {
            assertRefused(withEnglishPrompts("finalGoodbye", written[0]), ENGLISH + ": finalGoodbye: holds "
                    + written[1] + ", which respondents would get "
                    + "as written: this file reads no escape but \\n (a line break, in double quotes); write the "
                    + "character itself (a tab, a quote, an accented letter)");
        }
        assertThat(load(withEnglishPrompts("finalGoodbye", "'Tab\\there'")).language("en-US")
                .text(Prompt.FINAL_GOODBYE)).as("single quotes: as written").isEqualTo("Tab\\there");
        assertThat(load(withEnglishPrompts("finalGoodbye", "Goodbye :-\\")).language("en-US")
                .text(Prompt.FINAL_GOODBYE)).as("an emoticon's backslash (a reviewer's probe)")
                .isEqualTo("Goodbye :-\\");
    }

    /**
     * Quotes come off as dotenv takes them off, and a line break is written \n in double quotes: beginSurvey='...'
     * reached respondents with its quotes, and "...\n..." with a backslash and an n.
     */
    @Test
    void quotesComeOffAsDotenvTakesThemOffAndALineBreakIsWrittenInDoubleQuotes() throws IOException {
        Survey survey = load(withEnglishPrompts("beginSurvey", "'Great, let's get started.'",
                "finalGoodbye", "\"Thank you.\\nGoodbye.\""));
        assertThat(survey.language("en-US").text(Prompt.BEGIN_SURVEY)).isEqualTo("Great, let's get started.");
        assertThat(survey.language("en-US").text(Prompt.FINAL_GOODBYE)).isEqualTo("Thank you.\nGoodbye.");
        assertRefused(withEnglishPrompts("finalGoodbye", "Thank you.\\nGoodbye."), ENGLISH + ": finalGoodbye: holds "
                + "\\n outside double quotes, which respondents would get as a backslash and an n: for a line break "
                + "write the value in double quotes, finalGoodbye=\"First line\\nSecond line\"");
        // A comment after the closing quote goes, as dotenv drops it; an unclosed quote is refused; a quote closing
        // before more text is text (until 2026-12-06 the first two reached respondents as written).
        Survey commented = load(withEnglishPrompts("beginSurvey", "'Great, let's go.' # don't change",
                "finalGoodbye", "\"Thanks\" is all we say. Goodbye."));
        assertThat(commented.language("en-US").text(Prompt.BEGIN_SURVEY)).isEqualTo("Great, let's go.");
        assertThat(commented.language("en-US").text(Prompt.FINAL_GOODBYE))
                .isEqualTo("\"Thanks\" is all we say. Goodbye.");
        assertRefused(withEnglishPrompts("finalGoodbye", "\"Thank you. Goodbye."), ENGLISH + ": finalGoodbye: opens a "
                + "quote (\") it does not close: end the value with the same quote, or leave both out");
    }

    /**
     * A prompt of a no-break space alone (what an editor may leave of an emptied value; String.isBlank does not count
     * it) or of a right-to-left mark alone passed, and respondents got an empty-looking text.
     */
    @Test
    void aPromptThatShowsNothingIsRefused() throws IOException {
        String showsNothing = "shows nothing: it holds only blanks and invisible characters (a no-break space, a "
                + "direction mark), so respondents would get an empty-looking text and hear nothing; write the prompt";
        assertRefused(withEnglishPrompts("lastQuestion", "\u00A0", "questionProduct", "\u200F \u00A0"),
                ENGLISH + ": lastQuestion: " + showsNothing, ENGLISH + ": questionProduct: " + showsNothing);
        // A question of symbols alone, taken until 2026-12-06; one with a digit or a letter of any script is one.
        String symbols = "has no letter or digit: a question of symbols alone (an emoji, dots) asks nothing, and a "
                + "call would say nothing; write it in words";
        assertRefused(withEnglishPrompts("questionProduct", "\uD83D\uDC4D", "questionFeedback", "..."),
                ENGLISH + ": questionProduct: " + symbols, ENGLISH + ": questionFeedback: " + symbols);
        Survey chinese = load(withEnglishPrompts("questionProduct", "\u00BF\u4EA7\u54C1?"));
        assertThat(chinese.language("en-US").questionPrompt(chinese.question(1))).isEqualTo("\u00BF\u4EA7\u54C1?");
    }

    /**
     * A survey-config.json whose questions are not an array (valid JSON, wrong shape) was reported once for that and
     * then once for every question prompt of every language file, as an unknown key: 34 lines for one mistake.
     */
    @Test
    void questionsThatAreNotAnArrayAreOneProblemNotOnePerPrompt() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replaceAll("(?s)\"questions\": \\[.*]",
                "\"questions\": {\"questionServiceRate\": \"dtmf\"}"));
        assertRefused(files, "survey-config.json: questions: must be a non-empty array of questions");
        files.compute("survey-config.json", (name, text) -> text.replace("\"questions\": {\"questionServiceRate\": "
                + "\"dtmf\"}", "\"questions\": []"));
        assertRefused(files, "survey-config.json: questions: must be a non-empty array of questions");
    }

    private Survey loadKept(Map<String, String> files) {
        List<ConfigFile> list = new ArrayList<>();
        files.forEach((name, text) -> list.add(new ConfigFile(name, text.getBytes(UTF_8))));
        return loader.loadKept(list);
    }

    /** Copies that ran before a check of the lint existed: each fails one check that guards respondents. */
    static Stream<Arguments> copiesFailingACheckThatGuardsRespondents() throws IOException {
        Map<String, String> noPoliteWords = shipped();
        noPoliteWords.put(GERMAN_FILE, without(GERMAN, "politeWords"));
        return Stream.of(
                Arguments.of("a hidden character", withEnglishPrompts("beginSurvey", "Great\u200B, let's go.\u202E"),
                        "beginSurvey: holds U+200B"),
                Arguments.of("a control character", withEnglishPrompts("beginSurvey", "Great\u0007, let's go."),
                        "beginSurvey: holds a control character"),
                Arguments.of("a prompt that shows nothing", withEnglishPrompts("lastQuestion", "\u00A0"),
                        "lastQuestion: shows nothing"),
                Arguments.of("an unfilled placeholder", withEnglishPrompts("beginSurvey", "Hello {name}."),
                        "beginSurvey: "),
                Arguments.of("no polite words beside opt-out words", noPoliteWords, "politeWords: missing"),
                Arguments.of("a continue word that is a help word", withEnglishPrompts("welcomeContinue", "go,help"),
                        "welcomeContinue: \"help\""),
                Arguments.of("a voice of another language", withEnglishPrompts("voice", "Polly.Vicki"),
                        "voice: \"Polly.Vicki\" speaks"),
                Arguments.of("an opt-out word that answers a question",
                        withEnglishPrompts("optOutWords", "5,stop,unsubscribe"), "optOutWords: \"5\" is an answer"),
                Arguments.of("a prompt over a text's length", withEnglishPrompts("beginSurvey", "a".repeat(1601)),
                        "beginSurvey: is 1601 characters"),
                Arguments.of("a comma in a language's name (refused since 2026-12-06)",
                        withEnglishPrompts("languageName", "English, US"), "languageName: \"English, US\" holds a comma"));
    }

    /**
     * A kept copy of a version that ran is held only to the checks the engine needs: one that passed the lint of its
     * day and fails a check that guards respondents, added since (hidden and control characters, polite words,
     * consent words that answer a question...), still builds, so its sessions in flight finish on it. All but two of
     * these (the prompt that shows nothing, the opt-out word that answers a question) failed loadKept before.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("copiesFailingACheckThatGuardsRespondents")
    void aKeptCopyFailingOnlyACheckThatGuardsRespondentsStillBuilds(
            String what, Map<String, String> files, String problem) {
        assertThatThrownBy(() -> load(files)).as("a new upload").isInstanceOf(SurveyConfigException.class)
                .hasMessageContaining(problem);

        Survey kept = loadKept(files);

        assertThat(kept.questions()).extracting(Question::name).containsExactly("questionServiceRate",
                "questionProduct", "questionAgentRate", "questionFeedback");
        assertThat(kept.language("en-US").text(Prompt.BEGIN_SURVEY)).doesNotContain("\u0007");
    }

    /** What the engine needs still holds for a kept copy: a question without its prompt, a jump to nowhere. */
    @Test
    void aKeptCopyIsStillRefusedWhatTheEngineNeeds() throws IOException {
        Map<String, String> files = shipped();
        files.compute(ENGLISH, (name, text) -> without(text, "questionFeedback"));
        files.compute("survey-config.json", (name, text) -> text.replace(
                "\"questionType\": \"dtmf\", \"min\": 1, \"max\": 5}",
                "\"questionType\": \"dtmf\", \"min\": 1, \"max\": 5, \"next\": [{\"goTo\": \"questionGone\"}]}"));

        assertThatThrownBy(() -> loadKept(files)).isInstanceOf(SurveyConfigException.class)
                .hasMessageContaining(ENGLISH + ": questionFeedback: missing prompt for question questionFeedback")
                .hasMessageContaining("\"questionGone\"");
    }

    /**
     * A prompt within a text's 1,600 characters can be over what one <Say> takes in a Polly voice: 3,000 UTF-8 bytes
     * (Twilio warning 13521), so 1,100 Japanese characters (3,300 bytes) loaded and were not said in full.
     */
    @Test
    void aPromptOverAPollyVoicesSayLimitIsRefused() throws IOException {
        assertRefused(withEnglishPrompts("questionFeedback", "\u3042".repeat(1100)), ENGLISH + ": questionFeedback: "
                + "is 3300 bytes in UTF-8: a call says it in one <Say>, which Twilio limits to 3000 for Polly.Joanna "
                + "(warning 13521), so callers would not hear it in full; shorten it");
        load(withEnglishPrompts("questionFeedback", "\u3042".repeat(1000)));
        load(withEnglishPrompts("continueSMS", "\u3042".repeat(1100)));
    }
}
