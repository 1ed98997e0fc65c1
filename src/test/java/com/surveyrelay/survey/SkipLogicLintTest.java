package com.surveyrelay.survey;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lint of typed questions and skip logic, on the shipped quarterly NPS survey broken one way at a time: each
 * case is refused with its exact text, naming the file, the place in the file and the question.
 */
class SkipLogicLintTest {

    private static final String BRANCH =
            "\"next\": [{\"if\": {\"atMost\": 6}, \"goTo\": \"questionWhatWentWrong\"}, "
                    + "{\"goTo\": \"questionChannel\"}]";
    private static final String NO_ENDS = "\"next\": [{\"if\": {\"equals\": \"no\"}, \"goTo\": \"end\"}]";

    private static Map<String, String> shipped() throws IOException {
        return ShippedSurvey.files("config-files/surveys/quarterly-nps");
    }

    private static Survey load(Map<String, String> files) {
        return ShippedSurvey.load(files);
    }

    private static void assertRefused(Map<String, String> files, String problem) {
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class)
                .hasMessage("survey configuration refused, 1 problem:\n  - " + problem);
    }

    private static void assertConfigRefused(String from, String to, String problem) throws IOException {
        Map<String, String> files = shipped();
        assertThat(files.get("survey-config.json")).contains(from);
        files.compute("survey-config.json", (name, text) -> text.replace(from, to));
        assertRefused(files, problem);
    }

    /** A question named "end" passed, and every goTo "end" ended the survey before it: it was never asked. */
    @Test
    void aQuestionNamedEndIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"questionBestTime\"", "\"end\""));
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class).hasMessageContaining(
                "survey-config.json: questions[6].questionName: \"end\" is what goTo names to end the survey; choose "
                        + "another name");
    }

    @Test
    void theShippedSurveyPassesAndDeclaresEveryType() throws IOException {
        Survey survey = load(shipped());
        assertThat(survey.questions()).extracting(Question::type).contains(QuestionType.NPS, QuestionType.TEXT,
                QuestionType.CHOICE, QuestionType.RATING, QuestionType.NUMBER, QuestionType.YES_NO);
        assertThat(survey.languages()).containsOnlyKeys("en-US", "es-MX", "fr-CA");
        assertThat(survey.isLast(5)).isFalse();
        assertThat(survey.isLast(6)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown question | \"goTo\": \"questionWhatWentWrong\" | \"goTo\": \"questionWhy\" | "
            + "survey-config.json: questions[0].next[0].goTo: \"questionWhy\" in questionRecommend is not a question"
            + " of this survey (a questionName, or \"end\")",
        "loop to itself | \"goTo\": \"questionChannel\"}] | \"goTo\": \"questionRecommend\"}] | "
            + "survey-config.json: questions[0].next[1].goTo: \"questionRecommend\" in questionRecommend would loop:"
            + " it is this question; a branch may only skip ahead",
        "loop backwards | \"goTo\": \"end\" | \"goTo\": \"questionEase\" | "
            + "survey-config.json: questions[5].next[0].goTo: \"questionEase\" in questionContactMe would loop: it "
            + "comes before this question; a branch may only skip ahead",
        "yes/no branch on maybe | {\"equals\": \"no\"} | {\"equals\": \"maybe\"} | "
            + "survey-config.json: questions[5].next[0].if.equals: \"maybe\" is not an answer to questionContactMe, a"
            + " yesNo question (\"yes\" or \"no\")",
        "NPS branch out of range | {\"atMost\": 6} | {\"atMost\": 11} | "
            + "survey-config.json: questions[0].next[0].if.atMost: 11 is not an answer questionRecommend can have "
            + "(whole numbers from 0 to 10)",
        "NPS branch on a decimal | {\"atMost\": 6} | {\"atMost\": 6.5} | "
            + "survey-config.json: questions[0].next[0].if.atMost: 6.5 is not an answer questionRecommend can have "
            + "(whole numbers from 0 to 10)",
        "range on a yes/no | {\"equals\": \"no\"} | {\"atLeast\": 1} | "
            + "survey-config.json: questions[5].next[0].if: questionContactMe is a yesNo question: atLeast and atMost"
            + " apply to dtmf, rating, nps and number questions; use equals",
        "branch never taken | {\"goTo\": \"questionChannel\"}] | {\"goTo\": \"questionChannel\"}, {\"goTo\": \"end\"}]"
            + " | survey-config.json: questions[0].next[2]: comes after a branch without \"if\" in questionRecommend,"
            + " so it is never taken",
        "branch shadowed by an earlier range | {\"goTo\": \"questionChannel\"}] | {\"if\": {\"atMost\": 3}, "
            + "\"goTo\": \"end\"}, {\"goTo\": \"questionChannel\"}] | survey-config.json: questions[0].next[1].if: "
            + "is never taken: every answer it matches is taken first by questions[0].next[0] of questionRecommend",
        // A bound the later branch leaves open is the question's own end (passed the lint until 2026-12-07).
        "branch shadowed once its open bound is the scale's end | {\"atMost\": 6}, \"goTo\": "
            + "\"questionWhatWentWrong\"}, {\"goTo\" | {\"atLeast\": 0, \"atMost\": 6}, \"goTo\": "
            + "\"questionWhatWentWrong\"}, {\"if\": {\"atMost\": 3}, \"goTo\": \"end\"}, {\"goTo\" | "
            + "survey-config.json: questions[0].next[1].if: is never taken: every answer it matches is taken first by "
            + "questions[0].next[0] of questionRecommend",
        "same answer twice | {\"equals\": \"no\"}, \"goTo\": \"end\"}] | {\"equals\": \"no\"}, \"goTo\": \"end\"}, "
            + "{\"if\": {\"equals\": \"no\"}, \"goTo\": \"end\"}] | survey-config.json: questions[5].next[1].if: "
            + "is never taken: every answer it matches is taken first by questions[5].next[0] of questionContactMe",
        "atLeast above atMost | {\"atMost\": 6} | {\"atLeast\": 7, \"atMost\": 6} | "
            + "survey-config.json: questions[0].next[0].if: atLeast 7 is greater than atMost 6: no answer meets it",
        "equals and a range | {\"atMost\": 6} | {\"equals\": 6, \"atMost\": 6} | "
            + "survey-config.json: questions[0].next[0].if: equals cannot be combined with atLeast or atMost",
        "equals neither string nor number | {\"atMost\": 6} | {\"equals\": true} | "
            + "survey-config.json: questions[0].next[0].if.equals: must be a string or a finite number",
        "equals a word on a score | {\"atMost\": 6} | {\"equals\": \"six\"} | "
            + "survey-config.json: questions[0].next[0].if.equals: \"six\" is not a number, and questionRecommend is"
            + " a nps question",
        "bound no number can hold | {\"atMost\": 6} | {\"atMost\": 1e400} | "
            + "survey-config.json: questions[0].next[0].if.atMost: must be a finite number",
        // Written plainly, these are two billion characters: the loader ran out of memory building the message.
        "equals a huge number | {\"atMost\": 6} | {\"equals\": \"1e2000000000\"} | "
            + "survey-config.json: questions[0].next[0].if.equals: 1E+2000000000 is not an answer questionRecommend "
            + "can have (whole numbers from 0 to 10)",
        "equals a tiny number | {\"atMost\": 6} | {\"equals\": \"5e-2000000000\"} | "
            + "survey-config.json: questions[0].next[0].if.equals: 5E-2000000000 is not an answer questionRecommend "
            + "can have (whole numbers from 0 to 10)",
        // A condition on another question's answer: an earlier one's, tested as that question's type.
        "a later question's answer | {\"equals\": \"no\"} | {\"question\": \"questionBestTime\", \"equals\": \"no\"} | "
            + "survey-config.json: questions[5].next[0].if.question: \"questionBestTime\" comes after "
            + "questionContactMe, so it has no answer when questionContactMe's branches are tried; a condition may "
            + "test this question or an earlier one",
        "no such question | {\"equals\": \"no\"} | {\"question\": \"questionNps\", \"atMost\": 6} | "
            + "survey-config.json: questions[5].next[0].if.question: \"questionNps\" in questionContactMe is not a "
            + "question of this survey (the questionName of this question or an earlier one)",
        "an earlier free-words answer | {\"equals\": \"no\"} | {\"question\": \"questionWhatWentWrong\", "
            + "\"equals\": \"no\"} | survey-config.json: questions[5].next[0].if: questionWhatWentWrong is a text "
            + "question, whose answer is free words: only a branch without \"if\" applies",
        "an earlier score out of its range | {\"equals\": \"no\"} | {\"question\": \"questionRecommend\", "
            + "\"atLeast\": 11} | survey-config.json: questions[5].next[0].if.atLeast: 11 is not an answer "
            + "questionRecommend can have (whole numbers from 0 to 10)",
        "a question but no test | {\"equals\": \"no\"} | {\"question\": \"questionRecommend\"} | "
            + "survey-config.json: questions[5].next[0].if: names a question but no test: add {\"equals\": ...}, or "
            + "{\"atLeast\": n} and/or {\"atMost\": n}",
        "a question that is no name | {\"equals\": \"no\"} | {\"question\": 3, \"equals\": \"no\"} | "
            + "survey-config.json: questions[5].next[0].if.question: must be the questionName of this question or "
            + "an earlier one, whose answer the condition tests"})
    void brokenSkipLogicIsRefusedWithItsExactText(String broken, String from, String to, String problem)
            throws IOException {
        assertConfigRefused(from, to, problem);
    }

    /**
     * Two conditions on different questions' answers can each hold without the other: the second is no "never
     * taken" branch, though its range lies inside the first's.
     */
    @Test
    void aConditionOnAnotherQuestionDoesNotShadowOneOnThisQuestion() throws IOException {
        Map<String, String> files = shipped();
        String ease = "{\"questionName\": \"questionEase\", \"questionType\": \"rating\"";
        assertThat(files.get("survey-config.json")).contains(ease);
        files.compute("survey-config.json", (name, text) -> text.replace(ease, ease + ", \"next\": [{\"if\": "
                + "{\"question\": \"questionRecommend\", \"atLeast\": 1}, \"goTo\": \"questionVisits\"}, {\"if\": "
                + "{\"atLeast\": 4}, \"goTo\": \"questionContactMe\"}]"));
        Survey survey = load(files);
        assertThat(survey.question(survey.indexOf("questionEase")).next()).extracting(branch -> branch.when()
                .subject("questionEase")).containsExactly("questionRecommend", "questionEase");
    }

    /** A wrong goTo was reported only once an unrelated question's wrong type was fixed. */
    @Test
    void aWrongGoToIsReportedBesideAnotherQuestionsProblemAndAGoToARefusedQuestionIsNot() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text
                .replace("\"questionType\": \"rating\"", "\"questionType\": \"stars\"")
                .replace("\"goTo\": \"end\"", "\"goTo\": \"questionBestTme\"")
                .replace("{\"goTo\": \"questionChannel\"}", "{\"goTo\": \"questionEase\"}"));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "survey-config.json: questions[3].questionType: unknown question type \"stars\" (expected "
                                + QuestionType.configNames() + ")",
                        "survey-config.json: questions[5].next[0].goTo: \"questionBestTme\" in questionContactMe is "
                                + "not a question of this survey (a questionName, or \"end\"); did you mean "
                                + "questionBestTime?"));
    }

    /** A goTo of "End" is told "end" (no hint until 2026-12-07, a carried gap). */
    @Test
    void aGoToOfEndInCapitalsIsToldEnd() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("\"goTo\": \"end\"", "\"goTo\": \"End\""));
        assertThatThrownBy(() -> load(files)).isInstanceOfSatisfying(SurveyConfigException.class, refused ->
                assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "survey-config.json: questions[5].next[0].goTo: \"End\" in questionContactMe is not a question "
                                + "of this survey (a questionName, or \"end\"); did you mean end?"));
    }

    @Test
    void aBranchOnFreeWordsIsRefused() throws IOException {
        assertConfigRefused("{\"questionName\": \"questionWhatWentWrong\", \"questionType\": \"text\"}",
                "{\"questionName\": \"questionWhatWentWrong\", \"questionType\": \"text\", \"next\": [{\"if\": "
                        + "{\"equals\": \"bad\"}, \"goTo\": \"end\"}]}",
                "survey-config.json: questions[1].next[0].if: questionWhatWentWrong is a text question, whose answer "
                        + "is free words: only a branch without \"if\" applies");
    }

    @Test
    void aBranchOnAnUnknownOptionIsRefused() throws IOException {
        assertConfigRefused("{\"value\": \"phone\", \"key\": \"4\"}]}",
                "{\"value\": \"phone\", \"key\": \"4\"}], \"next\": [{\"if\": {\"equals\": \"fax\"}, \"goTo\": "
                        + "\"end\"}]}",
                "survey-config.json: questions[2].next[0].if.equals: \"fax\" is not an option of questionChannel "
                        + "(website, app, store, phone)");
    }

    @Test
    void anUnreachableQuestionIsRefused() throws IOException {
        // Every answer to the score now goes straight to the channel question: the follow-up is never asked.
        assertConfigRefused(BRANCH, "\"next\": [{\"goTo\": \"questionChannel\"}]",
                "survey-config.json: questions[1]: questionWhatWentWrong is unreachable: nothing leads to it from the "
                        + "first question, by a branch or by going on in order");
    }

    @Test
    void endingAfterAYesLeavesTheLastQuestionUnreachable() throws IOException {
        assertConfigRefused(NO_ENDS, "\"next\": [{\"goTo\": \"end\"}]",
                "survey-config.json: questions[6]: questionBestTime is unreachable: nothing leads to it from the "
                        + "first question, by a branch or by going on in order");
    }

    @Test
    void aChoiceOptionWithoutItsWordsInALanguageIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-fr-CA.env", (name, text) -> text.replaceAll(
                "(?m)^questionChannel\\.store=.*\\R", ""));
        assertRefused(files, "voice-prompts/survey-fr-CA.env: questionChannel.store: missing: the words that name "
                + "option store of questionChannel in fr-CA, the first as shown");
    }

    @Test
    void aWordNamingTwoOptionsIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace(
                "questionChannel.phone=phone,telephone,call,by phone", "questionChannel.phone=phone,app"));
        assertRefused(files, "voice-prompts/survey-en-US.env: questionChannel.phone: \"app\" names both app and "
                + "phone of questionChannel");
    }

    @Test
    void optionsAreForChoiceQuestionsAndNeedUniqueKeys() throws IOException {
        assertConfigRefused("{\"value\": \"phone\", \"key\": \"4\"}", "{\"value\": \"phone\", \"key\": \"3\"}",
                "survey-config.json: questions[2].options[3].key: key 3 is used twice");
        assertConfigRefused("\"questionType\": \"rating\", \"min\": 1, \"max\": 5}",
                "\"questionType\": \"nps\", \"min\": 1, \"max\": 5}",
                "survey-config.json: questions[3]: min and max apply to dtmf, rating and number questions only (nps is "
                        + "always 0 to 10)");
    }

    /**
     * Each word of an option, replied as written, must choose that option: "two" for phone is also app's key in words,
     * and "2" for website chose app, whose key it is; respondents replying either were asked again or recorded
     * otherwise.
     */
    @Test
    void anOptionWordThatDoesNotChooseItsOptionIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace(
                "questionChannel.phone=phone,telephone,call,by phone",
                "questionChannel.phone=phone,telephone,call,by phone,two"));
        assertRefused(files, "voice-prompts/survey-en-US.env: questionChannel.phone: \"two\" does not choose "
                + "phone when a respondent replies it: it is read as naming no option or more than one (it holds "
                + "another option's key or words, or a word that negates it), so the question is asked again; reword "
                + "it (a number that is another option's key, in digits or words, is read as that key)");
        files = shipped();
        files.compute("voice-prompts/survey-es-MX.env", (name, text) -> text.replaceAll(
                "(?m)^(questionChannel\\.website=.*)$", "$1,2"));
        assertRefused(files, "voice-prompts/survey-es-MX.env: questionChannel.website: \"2\" does not choose website "
                + "when a respondent replies it: it chooses app; reword it (a number that is another option's key, in "
                + "digits or words, is read as that key)");
    }

    /**
     * A label holding numbers, one of them another option's key ("2-3 times a week" for app beside store, key 3;
     * "1-800 number" for phone beside website, key 1), was refused as read as naming two options: it loads, and a
     * respondent replying it chooses its option.
     */
    @Test
    void anOptionWordHoldingAnotherOptionsKeyInItsWordsIsAccepted() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("questionChannel.phone=phone,telephone,call,by phone",
                        "questionChannel.phone=phone,telephone,call,by phone,1-800 number")
                .replace("questionChannel.app=app,mobile app,application",
                        "questionChannel.app=app,mobile app,application,2-3 times a week"));

        Survey survey = load(files);

        Question channel = survey.questions().stream().filter(question -> question.name().equals("questionChannel"))
                .findFirst().orElseThrow();
        List<NaturalAnswers.ChoiceLabels> options = channel.options().stream()
                .map(option -> new NaturalAnswers.ChoiceLabels(option.value(), option.key(),
                        survey.language("en-US").labels(channel, option)))
                .toList();
        assertThat(NaturalAnswers.choice("2-3 times a week", "en-US", options)).hasValue("app");
        assertThat(NaturalAnswers.choice("1-800 number", "en-US", options)).hasValue("phone");
    }

    /**
     * answerChoice of 990 Japanese characters and {options} is 2,979 bytes as written, within a Polly voice's 3,000, and
     * loaded; a call says it with questionChannel's options put in ("website (1), app (2), store (3), phone (4)"),
     * 3,012 bytes, and Twilio cut it (warning 13521). The lint measures the longest filled form.
     */
    @Test
    void aPromptOverTheSayLimitOnlyOnceItsPlaceholderIsFilledIsRefused() throws IOException {
        assertRefused(withAnswerChoice("\u3042".repeat(990) + "{options}"), "voice-prompts/survey-en-US.env: "
                + "answerChoice: is 3012 bytes in UTF-8 once filled for "
                + "questionChannel: a call says it in one <Say>, which Twilio limits to 3000 for Polly.Joanna (warning "
                + "13521), so callers would not hear it in full; shorten it");

        Survey loaded = load(withAnswerChoice("\u3042".repeat(986) + "{options}"));
        assertThat(AnswerReader.expected(loaded.language("en-US"), loaded.question(2)).orElseThrow().getBytes(UTF_8))
                .as("filled, 3,000 bytes: loads").hasSize(3000);
    }

    /**
     * answerChoice of 1,570 characters and {options} is 1,579 characters as written, within a text's 1,600, and loaded;
     * a respondent is texted it with questionChannel's options put in ("website (1), app (2), store (3), phone (4)"),
     * 1,612 characters, over one text (Twilio error 21617), so it arrived cut in two. The lint measures the longest
     * filled form, as it does for a call's <Say>.
     */
    @Test
    void aPromptOverTheTextLimitOnlyOnceItsPlaceholderIsFilledIsRefused() throws IOException {
        assertRefused(withAnswerChoice("a".repeat(1570) + "{options}"), "voice-prompts/survey-en-US.env: answerChoice: "
                + "is 1612 characters once filled for questionChannel: Twilio refuses a text over 1600 (error 21617) "
                + "rather than split it, so respondents would get it cut into 2 texts, mid-sentence; shorten it");

        Survey loaded = load(withAnswerChoice("a".repeat(1558) + "{options}"));
        assertThat(AnswerReader.expected(loaded.language("en-US"), loaded.question(2)).orElseThrow())
                .as("filled, 1,600 characters: loads").hasSize(1600);
    }

    /**
     * answerWithKeypad and speechUnclear are only ever said on a call (words heard at a keypad question, or heard
     * unclearly), never texted, yet the lint held them to a text's 1,600 characters and named Twilio error 21617: a
     * line of over 2,000 characters, within a Polly voice's 3,000 bytes, was refused. They are held to the
     * {@code <Say>} limit alone, and refused past it.
     */
    @Test
    void aPromptOnlySaidOnACallIsHeldToTheSayLimitNotToATextsLength() throws IOException {
        String spoken = "Please use the keypad. ".repeat(90).strip();
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("speechUnclear=Sorry, I did not catch that clearly.", "speechUnclear=" + spoken)
                + "answerWithKeypad=" + spoken + "\n");
        assertThat(spoken).hasSize(2069);
        Survey loaded = load(files);
        assertThat(loaded.language("en-US").optionalText(Prompt.ANSWER_WITH_KEYPAD)).hasValue(spoken);
        assertThat(loaded.language("en-US").optionalText(Prompt.SPEECH_UNCLEAR)).hasValue(spoken);

        Map<String, String> overSay = shipped();
        overSay.compute("voice-prompts/survey-en-US.env", (name, text) -> text + "answerWithKeypad=" + "a".repeat(3001)
                + "\n");
        assertRefused(overSay, "voice-prompts/survey-en-US.env: answerWithKeypad: is 3001 bytes in UTF-8: a call says "
                + "it in one <Say>, which Twilio limits to 3000 for Polly.Joanna (warning 13521), so callers would not "
                + "hear it in full; shorten it");
    }

    /** The shipped survey with the English answerChoice prompt written as {@code answerChoice}. */
    private static Map<String, String> withAnswerChoice(String answerChoice) throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace(
                "answerChoice=Sorry, please answer with one of: {options}.", "answerChoice=" + answerChoice));
        return files;
    }

    /**
     * Twilio takes at most 500 speech hints in one <Gather>, each of at most 100 characters (warning 13330), and a
     * choice question's hints are its options' words: a word over 100 characters, or 500 more words, loaded, and the
     * recogniser went without its hints.
     */
    @Test
    void optionWordsOverTwiliosHintLimitsAreRefused() throws IOException {
        Map<String, String> files = shipped();
        String long101 = "telephone call " + "x".repeat(86);
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace(
                "questionChannel.phone=phone,telephone,call,by phone",
                "questionChannel.phone=phone,telephone,call,by phone," + long101));
        assertRefused(files, "voice-prompts/survey-en-US.env: questionChannel.phone: \"telephone call xxxxx...\" is 101 "
                + "characters: it is a speech hint of questionChannel's <Gather>, and Twilio takes hints of at most 100 "
                + "(warning 13330); shorten it");

        // 250 more words for each of two options (a value holds at most 1,600 characters): 515 in all.
        StringBuilder[] many = {new StringBuilder(), new StringBuilder()};
        for (int i = 0; i < 500; i++) {
            many[i % 2].append(",zq").append((char) ('a' + i / 26 / 26 % 26)).append((char) ('a' + i / 26 % 26))
                    .append((char) ('a' + i % 26));
        }
        Map<String, String> crowded = shipped();
        crowded.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("questionChannel.phone=phone,telephone,call,by phone",
                        "questionChannel.phone=phone,telephone,call,by phone" + many[0])
                .replace("questionChannel.store=store,shop,in person",
                        "questionChannel.store=store,shop,in person" + many[1]));
        assertRefused(crowded, "voice-prompts/survey-en-US.env: questionChannel: gives questionChannel's <Gather> 515 "
                + "speech hints, and Twilio takes at most 500 (warning 13330); list fewer words");
    }

    /**
     * One mistyped character in a questionName ("question Channel") gave five problems, four pointing the wrong way:
     * the goTo naming the question as meant was "not a question", and each language file's key was told "did you mean
     * question Channel?", a name no key may have (a survey author's probe, 2026-12-07). The name's own problem is the
     * one reported.
     */
    @Test
    void aQuestionNameRefusedForItsFormIsTheOneProblemReported() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("{\"questionName\": \"questionChannel\"",
                "{\"questionName\": \"question Channel\""));
        assertRefused(files, "survey-config.json: questions[2].questionName: \"question Channel\" must start with an "
                + "ASCII letter (a-z, A-Z) and hold only ASCII letters, digits 0-9 and _, at most 64 characters (it "
                + "is a prompt key)");
    }

    /** A goTo or a condition naming no question is told the name it most likely meant. */
    @Test
    void aMistypedQuestionNameInSkipLogicIsToldTheNameMeant() throws IOException {
        Map<String, String> files = shipped();
        files.compute("survey-config.json", (name, text) -> text.replace("{\"goTo\": \"questionChannel\"}",
                "{\"goTo\": \"questionChanel\"}"));
        assertRefused(files, "survey-config.json: questions[0].next[1].goTo: \"questionChanel\" in questionRecommend "
                + "is not a question of this survey (a questionName, or \"end\"); did you mean questionChannel?");
    }

    /**
     * A yes-or-no question's {@code <Gather>} carries the built-in yes and no ("yes", "no") before the file's
     * {@code yesWords} and {@code noWords}: 499 words of the file passed the lint as within Twilio's 500, and the
     * call's hints were 501 (warning 13330). 498 are within it.
     */
    @Test
    void yesAndNoWordsAreCountedWithTheBuiltInYesAndNoAgainstTwiliosHintLimit() throws IOException {
        assertRefused(withYesAndNoWords(499), "voice-prompts/survey-en-US.env: yesWords: gives a yesNo question's "
                + "<Gather> 501 speech hints, and Twilio takes at most 500 (warning 13330); list fewer words");
        assertThat(load(withYesAndNoWords(498)).languages()).containsKey("en-US");
    }

    /** The shipped files, the English one listing {@code count} made-up words, half as yes and half as no. */
    private static Map<String, String> withYesAndNoWords(int count) throws IOException {
        StringBuilder yes = new StringBuilder("yesWords=");
        StringBuilder no = new StringBuilder("noWords=");
        for (int i = 0; i < count; i++) {
            (i % 2 == 0 ? yes : no).append(i < 2 ? "" : ",").append("zq").append((char) ('a' + i / 26 % 26))
                    .append((char) ('a' + i % 26));
        }
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text + yes + "\n" + no + "\n");
        return files;
    }

    /**
     * The language offer's {@code <Gather>} is hinted with each language's name, whole; Twilio splits hints at commas,
     * so "English, US" hinted "English" and "US" apart and the lint counted it as one hint. A comma in the name is
     * refused: the name is one phrase to the offer.
     */
    @Test
    void aLanguageNameWithACommaIsRefusedAsTwilioWouldSplitItsHint() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace("languageName=English",
                "languageName=English, US"));
        assertRefused(files, "voice-prompts/survey-en-US.env: languageName: \"English, US\" holds a comma: it is a "
                + "speech hint of the language offer's <Gather>, and Twilio splits hints at commas (warning 13330), so "
                + "the recogniser would expect \"English\" and \"US\" apart, not the name callers say; write it "
                + "without a comma");

        Map<String, String> spaced = shipped();
        spaced.compute("voice-prompts/survey-en-US.env", (name, text) -> text.replace("languageName=English",
                "languageName=English US"));
        assertThat(load(spaced).languages()).containsKey("en-US");
    }

    /** "nope" listed as a yes word is also a built-in no: a respondent answering it was asked again. */
    @Test
    void aYesOrNoWordThatDoesNotReadAsItselfIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text + "yesWords=yep, nope\n");
        assertRefused(files, "voice-prompts/survey-en-US.env: yesWords: \"nope\" is not read as yes: it reads as both "
                + "yes and no (the built-in words of en-US or the other list hold it or a word of it), and a "
                + "respondent answering it would be asked again; take it out of yesWords");
    }

    /**
     * A text is read for consent before it is read as an answer, with every language's words: "no" in optOutWords
     * opted out each respondent answering no, "0" each detractor scoring 0, and "tienda" (the Spanish word for store) in
     * the English helpWords got the help text and the question again, so store could never be answered in Spanish.
     */
    @Test
    void anOptOutOrHelpWordThatAnswersAQuestionIsRefused() throws IOException {
        Map<String, String> files = shipped();
        files.compute("voice-prompts/survey-en-US.env", (name, text) -> text
                .replace("optOutWords=stop,unsubscribe,cancel,end,quit", "optOutWords=stop,unsubscribe,no,0")
                .replace("helpWords=help", "helpWords=help,tienda"));
        assertThatThrownBy(() -> load(files)).isInstanceOf(SurveyConfigException.class).hasMessage("""
                survey configuration refused, 3 problems:
                  - voice-prompts/survey-en-US.env: optOutWords: "0" is an answer to questionRecommend (en-US): \
                respondents giving that answer would be opted out instead; take it out of optOutWords
                  - voice-prompts/survey-en-US.env: optOutWords: "no" is an answer to questionContactMe (en-US): \
                respondents giving that answer would be opted out instead; take it out of optOutWords
                  - voice-prompts/survey-en-US.env: helpWords: "tienda" is an answer to questionChannel (es-MX): \
                respondents giving that answer would be texted the help and the question again, and the answer could \
                never be given; take it out of helpWords""");
    }

    /**
     * 20,000 branches on one question, in a survey-config.json the catalog reads (under 1 MiB), took the lint 14 s,
     * comparing each branch with every earlier one, and held up every survey's refresh; they are refused unread.
     */
    @Test
    void aQuestionWithMoreBranchesThanAHundredIsRefused() throws IOException {
        StringBuilder branches = new StringBuilder();
        for (int visits = 0; visits <= 100; visits++) {
            branches.append(visits == 0 ? "" : ", ").append("{\"if\": {\"equals\": ").append(visits)
                    .append("}, \"goTo\": \"questionContactMe\"}");
        }
        assertConfigRefused("\"questionType\": \"number\", \"min\": 0, \"max\": 100}",
                "\"questionType\": \"number\", \"min\": 0, \"max\": 100, \"next\": [" + branches + "]}",
                "survey-config.json: questions[4].next: has 101 branches; a question may have at most 100 (test ranges "
                        + "of answers with atLeast and atMost rather than each value with equals)");
    }
}
