package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.survey.SurveyInput.SmsReceived;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Complete SMS conversations through the processor, asserting the exact texts and results. */
class SmsSurveyTest {

    private static final String SURVEY_CHANGED_LINE = "Sorry, this survey has changed since you began it, so it ends "
            + "here. Thank you for your time.";

    private static final String ENGLISH_WELCOME = """
            Hi, this is a one-minute survey about your recent visit with us.

            Para español, responda ESPAÑOL.
            Pour le français, répondez FRANÇAIS.
            To go on in English, reply CONTINUE.
            Reply STOP to opt out.""";

    private final Survey survey = ShippedSurvey.load();
    private final SurveyProcessor processor = ShippedSurvey.processor();
    private Decision last;

    @BeforeEach
    void start() {
        start("en-US");
    }

    private void start(String language) {
        SurveySession session = SurveySession.begin("sms-1", survey, ShippedSurvey.RESPONDENT, Channel.SMS,
                language, ShippedSurvey.NOW);
        last = processor.process(survey, session, new SurveyInput.Start());
    }

    private List<String> text(String body) {
        last = processor.process(survey, last.session(), new SmsReceived(body, null));
        return last.messages();
    }

    @Test
    void startingTextsTheWelcomeWithEveryOtherLanguageOffer() {
        assertThat(last.messages()).containsExactly(ENGLISH_WELCOME);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_STARTED);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
    }

    /**
     * A reminder found due on one copy of the session is applied to the newest: when the respondent answered in
     * between, that copy changed (here a minute later: the processor's clock is fixed), and the reminder neither goes
     * out nor is used up.
     */
    @Test
    void aReminderJudgedOnAnOlderCopyOfTheSessionIsNotSent() {
        text("Continue");
        SurveySession now = last.session();
        Decision stale = processor.process(survey, now, new SurveyInput.Remind(now.updatedAt().minusSeconds(60)));
        assertThat(stale.messages()).isEmpty();
        assertThat(stale.session()).isEqualTo(now);

        Decision due = processor.process(survey, now, new SurveyInput.Remind(now.updatedAt()));
        assertThat(due.messages()).isNotEmpty();
        assertThat(due.session().remindedAt()).isNotNull();
    }

    @Test
    void completesAnEnglishSurveyAndTextsASummary() {
        assertThat(text("Continue")).containsExactly("""
                Great, let's get started.

                First question.

                From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?""");
        assertThat(text(" 4 ")).containsExactly("""
                Thanks. Next question.

                Which of our products do you use the most?""");
        assertThat(text("The loyalty card")).containsExactly("""
                Thanks. Next question.

                From 1 to 5, how helpful was the person who looked after you?""");
        assertThat(text("5")).containsExactly("""
                Thanks. One last question.

                Is there anything else you would like us to know?""");
        assertThat(text("Open earlier on Sundays, please!")).containsExactly("""
                That's everything. Thank you for your time, goodbye.

                Here is what you told us:
                1. 4
                2. The loyalty card
                3. 5
                4. Open earlier on Sundays, please!""");
        assertThat(last.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.ANSWER_RECORDED, SurveyEventType.SURVEY_COMPLETED);
        assertThat(SurveyJson.write(last.session())).isEqualTo("""
                {
                  "sessionId" : "sms-1",
                  "surveyId" : "customer-satisfaction",
                  "surveyVersion" : "VERSION",
                  "surveyTo" : "+15551234567",
                  "surveyMedium" : "sms",
                  "languageSet" : "en-US",
                  "surveyStatus" : "COMPLETED",
                  "currentState" : "finished",
                  "questionIndex" : 3,
                  "turn" : 4,
                  "invalidAnswers" : 0,
                  "silences" : 0,
                  "surveyStarted" : "2026-11-24T10:15:30Z",
                  "updatedAt" : "2026-11-24T10:15:30Z",
                  "surveyCompleted" : "2026-11-24T10:15:30Z",
                  "surveyEnded" : "2026-11-24T10:15:30Z",
                  "questions" : [ {
                    "questionName" : "questionServiceRate",
                    "questionType" : "dtmf",
                    "answer" : 4,
                    "rawInput" : " 4 ",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionProduct",
                    "questionType" : "speech",
                    "answer" : "The loyalty card",
                    "rawInput" : "The loyalty card",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionAgentRate",
                    "questionType" : "dtmf",
                    "answer" : 5,
                    "rawInput" : "5",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionFeedback",
                    "questionType" : "speech",
                    "answer" : "Open earlier on Sundays, please!",
                    "rawInput" : "Open earlier on Sundays, please!",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  } ]
                }""".replace("VERSION", survey.version()));
    }

    @Test
    void theCompletionEventCarriesEveryAnswer() {
        text("continue");
        text("4");
        text("app");
        text("3");
        text("none");
        SurveyEvent completed = last.events().get(1);
        assertThat(SurveyJson.write(completed)).isEqualTo("""
                {
                  "eventType" : "SURVEY_COMPLETED",
                  "sessionId" : "sms-1",
                  "surveyId" : "customer-satisfaction",
                  "surveyTo" : "+15551234567",
                  "surveyMedium" : "sms",
                  "languageSet" : "en-US",
                  "surveyStatus" : "COMPLETED",
                  "time" : "2026-11-24T10:15:30Z",
                  "answers" : [ {
                    "questionName" : "questionServiceRate",
                    "questionType" : "dtmf",
                    "answer" : 4,
                    "rawInput" : "4",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionProduct",
                    "questionType" : "speech",
                    "answer" : "app",
                    "rawInput" : "app",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionAgentRate",
                    "questionType" : "dtmf",
                    "answer" : 3,
                    "rawInput" : "3",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionFeedback",
                    "questionType" : "speech",
                    "answer" : "none",
                    "rawInput" : "none",
                    "channel" : "sms",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  } ]
                }""");
    }

    static Stream<Arguments> otherLanguages() {
        return Stream.of(
                Arguments.of("es-MX", "SEGUIR", "Muy bien, comencemos.", """
                        Eso es todo. Gracias por su tiempo, adiós.

                        Esto es lo que nos dijo:
                        1. 2
                        2. la app
                        3. 5
                        4. nada"""),
                Arguments.of("fr-CA", "continuer", "Parfait, commençons.", """
                        C'est tout. Merci de votre temps, au revoir.

                        Voici ce que vous nous avez dit :
                        1. 2
                        2. la app
                        3. 5
                        4. nada"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherLanguages")
    void completesASurveyInEachOtherShippedLanguage(String language, String go, String begin, String goodbye) {
        start(language);
        assertThat(text(go).get(0)).startsWith(begin + "\n\n");
        text("2");
        text("la app");
        text("5");
        assertThat(text("nada")).containsExactly(goodbye);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(last.session().languageSet()).isEqualTo(language);
    }

    @Test
    void aSpanishRespondentIsOfferedEnglishAndFrench() {
        start("es-MX");
        assertThat(last.messages()).containsExactly("""
                Hola, esta es una encuesta de un minuto sobre su visita reciente.

                For English, reply ENGLISH.
                Pour le français, répondez FRANÇAIS.
                Para seguir en español, responda SEGUIR.
                Responda STOP para no recibir más encuestas.""");
    }

    @ParameterizedTest
    @CsvSource({"ESPAÑOL, es-MX", "espanol, es-MX", "Español!, es-MX", "spanish please, es-MX",
        "FRANCAIS, fr-CA", "français, fr-CA", "english, en-US", "continue, en-US"})
    void choosesTheLanguageByReplyIgnoringCaseAndAccents(String reply, String expected) {
        text(reply);
        assertThat(last.session().languageSet()).isEqualTo(expected);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
    }

    /**
     * A yes or an OK before the continue word, or standing for it, goes on: until 2026-12-07 "Yes, continue" got the
     * whole welcome again, and after two such replies the survey went silent (a newcomer's probe). Polite words alone,
     * an auto-reply starting with OK, and a yes in another language than the welcome's ("Sí" to an English welcome, a
     * reviewer's probe) agree to nothing.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Yes, continue|en-US", "OK continue|en-US", "Sure, continue please|en-US",
        "ok|en-US", "Yes!|en-US", "Sí, español|es-MX", "oui, français|fr-CA"})
    void anAgreeingWordBeforeTheContinueWordGoesOn(String reply, String expected) {
        text(reply);
        assertThat(last.session().languageSet()).as(reply).isEqualTo(expected);
        assertThat(last.session().currentState()).as(reply).isEqualTo(SessionStep.QUESTION);
    }

    /**
     * Saying at a question that they want out of this survey ends it, thanked once, ABANDONED break-off, the question
     * left unanswered; not an opt-out. Until 2026-12-07 it was asked again until skipped, then the next question came,
     * and STOP, which ends every survey, was the only way out (an analyst's probe).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"I'm done", "no thanks", "I don't want to continue, sorry",
        "Not interested anymore", "ya no quiero seguir", "J'ai fini, merci", "not now", "ok I'm done lol",
        "no, I'm done", "Not now, I'm busy", "that's it, I'm done", "no más", "nope, I'm done",
        "nah, no more questions",
        "I'm done here", "se acabó", "plus de questions", "c'est fini", "I quit", "I want out", "exit",
        "quiero salir", "j'arrête"})
    void sayingTheyAreDoneAtAQuestionEndsTheSurveyWithoutOptingOut(String reply) {
        text("continue");
        assertThat(text(reply)).as(reply).containsExactly("No problem. Thank you for your time. Goodbye.");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("break-off");
        assertThat(last.session().endedAtWelcome()).isNotEqualTo(Boolean.TRUE);
        assertThat(last.session().questions().get(0).answer()).isNull();
        assertThat(last.session().questions().get(0).skipped()).isNotEqualTo(Boolean.TRUE);
        assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "break-off"));
    }

    @Test
    void aWordsQuestionTakesTheSameWordsAsItsAnswer() {
        text("continue");
        text("4");
        text("no thanks");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().questions().get(1).answer()).isEqualTo("no thanks");
        text("I'm done: 3");
        assertThat(last.session().surveyStatus()).as("an answer beside it").isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().questions().get(2).answer()).isEqualTo(3);
    }

    /**
     * At a yes-or-no question, words that end the survey end it ("ya no quiero seguir" was stored as "no": a breaker's
     * probe), while words that only decline are no wish to leave there: "no thanks" is a no, and "not interested",
     * neither yes nor no, is asked again (it ended the survey for a few hours on 2026-12-07, losing the no).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ya no quiero seguir|break-off|", "no more questions|break-off|",
        "no, I'm done|break-off|", "no thanks|STARTED|no", "not interested|STARTED|", "no más|COMPLETED|no",
        "nope, I'm done|break-off|", "ok gotta go|break-off|", "ok later|break-off|", "yes bye|STARTED|yes",
        "I quit|break-off|", "j'arrête|break-off|"})
    void atAYesOrNoQuestionOnlyWordsThatEndTheSurveyLeaveIt(String reply, String outcome, String answer) {
        int index = textedAtTheYesOrNoQuestion(reply);
        if (outcome.equals("break-off")) {
            assertThat(last.session().endReason()).as(reply).isEqualTo("break-off");
        } else {
            assertThat(last.session().surveyStatus()).as(reply).isNotEqualTo(SurveyStatus.ABANDONED);
        }
        assertThat(last.session().questions().get(index).answer()).as(reply).isEqualTo(answer);
    }

    /** Words that end the survey a step later decline the texted welcome (the welcome again until 2026-12-07). */
    @ParameterizedTest
    @CsvSource({"I'm done", "enough!", "ça suffit", "I don't want to continue", "ya terminé", "no more questions",
        "I want out"})
    void wordsThatEndTheSurveyDeclineTheWelcome(String reply) {
        assertThat(text(reply)).as(reply).containsExactly("No problem. Thank you for your time. Goodbye.");
        assertThat(last.session().endReason()).isEqualTo("declined");
    }

    /**
     * A text declining the welcome is thanked once and the survey ends ABANDONED declined, with no welcome again and
     * no reminder; not an opt-out. Until 2026-12-07 "No thanks" got the whole welcome again, then a reminder (a
     * respondent's probe), where a call had just been taught to let such a caller go.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"No thanks", "NOT INTERESTED", "no", "nah", "maybe later",
        "No thank you, I'm not interested", "No thx", "nty", "nah I'm good", "later", "Not interested tho", "👎",
        "❌", "🙅‍♀️", "👎🏿", "🚫"})
    void aTextDecliningTheWelcomeIsThankedOnceAndEndsTheSurvey(String reply) {
        assertThat(text(reply)).as(reply).containsExactly("No problem. Thank you for your time. Goodbye.");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("declined");
        assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "declined"));
    }

    /**
     * A decline or an opt-out in Spanish or French to the English welcome is answered in that language, which the
     * session then keeps (until 2026-12-07 in English, a respondent's probe); "no" alone stays English.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "No gracias|es-MX|No hay problema. Gracias por su tiempo. Adiós.",
        "no me interesa|es-MX|No hay problema. Gracias por su tiempo. Adiós.",
        "non merci|fr-CA|Pas de problème. Merci de votre temps. Au revoir.",
        "pas maintenant, désolé|fr-CA|Pas de problème. Merci de votre temps. Au revoir.",
        "no|en-US|No problem. Thank you for your time. Goodbye.",
        "BAJA|es-MX|", "ne m'écrivez plus|fr-CA|", "stop texting me|en-US|", "Ne me recontactez pas|fr-CA|",
        "Paren los mensajes|es-MX|", "Faux numéro|fr-CA|", "Mauvais numéro|fr-CA|", "No molesten|es-MX|",
        "Número equivocado|es-MX|", "wrong number|en-US|"})
    void aDeclineOrAnOptOutInAnotherLanguageIsAnsweredInIt(String reply, String language, String goodbye) {
        List<String> said = text(reply);
        assertThat(last.session().languageSet()).as(reply).isEqualTo(language);
        if (goodbye != null) {
            assertThat(said).as(reply).containsExactly(goodbye);
        } else {
            assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
            assertThat(said).as(reply).containsExactly(survey.language(language).text(Prompt.OPT_OUT_CONFIRMATION));
        }
    }

    /**
     * "No hablo inglés" at a question got the same English retry until it was skipped (until 2026-12-07, a
     * respondent's probe): it names only the language they do not speak. The survey goes on in the language it is said
     * in, even at a words question, where it is no answer.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"No hablo inglés|es-MX|1", "Je ne parle pas anglais|fr-CA|1",
        "no entiendo inglés, perdón|es-MX|2", "je parle pas anglais|fr-CA|2"})
    void sayingTheyDoNotSpeakTheLanguageSwitchesToTheOneTheySayItIn(String reply, String language, int question) {
        text("continue");
        if (question == 2) {
            text("4");
        }
        text(reply);
        assertThat(last.session().languageSet()).as(reply).isEqualTo(language);
        assertThat(last.session().questionIndex()).as(reply).isEqualTo(question - 1);
        assertThat(last.session().questions().get(question - 1).answer()).as(reply).isNull();
    }

    /**
     * Past the welcome, an opt-out in another of the survey's languages was confirmed in the session's (until
     * 2026-12-07, a respondent's probe: a Spanish speaker could not tell it worked): the confirmation is in theirs, and
     * the session keeps its language, so the answers given stay counted in it.
     */
    @Test
    void anOptOutInAnotherLanguageMidSurveyIsConfirmedInIt() {
        text("continue");
        text("4");
        List<String> said = text("no me escriban más");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(said).containsExactly(survey.language("es-MX").text(Prompt.OPT_OUT_CONFIRMATION));
        assertThat(last.session().languageSet()).isEqualTo("en-US");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"no, what is this?", "No problem", "no worries, continue", "No, do it now",
        "No, take the survey", "no, today"})
    void aNoAmongOtherWordsIsNoDeclineOfTheWelcome(String reply) {
        text(reply);
        assertThat(last.session().surveyStatus()).as(reply).isEqualTo(SurveyStatus.STARTED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"thanks", "please", "OK, I'll call you back later", "go home", "yes but later",
        "ok 911", "123", "9.5", "¿Qué es esto?"})
    void politeWordsAloneOrAnAutoReplyAgreeToNothing(String reply) {
        text(reply);
        assertThat(last.session().currentState()).as(reply).isEqualTo(SessionStep.LANGUAGE_OFFER);
    }

    /**
     * A go-ahead to the texted welcome begins the survey: "ok go", "let's go", a number alone (an answer to the first
     * question before it was asked, which is then asked), and another offered language's own yes or go-ahead, in that
     * language ("Sí", "bueno", "oui", "allez-y" to the English welcome). Until 2026-12-07 each got the welcome again (a
     * respondent's probe); "Sí" to the English welcome had gone on in English before that (a reviewer's probe).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ok go|en-US", "Let's go!|en-US", "go ahead|en-US", "I'm ready|en-US",
        "9|en-US", "10|en-US", "Sí|es-MX", "Sí por favor|es-MX", "bueno|es-MX", "Dale|es-MX", "Oui|fr-CA",
        "Allez-y|fr-CA", "d'accord|fr-CA", "oui merci|fr-CA", "👍|en-US", "👌🏽|en-US", "✅|en-US", "👍 👍|en-US"})
    void aGoAheadToTheWelcomeBeginsTheSurvey(String reply, String expected) {
        text(reply);
        assertThat(last.session().currentState()).as(reply).isEqualTo(SessionStep.QUESTION);
        assertThat(last.session().languageSet()).as(reply).isEqualTo(expected);
        assertThat(last.session().questions().get(0).answer()).as("a number alone is no answer yet").isNull();
    }

    /**
     * A probe (2026-12-05): "I want Spanish" texted to the welcome got the welcome again, counted as a reply it could
     * not read; only a language's word at the start of the text was taken. The one language named among other words is
     * taken, as on a call; two named ("Spanish or French?" chose Spanish), or one negated, get the welcome again.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"I want Spanish|es-MX|QUESTION", "In French please|fr-CA|QUESTION",
        "ok English then|en-US|QUESTION", "can I do it in español?|es-MX|QUESTION",
        "Spanish or French?|en-US|LANGUAGE_OFFER", "I don't speak French|en-US|LANGUAGE_OFFER",
        "who is this?|en-US|LANGUAGE_OFFER",
        // Spanish and French named in the other's words (the welcome again until 2026-12-07, a respondent's probe).
        "Espagnol|es-MX|QUESTION", "castellano|es-MX|QUESTION", "Francés|fr-CA|QUESTION",
        "en francés por favor|fr-CA|QUESTION"})
    void aTextNamingOneLanguageAmongOtherWordsChoosesIt(String reply, String expected, SessionStep step) {
        text(reply);
        assertThat(last.session().languageSet()).isEqualTo(expected);
        assertThat(last.session().currentState()).isEqualTo(step);
    }

    /**
     * A call's language key is no reply word: the welcome offered ESPAÑOL by its word, and a respondent texting "2"
     * (Spanish's key on a call) before the first question means an answer, so the survey begins in English and asks
     * it (until 2026-12-07 they got the welcome again). An offer whose text shows its key ("responda 2 o ESPAÑOL")
     * takes it.
     */
    @Test
    void aLanguagesKeyChoosesItByTextOnlyWhenItsOfferShowsIt() throws java.io.IOException {
        assertThat(text("2")).singleElement().asString().startsWith("Great, let's get started.");
        assertThat(last.session().languageSet()).isEqualTo("en-US");
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
        assertThat(last.session().questions().get(0).answer()).isNull();

        List<ConfigFile> files = new java.util.ArrayList<>();
        for (ConfigFile file : SurveyConfigLoader.readDirectory(java.nio.file.Path.of("config-files"))) {
            String text = new String(file.content(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("languageOfferSMS=Para español, responda ESPAÑOL.",
                            "languageOfferSMS=Para español, responda 2 o ESPAÑOL.");
            files.add(new ConfigFile(file.name(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        Survey showingTheKey = new SurveyConfigLoader().load(files);
        SurveySession session = SurveySession.begin("sms-2", showingTheKey, ShippedSurvey.RESPONDENT, Channel.SMS,
                "en-US", ShippedSurvey.NOW);
        Decision welcomed = processor.process(showingTheKey, session, new SurveyInput.Start());
        assertThat(welcomed.messages().get(0)).contains("Para español, responda 2 o ESPAÑOL.");
        Decision chosen = processor.process(showingTheKey, welcomed.session(), new SmsReceived("2", null));
        assertThat(chosen.session().languageSet()).isEqualTo("es-MX");
        assertThat(chosen.session().currentState()).isEqualTo(SessionStep.QUESTION);
    }

    @Test
    void switchingLanguageBeginsInTheChosenLanguage() {
        assertThat(text("Español")).containsExactly("""
                Muy bien, comencemos.

                Primera pregunta.

                Del 1 al 5, donde 1 es muy insatisfecho y 5 es encantado, ¿qué tan satisfecho está con nuestro servicio?""");
    }

    /**
     * An unknown reply to the welcome is counted in {@code invalidAnswers} (without limit, though the welcome is texted
     * again only {@code maxRetries} times): the results tell a respondent who replied and left from one who never
     * replied.
     */
    @Test
    void anUnknownReplyToTheWelcomeGetsTheWelcomeAgainAndIsCounted() {
        assertThat(text("what is this?")).containsExactly(ENGLISH_WELCOME);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
        assertThat(text("who are you?")).containsExactly(ENGLISH_WELCOME);
        assertThat(last.session().invalidAnswers()).isEqualTo(2);
        text("continue");
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
        assertThat(last.session().invalidAnswers()).as("none yet to the first question").isZero();
    }

    /**
     * The probe's case (2026-12-05): an auto-responder answers every text, and every one of its replies got the whole
     * welcome again (eight replies, eight welcomes, without end). The welcome goes again {@code maxRetries} (2) times;
     * later replies it cannot read are counted and get nothing, while its words still begin the survey.
     */
    @Test
    void theWelcomeIsTextedAgainAtMostMaxRetriesTimes() {
        String autoReply = "I'm driving with Do Not Disturb turned on. I'll see your message when I get where I'm going.";
        assertThat(text(autoReply)).containsExactly(ENGLISH_WELCOME);
        assertThat(text(autoReply)).containsExactly(ENGLISH_WELCOME);
        assertThat(text(autoReply)).isEmpty();
        assertThat(text(autoReply)).isEmpty();
        assertThat(last.events()).isEmpty();
        assertThat(last.session().invalidAnswers()).isEqualTo(4);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
        assertThat(text("continue")).containsExactly("""
                Great, let's get started.

                First question.

                From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?""");
    }

    /**
     * With {@code maxRetries} 0 a texted "Who is this?" at the welcome got no reply at all, where a caller heard the
     * welcome again (a survey author's probe, 2026-12-07): the welcome goes again once, as a picture's reply does.
     */
    @Test
    void withNoRetriesTheWelcomeIsStillTextedAgainOnce() throws java.io.IOException {
        java.util.Map<String, String> files = ShippedSurvey.files("config-files");
        files.compute("survey-config.json", (name, text) -> text.replace("\"maxRetries\": 2", "\"maxRetries\": 0"));
        Survey strict = ShippedSurvey.load(files);
        assertThat(strict.maxRetries()).isZero();
        Decision reply = processor.process(strict, processor.process(strict, SurveySession.begin("sms-1", strict,
                ShippedSurvey.RESPONDENT, Channel.SMS, "en-US", ShippedSurvey.NOW), new SurveyInput.Start()).session(),
                new SmsReceived("Who is this?", null));
        assertThat(reply.messages()).containsExactly(ENGLISH_WELCOME);
        assertThat(processor.process(strict, reply.session(), new SmsReceived("Hello?", null)).messages())
                .as("once").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"seven", "12", "0", "-3", "4.5", "3 or 4", "4 5", "a lot"})
    void anAnswerThatDoesNotFitIsNotRecordedAndTheRespondentReadsWhatIsExpected(String reply) {
        text("continue");
        assertThat(text(reply)).containsExactly("""
                Sorry, that answer doesn't fit. Please answer with a whole number from 1 to 5.

                From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?""");
        assertThat(last.session().questions().get(0).answer()).isNull();
        assertThat(last.session().questionIndex()).isZero();
        assertThat(last.events()).isEmpty();
    }

    /**
     * The probe's case (2026-12): "français" twice to a keypad-type score was two invalid answers, so the next slip
     * skipped the question. The first now switches to French and asks again without counting; the second is French's
     * own name, no answer, counted; the question is still asked after the next slip.
     */
    /**
     * A probe (2026-12-05): "Spanish please" to a score was a wrong answer, counted, as only the bare word switched. A
     * reply naming one other offered language among other words switches as the bare word does; one naming the
     * current language, two languages, or a negated one is a wrong answer as before.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Spanish please|es-MX|0", "can you ask in French?|fr-CA|0",
        "English please|en-US|1", "Spanish or French|en-US|1", "I don't speak French|en-US|1"})
    void aQuestionAnsweredWithALanguageAmongOtherWordsSwitchesToIt(String reply, String language, int counted) {
        text("continue");
        text(reply);
        assertThat(last.session().languageSet()).isEqualTo(language);
        assertThat(last.session().invalidAnswers()).isEqualTo(counted);
        assertThat(last.session().questions().get(0).answer()).isNull();
    }

    @Test
    void anotherLanguagesWordToAKeypadQuestionByTextSwitchesWithoutCountingAnAttempt() {
        text("continue");
        assertThat(text("français")).containsExactly(
                "De 1 à 5, où 1 veut dire très insatisfait et 5 ravi, êtes-vous satisfait de notre service?");
        assertThat(last.session().languageSet()).isEqualTo("fr-CA");
        assertThat(last.session().invalidAnswers()).isZero();
        assertThat(text("français")).first().asString()
                .startsWith("Désolé, cette réponse ne convient pas. Répondez par un nombre entier de 1 à 5.");
        assertThat(text("sept")).first().asString().startsWith("Désolé, cette réponse ne convient pas.");
        assertThat(last.session().questions().get(0).skipped()).isNotEqualTo(Boolean.TRUE);
        assertThat(text("4")).first().asString().endsWith("Lequel de nos produits utilisez-vous le plus?");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
    }

    @Test
    void afterTheRetriesAnInvalidAnswerIsSkippedAndTheSurveyGoesOn() {
        text("continue");
        text("seven");
        text("eight");
        // Told that nothing was recorded: "Thanks. Next question." until 2026-12-06.
        assertThat(text("nine")).containsExactly("""
                We'll skip that one: nothing was recorded for it.

                Which of our products do you use the most?""");
        assertThat(last.session().questions().get(0)).isEqualTo(new QuestionResult("questionServiceRate",
                QuestionType.DTMF, null, null, "nine", null, Channel.SMS, ShippedSurvey.NOW, true, null));
        assertThat(text("5")).as("a digit is a fine answer to a words question").first().asString()
                .startsWith("Thanks. Next question.");
        assertThat(last.session().questions().get(1).answer()).isEqualTo("5");
    }

    /**
     * A probe (2026-12-05): "?" texted to a words question was recorded as its answer and the next question followed.
     * Punctuation alone is no answer: the respondent is asked for words, and an attempt counts; an emoticon or an emoji
     * is an answer.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"?", "??", "...", "¿?", "-", "…", "\"\"", "*", "? !"})
    void punctuationAloneToAWordsQuestionAsksForWords(String reply) {
        text("continue");
        text("3");
        assertThat(text(reply)).containsExactly("""
                Sorry, we didn't get an answer. Please answer in a few words.

                Which of our products do you use the most?""");
        assertThat(last.session().questions().get(1).answer()).isNull();
        assertThat(last.session().invalidAnswers()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {":)", ":-(", "😡", "n/a", "¯\\_(ツ)_/¯", "?!? the app"})
    void anEmoticonOrAWordToAWordsQuestionIsItsAnswer(String reply) {
        text("continue");
        text("3");
        text(reply);
        assertThat(last.session().questions().get(1).answer()).isEqualTo(reply);
    }

    @Test
    void aBlankReplyToAWordsQuestionAsksForWords() {
        text("continue");
        text("3");
        assertThat(text("   ")).containsExactly("""
                Sorry, we didn't get an answer. Please answer in a few words.

                Which of our products do you use the most?""");
    }

    private List<String> picture(String body, Channel channel) {
        last = processor.process(survey, last.session(), new SmsReceived(body, null, channel, 1));
        return last.messages();
    }

    /**
     * A probe (2026-12-05): a picture sent as the answer (an MMS with {@code NumMedia} 1 and an empty {@code Body}) was
     * read as an empty answer: it used up a retry and got the range line. It is told that the survey reads text only
     * and asked the same question again, with nothing stored and no retry used; a third retry's worth of pictures still
     * leaves the question open.
     */
    @Test
    void aPictureWithoutWordsIsNoAnswerAndIsToldTheSurveyReadsText() {
        text("continue");
        assertThat(picture("", Channel.SMS)).containsExactly("""
                Sorry, this survey can only read text, not pictures or voice messages. Please type your reply.

                From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?""");
        assertThat(last.session().invalidAnswers()).isZero();
        assertThat(last.session().questions().get(0)).isEqualTo(QuestionResult.unanswered(survey.question(0)));
        assertThat(last.events()).isEmpty();
        text("seven");
        text("eight");
        assertThat(picture("\u200B", Channel.SMS)).as("two wrong answers, then a picture: not skipped").first().asString()
                .startsWith("Sorry, this survey can only read text");
        assertThat(last.session().questions().get(0).skipped()).isNull();
        assertThat(text("4")).first().asString().startsWith("Thanks. Next question.");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
    }

    /** A picture with words is read by its words, as any text. */
    @Test
    void aPictureWithWordsIsReadByItsWords() {
        text("continue");
        assertThat(picture("4", Channel.SMS)).first().asString().startsWith("Thanks. Next question.");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
    }

    /**
     * At the welcome, a picture gets the line and the welcome again, in the respondent's language, without counting as
     * a reply the welcome could not read; only the first {@code maxRetries} (2) such texts at a step are answered, so a
     * phone answering every text with a picture cannot start a loop.
     */
    @Test
    void picturesAtTheWelcomeAreAnsweredAtMostMaxRetriesTimes() {
        start("es-MX");
        String welcome = String.join("\n\n", last.messages());
        List<String> told = List.of("Lo sentimos, esta encuesta solo puede leer texto, no fotos ni mensajes de voz. "
                + "Por favor, escriba su respuesta.\n\n" + welcome);
        assertThat(picture(" ", Channel.SMS)).isEqualTo(told);
        assertThat(picture("", Channel.SMS)).isEqualTo(told);
        assertThat(picture("", Channel.SMS)).isEmpty();
        assertThat(last.events()).isEmpty();
        assertThat(last.session().invalidAnswers()).isZero();
        assertThat(last.session().silences()).isEqualTo(3);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
        assertThat(text("seguir")).first().asString().startsWith("Muy bien, comencemos.");
        assertThat(last.session().silences()).as("counted afresh at each question").isZero();
    }

    @Test
    void stopEndsTheSurveyAsOptedOutAndNothingIsTextedAgain() {
        text("continue");
        text("4");
        assertThat(text("STOP")).isEmpty();
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().endReason()).isEqualTo("opt-out");
        assertThat(last.session().questions().get(0).answer()).as("answers so far are kept").isEqualTo(4);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(text("START")).isEmpty();
        assertThat(text("the app")).isEmpty();
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
    }

    @ParameterizedTest
    @CsvSource({"stop", "Unsubscribe", " quit "})
    void everyOptOutKeywordOptsOutAndTwilioConfirmsIt(String keyword) {
        text(keyword);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.messages()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Stop.", "STOP!!!", "Ｓｔｏｐ"})
    void aKeywordTwilioWouldNotMatchExactlyOptsOutWithOurConfirmation(String keyword) {
        text(keyword);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.messages()).containsExactly("Understood: you will get no more surveys from us. Goodbye.");
    }

    /** In the words' language since 2026-12-07 ({@link #anOptOutInAnotherLanguageMidSurveyIsConfirmedInIt}). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Stop please|en-US", "please stop texting me|en-US", "ARRÊT|fr-CA",
        "no me escriban más|es-MX", "Leave me alone!|en-US"})
    void anOptOutInWordsMidSurveyEndsItWithOneConfirmation(String reply, String confirmedIn) {
        text("continue");
        text("4");
        List<String> confirmation = text(reply);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().questions().get(1).answer()).as("not taken as the answer").isNull();
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        boolean twilioKeyword = reply.equals("ARRÊT") ? false : Replies.isTwilioKeyword(Replies.normalise(reply));
        assertThat(confirmation).isEqualTo(twilioKeyword ? List.of()
                : List.of(survey.language(confirmedIn).text(Prompt.OPT_OUT_CONFIRMATION)));
    }

    @Test
    void anAnswerThatMerelyContainsAnOptOutWordIsRecorded() {
        text("continue");
        text("4");
        assertThat(text("I'd stop by again")).containsExactly("""
                Thanks. Next question.

                From 1 to 5, how helpful was the person who looked after you?""");
        assertThat(last.session().questions().get(1).answer()).isEqualTo("I'd stop by again");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
    }

    @Test
    void aFrenchRespondentOptsOutInFrenchAndIsConfirmedInFrench() {
        text("français");
        assertThat(text("Ne m'écrivez plus, merci")).containsExactly(
                "C'est noté : vous ne recevrez plus de sondages de notre part. Au revoir.");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
    }

    @Test
    void twiliosOptOutTypeIsTrustedOverTheWording() {
        text("continue");
        last = processor.process(survey, last.session(), new SmsReceived("arrêt", "STOP"));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
    }

    @Test
    void helpRepeatsTheCurrentQuestionWithoutCountingAnAttempt() {
        text("continue");
        assertThat(text("HELP")).containsExactly(
                "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?");
        assertThat(last.session().invalidAnswers()).isZero();
    }

    /**
     * Twilio answers an SMS "HELP" itself (a long code's default, or Advanced Opt-Out); a help phrase, or HELP on
     * WhatsApp, it does not: the language's helpReply comes first then (CTIA Messaging Principles).
     */
    @Test
    void aHelpTwilioDoesNotAnswerGetsTheHelpReplyBeforeTheQuestion() {
        String question = "From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our "
                + "service?";
        String help = "Survey Relay demo: a short customer survey. Msg & data rates may apply. Reply STOP to opt out. "
                + "Help: support@example.com";
        text("continue");
        assertThat(text("help please")).containsExactly(help + "\n\n" + question);
        last = processor.process(survey, last.session(), new SmsReceived("HELP", "HELP"));
        assertThat(last.messages()).as("Advanced Opt-Out answered it").containsExactly(question);
        assertThat(last.session().invalidAnswers()).isZero();
    }

    /**
     * At the welcome, before the respondent has chosen a language, AYUDA (a help word of the survey's Spanish only)
     * gets the Spanish helpReply, and "help please" the English one; the welcome follows. Until 2026-12-06 AYUDA got
     * the English helpReply (a newcomer's probe).
     */
    @Test
    void aHelpWordAtTheWelcomeIsAnsweredInItsOwnLanguage() {
        assertThat(text("AYUDA")).first().asString().startsWith("Demo de Survey Relay: una breve encuesta de clientes."
                + " Pueden aplicarse tarifas de mensajes y datos.");
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
        assertThat(text("aide svp")).first().asString().startsWith("Démo Survey Relay : un court sondage client.");
        assertThat(text("help please")).first().asString().startsWith("Survey Relay demo: a short customer survey.");
    }

    /**
     * The version a session started on is gone (its copy removed by a lifecycle rule) and the current one asks other
     * questions: every text was a 500 (an IndexOutOfBoundsException) and the number stayed held for a day.
     */
    @Test
    void aSessionWhoseSurveyNowAsksOtherQuestionsEndsAbandoned() throws Exception {
        text("continue");
        Survey other = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(
                java.nio.file.Path.of("config-files/surveys/quarterly-nps")));
        last = processor.process(other, last.session(), new SmsReceived("4", null));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);
        assertThat(last.messages()).containsExactly(SURVEY_CHANGED_LINE);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_ABANDONED);
        assertThat(com.surveyrelay.events.SurveyEventSchema.violations(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(SurveyJson.write(last.events().get(0).numbered(2))))).isEmpty();
        assertThat(SurveyProcessor.fits(survey, last.session())).as("its own version").isTrue();
    }

    /**
     * A session whose version is gone, where the current version keeps the question names but asks one as another
     * type (questionEase, a 1 to 5 rating, now a number), went on: the reply to the open question was recorded, and
     * questionEase would have taken a number where the session's results say rating. It ends survey-changed.
     */
    @Test
    void aSessionWhoseQuestionsNowHaveOtherTypesEndsSurveyChanged() throws Exception {
        Survey nps = ShippedSurvey.quarterlyNps();
        List<ConfigFile> files = SurveyConfigLoader.readDirectory(java.nio.file.Path.of(
                "config-files/surveys/quarterly-nps")).stream()
                .map(file -> !file.name().equals("survey-config.json") ? file : new ConfigFile(file.name(),
                        new String(file.content(), java.nio.charset.StandardCharsets.UTF_8).replace(
                                "\"questionEase\", \"questionType\": \"rating\"",
                                "\"questionEase\", \"questionType\": \"number\"")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
        Survey changed = new SurveyConfigLoader().load(files);
        assertThat(changed.questions()).extracting(Question::name)
                .isEqualTo(nps.questions().stream().map(Question::name).toList());
        SurveySession session = SurveySession.begin("sms-2", nps, ShippedSurvey.RESPONDENT, Channel.SMS, "en-US",
                ShippedSurvey.NOW);
        last = processor.process(nps, session, new SurveyInput.Start());
        last = processor.process(nps, last.session(), new SmsReceived("continue", null));
        last = processor.process(nps, last.session(), new SmsReceived("9", null));

        last = processor.process(changed, last.session(), new SmsReceived("2", null));

        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);
        assertThat(last.session().questions()).extracting(QuestionResult::answer).containsOnly(9, null);
        assertThat(SurveyProcessor.fits(nps, last.session())).as("its own version").isTrue();
    }

    /**
     * The quarterly NPS survey with its files edited: {@code config} applied to survey-config.json, {@code prompts} to
     * each language file, as a new version replacing the one a session's copy was of.
     */
    private static Survey npsEdited(java.util.function.UnaryOperator<String> config,
            java.util.function.UnaryOperator<String> prompts) throws Exception {
        return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(java.nio.file.Path.of(
                "config-files/surveys/quarterly-nps")).stream()
                .map(file -> new ConfigFile(file.name(), (file.name().equals("survey-config.json") ? config : prompts)
                        .apply(new String(file.content(), java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList());
    }

    /** An SMS session on the quarterly NPS survey that answered 9, store (key 3 of 4) and 5 of 5; questionVisits open. */
    private SurveySession npsAnsweredToVisits() {
        Survey nps = ShippedSurvey.quarterlyNps();
        SurveySession session = SurveySession.begin("sms-3", nps, ShippedSurvey.RESPONDENT, Channel.SMS, "en-US",
                ShippedSurvey.NOW);
        last = processor.process(nps, session, new SurveyInput.Start());
        for (String reply : List.of("continue", "9", "3", "5")) {
            last = processor.process(nps, last.session(), new SmsReceived(reply, null));
        }
        assertThat(last.session().questions()).extracting(QuestionResult::answer)
                .containsExactly(9, null, "store", 5, null, null, null);
        return last.session();
    }

    /**
     * A session whose version is gone went on against a current version that kept every question's name and type but
     * could not hold an answer it stored: questionChannel without the option "store" it had answered, questionEase
     * on a scale to 4 with its 5 stored. It completed with answers the current version does not offer; it ends
     * survey-changed, told so.
     */
    @Test
    void aSessionWhoseStoredAnswerTheCurrentQuestionCannotHoldEndsSurveyChanged() throws Exception {
        SurveySession open = npsAnsweredToVisits();
        Survey withoutStore = npsEdited(config -> config.replace("{\"value\": \"store\", \"key\": \"3\"},", "")
                .replace("{\"value\": \"phone\", \"key\": \"4\"}", "{\"value\": \"phone\", \"key\": \"3\"}"),
                prompts -> prompts.replaceAll("(?m)^questionChannel\\.store=.*$", ""));
        Survey easeToFour = npsEdited(config -> config.replace("\"rating\", \"min\": 1, \"max\": 5",
                "\"rating\", \"min\": 1, \"max\": 4"), prompts -> prompts);
        assertThat(withoutStore.questions().get(2).options()).hasSize(3);
        assertThat(easeToFour.questions().get(3).highest()).isEqualTo(4);

        for (Survey current : List.of(withoutStore, easeToFour)) {
            last = processor.process(current, open, new SmsReceived("12", null));
            assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
            assertThat(last.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);
            assertThat(last.session().questions().get(4).answer()).as("the reply not recorded").isNull();
            assertThat(last.messages()).containsExactly(SURVEY_CHANGED_LINE);
        }
    }

    /**
     * What leaves every stored answer valid goes on: an option added, a scale widened, other wording. The reply to the
     * open question is recorded as ever.
     */
    @Test
    void aSessionWhoseStoredAnswersTheCurrentQuestionsStillHoldGoesOn() throws Exception {
        SurveySession open = npsAnsweredToVisits();
        Survey wider = npsEdited(config -> config.replace("{\"value\": \"phone\", \"key\": \"4\"}",
                "{\"value\": \"phone\", \"key\": \"4\"}, {\"value\": \"email\", \"key\": \"5\"}")
                .replace("\"rating\", \"min\": 1, \"max\": 5", "\"rating\", \"min\": 1, \"max\": 10"),
                prompts -> prompts.replaceAll("(?m)^(questionChannel\\.store=.*)$", "$1\nquestionChannel.email=email")
                        .replace("From 1 to 5, how easy", "From 1 to 10, how easy"));
        assertThat(wider.version()).isNotEqualTo(ShippedSurvey.quarterlyNps().version());

        last = processor.process(wider, open, new SmsReceived("12", null));

        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().questions().get(4).answer()).isEqualTo(12);
    }

    /**
     * A session ended survey-changed on SMS got no text, and its respondent waited for a question that never came:
     * the surveyChanged line comes, once, in the session's language (the file's, else the built-in one), and for a
     * reminder too; the ended session takes no more steps.
     */
    @Test
    void aSessionEndedSurveyChangedIsToldSoOnceInItsLanguage() throws Exception {
        Survey other = ShippedSurvey.quarterlyNps();
        start("es-MX");
        text("seguir");
        SurveySession open = last.session();

        last = processor.process(other, open, new SmsReceived("4", null));
        assertThat(last.messages()).containsExactly("Lo sentimos, esta encuesta ha cambiado desde que la empezó, así "
                + "que termina aquí. Gracias por su tiempo.");
        SurveySession ended = last.session();
        assertThat(processor.process(other, ended, new SmsReceived("4", null)).messages()).as("ended: no second")
                .isEmpty();

        Decision reminded = processor.process(other, open, new SurveyInput.Remind(open.updatedAt()));
        assertThat(reminded.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);
        assertThat(reminded.messages()).hasSize(1);

        List<ConfigFile> own = SurveyConfigLoader.readDirectory(java.nio.file.Path.of(
                "config-files/surveys/quarterly-nps")).stream()
                .map(file -> !file.name().endsWith("survey-es-MX.env") ? file : new ConfigFile(file.name(),
                        (new String(file.content(), java.nio.charset.StandardCharsets.UTF_8)
                                + "\nsurveyChanged=La encuesta cambió; la cerramos aquí.\n")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
        assertThat(processor.process(new SurveyConfigLoader().load(own), open, new SmsReceived("4", null))
                .messages()).containsExactly("La encuesta cambió; la cerramos aquí.");
    }

    /** An opt-out to such a session ended it ABANDONED, unconfirmed, with no Survey Opted Out. */
    @Test
    void anOptOutToASessionWhoseSurveyChangedEndsItOptedOut() throws Exception {
        text("continue");
        Survey other = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(
                java.nio.file.Path.of("config-files/surveys/quarterly-nps")));
        last = processor.process(other, last.session(), new SmsReceived("please stop texting me", null));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.messages()).containsExactly("Understood: you will get no more surveys from us. Goodbye.");
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /** A help phrase to a finished survey got "You have already answered this survey": the help text instead. */
    @Test
    void aHelpToAFinishedSurveyGetsTheHelpTextAlone() {
        for (String answer : List.of("continue", "4", "app", "3", "none")) {
            text(answer);
        }
        assertThat(text("help please")).containsExactly("Survey Relay demo: a short customer survey. Msg & data rates "
                + "may apply. Reply STOP to opt out. Help: support@example.com");
        assertThat(text("HELP")).as("Twilio answers a bare HELP on SMS").isEmpty();
    }

    @Test
    void aRespondentWhoCompletedAndTextsAgainIsToldSo() {
        text("continue");
        text("4");
        text("app");
        text("3");
        text("none");
        SurveySession completed = last.session();
        assertThat(text("hello again")).containsExactly("You have already answered this survey. Thank you again.");
        assertThat(last.session().closedNoticeAt()).as("noted, so it is said once").isNotNull();
        assertThat(last.session().questions()).isEqualTo(completed.questions());
        assertThat(last.events()).isEmpty();
    }

    /**
     * An auto-responder ("I'm driving, I'll text you later") answered every "already answered" with another text, and
     * the two would have texted each other for ever: a completed survey says so once, then keeps its silence.
     */
    @Test
    void aCompletedSurveySaysSoOnceToAnAutoResponder() {
        for (String answer : List.of("continue", "4", "app", "3", "none")) {
            text(answer);
        }
        assertThat(text("I'm driving with Do Not Disturb on. I'll see your message when I get where I'm going."))
                .containsExactly("You have already answered this survey. Thank you again.");
        SurveySession noted = last.session();
        for (int i = 0; i < 3; i++) {
            assertThat(text("I'm driving with Do Not Disturb on. I'll see your message when I get where I'm going."))
                    .isEmpty();
            assertThat(last.session()).isEqualTo(noted);
        }
        assertThat(text("help please")).as("help is still answered").isNotEmpty();
    }

    /**
     * Twilio confirms an SMS START itself: a completed survey's respondent got that confirmation and then "You have
     * already answered this survey" from us. A START Twilio does not match (a phrase) still gets it.
     */
    @Test
    void aStartToACompletedSurveyIsLeftToTwilio() {
        for (String answer : List.of("continue", "4", "app", "3", "none")) {
            text(answer);
        }
        SurveySession completed = last.session();
        assertThat(text("START")).isEmpty();
        assertThat(text(" unstop ")).isEmpty();
        assertThat(last.session()).isEqualTo(completed);
        assertThat(last.events()).isEmpty();
        assertThat(processor.process(survey, completed, new SmsReceived("Start", "START")).messages()).isEmpty();
        assertThat(text("start please")).containsExactly("You have already answered this survey. Thank you again.");
    }

    @Test
    void aCompletedRespondentWhoOptsOutIsAnnouncedButKeepsTheResult() {
        text("continue");
        text("4");
        text("app");
        text("3");
        text("none");
        assertThat(text("STOP")).isEmpty();
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /**
     * Each STOP is a new text (a new MessageSid), so each reaches the session: only the first after the end publishes,
     * as the enterprise has learnt of the opt-out once and Twilio's START in between is never seen here.
     */
    @Test
    void aCompletedRespondentWhoOptsOutAgainIsAnnouncedOnce() {
        for (String answer : List.of("continue", "4", "app", "3", "none")) {
            text(answer);
        }
        text("STOP");
        java.time.Instant first = last.session().optedOutAfterEnd();
        assertThat(first).as("the first opt-out after the end is noted").isNotNull();
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);

        assertThat(text("STOP")).isEmpty();
        assertThat(last.events()).as("a second STOP").isEmpty();
        assertThat(text("please stop texting me")).as("a phrase is still confirmed")
                .containsExactly("Understood: you will get no more surveys from us. Goodbye.");
        assertThat(last.events()).as("an opt-out phrase after it").isEmpty();
        assertThat(last.session().optedOutAfterEnd()).isEqualTo(first);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
    }

    /** A session that ended OPTED_OUT published its opt-out then: a STOP to it later publishes nothing. */
    @Test
    void aStopToASessionThatEndedOptedOutPublishesNothingMore() {
        text("continue");
        text("STOP");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        text("STOP");
        assertThat(last.events()).isEmpty();
        assertThat(last.session().optedOutAfterEnd()).as("its own end says it").isNull();
    }

    @Test
    void aVoiceInputForAnSmsSessionIsRefused() {
        assertThatThrownBy(() -> processor.process(survey, last.session(),
                new SurveyInput.VoiceInput(0, "1", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session sms-1 runs on sms, not voice");
    }

    @Test
    void theStoredResultReadsBackIdentically() {
        text("continue");
        text("4");
        text("app");
        SurveySession session = last.session();
        assertThat(SurveyJson.readSession(SurveyJson.write(session))).isEqualTo(session);
    }

    @Test
    void aSessionEndedFromOutsideRecordsWhyAndSaysNothing() {
        text("continue");
        last = processor.process(survey, last.session(), new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
        assertThat(last.messages()).isEmpty();
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("expired");
        assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "expired"));
        Decision again = processor.process(survey, last.session(),
                new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "recipient-opted-out"));
        assertThat(again.session()).isEqualTo(last.session());
        assertThat(again.events()).isEmpty();
    }

    @Test
    void aStartThatTwilioRecognisedIsNotRecordedAsAnAnswer() {
        assertThat(text("START")).as("at the welcome, asked again: the respondent wants to begin").isNotEmpty();
        assertThat(text("UNSTOP")).isNotEmpty();
        // No reply the welcome could not read (until 2026-12-07 counted so: a drop-off, not no response, in results).
        assertThat(last.session().invalidAnswers()).isZero();
        text("continue");
        text("4");
        last = processor.process(survey, last.session(), new SmsReceived("Start", "START"));
        assertThat(last.messages()).isEmpty();
        assertThat(last.session().questions().get(1).answer()).isNull();
        // Without OptOutType a bare START or UNSTOP is still Twilio's keyword, which Twilio answers: until 2026-12-06
        // it was taken as the answer here (a free-text question), and as a wrong one at a choice.
        assertThat(text("start")).isEmpty();
        assertThat(text("UNSTOP")).isEmpty();
        assertThat(last.session().questions().get(1).answer()).isNull();
        // An opt-in Twilio does not match asks for nothing: the question again, no retry spent, no answer.
        int retries = last.session().invalidAnswers();
        assertThat(text("Start please")).containsExactly("Which of our products do you use the most?");
        assertThat(text("comenzar")).containsExactly("Which of our products do you use the most?");
        assertThat(last.session().invalidAnswers()).isEqualTo(retries);
        assertThat(last.session().questions().get(1).answer()).isNull();
        assertThat(text("start using the app").get(0)).as("words around it: an answer").startsWith("Thanks.");
    }

    @Test
    void theClosingTextFitsTwiliosLimitAfterLongFreeTextAnswers() {
        String longAnswer = "The app keeps logging me out and I have to type my password again. ".repeat(12).strip();
        text("continue");
        text("4");
        text(longAnswer);
        text("5");
        List<String> closing = text(longAnswer);
        assertThat(closing).allSatisfy(message -> assertThat(message).hasSizeLessThanOrEqualTo(1600));
        // Each answer repeated up to 160 characters, the last one an ellipsis.
        String shortened = longAnswer.substring(0, 159).stripTrailing() + "…";
        assertThat(String.join("\n\n", closing)).startsWith("That's everything. Thank you for your time, goodbye.")
                .contains("2. " + shortened + "\n3. 5\n4. " + shortened);
        assertThat(last.session().questions().get(3).answer()).as("the result keeps the whole answer")
                .isEqualTo(longAnswer);
    }

    /** A cut between an emoji's two halves left a lone surrogate, which strict UTF-8 readers refuse. */
    @Test
    void aLongBodyIsCutBetweenCharactersNotInsideOne() {
        text("continue");
        text("4");
        text("x".repeat(SmsTexts.MAX_CHARACTERS - 1) + "😀" + "y");
        assertThat(last.session().questions().get(1).answer()).isEqualTo("x".repeat(SmsTexts.MAX_CHARACTERS - 1));
    }

    /**
     * Probe 2026-12-05: a cut at 1,600 characters between a letter and its combining accent kept the letter, and the
     * accent was lost; a cut inside a flag kept one regional indicator (an "F" in a box). The cut now falls before the
     * whole character, and the input is still marked cut.
     */
    @Test
    void aLongBodyIsCutBeforeALetterWithItsAccentOrAFlagNotInsideThem() {
        text("continue");
        text("4");
        String before = "x".repeat(SmsTexts.MAX_CHARACTERS - 1);
        text(before + "e\u0301" + "y");
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.rawInput()).isEqualTo(before);
        assertThat(kept.answer()).isEqualTo(before);
        assertThat(kept.rawInputTruncated()).isTrue();
        text("5");
        String flags = "\uD83C\uDDEB\uD83C\uDDF7".repeat(SmsTexts.MAX_CHARACTERS / 4);
        text("x" + flags);
        kept = last.session().questions().get(3);
        assertThat(kept.rawInput()).isEqualTo("x" + flags.substring(0, flags.length() - 4));
        assertThat(kept.rawInputTruncated()).isTrue();
    }

    /** WhatsApp's bound, 4,096 characters, where every text is cut when read, keeps a letter with its accent too. */
    @Test
    void aWhatsAppBodyIsCutBeforeALetterWithItsAccent() {
        SurveySession session = SurveySession.begin("wa-1", survey, ShippedSurvey.RESPONDENT, Channel.WHATSAPP,
                "en-US", ShippedSurvey.NOW);
        last = processor.process(survey, session, new SurveyInput.Start());
        last = processor.process(survey, last.session(), new SmsReceived("continue", null, Channel.WHATSAPP));
        last = processor.process(survey, last.session(), new SmsReceived("4", null, Channel.WHATSAPP));
        String before = "x".repeat(SurveyInput.MAX_TEXT - 1);
        last = processor.process(survey, last.session(), new SmsReceived(before + "e\u0301", null, Channel.WHATSAPP));
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.rawInput()).isEqualTo(before);
        assertThat(kept.answer()).isEqualTo(before);
    }

    /**
     * Twilio sends at most 1,600 characters of SMS (its concatenated-message limit): a longer body (a probe sent
     * 20,000; 4,096 were kept, unmarked) keeps 1,600, in the answer and in rawInput, and says it was cut.
     */
    @Test
    void aBodyLongerThanAnSmsHoldsIsKeptToTheSmsLimitAndMarkedTruncated() {
        text("continue");
        text("4");
        text("x".repeat(20_000));
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.answer()).isEqualTo("x".repeat(SmsTexts.MAX_CHARACTERS));
        assertThat(kept.rawInput()).isEqualTo("x".repeat(SmsTexts.MAX_CHARACTERS));
        assertThat(kept.rawInputTruncated()).isTrue();
        assertThat(last.events().get(0).answer()).as("the event carries the mark").isEqualTo(kept);
        text("x".repeat(SmsTexts.MAX_CHARACTERS));
        assertThat(last.session().questions().get(2).rawInputTruncated()).as("a body of the limit is whole").isNull();
    }

    /**
     * Probe 2026-12-05: rawInput kept a NUL, an escape sequence and a C1 control (U+009B, a terminal's CSI) as texted,
     * where the answer had none. Both keep what the respondent typed without them; a line break and a tab stay.
     */
    @Test
    void rawInputKeepsNoControlCharactersButLineBreaksAndTabs() {
        text("continue");
        text("4");
        text("The\u0000 app\u001b[31m\u009b\u007f\tmostly\r\n");
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.rawInput()).isEqualTo("The app[31m\tmostly\r\n");
        assertThat(kept.answer()).isEqualTo("The app[31m\tmostly");
        assertThat(kept.rawInputTruncated()).isNull();
    }

    /**
     * Probe 2026-12-05: a right-to-left override (U+202E) or an isolate kept in an answer reordered the text after it
     * in the export and the summary texted back. They go; the marks right-to-left writers type (U+200F) stay.
     */
    @Test
    void anAnswerKeepsNoDirectionOverridesButTheMarks() {
        text("continue");
        text("4");
        text("good\u202Egnp.exe \u2067\u05E9\u05DC\u05D5\u05DD\u2069\u200F!");
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.rawInput()).isEqualTo("goodgnp.exe \u05E9\u05DC\u05D5\u05DD\u200F!");
        assertThat(kept.answer()).isEqualTo(kept.rawInput());
    }

    /** Ends the session in progress as the outbox sweep ends one nobody answered within SMS_CONVERSATION_TIMEOUT. */
    private void expire() {
        last = processor.process(survey, last.session(), new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
    }

    /** Before, a late answer to an expired survey got silence; now one notice, and the session notes it. */
    @Test
    void aLateAnswerToAnExpiredSurveyIsToldOnceThatItClosed() {
        text("continue");
        expire();

        assertThat(text("4")).containsExactly("Sorry, this survey has closed. Thank you for your time.");
        assertThat(last.session().closedNoticeAt()).isEqualTo(ShippedSurvey.NOW);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("expired");
        assertThat(last.session().questions().get(0).answer()).as("not taken as an answer").isNull();
        assertThat(last.events()).isEmpty();
        assertThat(SurveyJson.readSession(SurveyJson.write(last.session()))).isEqualTo(last.session());

        SurveySession noted = last.session();
        assertThat(text("4")).as("a second late text, so an auto-responder cannot loop").isEmpty();
        assertThat(last.session()).isEqualTo(noted);
    }

    @Test
    void aLateAnswerIsToldInTheSessionsLanguage() {
        text("español");
        expire();
        assertThat(text("5")).containsExactly("Lo sentimos, esta encuesta ya se cerró. Gracias por su tiempo.");
    }

    @ParameterizedTest
    @CsvSource({"P7D, 'Sorry, this survey has closed. Thank you for your time.'", "P7DT1S, ''"})
    void aLateAnswerIsToldOnlyWithinTheWindowAfterExpiry(java.time.Duration after, String told) {
        text("continue");
        expire();
        SurveyProcessor later = new SurveyProcessor(java.time.Clock.fixed(ShippedSurvey.NOW.plus(after),
                java.time.ZoneOffset.UTC), ShippedSurvey.WEBHOOK);
        Decision answered = later.process(survey, last.session(), new SmsReceived("4", null));
        assertThat(answered.messages()).isEqualTo(told.isEmpty() ? List.of() : List.of(told));
        assertThat(answered.session().closedNoticeAt() != null).isEqualTo(!told.isEmpty());
    }

    @Test
    void aZeroWindowTurnsTheNoticeOff() {
        text("continue");
        expire();
        SurveyProcessor off = new SurveyProcessor(java.time.Clock.fixed(ShippedSurvey.NOW, java.time.ZoneOffset.UTC),
                ShippedSurvey.WEBHOOK, false, java.time.Duration.ZERO);
        assertThat(off.process(survey, last.session(), new SmsReceived("4", null)).messages()).isEmpty();
    }

    /** Keywords keep their meaning after expiry: STOP opts out, HELP and START are Twilio's to answer. */
    @Test
    void aKeywordAfterExpiryGetsNoClosedNotice() {
        text("continue");
        expire();
        SurveySession expired = last.session();

        Decision stop = processor.process(survey, expired, new SmsReceived("STOP", "STOP"));
        assertThat(stop.messages()).isEmpty();
        assertThat(stop.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(stop.session().closedNoticeAt()).isNull();
        Decision phrase = processor.process(survey, expired, new SmsReceived("please stop texting me", null));
        assertThat(phrase.messages()).as("our confirmation, not the notice").doesNotContain(
                "Sorry, this survey has closed. Thank you for your time.").isNotEmpty();
        for (SmsReceived keyword : List.of(new SmsReceived("HELP", "HELP"), new SmsReceived("START", "START"))) {
            Decision answered = processor.process(survey, expired, keyword);
            assertThat(answered.messages()).as(keyword.body()).isEmpty();
            assertThat(answered.session()).isEqualTo(expired);
        }
    }

    /** A survey that ended otherwise keeps its silence; a completed one keeps "already answered", said once. */
    @Test
    void onlyAnExpiredSurveyIsToldThatItClosed() {
        text("continue");
        Decision canceled = processor.process(survey, last.session(),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "canceled"));
        assertThat(processor.process(survey, canceled.session(), new SmsReceived("4", null)).messages()).isEmpty();
        text("please stop texting me");
        assertThat(text("4")).isEmpty();

        start("en-US");
        text("continue");
        text("4");
        text("app");
        text("5");
        text("no");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(text("thanks!")).containsExactly(survey.language("en-US").text(Prompt.SURVEY_COMPLETED_ALREADY));
        assertThat(text("thanks again!")).as("once (aCompletedSurveySaysSoOnceToAnAutoResponder)").isEmpty();
    }

    /** A language file without surveyClosed: English, Spanish and French have a line built in. */
    @Test
    void aFileWithoutTheLineGetsTheBuiltInOneOfItsLanguage() throws Exception {
        List<ConfigFile> files = SurveyConfigLoader.readDirectory(java.nio.file.Path.of("config-files")).stream()
                .map(file -> new ConfigFile(file.name(), new String(file.content(),
                        java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?m)^surveyClosed=.*\\R", "")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
        Survey without = new SurveyConfigLoader().load(files);
        assertThat(without.language("fr-CA").optionalText(Prompt.SURVEY_CLOSED)).isEmpty();
        SurveySession session = SurveySession.begin("sms-2", without, ShippedSurvey.RESPONDENT, Channel.SMS, "fr-CA",
                ShippedSurvey.NOW);
        Decision started = processor.process(without, session, new SurveyInput.Start());
        Decision expired = processor.process(without, started.session(),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"));
        assertThat(processor.process(without, expired.session(), new SmsReceived("4", null)).messages())
                .containsExactly("Ce sondage est fermé. Merci.");
    }
    /**
     * "Who is this?", "can you repeat that?", "I don't understand" texted at a question were stored as the answer to a
     * words question, and got "that answer doesn't fit" at a score (until 2026-12-07, a caller's probe): the help text,
     * which says who asks, and the question again, a retry spent, so that an auto-responder is not asked for ever.
     */
    @Test
    void aTextAskingWhoAsksOrToHearTheQuestionAgainIsNoAnswer() {
        text("continue");
        int retries = 0;
        for (String asked : List.of("who is this?", "Can you repeat that?")) {
            assertThat(String.join("\n", text(asked))).as(asked).contains("Reply STOP to opt out")
                    .contains("how satisfied are you with our service?").doesNotContain("doesn't fit");
            assertThat(last.session().invalidAnswers()).as(asked).isEqualTo(++retries);
        }
        text("4");
        text("who are you?");
        assertThat(last.session().questions().get(1).answer()).as("a words question").isNull();
        // Who asks and where the number came from, in other words (stored as answers until 2026-12-07, a compliance
        // officer's probe), each in a session of its own: each spends a retry.
        for (String asked : List.of("Who is texting me?", "What company is this?", "how did you get my number?",
                "what is this")) {
            SmsSurveyTest other = new SmsSurveyTest();
            other.start();
            other.text("continue");
            other.text("4");
            assertThat(String.join("\n", other.text(asked))).as(asked).contains("Reply STOP to opt out");
            assertThat(other.last.session().questions().get(1).answer()).as(asked).isNull();
        }
        text("The app");
        assertThat(last.session().questions().get(1).answer()).isEqualTo("The app");
        // At a words question, not understanding or a filler alone may be the answer, and is stored (asked again for
        // a few hours on 2026-12-07, a second reviewer's probe).
        text("5");
        text("Um, I didn't understand, sorry");
        assertThat(last.session().questions().get(3).answer()).isEqualTo("Um, I didn't understand, sorry");
    }

    @Test
    void aTextedFillerAtAWordsQuestionIsItsAnswer() {
        text("continue");
        text("4");
        text("Sorry");
        assertThat(last.session().questions().get(1).answer()).isEqualTo("Sorry");
    }
    /**
     * "Skip" and "next question" were stored as the answer to a words question and spent a retry at any other (until
     * 2026-12-07, a caller's probe): the question is skipped at once, as after its retries, and the survey goes on;
     * words that only hold such a word are answers.
     */
    @Test
    void aRequestToSkipTheQuestionSkipsIt() {
        text("continue");
        text("skip");
        assertThat(last.session().questions().get(0).skipped()).isTrue();
        assertThat(last.session().questionIndex()).isEqualTo(1);
        text("Next question please");
        assertThat(last.session().questions().get(1).skipped()).as("a words question").isTrue();
        assertThat(last.session().questions().get(1).answer()).isNull();
        text("4");
        text("Next time, faster delivery");
        assertThat(last.session().questions().get(3).answer()).isEqualTo("Next time, faster delivery");
    }

    /**
     * "I don't know", "no comment", "ni idea" at a question they cannot answer were told "that answer doesn't fit"
     * until the retries ran out (until 2026-12-07, a caller's probe): the question is skipped at once; a words question
     * keeps them as its answer.
     */
    @Test
    void notKnowingSkipsAQuestionItCannotAnswerAndAnswersAWordsQuestion() {
        text("continue");
        text("I don't know");
        assertThat(last.session().questions().get(0).skipped()).isTrue();
        assertThat(last.session().invalidAnswers()).isZero();
        text("no idea");
        assertThat(last.session().questions().get(1).answer()).as("a words question").isEqualTo("no idea");
        text("No comment.");
        assertThat(last.session().questions().get(2).skipped()).isTrue();
    }

    /**
     * "No sé", "no comment" read as "no" at a yes-or-no question (a reviewer's probe, 2026-12-07), and so did "no
     * aplica" and "non applicable" ("not applicable" was asked again: an analyst's probe): they skip it.
     */
    @ParameterizedTest
    @CsvSource({"no comment", "No sé", "no lo sé", "je ne sais pas", "I don't know", "not applicable", "N/A",
        "no aplica", "non applicable", "sans objet", "Doesn't apply"})
    void notKnowingSkipsAYesOrNoQuestion(String reply) {
        int index = textedAtTheYesOrNoQuestion(reply);
        assertThat(last.session().questions().get(index).skipped()).as(reply).isTrue();
        assertThat(last.session().questions().get(index).answer()).as(reply).isNull();
    }

    /**
     * Texts {@code reply} at the shipped quarterly NPS survey's yes-or-no question, the questions before it skipped.
     *
     * @return that question's index
     */
    private int textedAtTheYesOrNoQuestion(String reply) {
        Survey nps = ShippedSurvey.quarterlyNps();
        int index = nps.questions().indexOf(nps.questions().stream()
                .filter(question -> question.type() == QuestionType.YES_NO).findFirst().orElseThrow());
        last = processor.process(nps, SurveySession.begin("sms-yn", nps, ShippedSurvey.RESPONDENT, Channel.SMS,
                "en-US", ShippedSurvey.NOW), new SurveyInput.Start());
        last = processor.process(nps, last.session(), new SmsReceived("continue", null));
        while (last.session().questionIndex() < index) {
            last = processor.process(nps, last.session(), new SmsReceived("skip", null));
        }
        last = processor.process(nps, last.session(), new SmsReceived(reply, null));
        return index;
    }
}
