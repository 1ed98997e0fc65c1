package com.surveyrelay.survey;

import static com.surveyrelay.survey.Twiml.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.survey.SurveyInput.CallEnded;
import com.surveyrelay.survey.SurveyInput.VoiceInput;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Complete voice surveys through the processor, asserting the exact TwiML Twilio would receive. */
class VoiceSurveyTest {

    private static final String URL = "https://relay.example.com/voice/webhook?sessionId=call-1&amp;turn=";
    /** en-US's opt-out words, then its phrases, as written (apostrophes kept), as a keypad question hints them. */
    private static final String HINTS = ""
            + "cancel,end,optout,quit,revoke,stop,stopall,unsub,unsubscribe,cancel survey,cease calling,"
            + "cease contacting,cease messaging,cease sending,cease texting,delete my number,do not call,"
            + "do not contact,do not ever call me,do not ever call this number,do not ever contact me,"
            + "do not ever text me,do not message,do not msg,do not phone me,do not text,do not txt,"
            + "do not want any more calls,do not want any more messages,do not want any more surveys,"
            + "do not want any more texts,do not want any surveys,do not want these calls,"
            + "do not want these messages,do not want these msgs,do not want these surveys,"
            + "do not want these texts,do not want to be called,do not want to be contacted,"
            + "do not want to be surveyed,do not want to receive surveys,do not want to take any more surveys,"
            + "do not wish to be contacted,don't call,don't contact,don't ever call me,"
            + "don't ever call this number,don't ever contact me,don't ever text me,don't message,don't msg,"
            + "don't phone me,don't text,don't txt,don't want any more calls,don't want any more messages,"
            + "don't want any more surveys,don't want any more texts,don't want any surveys,"
            + "don't want these calls,don't want these messages,don't want these msgs,don't want these surveys,"
            + "don't want these texts,don't want to be called,don't want to be contacted,"
            + "don't want to be surveyed,don't want to receive surveys,don't want to take any more surveys,"
            + "don't wish to be contacted,dont call,dont contact,dont ever call me,dont ever call this number,"
            + "dont ever contact me,dont ever text me,dont message,dont msg,dont phone me,dont text,dont txt,"
            + "dont want any more calls,dont want any more messages,dont want any more surveys,"
            + "dont want any more texts,dont want any surveys,dont want these calls,dont want these messages,"
            + "dont want these msgs,dont want these surveys,dont want these texts,dont want to be called,"
            + "dont want to be contacted,dont want to be surveyed,dont want to receive surveys,"
            + "dont want to take any more surveys,dont wish to be contacted,end survey,enough texts,"
            + "erase my number,get me off this list,get me off your list,how can i unsubscribe,"
            + "how do i unsubscribe,i revoke consent,i said stop,i withdraw consent,leave me alone,"
            + "leave me the fuck alone,leave me the hell alone,like to unsubscribe,lose my number,"
            + "need to unsubscribe,never call me again,never contact me again,never message me again,"
            + "never send me a survey again,never send me another survey,never send me surveys,"
            + "never text me again,no more calls,no more contact,no more messages,no more msg,no more msgs,"
            + "no more surveys,no more texting,no more texts,no more txt,no more txts,opt me out,opt out,"
            + "quit asking me,quit bugging me,quit calling,quit contacting,quit harassing me,quit messaging,"
            + "quit msging,quit pestering me,quit phoning me,quit sending me messages,quit sending me surveys,"
            + "quit sending me texts,quit sending surveys to me,quit sending surveys to this number,quit survey,"
            + "quit texting,quit txting,remove me,remove my number,remove this number from your list,"
            + "revoke consent,revoke my consent,stop all calls,stop all messages,stop all surveys,stop all texts,"
            + "stop asking me,stop bothering me,stop bugging me,stop call,stop calling,stop calls,"
            + "stop contacting,stop harassing me,stop message,stop messages,stop messaging,stop msg me,"
            + "stop msging,stop msgng,stop msgs,stop msgs me,stop pestering me,stop phoning me,stop receiving,"
            + "stop ringing me,stop sending,stop sms,stop spam,stop spamming,stop survey,stop surveying,"
            + "stop surveys,stop text,stop texting,stop texts,stop the calls,stop the messages,stop the survey,"
            + "stop the texts,stop these calls,stop these messages,stop these surveys,stop these texts,"
            + "stop this survey,stop txt,stop txting,stop txtng,stop txts,take me off,"
            + "take my number off the list,take my number off your list,take my number off your records,"
            + "taken off your list,unsubscribe from,unsubscribe me,want to unsubscribe,wish to unsubscribe,"
            + "withdraw consent,withdraw my consent";

    private final Survey survey = ShippedSurvey.load();
    private final SurveyProcessor processor = ShippedSurvey.processor();
    private Decision last;

    @BeforeEach
    void placeCall() {
        last = processor.process(survey, session("en-US"), new SurveyInput.Start());
    }

    private SurveySession session(String language) {
        return SurveySession.begin("call-1", survey, ShippedSurvey.RESPONDENT, Channel.VOICE, language,
                ShippedSurvey.NOW);
    }

    private Decision send(VoiceInput input) {
        last = processor.process(survey, last.session(), input);
        return last;
    }

    private Decision answer(int turn) {
        return send(new VoiceInput(turn, null, null, null));
    }

    private Decision press(int turn, String digits) {
        return send(new VoiceInput(turn, digits, null, null));
    }

    private Decision say(int turn, String speech, double confidence) {
        return send(new VoiceInput(turn, null, speech, confidence));
    }

    @Test
    void placingTheCallPublishesSurveyStartedAndSaysNothingYet() {
        assertThat(last.voiceResponse()).isNull();
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_STARTED);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.NOT_STARTED);
    }

    @Test
    void welcomesAndOffersEveryOtherLanguageInItsOwnVoiceAndKey() {
        assertThat(answer(0).twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Hi, this is a one-minute survey about your recent visit with us.</Say>
                <Gather action="%1$s1" hints="español,français" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="es-MX" voice="Polly.Mia">Para español, oprima 2 o diga español.</Say>
                  <Say language="fr-CA" voice="Polly.Chantal">Pour le français, appuyez sur 3 ou dites français.</Say>
                </Gather>
                <Redirect method="POST">%1$s1</Redirect>
                """.formatted(URL)));
        assertThat(last.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
    }

    @Test
    void aSpanishRespondentIsOfferedEnglishAndFrench() {
        last = processor.process(survey, session("es-MX"), new SurveyInput.Start());
        assertThat(answer(0).twiml()).isEqualTo(response("""
                <Say language="es-MX" voice="Polly.Mia">Hola, esta es una encuesta de un minuto sobre su visita reciente.</Say>
                <Gather action="%1$s1" hints="English,français" input="dtmf speech" language="es-MX" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">For English, press 1 or say English.</Say>
                  <Say language="fr-CA" voice="Polly.Chantal">Pour le français, appuyez sur 3 ou dites français.</Say>
                </Gather>
                <Redirect method="POST">%1$s1</Redirect>
                """.formatted(URL)));
    }

    @Test
    void completesAnEnglishSurveyRecordingEachAnswer() {
        answer(0);
        assertThat(answer(1).twiml()).as("no choice at the offer goes on in English").isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Great, let's get started.</Say>
                <Say language="en-US" voice="Polly.Joanna">To stop our survey calls at any time, press star.</Say>
                <Say language="en-US" voice="Polly.Joanna">First question.</Say>
                <Gather action="%1$s2" input="dtmf" method="POST" numDigits="1" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?</Say>
                </Gather>
                <Redirect method="POST">%1$s2</Redirect>
                """.formatted(URL)));
        assertThat(press(2, "5").twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Thanks. Next question.</Say>
                <Gather action="%1$s3" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">Which of our products do you use the most?</Say>
                </Gather>
                <Redirect method="POST">%1$s3</Redirect>
                """.formatted(URL)));
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.ANSWER_RECORDED);
        say(3, "The mobile app.", 0.91);
        assertThat(press(4, "4").twiml()).as("the last question has its own intro").isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Thanks. One last question.</Say>
                <Gather action="%1$s5" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">Is there anything else you would like us to know?</Say>
                </Gather>
                <Redirect method="POST">%1$s5</Redirect>
                """.formatted(URL)));
        assertThat(say(5, "Keep it up", 0.87).twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">That's everything. Thank you for your time, goodbye.</Say>
                <Hangup/>
                """));
        assertThat(last.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.ANSWER_RECORDED, SurveyEventType.SURVEY_COMPLETED);
        assertThat(last.events().get(1).answers()).extracting(QuestionResult::answer)
                .containsExactly(5, "The mobile app.", 4, "Keep it up");
        assertThat(SurveyJson.write(last.session())).isEqualTo("""
                {
                  "sessionId" : "call-1",
                  "surveyId" : "customer-satisfaction",
                  "surveyVersion" : "VERSION",
                  "surveyTo" : "+15551234567",
                  "surveyMedium" : "voice",
                  "languageSet" : "en-US",
                  "surveyStatus" : "COMPLETED",
                  "currentState" : "finished",
                  "questionIndex" : 3,
                  "turn" : 5,
                  "invalidAnswers" : 0,
                  "silences" : 0,
                  "surveyStarted" : "2026-11-24T10:15:30Z",
                  "updatedAt" : "2026-11-24T10:15:30Z",
                  "surveyCompleted" : "2026-11-24T10:15:30Z",
                  "surveyEnded" : "2026-11-24T10:15:30Z",
                  "questions" : [ {
                    "questionName" : "questionServiceRate",
                    "questionType" : "dtmf",
                    "answer" : 5,
                    "rawInput" : "5",
                    "channel" : "voice",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionProduct",
                    "questionType" : "speech",
                    "answer" : "The mobile app.",
                    "answerConfidence" : 0.91,
                    "rawInput" : "The mobile app.",
                    "channel" : "voice",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionAgentRate",
                    "questionType" : "dtmf",
                    "answer" : 4,
                    "rawInput" : "4",
                    "channel" : "voice",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  }, {
                    "questionName" : "questionFeedback",
                    "questionType" : "speech",
                    "answer" : "Keep it up",
                    "answerConfidence" : 0.87,
                    "rawInput" : "Keep it up",
                    "channel" : "voice",
                    "answeredAt" : "2026-11-24T10:15:30Z"
                  } ]
                }""".replace("VERSION", survey.version()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "es-MX|Polly.Mia|Eso es todo. Gracias por su tiempo, adiós.",
        "fr-CA|Polly.Chantal|C'est tout. Merci de votre temps, au revoir."})
    void completesASurveyStartedInEachOtherShippedLanguage(String language, String voice, String goodbye) {
        last = processor.process(survey, session(language), new SurveyInput.Start());
        answer(0);
        answer(1);
        press(2, "3");
        say(3, "la tienda en línea", 0.8);
        press(4, "2");
        assertThat(say(5, "rien", 0.7).twiml()).isEqualTo(response("""
                <Say language="%s" voice="%s">%s</Say>
                <Hangup/>
                """.formatted(language, voice, goodbye)));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(last.session().languageSet()).isEqualTo(language);
        assertThat(last.session().questions()).extracting(QuestionResult::answer)
                .containsExactly(3, "la tienda en línea", 2, "rien");
    }

    @Test
    void switchesToFrenchWhenTheRespondentPressesFrenchKey() {
        answer(0);
        assertThat(press(1, "3").twiml()).isEqualTo(response("""
                <Say language="fr-CA" voice="Polly.Chantal">Parfait, commençons.</Say>
                <Say language="fr-CA" voice="Polly.Chantal">Pour ne plus recevoir nos appels de sondage, appuyez sur l'étoile à tout moment.</Say>
                <Say language="fr-CA" voice="Polly.Chantal">Première question.</Say>
                <Gather action="%1$s2" input="dtmf" method="POST" numDigits="1" timeout="6">
                  <Say language="fr-CA" voice="Polly.Chantal">De 1 à 5, où 1 veut dire très insatisfait et 5 ravi, êtes-vous satisfait de notre service?</Say>
                </Gather>
                <Redirect method="POST">%1$s2</Redirect>
                """.formatted(URL)));
        assertThat(last.session().languageSet()).isEqualTo("fr-CA");
    }

    @ParameterizedTest
    @CsvSource({"Español, es-MX", "espanol por favor, es-MX", "ESPAÑOL., es-MX", "Francais, fr-CA",
        "something else, en-US"})
    void switchesLanguageBySpeechIgnoringCaseAndAccents(String speech, String expected) {
        answer(0);
        say(1, speech, 0.6);
        assertThat(last.session().languageSet()).isEqualTo(expected);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
    }

    /**
     * A probe (2026-12-05) found "I want Spanish" gone on in English: only a name at the start of what was said was
     * taken. A language named among other words is taken when it is the only one named (the current language counts),
     * and not when a negating word stands just before it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"I want Spanish|es-MX", "Spanish please|es-MX", "español por favor|es-MX",
        "In Spanish, please.|es-MX", "quiero español|es-MX", "uh, French I guess|fr-CA", "Spanish, Spanish|es-MX",
        "English or Spanish|en-US", "Spanish or French|en-US", "not Spanish|en-US", "I don't want French|en-US",
        "I'll stay in English|en-US", "I speak a little spanglish|en-US",
        // A "no" in another clause negates nothing; one after a name takes it back (each chose the other language until
        // 2026-12-07, by a caller's probe); a correction that names two languages chooses nothing.
        "No, en español|es-MX", "Inglés no, español|es-MX", "español no, inglés|en-US",
        "Spanish. No wait, English.|en-US", "Spanish? no, French|fr-CA", "not sure, Spanish I guess|es-MX",
        "Spanish? No.|en-US", "Spanish, no doubt|es-MX", "French. No problem.|fr-CA"})
    void takesTheOneLanguageNamedAmongOtherWords(String speech, String expected) {
        answer(0);
        say(1, speech, 0.8);
        assertThat(last.session().languageSet()).isEqualTo(expected);
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
        assertThat(last.session().invalidAnswers()).isZero();
    }

    /**
     * The offer's Gather hints the languages' names, so noise is readily heard as one: a name heard below the survey's
     * {@code minSpeechConfidence} (0.4) chooses nothing, and the survey goes on in the current language.
     */
    @Test
    void aLanguageNameHeardBelowTheSpeechConfidenceBarSwitchesNothing() {
        answer(0);
        say(1, "français", 0.02);
        assertThat(last.session().languageSet()).isEqualTo("en-US");
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);

        placeCall();
        answer(0);
        say(1, "français", 0.4);
        assertThat(last.session().languageSet()).as("at the bar").isEqualTo("fr-CA");
    }

    /**
     * Words without a {@code Confidence} are taken at the default bar (0.4), at the language offer and as an answer,
     * with no score stored: the request is Twilio's, and a speech model that scores nothing would otherwise have every
     * spoken answer asked again (a helper's change made them below the bar on 2026-12-05; reverted the same day).
     */
    @Test
    void speechWithoutAConfidenceIsTaken() {
        answer(0);
        send(new VoiceInput(1, null, "français", null));
        assertThat(last.session().languageSet()).isEqualTo("fr-CA");
        press(2, "5");
        send(new VoiceInput(3, null, "l'application", null));
        assertThat(last.session().questions().get(1).answer()).isEqualTo("l'application");
        assertThat(last.session().questions().get(1).answerConfidence()).isNull();
        assertThat(last.session().invalidAnswers()).isZero();
    }

    /**
     * Words heard below {@code minSpeechConfidence} are never recorded, skipped question included: until 2026-12-07
     * the last of them ("my account number is 4417 ...") was kept as its {@code rawInput} and exported, while the
     * caller heard "nothing was recorded for it" (a respondent's probe).
     */
    @Test
    void wordsHeardBelowTheBarAreNotKeptWhenTheQuestionIsSkipped() {
        answer(0);
        answer(1);
        press(last.session().turn(), "4");
        for (int tries = 0; tries < 3; tries++) {
            say(last.session().turn(), "my account number is 4417 1234 5678 9113", 0.2);
        }
        assertThat(last.session().questions().get(1).skipped()).isTrue();
        assertThat(last.session().questions().get(1).rawInput()).isNull();
        assertThat(last.session().questions().get(1).answer()).isNull();
    }

    @Test
    void anyOtherKeyAtTheOfferGoesOnInTheCurrentLanguage() {
        answer(0);
        press(1, "7");
        assertThat(last.session().languageSet()).isEqualTo("en-US");
        assertThat(last.session().questionIndex()).isZero();
    }

    @Test
    void silenceReasksTheSameQuestionNotTheWholeSurveyThenEndsAsAbandoned() {
        answer(0);
        answer(1);
        press(2, "5");
        String reask = response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, I didn't hear anything.</Say>
                <Gather action="%1$s%2$d" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">Which of our products do you use the most?</Say>
                </Gather>
                <Redirect method="POST">%1$s%2$d</Redirect>
                """);
        assertThat(answer(3).twiml()).as("the star offer only at the first question")
                .isEqualTo(reask.formatted(URL, 4));
        assertThat(answer(4).twiml()).isEqualTo(reask.formatted(URL, 5));
        assertThat(last.session().questions().get(0).answer()).as("earlier answers are kept").isEqualTo(5);
        assertThat(answer(5).twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">We didn't hear from you, so we'll end the survey here. Goodbye.</Say>
                <Hangup/>
                """));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("no-input");
        assertThat(last.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(SurveyEventType.SURVEY_ABANDONED);
            assertThat(event.reason()).isEqualTo("no-input");
        });
    }

    /**
     * A silence at the first question says how to stop the calls again, once, for a caller on a bad line who missed it
     * before that question (since 2026-12-07; for a few hours that day at every question's first silence).
     */
    @Test
    void aSilenceAtTheFirstQuestionSaysTheStarOfferOnce() {
        answer(0);
        answer(1);
        String offer = "To stop our survey calls at any time, press star.";
        assertThat(answer(2).twiml()).contains("Sorry, I didn't hear anything.", offer);
        assertThat(answer(3).twiml()).contains("Sorry, I didn't hear anything.").doesNotContain(offer);
    }

    @Test
    void anAnswerOutOfRangeIsNotRecordedAndTheRespondentHearsWhatIsExpected() {
        answer(0);
        answer(1);
        assertThat(press(2, "7").twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, that answer doesn't fit. Please answer with a whole number from 1 to 5.</Say>
                <Gather action="%1$s3" input="dtmf" method="POST" numDigits="1" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?</Say>
                </Gather>
                <Redirect method="POST">%1$s3</Redirect>
                """.formatted(URL)));
        assertThat(last.session().questions().get(0).answer()).isNull();
        assertThat(last.events()).isEmpty();
        press(3, "9");
        assertThat(last.session().invalidAnswers()).isEqualTo(2);
        press(4, "0");
        assertThat(last.session().questionIndex()).as("past the retries the question is skipped").isEqualTo(1);
        assertThat(last.twiml()).as("said so, not thanked").contains("We'll skip that one: nothing was recorded for "
                + "it.</Say>").doesNotContain("Thanks.");
        assertThat(last.session().questions().get(0)).isEqualTo(new QuestionResult("questionServiceRate",
                QuestionType.DTMF, null, null, "0", null, Channel.VOICE, ShippedSurvey.NOW, true, null));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
    }

    @Test
    void aRepeatedWebhookReplaysTheCurrentStepWithoutRecordingTwice() {
        answer(0);
        answer(1);
        Decision first = press(2, "5");
        Decision repeated = press(2, "5");
        assertThat(repeated.twiml()).isEqualTo(response("""
                <Gather action="%1$s3" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">Which of our products do you use the most?</Say>
                </Gather>
                <Redirect method="POST">%1$s3</Redirect>
                """.formatted(URL)));
        assertThat(repeated.session()).isEqualTo(first.session());
        assertThat(repeated.events()).isEmpty();
    }

    /** A storage retry that lost the caller's input asks turn -1: a call not yet welcomed is welcomed, not hung up. */
    @Test
    void aRetryWithoutItsInputBeforeTheWelcomeWelcomesTheCaller() {
        Decision retried = send(new VoiceInput(-1, null, null, null));
        assertThat(retried.twiml()).contains("Hi, this is a one-minute survey").contains("<Gather");
        assertThat(retried.session().currentState()).isEqualTo(SessionStep.LANGUAGE_OFFER);
        Decision late = answer(0);
        assertThat(late.session()).as("the first webhook, late, replays the offer").isEqualTo(retried.session());
    }

    @Test
    void hangingUpMidSurveyKeepsTheQuestionOpenForALateAnswerThenEndsAsAHangUp() {
        answer(0);
        answer(1);
        press(2, "4");
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        assertThat(last.session().surveyStatus()).as("the answer may still come").isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().awaitingLateAnswer()).isTrue();
        assertThat(last.events()).isEmpty();
        Decision again = processor.process(survey, last.session(), new CallEnded("completed"));
        assertThat(again.session()).as("a repeated status callback changes nothing").isEqualTo(last.session());

        last = processor.process(survey, last.session(), new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("hangup");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
        assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "hangup"));
    }

    /**
     * A caller who says they want out is let go as a texter is (a caller's probe, 2026-12-07: "I quit" at the welcome
     * heard "Great, let's get started", and "I'm done" at a question was asked again, then skipped): at the welcome
     * {@code declined}, at a question {@code break-off}, thanked, the call hung up, the number not opted out. Heard
     * unclearly, the words end nothing.
     */
    @Test
    void aCallerWhoSaysTheyWantOutIsLetGo() {
        answer(0);
        say(1, "I quit.", 0.9);
        assertThat(last.session().endReason()).isEqualTo("declined");
        assertThat(last.twiml()).contains("No problem. Thank you for your time. Goodbye.</Say>", "<Hangup/>")
                .doesNotContain("get started");
        for (String leaving : List.of("I'm done.", "I have to go, bye.", "Ya no quiero seguir.", "J'arrête.")) {
            last = processor.process(survey, session("en-US"), new SurveyInput.Start());
            answer(0);
            say(1, "yes", 0.9);
            assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
            say(2, leaving, 0.2);
            assertThat(last.session().surveyStatus()).as("heard unclearly").isEqualTo(SurveyStatus.STARTED);
            say(3, leaving, 0.9);
            assertThat(last.session().surveyStatus()).as(leaving).isEqualTo(SurveyStatus.ABANDONED);
            assertThat(last.session().endReason()).isEqualTo("break-off");
            assertThat(last.twiml()).as(leaving).contains("Goodbye.</Say>", "<Hangup/>");
            assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "break-off"));
        }
    }

    /**
     * A caller who declines at the welcome is thanked and let go, ABANDONED {@code declined}, not opted out: until
     * 2026-12-07 "no thanks" and "not interested" heard "Great, let's get started." and the first question (a caller's
     * probe). A language named beside a no chooses it; a yes, keys, a number or words heard unclearly begin.
     */
    @Test
    void aCallerWhoDeclinesAtTheWelcomeIsLetGo() {
        for (String declining : List.of("no", "No thanks", "not interested", "no thank you I am not interested",
                "I am busy, call me later", "I don't want to do the survey", "No me interesa", "non merci",
                "Nope.", "Sorry, not now", "no gracias, estoy ocupado", "Non, pas maintenant, merci",
                // A goodbye or where one is beside the decline (each began the survey for a few hours on 2026-12-07,
                // a reviewer's probe).
                "not interested, goodbye", "No thanks, I'm not interested. Bye.", "No thank you, have a nice day",
                "no thanks, I'm driving", "Sorry, I'm at work, call me later", "No, I'm good",
                // Driving alone declines too (the first question followed until 2026-12-07, a caller's probe).
                "I'm driving", "I have to go")) {
            last = processor.process(survey, session("en-US"), new SurveyInput.Start());
            answer(0);
            say(1, declining, 0.9);
            assertThat(last.session().surveyStatus()).as(declining).isEqualTo(SurveyStatus.ABANDONED);
            assertThat(last.session().endReason()).isEqualTo("declined");
            // In the language and the voice of the decline (until 2026-12-07 English's, a respondent's probe).
            String goodbye = declining.equals("No me interesa") || declining.startsWith("no gracias")
                    ? "<Say language=\"es-MX\" voice=\"Polly.Mia\">No hay problema. Gracias por su tiempo. Adiós.</Say>"
                    : declining.toLowerCase(java.util.Locale.ROOT).startsWith("non")
                    ? "Pas de problème. Merci de votre temps. Au revoir.</Say>"
                    : "No problem. Thank you for your time. Goodbye.</Say>";
            assertThat(last.twiml()).as(declining).contains(goodbye, "<Hangup/>").doesNotContain("get started");
            assertThat(last.events()).extracting(SurveyEvent::eventType, SurveyEvent::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(SurveyEventType.SURVEY_ABANDONED, "declined"));
        }
        // Willing or puzzled, with a no among the words: the first version of the rule ended each of these (a
        // reviewer's probe, 2026-12-07).
        for (String beginning : List.of("yes", "sure", "two", "No, Spanish please", "no, go ahead",
                "nope, I'm ready", "hello no", "Hello? No, hello?", "no, I have time", "No, I'm listening",
                "no it's fine", "no no, go on", "nah go ahead", "never mind, go ahead", "oh no", "no wait",
                "now is not a bad time", "no time like the present", "I don't want to miss it",
                "I don't want to be rude, go ahead", "yes but not now", "no hay problema", "claro que no me importa",
                "no entiendo", "non je comprends pas", "no problem", "sure, no worries", "I don't want French",
                "Spanish? No.", "No, do it now", "no, right now", "No, take the survey", "I'm good")) {
            last = processor.process(survey, session("en-US"), new SurveyInput.Start());
            answer(0);
            say(1, beginning, 0.9);
            assertThat(last.session().surveyStatus()).as(beginning).isEqualTo(SurveyStatus.STARTED);
            assertThat(last.session().currentState()).as(beginning).isEqualTo(SessionStep.QUESTION);
        }
        last = processor.process(survey, session("en-US"), new SurveyInput.Start());
        answer(0);
        say(1, "no thanks", 0.1);
        assertThat(last.session().currentState()).as("heard unclearly").isEqualTo(SessionStep.QUESTION);
        // "Hello?", "Who is this?": the welcome once more, then the survey begins (until 2026-12-07 it began at once).
        for (String asking : List.of("Who is this?", "Is this a real person?", "can you repeat that")) {
            last = processor.process(survey, session("en-US"), new SurveyInput.Start());
            answer(0);
            say(1, asking, 0.9);
            assertThat(last.session().currentState()).as(asking).isEqualTo(SessionStep.LANGUAGE_OFFER);
            assertThat(last.twiml()).as(asking).contains("<Gather").doesNotContain("get started");
            say(2, asking, 0.9);
            assertThat(last.session().currentState()).as(asking + ", twice").isEqualTo(SessionStep.QUESTION);
        }
        // A filler alone asks nothing: the survey begins, as before (replayed for a few hours on 2026-12-07, a second
        // reviewer's probe).
        for (String filler : List.of("hello", "Um, okay", "Hmm.", "Bueno, a ver", "Help")) {
            last = processor.process(survey, session("en-US"), new SurveyInput.Start());
            answer(0);
            say(1, filler, 0.9);
            assertThat(last.session().currentState()).as(filler).isEqualTo(SessionStep.QUESTION);
        }
        last = processor.process(survey, session("en-US"), new SurveyInput.Start());
        answer(0);
        press(1, "2");
        assertThat(last.session().languageSet()).isEqualTo("es-MX");
    }

    /**
     * Opt-out words heard unclearly are noted (no SMS fallback follows a call ending on them) until the caller says
     * something else (an answer here; one it cannot read or a language clears it too, since a reviewer's probe).
     */
    @Test
    void optOutWordsHeardUnclearlyAreNotedUntilTheCallerSaysSomethingElse() {
        answer(0);
        answer(1);
        say(2, "stop calling me", 0.2);
        assertThat(last.session().unclearOptOutAt()).as("at a keypad question too").isNotNull();
        press(last.session().turn(), "4");
        assertThat(last.session().unclearOptOutAt()).as("its answer").isNull();
        say(last.session().turn(), "stop calling me", 0.2);
        assertThat(last.session().unclearOptOutAt()).isNotNull();
        say(last.session().turn(), "mostly the blender", 0.9);
        assertThat(last.session().questions().get(1).answer()).isEqualTo("mostly the blender");
        assertThat(last.session().unclearOptOutAt()).as("an answer since").isNull();
        SurveySession noted = last.session().edit().unclearOptOut(ShippedSurvey.NOW).at(ShippedSurvey.NOW);
        assertThat(noted.edit().invalidAnswer().at(ShippedSurvey.NOW).unclearOptOutAt()).as("words it cannot read")
                .isNull();
        assertThat(noted.edit().language("es-MX").at(ShippedSurvey.NOW).unclearOptOutAt()).as("a language").isNull();
        assertThat(noted.edit().silence().at(ShippedSurvey.NOW).unclearOptOutAt()).as("a silence says nothing")
                .isNotNull();
    }

    /** Answers every question but the last, whose answer may still come when the call ends. */
    private void callEndsAtTheLastQuestion() {
        answer(0);
        answer(1);
        press(2, "5");
        say(3, "app", 0.9);
        press(4, "5");
        last = processor.process(survey, last.session(), new CallEnded("completed"));
    }

    /**
     * A final status that contradicts the call's steps (no-answer after an answer) ended the session as not reached,
     * its answer counted nowhere and the whole welcome texted (until 2026-12-07, a caller's probe): the call was
     * answered, and ends as a hang-up, at a question with its grace for a late answer; before any step it is what it
     * says.
     */
    @Test
    void aFinalStatusOfNoAnswerAfterTheCallTookAStepIsAHangUp() {
        answer(0);
        answer(1);
        press(2, "5");
        last = processor.process(survey, last.session(), new CallEnded("no-answer"));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().callEndedAt()).as("a late answer's grace, as for completed").isNotNull();

        placeCall();
        last = processor.process(survey, last.session(), new CallEnded("busy"));
        assertThat(last.session().endReason()).as("no step taken").isEqualTo("busy");
        placeCall();
        answer(0);
        last = processor.process(survey, last.session(), new CallEnded("failed"));
        assertThat(last.session().callEndedAt()).as("at the welcome, a late answer's grace too").isNotNull();
    }

    @Test
    void theLastAnswerArrivingAfterTheCallEndedCompletesTheSurvey() {
        callEndsAtTheLastQuestion();
        say(5, "no", 0.9);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(last.session().questions().get(3).answer()).isEqualTo("no");
        assertThat(last.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.ANSWER_RECORDED, SurveyEventType.SURVEY_COMPLETED);
    }

    @Test
    void aLateAnswerToAQuestionBeforeTheLastIsRecordedAndTheSurveyEndsAsAHangUp() {
        answer(0);
        answer(1);
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        press(2, "3");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("hangup");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(3);
        assertThat(last.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.ANSWER_RECORDED, SurveyEventType.SURVEY_ABANDONED);
        assertThat(last.twiml()).contains("<Hangup/>").doesNotContain("<Gather");
    }

    /**
     * Words at a keypad question are never its answer, late or not (a caller's probe, 2026-12-07, had "for" at 0.5 and
     * "I want two of those" stored as 4 and 2 after the call ended); keys are, as above.
     */
    /**
     * A words question hears the keypad, so that the star opts out there as the call says it does (until 2026-12-07 its
     * Gather took speech only, and Twilio drops keys there); other keys are no answer, and count as a silence, with
     * the line asking for words.
     */
    @Test
    void theStarOptsOutAtAWordsQuestionAndOtherKeysAskForWords() {
        answer(0);
        answer(1);
        assertThat(press(2, "4").twiml()).contains("input=\"dtmf speech\"", "numDigits=\"1\"",
                "Which of our products");
        Decision keys = press(3, "5");
        assertThat(keys.session().questions().get(1).answer()).isNull();
        assertThat(keys.session().silences()).isEqualTo(1);
        assertThat(keys.events()).isEmpty();
        assertThat(keys.twiml()).contains("Please answer in a few words.", "Which of our products");
        Decision star = press(4, "*");
        assertThat(star.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(star.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /**
     * A caller on a bad line asking to hear the question again is asked it again, the request counted as a silence and
     * never stored (until 2026-12-07 "What?" was the stored answer to a words question, by a caller's probe); words
     * that merely begin so are an answer.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"What?", "Sorry, what?", "Can you repeat that?",
        "could you repeat that please", "Hello? Hello?", "I can't hear you.", "You're breaking up", "Say that again?", "Pardon?",
        // A caller checking the line with a greeting (stored as the answer until 2026-12-07, a caller's probe).
        "hi", "Hey?", "Hi? Hi?", "hello? hi?", "¿Hola?", "Allô?", "Bonjour?", "Good morning?", "Allô, bonjour?"})
    void aRequestToHearTheQuestionAgainIsNoAnswer(String speech) {
        answer(0);
        answer(1);
        press(2, "4");
        Decision again = say(3, speech, 0.9);
        assertThat(again.session().questions().get(1).answer()).as(speech).isNull();
        assertThat(again.session().silences()).isEqualTo(1);
        assertThat(again.session().invalidAnswers()).isZero();
        assertThat(again.events()).isEmpty();
        assertThat(again.twiml()).contains("Which of our products do you use the most?").doesNotContain("Thanks.");
        say(4, "What I use most is the app", 0.9);
        assertThat(last.session().questions().get(1).answer()).isEqualTo("What I use most is the app");
    }

    /** Spanish and French callers ask in their words too; an answer that is also a greeting stays an answer. */
    @Test
    void aRequestToHearTheQuestionAgainIsReadInTheSessionsLanguage() {
        assertThat(RepeatRequest.asks("¿Qué?", "es-MX")).isTrue();
        assertThat(RepeatRequest.asks("¿Puede repetir la pregunta?", "es-MX")).isTrue();
        assertThat(RepeatRequest.asks("Allô? Je ne vous entends pas", "fr-CA")).as("two in one breath").isTrue();
        assertThat(RepeatRequest.asks("Je ne vous entends pas.", "fr-CA")).isTrue();
        assertThat(RepeatRequest.asks("Bueno", "es-MX")).as("good").isFalse();
        assertThat(RepeatRequest.asks("¿Qué?", "en-US")).as("Spanish words in an English session").isFalse();
        assertThat(RepeatRequest.asks("what?", "fr-CA")).as("English in every language").isTrue();
        for (String asked : List.of("What? What?", "Sorry?", "Wait, what?", "I'm sorry, what was that?",
                "Hello? Are you there?", "Can you hear me?")) {
            assertThat(RepeatRequest.asks(asked, "en-US")).as(asked).isTrue();
        }
    }

    /**
     * Thinking aloud, two requests in one breath, and a caller checking the line in their words are no answer: until
     * 2026-12-07 "hmm", "um, let me think", "sorry you are breaking up can you say that again", the Mexican
     * "¿Bueno? ¿Bueno?" and "Allô? Vous m'entendez?" were stored as answers to a words question (a respondent's probe).
     * Words that only hold such words among others stay answers.
     */
    @Test
    void thinkingAloudAndRequestsInOneBreathAreNoAnswer() {
        for (String asked : List.of("hmm", "Um, let me think", "uh", "sorry you are breaking up can you say that again",
                "Hello? Who is this?", "Hmm, let me see. Hold on.")) {
            assertThat(RepeatRequest.asks(asked, "en-US")).as(asked).isTrue();
        }
        assertThat(RepeatRequest.asks("¿Bueno? ¿Bueno?", "es-MX")).isTrue();
        assertThat(RepeatRequest.asks("¿Bueno? ¿Me escucha?", "es-MX")).isTrue();
        assertThat(RepeatRequest.asks("Allô? Vous m'entendez?", "fr-CA")).isTrue();
        assertThat(RepeatRequest.asks("Euh... laissez-moi réfléchir", "fr-CA")).isTrue();
        for (String answer : List.of("ok", "Well, the app", "um the blender", "hmm probably the app", "sorry the app",
                "hello kitty mugs", "Wait times were long")) {
            assertThat(RepeatRequest.asks(answer, "en-US")).as(answer).isFalse();
        }
        assertThat(RepeatRequest.asks("Bueno, la aplicación", "es-MX")).isFalse();
    }

    /**
     * Not understanding, asking in Spanish or French to hear the question, and help said on a call are no answer:
     * until 2026-12-07 "repítame la pregunta por favor" was stored at a words question, and "je ne comprends pas",
     * "répétez la question" and "aide" spent retries until the question was skipped (a respondent's probe).
     */
    @Test
    void notUnderstandingAndHelpSaidInEachLanguageAreNoAnswer() {
        for (String asked : List.of("repítame la pregunta por favor", "Repita la pregunta", "No entiendo",
                "no entiendo, repita por favor", "Ayuda")) {
            assertThat(RepeatRequest.asks(asked, "es-MX")).as(asked).isTrue();
        }
        for (String asked : List.of("Je ne comprends pas", "Répétez la question", "aide", "J'ai pas compris")) {
            assertThat(RepeatRequest.asks(asked, "fr-CA")).as(asked).isTrue();
        }
        for (String asked : List.of("I don't understand", "help", "Sorry, I don't understand the question",
                "Who's calling?")) {
            assertThat(RepeatRequest.asks(asked, "en-US")).as(asked).isTrue();
        }
        for (String answer : List.of("no entiendo por qué tardaron tanto", "help with my order")) {
            assertThat(RepeatRequest.asks(answer, "es-MX")).as(answer).isFalse();
        }
    }

    @Test
    void lateWordsAtAKeypadQuestionAreNoAnswer() {
        answer(0);
        answer(1);
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        say(2, "four", 0.9);
        assertThat(last.session().questions().get(0).answer()).isNull();
        assertThat(last.events()).isEmpty();
        assertThat(last.session().surveyStatus()).as("the late answer may still come").isEqualTo(SurveyStatus.STARTED);
        press(2, "4");
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
    }

    /**
     * A request to hear the question, the last words on a bad line before it drops, is no answer late either: until
     * 2026-12-07 "Hello? You're breaking up" was stored at a words question after the call ended, and "Sorry, can you
     * repeat that?" completed a survey (a caller's probe).
     */
    @Test
    void aLateRequestToHearTheQuestionIsNoAnswer() {
        callEndsAtTheLastQuestion();
        say(5, "Sorry, can you repeat that?", 0.9);
        assertThat(last.session().questions().get(3).answer()).isNull();
        assertThat(last.events()).isEmpty();
        assertThat(last.session().surveyStatus()).as("the late answer may still come").isEqualTo(SurveyStatus.STARTED);
        say(5, "Hello? You're breaking up", 0.88);
        assertThat(last.session().questions().get(3).answer()).isNull();
        say(5, "no", 0.9);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
    }

    /**
     * A call that ends at the welcome's language offer waits for a late answer as a question does: Twilio does not
     * order status callbacks and Gather actions, and until 2026-12-07 the welcome ended at {@code completed}, so its
     * SMS fallback went out before a star, a decline or a language key pressed as the call ended (a caller's probe).
     * A language chosen late is the fallback's; a decline ends it {@code declined}; a star opts out; a silence
     * waits; a call not yet welcomed ends at once.
     */
    @Test
    void aCallThatEndsAtTheWelcomeWaitsForALateAnswerToIt() {
        answer(0);
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(last.session().awaitingLateAnswer()).isTrue();
        SurveySession ended = last.session();

        last = processor.process(survey, ended, new VoiceInput(1, null, null, null));
        assertThat(last.session()).as("a silence waits out the grace").isEqualTo(ended);
        press(1, "2");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("hangup");
        assertThat(last.session().languageSet()).as("the fallback's language").isEqualTo("es-MX");
        assertThat(last.session().endedAtWelcome()).isTrue();

        last = processor.process(survey, ended, new VoiceInput(1, null, "no thanks", 0.9));
        assertThat(last.session().endReason()).isEqualTo("declined");
        last = processor.process(survey, ended, new VoiceInput(1, "*", null, null));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        last = processor.process(survey, ended, new VoiceInput(1, null, "stop calling me", 0.1));
        assertThat(last.session().endReason()).isEqualTo("hangup");
        assertThat(last.session().unclearOptOutAt()).as("no fallback text after words heard unclearly").isNotNull();
        last = processor.process(survey, ended, new VoiceInput(0, "2", null, null));
        assertThat(last.session()).as("another turn's request").isEqualTo(ended);

        placeCall();
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        assertThat(last.session().surveyStatus()).as("not yet welcomed").isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("hangup");
    }

    @Test
    void theEndOfACompletedCallChangesNothing() {
        completeInEnglish();
        Decision ended = processor.process(survey, last.session(), new CallEnded("completed"));
        assertThat(ended.session()).isEqualTo(last.session());
        assertThat(ended.events()).isEmpty();
    }

    @Test
    void aRespondentWhoCompletedAndCallsBackIsToldSo() {
        completeInEnglish();
        assertThat(answer(0).twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">You have already answered this survey. Thank you again.</Say>
                <Hangup/>
                """));
        assertThat(last.events()).isEmpty();
    }

    @Test
    void aSurveyWithOneLanguageBeginsRightAfterTheWelcome() {
        Survey english = new Survey(survey.surveyId(), "en-US", 2, 6, 0.4, survey.questions(),
                java.util.Map.of("en-US", survey.language("en-US")), java.util.Map.of("en-US", List.of()), null, null,
                "0123456789abcdef");
        last = processor.process(english, SurveySession.begin("call-1", english, ShippedSurvey.RESPONDENT,
                Channel.VOICE, null, ShippedSurvey.NOW), new SurveyInput.Start());
        last = processor.process(english, last.session(), new VoiceInput(0, null, null, null));
        assertThat(last.twiml()).startsWith(response("""
                <Say language="en-US" voice="Polly.Joanna">Hi, this is a one-minute survey about your recent visit with us.</Say>
                <Say language="en-US" voice="Polly.Joanna">Great, let's get started.</Say>
                <Say language="en-US" voice="Polly.Joanna">To stop our survey calls at any time, press star.</Say>
                <Say language="en-US" voice="Polly.Joanna">First question.</Say>
                """).replace("</Response>", ""));
        assertThat(last.session().currentState()).isEqualTo(SessionStep.QUESTION);
    }

    private void completeInEnglish() {
        answer(0);
        answer(1);
        press(2, "5");
        say(3, "app", 0.9);
        press(4, "5");
        say(5, "no", 0.9);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.COMPLETED);
    }

    @Test
    void theStarKeyOptsOutAtAnyQuestionWithASpokenConfirmation() {
        answer(0);
        answer(1);
        press(2, "4");
        assertThat(press(3, "*").twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Understood: you will get no more surveys from us. Goodbye.</Say>
                <Hangup/>
                """));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().questions().get(0).answer()).isEqualTo(4);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /**
     * 64,700 keys three times and 64,600 characters of speech made a 389 KB "Survey Completed", which EventBridge
     * refuses on every retry (over 256 KB): inputs are cut to what Twilio sends at most.
     */
    @Test
    void inputsLongerThanTwilioSendsAreCutSoTheirEventsStaySmall() {
        answer(0);
        answer(1);
        for (int tries = 0; tries < 3; tries++) {
            press(last.session().turn(), "7".repeat(64_700));
        }
        assertThat(last.session().questions().get(0).skipped()).isTrue();
        assertThat(last.session().questions().get(0).rawInput()).isEqualTo("7".repeat(SurveyInput.MAX_KEYS));
        say(last.session().turn(), "a".repeat(64_600), 0.9);
        assertThat(last.session().questions().get(1).answer()).isEqualTo("a".repeat(StoredInput.MAX_SPEECH));
    }

    /**
     * Probe 2026-12-05: a 20,000-character SpeechResult was kept to 4,096 characters, unmarked, with its control
     * characters. An answer keeps {@value StoredInput#MAX_SPEECH} characters of speech, without control characters,
     * and says it was cut.
     */
    @Test
    void longSpeechIsKeptToItsBoundAndMarkedTruncated() {
        answer(0);
        answer(1);
        press(last.session().turn(), "4");
        say(last.session().turn(), "\u001b" + "a".repeat(20_000), 0.9);
        QuestionResult kept = last.session().questions().get(1);
        assertThat(kept.rawInput()).isEqualTo("a".repeat(StoredInput.MAX_SPEECH));
        assertThat(kept.answer()).isEqualTo("a".repeat(StoredInput.MAX_SPEECH));
        assertThat(kept.rawInputTruncated()).isTrue();
        assertThat(kept.answerConfidence()).isEqualTo(0.9);
    }

    /**
     * A call whose survey version is gone, and whose current version asks other questions, hung up without a word: it
     * hears the surveyChanged line first, in the session's language and voice; a star still opts out, and is confirmed
     * as anywhere else (until 2026-12-06 it hung up unconfirmed).
     */
    @Test
    void aCallWhoseSurveyChangedIsToldSoBeforeTheHangUpAndAStarStillOptsOut() throws Exception {
        Survey other = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(
                java.nio.file.Path.of("config-files/surveys/quarterly-nps")));
        answer(0);
        answer(1);
        SurveySession asked = last.session();
        last = processor.process(other, asked, new VoiceInput(asked.turn(), "4", null, null));
        assertThat(last.twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, this survey has changed since you began it, so it ends here. Thank you for your time.</Say>
                <Hangup/>
                """));
        assertThat(last.messages()).as("a call is not texted").isEmpty();
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);

        last = processor.process(other, asked, new VoiceInput(asked.turn(), "*", null, null));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(last.twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Understood: you will get no more surveys from us. Goodbye.</Say>
                <Hangup/>
                """));
    }

    /**
     * A spoken opt-out on a call whose survey changed is held to the rule of every other step: heard clearly, it is
     * confirmed in the session's language and voice before the hang-up (it hung up unconfirmed until 2026-12-06);
     * heard below the survey's {@code minSpeechConfidence} it is no opt-out, and the call ends as the survey changed.
     */
    @Test
    void aSpokenOptOutOnACallWhoseSurveyChangedIsConfirmedWhenHeardClearly() throws Exception {
        Survey other = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(
                java.nio.file.Path.of("config-files/surveys/quarterly-nps")));
        last = processor.process(survey, session("es-MX"), new SurveyInput.Start());
        answer(0);
        answer(1);
        press(2, "4");
        SurveySession asked = last.session();

        Decision sure = processor.process(other, asked, new VoiceInput(asked.turn(), null, "no me llamen", 0.8));
        assertThat(sure.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(sure.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(sure.messages()).as("a call is not texted").isEmpty();
        assertThat(sure.twiml()).isEqualTo(response("""
                <Say language="es-MX" voice="Polly.Mia">%s</Say>
                <Hangup/>
                """.formatted(other.language("es-MX").text(Prompt.OPT_OUT_CONFIRMATION))));

        Decision unsure = processor.process(other, asked, new VoiceInput(asked.turn(), null, "no me llamen", 0.2));
        assertThat(unsure.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(unsure.session().endReason()).isEqualTo(SurveyProcessor.SURVEY_CHANGED);
        assertThat(unsure.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_ABANDONED);
    }

    /**
     * The line on a call: the language file's own in the session's language and voice; for a language the current
     * version lacks, the default language's in its voice (no voice of the survey can say a built-in French line).
     */
    @Test
    void aCallWhoseSurveyChangedHearsItsLanguagesLineOrElseTheDefaultLanguages() throws Exception {
        Survey other = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(java.nio.file.Path.of(
                "config-files/surveys/quarterly-nps")).stream()
                .filter(file -> !file.name().endsWith("survey-fr-CA.env"))
                .map(file -> !file.name().endsWith("survey-es-MX.env") ? file : new ConfigFile(file.name(),
                        (new String(file.content(), java.nio.charset.StandardCharsets.UTF_8)
                                + "\nsurveyChanged=La encuesta cambió; la cerramos aquí.\n")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList());
        last = processor.process(survey, session("es-MX"), new SurveyInput.Start());
        answer(0);
        SurveySession spanish = last.session();
        assertThat(processor.process(other, spanish, new VoiceInput(spanish.turn(), null, null, null)).twiml())
                .isEqualTo(response("""
                        <Say language="es-MX" voice="Polly.Mia">La encuesta cambió; la cerramos aquí.</Say>
                        <Hangup/>
                        """));

        last = processor.process(survey, session("fr-CA"), new SurveyInput.Start());
        answer(0);
        SurveySession french = last.session();
        assertThat(processor.process(other, french, new VoiceInput(french.turn(), null, null, null)).twiml())
                .isEqualTo(response("""
                        <Say language="en-US" voice="Polly.Joanna">Sorry, this survey has changed since you began it, so it ends here. Thank you for your time.</Say>
                        <Hangup/>
                        """));
    }

    /** "7*" at a question taking two keys was stored as 7: the star opts out wherever it is pressed. */
    @Test
    void theStarKeyAfterADigitOptsOutRatherThanAnswering() {
        answer(0);
        answer(1);
        press(2, "4*");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().questions().get(0).answer()).as("not stored as the answer").isNull();
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /** Twilio does not order a Gather's action and the status callback: an opt-out after the call's end counts. */
    @Test
    void anOptOutArrivingAfterTheCallEndedEndsTheSurveyOptedOutNotAsAnAnswer() {
        answer(0);
        answer(1);
        press(2, "4");
        say(3, "the app", 0.9);
        press(4, "5");
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        say(5, "please stop calling me", 0.8);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().questions().get(3).answer()).as("not stored as the answer").isNull();
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    @Test
    void theStarKeyAfterTheCallEndedAtAnEarlierQuestionOptsOut() {
        answer(0);
        answer(1);
        last = processor.process(survey, last.session(), new CallEnded("completed"));
        press(2, "*");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
    }

    /**
     * The star key on a survey that already ended, abandoned or completed: the survey keeps its disposition, and the
     * opt-out its event; a second one on a survey that ended opted out publishes nothing more.
     */
    @Test
    void theStarKeyAfterTheSurveyEndedPublishesTheOptOutOnceItsDispositionKept() {
        answer(0);
        answer(1);
        last = processor.process(survey, last.session(), new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"));
        press(2, "*");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("hangup");
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        press(2, "*");
        assertThat(last.events()).as("Twilio retrying the same request").isEmpty();

        placeCall();
        answer(0);
        answer(1);
        press(2, "*");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        press(3, "*");
        assertThat(last.events()).as("already opted out").isEmpty();
    }

    @Test
    void anOptOutPhraseSpokenToAWordsQuestionOptsOutButAnAnswerWithTheWordDoesNot() {
        answer(0);
        answer(1);
        press(2, "4");
        say(3, "I'd stop by the store again", 0.9);
        assertThat(last.session().questions().get(1).answer()).isEqualTo("I'd stop by the store again");
        press(4, "5");
        say(5, "please stop calling me", 0.8);
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(last.session().questions().get(3).answer()).isNull();
    }

    /**
     * An opt-out is permanent, so one spoken to a question that takes speech must clear the bar a spoken answer does
     * (the survey's {@code minSpeechConfidence}, 0.4): "please stop calling me" heard at 0.2 opted the number out
     * until 2026-12-05. Below the bar the words are unclear: asked again, with how to opt out for sure, nothing stored
     * or published. At the bar, or with no {@code Confidence} at all (taken, as an answer is), it opts out.
     */
    @Test
    void aSpokenOptOutAtAWordsQuestionNeedsTheSurveysSpeechConfidence() {
        answer(0);
        answer(1);
        press(2, "4");
        say(3, "The app", 0.9);
        press(4, "5");
        Decision unsure = say(5, "please stop calling me", 0.2);
        assertThat(unsure.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(unsure.events()).isEmpty();
        assertThat(unsure.session().questions().get(3).answer()).isNull();
        assertThat(unsure.twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, I did not catch that clearly.</Say>
                <Say language="en-US" voice="Polly.Joanna">To stop our survey calls at any time, press star.</Say>
                <Gather action="%1$s6" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">Is there anything else you would like us to know?</Say>
                </Gather>
                <Redirect method="POST">%1$s6</Redirect>
                """.formatted(URL)));

        Decision sure = processor.process(survey, unsure.session(), new VoiceInput(6, null, "please stop calling me",
                0.4));
        assertThat(sure.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(sure.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        Decision unscored = processor.process(survey, unsure.session(), new VoiceInput(6, null,
                "please stop calling me", null));
        assertThat(unscored.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        Decision star = processor.process(survey, unsure.session(), new VoiceInput(6, "*", "stop", 0.1));
        assertThat(star.session().surveyStatus()).as("the star key needs no confidence")
                .isEqualTo(SurveyStatus.OPTED_OUT);
    }

    /**
     * The language offer holds a spoken opt-out to the bar a question does: "please stop calling me" heard below the
     * survey's {@code minSpeechConfidence} (0.4) began the survey in the current language until 2026-12-06, as if
     * nothing was said. Now no survey begins on it: the offer is made again after {@code speechUnclear} and
     * {@code optOutVoiceOffer} (press star), nothing stored or published; {@code maxRetries} (2) such replies later the
     * next ends the call as silence past the retries does, opted out of nothing. Heard clearly, or as the star key, it
     * opts out and is confirmed, as before.
     */
    @Test
    void aSpokenOptOutAtTheLanguageOfferNeedsTheSurveysSpeechConfidence() {
        answer(0);
        String again = response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, I did not catch that clearly.</Say>
                <Say language="en-US" voice="Polly.Joanna">To stop our survey calls at any time, press star.</Say>
                <Gather action="%1$s%2$d" hints="español,français" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="es-MX" voice="Polly.Mia">Para español, oprima 2 o diga español.</Say>
                  <Say language="fr-CA" voice="Polly.Chantal">Pour le français, appuyez sur 3 ou dites français.</Say>
                </Gather>
                <Redirect method="POST">%1$s%2$d</Redirect>
                """);
        SurveySession offered = last.session();
        Decision unsure = say(1, "please stop calling me", 0.2);
        assertThat(unsure.twiml()).isEqualTo(again.formatted(URL, 2));
        assertThat(unsure.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(unsure.session().currentState()).as("no survey begun").isEqualTo(SessionStep.LANGUAGE_OFFER);
        assertThat(unsure.session().questions()).allMatch(asked -> asked.answer() == null);
        assertThat(unsure.events()).isEmpty();
        assertThat(say(2, "remove me", 0.3).twiml()).isEqualTo(again.formatted(URL, 3));
        // The caller spoke: told they were not understood and how to stop the calls, not "we didn't hear from you".
        assertThat(say(3, "stop calling me", 0.1).twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, we could not understand you, so we'll end the call here. To stop our survey calls, press star during any of them. Goodbye.</Say>
                <Hangup/>
                """));
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(last.session().endReason()).isEqualTo("not-understood");
        assertThat(last.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_ABANDONED);
        assertThat(last.events().get(0).reason()).isEqualTo("not-understood");

        String confirmed = response("""
                <Say language="en-US" voice="Polly.Joanna">Understood: you will get no more surveys from us. Goodbye.</Say>
                <Hangup/>
                """);
        for (VoiceInput sure : List.of(new VoiceInput(1, null, "please stop calling me", 0.4),
                new VoiceInput(1, null, "please stop calling me", null), new VoiceInput(1, "*", null, null))) {
            Decision optedOut = processor.process(survey, offered, sure);
            assertThat(optedOut.twiml()).as("%s", sure).isEqualTo(confirmed);
            assertThat(optedOut.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
            assertThat(optedOut.events()).extracting(SurveyEvent::eventType)
                    .containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        }
    }

    /**
     * A language file without {@code notUnderstoodGoodbye} still ends a call whose caller was not understood with a
     * goodbye that fits: English, Spanish and French have a line built in; any other language says its {@code
     * speechUnclear} and its {@code finalGoodbye}, never {@code surveyAbandoned} ("We didn't hear from you").
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "es-MX|<Say language=\"es-MX\" voice=\"Polly.Mia\">Perdón, no pudimos entenderle, así que terminamos la llamada aquí. Para no recibir más llamadas de encuestas, presione asterisco durante cualquiera de ellas. Adiós.</Say>",
        "de-DE|<Say language=\"de-DE\" voice=\"Polly.Vicki\">Entschuldigung, das habe ich nicht verstanden.</Say><Say language=\"de-DE\" voice=\"Polly.Vicki\">Das war alles. Vielen Dank, auf Wiederhören.</Say>"})
    void aCallerNotUnderstoodAtTheLanguageOfferHearsAGoodbyeThatFitsWithoutALineInTheFile(String tag, String said) {
        Survey withoutLine = withoutNotUnderstoodGoodbye();
        Decision step = processor.process(withoutLine, SurveySession.begin("call-1", withoutLine,
                ShippedSurvey.RESPONDENT, Channel.VOICE, tag, ShippedSurvey.NOW), new SurveyInput.Start());
        step = processor.process(withoutLine, step.session(), new VoiceInput(0, null, null, null));
        for (int turn = 1; turn <= withoutLine.maxRetries() + 1; turn++) {
            step = processor.process(withoutLine, step.session(), new VoiceInput(turn, null, "stop calling me", 0.1));
        }
        assertThat(step.twiml().replace("\n", "").replaceAll(">\\s+<", "><"))
                .isEqualTo(response(said + "<Hangup/>").replace("\n", "").replaceAll(">\\s+<", "><"));
        assertThat(step.session().endReason()).isEqualTo("not-understood");
    }

    /** The shipped survey with its files' {@code notUnderstoodGoodbye} lines taken out, and a German language added. */
    private static Survey withoutNotUnderstoodGoodbye() {
        try {
            List<ConfigFile> files = new java.util.ArrayList<>();
            for (ConfigFile file : SurveyConfigLoader.readDirectory(java.nio.file.Path.of("config-files"))) {
                String text = new String(file.content(), java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll("(?m)^notUnderstoodGoodbye=.*\n", "");
                files.add(new ConfigFile(file.name(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            String german = SurveyConfigLoaderTest.GERMAN
                    + "speechUnclear=Entschuldigung, das habe ich nicht verstanden.\n";
            files.add(new ConfigFile("voice-prompts/survey-de-DE.env", german.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            return new SurveyConfigLoader().load(files);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * With {@code survey-relay.voice.spoken-opt-out.at-keypad-questions} on, a keypad question also listens for speech,
     * hinted with the language's opt-out words: keys answer as before, "do not call me" opts out, and other words
     * are re-asked with {@code answerWithKeypad} and not kept.
     */
    @Test
    void aKeypadQuestionHearsASpokenOptOutAndReasksOtherWords() {
        Decision asked = keypadQuestionListening();
        assertThat(asked.twiml()).contains("""
                <Gather action="%1$s2" hints="%2$s" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">""".formatted(URL, HINTS).strip());

        Decision words = listening.process(survey, asked.session(), new VoiceInput(2, null, "what was that", 0.9));
        assertThat(words.twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Sorry, please answer this one with your phone's keypad: press a number from 1 to 5. To stop our survey calls, say stop or press star.</Say>
                <Gather action="%1$s3" hints="%2$s" input="dtmf speech" language="en-US" method="POST" numDigits="1" speechTimeout="auto" timeout="6">
                  <Say language="en-US" voice="Polly.Joanna">From 1 to 5, where 1 is very unhappy and 5 is delighted, how satisfied are you with our service?</Say>
                </Gather>
                <Redirect method="POST">%1$s3</Redirect>
                """.formatted(URL, HINTS)));
        assertThat(words.events()).isEmpty();
        assertThat(words.session().questions().get(0).rawInput()).as("words are not kept").isNull();

        Decision pressed = listening.process(survey, words.session(), new VoiceInput(3, "4", null, null));
        assertThat(pressed.session().questions().get(0).answer()).isEqualTo(4);
        assertThat(pressed.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.ANSWER_RECORDED);

        Decision again = listening.process(survey, asked.session(), new VoiceInput(2, null, "do not call me", 0.8));
        assertThat(again.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(again.twiml()).isEqualTo(response("""
                <Say language="en-US" voice="Polly.Joanna">Understood: you will get no more surveys from us. Goodbye.</Say>
                <Hangup/>
                """));
        Decision repeated = listening.process(survey, again.session(), new VoiceInput(2, null, "do not call me", 0.8));
        assertThat(repeated.twiml()).as("Twilio's repeat hears the confirmation again").isEqualTo(again.twiml());
        assertThat(repeated.events()).as("and publishes nothing more").isEmpty();
    }

    private final SurveyProcessor listening = new SurveyProcessor(java.time.Clock.fixed(ShippedSurvey.NOW,
            java.time.ZoneOffset.UTC), ShippedSurvey.WEBHOOK, true);

    /** The first (keypad) question asked by a processor whose keypad questions listen for a spoken opt-out. */
    private Decision keypadQuestionListening() {
        Decision started = listening.process(survey, session("en-US"), new SurveyInput.Start());
        Decision offered = listening.process(survey, started.session(), new VoiceInput(0, null, null, null));
        return listening.process(survey, offered.session(), new VoiceInput(1, null, null, null));
    }

    /**
     * The hints bias the recogniser toward the opt-out words, so "stop" heard at a keypad question below the
     * survey's {@code minSpeechConfidence} (0.4) is noise: it counts as silence (re-asked, no answer skipped), and
     * {@code maxRetries} of it end the call as silence does, with no opt-out. At the bar it opts out.
     */
    @Test
    void aSpokenOptOutAtAKeypadQuestionNeedsTheSurveysSpeechConfidence() {
        Decision asked = keypadQuestionListening();
        Decision unsure = listening.process(survey, asked.session(), new VoiceInput(2, null, "stop", 0.2));
        assertThat(unsure.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(unsure.session().silences()).isEqualTo(1);
        assertThat(unsure.session().invalidAnswers()).as("not counted toward skipping the question").isZero();
        assertThat(unsure.events()).isEmpty();
        Decision noConfidence = listening.process(survey, unsure.session(), new VoiceInput(3, null, "stop", null));
        assertThat(noConfidence.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);

        Decision sure = listening.process(survey, asked.session(), new VoiceInput(2, null, "stop", 0.4));
        assertThat(sure.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        Decision star = listening.process(survey, asked.session(), new VoiceInput(2, "*", null, null));
        assertThat(star.session().surveyStatus()).as("the star key needs no confidence")
                .isEqualTo(SurveyStatus.OPTED_OUT);
    }

    /**
     * Noise at a keypad question never skips it: after maxRetries it ends the call, as not understood, which says how
     * to stop the calls (until 2026-12-07 as silence: "We didn't hear from you", to a caller who had spoken).
     */
    @Test
    void wordsAtAKeypadQuestionEndTheCallAsNotUnderstoodNotSkipTheQuestion() {
        Decision at = keypadQuestionListening();
        for (int turn = 2; at.session().surveyStatus() == SurveyStatus.STARTED && turn < 20; turn++) {
            at = listening.process(survey, at.session(), new VoiceInput(turn, null, "four", 0.9));
            assertThat(at.session().questions().get(0).skipped()).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(at.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(at.session().endReason()).isEqualTo("not-understood");
        assertThat(at.twiml()).contains("Sorry, we could not understand you").doesNotContain("We didn't hear");
        assertThat(at.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_ABANDONED);
    }

    /** Off unless set: an upgrade must not start billing speech recognition on every keypad question. */
    @Test
    void spokenOptOutAtKeypadQuestionsIsOffByDefault() {
        assertThat(new com.surveyrelay.config.SpokenOptOut(null).atKeypad()).isFalse();
        assertThat(new com.surveyrelay.config.SpokenOptOut(true).atKeypad()).isTrue();
    }

    /** A texted opt-out ({@link SurveyInput.OptOutTexted}) ends a call still in progress OPTED_OUT, saying nothing. */
    @Test
    void anOptOutTextedDuringTheCallEndsItOptedOut() {
        answer(0);
        answer(1);
        press(2, "5");
        Decision texted = processor.process(survey, last.session(), new SurveyInput.OptOutTexted());
        assertThat(texted.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        assertThat(texted.twiml()).isNull();
        assertThat(texted.events()).extracting(SurveyEvent::eventType)
                .containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(texted.events().get(0).surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
    }

    /** A call that already ended opted out published its event then: a texted opt-out publishes nothing more. */
    @Test
    void anOptOutTextedAfterTheCallOptedOutPublishesNothing() {
        answer(0);
        answer(1);
        press(2, "*");
        assertThat(last.session().surveyStatus()).isEqualTo(SurveyStatus.OPTED_OUT);
        Decision texted = processor.process(survey, last.session(), new SurveyInput.OptOutTexted());
        assertThat(texted.events()).isEmpty();
        assertThat(texted.session()).isEqualTo(last.session());
        assertThat(texted.twiml()).isNull();
    }

    /**
     * A call that ended otherwise keeps its disposition: the first texted opt-out publishes and is noted, a second
     * (another STOP, another MessageSid) publishes nothing.
     */
    @Test
    void anOptOutTextedTwiceAfterTheCallEndedPublishesOnce() {
        answer(0);
        answer(1);
        SurveySession ended = processor.process(survey, last.session(),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup")).session();
        assertThat(ended.surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        Decision first = processor.process(survey, ended, new SurveyInput.OptOutTexted());
        assertThat(first.events()).extracting(SurveyEvent::eventType).containsExactly(SurveyEventType.SURVEY_OPTED_OUT);
        assertThat(first.events().get(0).surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(first.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(first.session().optedOutAfterEnd()).isNotNull();
        Decision second = processor.process(survey, first.session(), new SurveyInput.OptOutTexted());
        assertThat(second.events()).isEmpty();
        assertThat(second.session()).isEqualTo(first.session());
    }

    @Test
    void aKeypadQuestionTakesKeysOnlyWhenSpokenOptOutIsOff() {
        answer(0);
        assertThat(answer(1).twiml()).contains("<Gather action=\"" + URL + "2\" input=\"dtmf\" method=\"POST\" "
                + "numDigits=\"1\" timeout=\"6\">");
    }

    /**
     * A voicemail that took the call is hung up on before a word is said to it, and the survey ends as a call nobody
     * answered: it went on to play every prompt to the recorder and ended no-input (break-it probe).
     */
    @ParameterizedTest
    @CsvSource({"machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax"})
    void aCallAMachineAnswersIsHungUpOnAndEndsOnce(String answeredBy) {
        Decision ended = processor.process(survey, last.session(), new SurveyInput.MachineAnswered(answeredBy));
        assertThat(ended.twiml()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>");
        assertThat(ended.session().surveyStatus()).isEqualTo(SurveyStatus.ABANDONED);
        assertThat(ended.session().endReason()).isEqualTo("machine");
        assertThat(ended.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(SurveyEventType.SURVEY_ABANDONED);
            assertThat(event.reason()).isEqualTo("machine");
        });
        Decision repeated = processor.process(survey, ended.session(), new SurveyInput.MachineAnswered(answeredBy));
        assertThat(repeated.twiml()).isEqualTo(ended.twiml());
        assertThat(repeated.session()).isEqualTo(ended.session());
        assertThat(repeated.events()).as("published once").isEmpty();
    }

    /**
     * A machine verdict after the caller answered a question (a status callback's {@code AnsweredBy}) ends nothing: a
     * person answered; the call's status then ends the session as a hang-up. Until 2026-12-07 it ended {@code machine}
     * with the answers, and the fallback texted the whole welcome (a caller's probe).
     */
    @Test
    void aMachineVerdictAfterAnAnswerEndsNothing() {
        answer(0);
        answer(1);
        Decision answered = press(2, "3");
        assertThat(answered.session().questions().get(0).answer()).isNotNull();

        Decision verdict = processor.process(survey, answered.session(),
                new SurveyInput.MachineAnswered("machine_start"));

        assertThat(verdict.session()).isEqualTo(answered.session());
        assertThat(verdict.events()).isEmpty();
        Decision dropped = processor.process(survey, verdict.session(), new SurveyInput.CallEnded("completed"));
        // As any dropped call: open for the grace a late answer has, ended a hang-up after it (FinalCallStatus).
        assertThat(dropped.session().surveyStatus()).isEqualTo(SurveyStatus.STARTED);
        assertThat(dropped.session().endReason()).isNull();
    }

    @Test
    void aMachineAnswerToATextedSurveyChangesNothing() {
        SurveySession texted = processor.process(survey, SurveySession.begin("sms-1", survey,
                ShippedSurvey.RESPONDENT, Channel.SMS, "en-US", ShippedSurvey.NOW), new SurveyInput.Start()).session();
        assertThatThrownBy(() -> processor.process(survey, texted, new SurveyInput.MachineAnswered("machine_start")))
                .isInstanceOf(WrongChannelException.class);
    }

    @Test
    void aMachineAnswerFallsBackToTextAsAnUnansweredCallDoes() {
        assertThat(new SurveyFallback(true, false).appliesTo("machine")).isTrue();
        assertThat(new SurveyFallback(false, true).appliesTo("machine")).isFalse();
        assertThat(new FallbackFrom("call-1", "machine").continuesAnswers()).isFalse();
    }

    /** A call we hung up on when storage failed was cut off mid-survey, as one the caller dropped: text continues it. */
    @Test
    void aCallHungUpOnForAStorageFailureFallsBackAsADroppedCallDoes() {
        assertThat(new SurveyFallback(false, true).appliesTo(SurveyProcessor.STORAGE_UNAVAILABLE)).isTrue();
        assertThat(new SurveyFallback(true, false).appliesTo(SurveyProcessor.STORAGE_UNAVAILABLE)).isFalse();
        assertThat(new FallbackFrom("call-1", SurveyProcessor.STORAGE_UNAVAILABLE).continuesAnswers()).isTrue();
    }
}
