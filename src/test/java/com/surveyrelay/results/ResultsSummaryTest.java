package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.survey.VoiceWebhook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode session(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final Survey SURVEY = load();
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final SurveyProcessor PROCESSOR = new SurveyProcessor(Clock.fixed(NOW, ZoneOffset.UTC),
            new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                    URI.create("https://relay.example.com/voice/status")));
    private static final SurveyInput EXPIRED = new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired");
    private static int sessionIds;

    /** A new session of the shipped survey on {@code channel}, before anything was sent. */
    private static SurveySession begun(Channel channel) {
        return SurveySession.begin("s-" + ++sessionIds, SURVEY, new E164("+15551234567"), channel, null, NOW);
    }

    /** The session after the real processor took each input in turn. */
    private static SurveySession after(SurveySession session, SurveyInput... inputs) {
        for (SurveyInput input : inputs) {
            session = PROCESSOR.process(SURVEY, session, input).session();
        }
        return session;
    }

    /** A finished session's document as the results sink stores it (the route writes {@link SurveyJson#write}). */
    private static JsonNode stored(SurveySession session) throws Exception {
        assertThat(session.surveyStatus().isFinal()).as("only finished sessions reach the sink").isTrue();
        return JSON.readTree(SurveyJson.write(session));
    }

    private static SurveyInput.SmsReceived text(String body) {
        return new SurveyInput.SmsReceived(body, null);
    }

    /** How many abandoned the survey at each question, in the survey's order. */
    private static List<Integer> dropped(ResultsSummary.Summary summary) {
        return summary.questions().stream().map(ResultsSummary.QuestionSummary::droppedHere).toList();
    }

    private static Survey load() {
        return load(Path.of("config-files"));
    }

    private static Survey load(Path folder) {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(folder));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The second shipped survey: its first question, questionRecommend, is an NPS (0 to 10). */
    private static final Survey NPS_SURVEY = load(Path.of("config-files/surveys/quarterly-nps"));

    /** A completed session of {@link #NPS_SURVEY} holding these results (JSON objects, ' for "). */
    private static JsonNode npsSession(String... results) throws Exception {
        return session("{'sessionId': 's-" + ++sessionIds + "', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', "
                + "'questions': [" + String.join(", ", results) + "]}");
    }

    /** The NPS question's summary after one session for each of these scores, stored as the processor stores them. */
    private static ResultsSummary.QuestionSummary nps(int... scores) throws Exception {
        ResultsSummary summary = new ResultsSummary(NPS_SURVEY);
        for (int score : scores) {
            summary.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': " + score
                    + "}"));
        }
        return question(summary, "questionRecommend");
    }

    private static ResultsSummary.QuestionSummary question(ResultsSummary summary, String name) {
        return summary.summary().questions().stream().filter(question -> question.questionName().equals(name))
                .findFirst().orElseThrow();
    }

    /** These scores, then this many passives (8s): scores of a chosen fraction. */
    private static int[] withPassives(int passives, int... others) {
        int[] scores = java.util.Arrays.copyOf(others, others.length + passives);
        java.util.Arrays.fill(scores, others.length, scores.length, 8);
        return scores;
    }

    /** An answer stored when the question had another type is no value of the question as it is now. */
    @Test
    void anAnswerGivenWhenTheQuestionHadAnotherTypeIsLeftOut() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'questions': [
                  {'questionName': 'questionServiceRate', 'questionType': 'speech', 'answer': 'yes'},
                  {'questionName': 'questionAgentRate', 'questionType': 'dtmf', 'answer': 2},
                  {'questionName': 'questionProduct', 'answer': 'the app'}]}"""));
        ResultsSummary.Summary result = summary.summary();
        assertThat(result.questions().get(0).answered()).isZero();
        assertThat(result.questions().get(0).distribution()).doesNotContainKey("yes");
        assertThat(result.questions().get(2).distribution()).containsEntry("2", 1);
        assertThat(result.questions().get(1).answered()).as("stored without its type: counted").isOne();
    }

    /** A respondent who left at a question that has since changed type still left there. */
    @Test
    void aDropOffAtAQuestionThatChangedTypeSinceIsCounted() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': 'hangup',
                 'questionIndex': 0, 'questions': [{'questionName': 'questionServiceRate', 'questionType': 'speech'}]}
                """));
        assertThat(summary.summary().questions().get(0).droppedHere()).isOne();
        assertThat(summary.summary().questions().get(0).answered()).isZero();
    }

    /**
     * A respondent who texted at a question that they want out (break-off) left there: counted at that question, not
     * as a decline of the welcome (a breaker found the first version of the rule counting them so, 2026-12-07).
     */
    @Test
    void aBreakOffCountsWhereTheRespondentLeft() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'ABANDONED', 'endReason': 'break-off',
                 'questionIndex': 1, 'turn': 3, 'questions': [
                 {'questionName': 'questionServiceRate', 'questionType': 'dtmf', 'answer': 4},
                 {'questionName': 'questionProduct', 'questionType': 'speech'}]}
                """));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.welcome()).isEqualTo(new ResultsSummary.WelcomeSummary(0, 0, 0));
        assertThat(result.questions().get(1).droppedHere()).isOne();
        assertThat(result.noResponse()).isZero();
    }

    /**
     * A respondent who left, or opted out, at a question only an older version had is counted apart, so that the
     * drop-offs add up to the abandoned sessions: until 2026-12-07 they were counted nowhere (an analyst's probe).
     */
    @Test
    void aDropOffAtAQuestionTodaysVersionNoLongerHasIsCountedApart() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': 'hangup',
                 'questionIndex': 1, 'turn': 3, 'questions': [
                 {'questionName': 'questionServiceRate', 'questionType': 'dtmf', 'answer': 4},
                 {'questionName': 'questionEase', 'questionType': 'dtmf'}]}
                """));
        summary.add(session("""
                {'sessionId': 's-2', 'surveyMedium': 'sms', 'surveyStatus': 'OPTED_OUT', 'endReason': 'opted-out',
                 'questionIndex': 1, 'turn': 3, 'questions': [
                 {'questionName': 'questionServiceRate', 'questionType': 'dtmf', 'answer': 5},
                 {'questionName': 'questionEase', 'questionType': 'dtmf'}]}
                """));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.retiredQuestions()).isEqualTo(new ResultsSummary.RetiredQuestionsSummary(1, 1));
        assertThat(result.questions()).allSatisfy(question -> {
            assertThat(question.droppedHere()).as(question.questionName()).isZero();
            assertThat(question.optedOutHere()).as(question.questionName()).isZero();
        });
        assertThat(result.questions().get(0).answered()).isEqualTo(2);
    }

    /**
     * A session ended because its survey changed under it (its version's copy gone, its open question renamed) was
     * counted as its respondent leaving at that question, and the dashboard blamed the question. It is no drop-off.
     */
    @Test
    void aSessionEndedAsItsSurveyChangedIsNoDropOff() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'ABANDONED',
                 'endReason': 'survey-changed', 'questionIndex': 1, 'turn': 2, 'questions': [
                 {'questionName': 'questionServiceRate', 'questionType': 'dtmf', 'answer': 4},
                 {'questionName': 'questionProduct', 'questionType': 'speech'}]}
                """));
        summary.add(session("""
                {'sessionId': 's-2', 'surveyMedium': 'sms', 'surveyStatus': 'ABANDONED', 'endReason': 'expired',
                 'questionIndex': 1, 'turn': 2, 'questions': [
                 {'questionName': 'questionServiceRate', 'questionType': 'dtmf', 'answer': 4},
                 {'questionName': 'questionProduct', 'questionType': 'speech'}]}
                """));

        assertThat(summary.summary().questions().get(1).droppedHere()).as("the expired one alone").isOne();
        assertThat(summary.summary().questions().get(0).answered()).as("its answers still count").isEqualTo(2);
    }

    /** A call nobody answered, or a first text Twilio refused, is no drop-off at the first question. */
    @Test
    void aStartThatReachedNobodyDropsOffNowhere() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        for (String reason : java.util.List.of("busy", "no-answer", "failed", "canceled", "machine",
                "not-delivered:twilio_error", "hangup")) {
            summary.add(session("""
                    {'sessionId': 's-1', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': '%s',
                     'questionIndex': 0, 'questions': [{'questionName': 'questionServiceRate'}]}""".formatted(reason)));
        }
        ResultsSummary.Summary result = summary.summary();
        assertThat(result.questions().get(0).droppedHere()).as("the hang-up alone").isOne();
        assertThat(result.byStatus()).containsEntry("ABANDONED", 7);
        assertThat(result.notReached()).as("all but the hang-up; a voicemail's call (machine) reached nobody")
                .isEqualTo(6);
    }

    /** A respondent who opts out at a question left there: counted at it, apart from those who abandoned. */
    @Test
    void anOptOutCountsAtTheQuestionItLeft() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'OPTED_OUT', 'endReason': 'opt-out',
                 'questionIndex': 2, 'questions': [
                  {'questionName': 'questionServiceRate', 'answer': 4}, {'questionName': 'questionProduct',
                   'answer': 'the app'}, {'questionName': 'questionAgentRate'}, {'questionName': 'questionFeedback'}]}
                """));
        summary.add(session("""
                {'sessionId': 's-2', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': 'hangup',
                 'questionIndex': 2, 'questions': [
                  {'questionName': 'questionServiceRate', 'answer': 3}, {'questionName': 'questionProduct',
                   'answer': 'the store'}, {'questionName': 'questionAgentRate'}, {'questionName': 'questionFeedback'}]}
                """));
        ResultsSummary.QuestionSummary agent = summary.summary().questions().get(2);
        assertThat(agent.questionName()).isEqualTo("questionAgentRate");
        assertThat(agent.optedOutHere()).isOne();
        assertThat(agent.droppedHere()).isOne();
        assertThat(summary.summary().questions()).extracting(ResultsSummary.QuestionSummary::optedOutHere)
                .containsExactly(0, 0, 1, 0);
    }

    /**
     * A start to a number that had opted out sends nothing (Twilio's 21610, or an opt-out stored while the start
     * stored its session): the session ends OPTED_OUT at its first question, but the respondent left nowhere.
     */
    @Test
    void aStartThatReachedNobodyBecauseTheNumberHadOptedOutOptsOutAtNoQuestion() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        for (String reason : new String[] {"not-delivered:recipient_opted_out", "opt-out"}) {
            summary.add(session("""
                    {'sessionId': 's-%s', 'surveyMedium': 'sms', 'surveyStatus': 'OPTED_OUT', 'endReason': '%s',
                     'questionIndex': 0, 'questions': [{'questionName': 'questionServiceRate'},
                      {'questionName': 'questionProduct'}, {'questionName': 'questionAgentRate'},
                      {'questionName': 'questionFeedback'}]}
                    """.formatted(reason, reason)));
        }
        assertThat(summary.summary().questions()).extracting(ResultsSummary.QuestionSummary::optedOutHere)
                .as("only the STOP to the welcome").containsExactly(1, 0, 0, 0);
    }

    /** The latest free-text answers come newest first by instant, whatever the precision each was written with. */
    @Test
    void recentTextsAreNewestFirstByInstant() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'languageSet': 'en-US',
                 'questions': [{'questionName': 'questionFeedback', 'answer': 'earlier',
                  'answeredAt': '2026-12-03T10:00:00Z'}]}"""));
        summary.add(session("""
                {'sessionId': 's-2', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'languageSet': 'en-US',
                 'questions': [{'questionName': 'questionFeedback', 'answer': 'later',
                  'answeredAt': '2026-12-03T10:00:00.500Z'}]}"""));
        assertThat(summary.summary().recentTexts()).extracting(ResultsSummary.TextAnswer::answer)
                .containsExactly("later", "earlier");
    }

    /** A cut between an emoji's two UTF-16 halves left a lone surrogate, which strict UTF-8 readers refuse. */
    @Test
    void aLongTextIsCutBetweenCharactersNotInsideOne() throws Exception {
        String answer = "a".repeat(ResultsSummary.TEXT_CHARACTERS - 2) + "😀" + "b".repeat(10);
        assertThat(recentTextOf(answer)).isEqualTo("a".repeat(ResultsSummary.TEXT_CHARACTERS - 2) + "😀…");
    }

    /** A cut between a letter and its combining accent kept the letter without it: the cut falls before both. */
    @Test
    void aLongTextIsCutBeforeALetterWithItsAccent() throws Exception {
        String answer = "a".repeat(ResultsSummary.TEXT_CHARACTERS - 2) + "e\u0301" + "b".repeat(10);
        assertThat(recentTextOf(answer)).isEqualTo("a".repeat(ResultsSummary.TEXT_CHARACTERS - 2) + "…");
    }

    /** The dashboard's recent text of one completed session answering {@code questionFeedback} with the answer. */
    private static String recentTextOf(String answer) throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'languageSet': 'en-US',
                 'questions': [{'questionName': 'questionFeedback', 'answer': '%s'}]}""".formatted(answer)));
        assertThat(summary.summary().recentTexts()).hasSize(1);
        return summary.summary().recentTexts().get(0).answer();
    }

    /** One respondent's answer, given on the call and carried by the text survey that went on from it, counts once. */
    @Test
    void anAnswerCarriedFromADroppedCallToItsTextSurveyCountsOnce() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 'call-1', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': 'hangup',
                 'questionIndex': 1, 'questions': [
                  {'questionName': 'questionServiceRate', 'answer': 4, 'channel': 'voice'},
                  {'questionName': 'questionProduct'}, {'questionName': 'questionAgentRate'},
                  {'questionName': 'questionFeedback'}]}"""));
        summary.add(session("""
                {'sessionId': 'sms-1', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'questionIndex': 3,
                 'fallbackFrom': {'sessionId': 'call-1', 'reason': 'hangup'}, 'questions': [
                  {'questionName': 'questionServiceRate', 'answer': 4, 'channel': 'voice'},
                  {'questionName': 'questionProduct', 'answer': 'the app', 'channel': 'sms'},
                  {'questionName': 'questionAgentRate', 'answer': 5, 'channel': 'sms'},
                  {'questionName': 'questionFeedback', 'answer': 'nothing', 'channel': 'sms'}]}"""));
        // Someone else's whole survey by text, with no call before it.
        summary.add(session("""
                {'sessionId': 'sms-2', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'questionIndex': 3,
                 'questions': [
                  {'questionName': 'questionServiceRate', 'answer': 4, 'channel': 'sms'},
                  {'questionName': 'questionProduct', 'answer': 'the store', 'channel': 'sms'},
                  {'questionName': 'questionAgentRate', 'answer': 3, 'channel': 'sms'},
                  {'questionName': 'questionFeedback', 'answer': 'no', 'channel': 'sms'}]}"""));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.sessions()).isEqualTo(3);
        ResultsSummary.QuestionSummary service = result.questions().get(0);
        assertThat(service.questionName()).isEqualTo("questionServiceRate");
        assertThat(service.answered()).as("the call's 4 and the other respondent's").isEqualTo(2);
        assertThat(service.distribution()).containsEntry("4", 2);
        ResultsSummary.QuestionSummary agent = result.questions().get(2);
        assertThat(agent.answered()).isEqualTo(2);
        assertThat(agent.distribution()).containsEntry("5", 1).containsEntry("3", 1);
        assertThat(result.questions().get(1).droppedHere()).as("the call dropped at the product question").isOne();
    }

    /**
     * A texted survey whose welcome (and reminder) went out and got no reply, until it expired, is no response: a
     * non-respondent, not a drop-off at the first question, which they were never asked.
     */
    @Test
    void aTextedSurveyNobodyRepliedToIsNoResponseAndDropsOffNowhere() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), new SurveyInput.Remind(NOW), EXPIRED)));
        summary.add(stored(after(begun(Channel.WHATSAPP), new SurveyInput.Start(), EXPIRED)));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.noResponse()).isEqualTo(2);
        assertThat(dropped(result)).containsExactly(0, 0, 0, 0);
        assertThat(result.byStatus()).as("still abandoned").containsExactly(java.util.Map.entry("ABANDONED", 2));
        assertThat(result.sessions()).isEqualTo(2);
    }

    /**
     * A respondent who went on from the welcome and then went silent broke off at the first question; one who answered
     * it broke off at the second. One who replied to the welcome only with words it could not read, and then went
     * silent, broke off at the welcome, never asked the first question (counted there until 2026-12-07); a decline is
     * counted at the welcome as one, no drop-off.
     */
    @Test
    void aRespondentWhoRepliedToTheWelcomeThenWentSilentDroppedOffWhereTheyLeft() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), EXPIRED)));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("what is this?"), EXPIRED)));
        summary.add(stored(after(begun(Channel.WHATSAPP), new SurveyInput.Start(),
                new SurveyInput.SmsReceived("Español", null, Channel.WHATSAPP), EXPIRED)));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("seven"),
                EXPIRED)));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("4"), EXPIRED)));
        // A welcome declined ("No thanks") was a reply: not no response, and a refusal, not a drop-off.
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("No thanks"))));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.noResponse()).isZero();
        assertThat(dropped(result)).containsExactly(3, 1, 0, 0);
        assertThat(result.welcome()).isEqualTo(new ResultsSummary.WelcomeSummary(1, 0, 1));
    }

    /** Completed and opted-out surveys are neither no response nor drop-offs, whatever they replied. */
    @Test
    void completedAndOptedOutSurveysAreNotNoResponse() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("4"),
                text("the app"), text("5"), text("nothing"))));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("STOP"))));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("STOP"))));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.byStatus()).containsExactly(java.util.Map.entry("COMPLETED", 1),
                java.util.Map.entry("OPTED_OUT", 2));
        assertThat(result.noResponse()).isZero();
        assertThat(dropped(result)).containsExactly(0, 0, 0, 0);
        assertThat(result.questions()).extracting(ResultsSummary.QuestionSummary::optedOutHere)
                .as("the STOP to the first question; the one to the welcome counts there").containsExactly(1, 0, 0, 0);
        assertThat(result.welcome()).isEqualTo(new ResultsSummary.WelcomeSummary(0, 1, 0));
        assertThat(result.completionRate()).isEqualTo(0.333);
    }

    /**
     * A campaign row tried four times while Twilio failed left four sessions ended not-delivered beside its one
     * completed survey, and the completion rate read 0.2: sessions that reached nobody (and calls nobody answered) are
     * counted apart, in notReached, and the rate is over the sessions that reached the respondent.
     */
    @Test
    void sessionsThatReachedNobodyAreCountedApartAndLeftOutOfTheCompletionRate() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("4"),
                text("the app"), text("5"), text("nothing"))));
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(), text("continue"), text("STOP"))));
        for (int attempt = 1; attempt <= 3; attempt++) {
            summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(),
                    new SurveyInput.Ended(SurveyStatus.ABANDONED, "not-delivered:twilio_error"))));
        }
        summary.add(stored(after(begun(Channel.VOICE), new SurveyInput.Start(),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "no-answer"))));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.sessions()).isEqualTo(6);
        assertThat(result.notReached()).isEqualTo(4);
        assertThat(result.byStatus()).containsEntry("ABANDONED", 4);
        assertThat(result.completionRate()).as("1 of the 2 that reached the respondent").isEqualTo(0.5);
        assertThat(result.noResponse()).isZero();
        assertThat(dropped(result)).containsExactly(0, 0, 0, 0);
    }

    /** Nothing reached anyone: the rate is 0, not a division by zero. */
    @Test
    void aSurveyThatReachedNobodyHasACompletionRateOfZero() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(after(begun(Channel.SMS), new SurveyInput.Start(),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "not-delivered:twilio_unreachable"))));

        assertThat(summary.summary().completionRate()).isZero();
        assertThat(summary.summary().notReached()).isOne();
    }

    /**
     * A call answered is never no response: one hung up during the language offer dropped off at the welcome (at the
     * first question, which the caller never heard, until 2026-12-07), one hung up at the first question there.
     */
    @Test
    void aCallHungUpAtTheWelcomeDropsOffThere() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        // The welcome waits CALL_END_GRACE for a late answer, then closes as a hang-up (since 2026-12-07).
        summary.add(stored(after(begun(Channel.VOICE), new SurveyInput.Start(),
                new SurveyInput.VoiceInput(0, null, null, null), new SurveyInput.CallEnded("completed"),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"))));
        summary.add(stored(after(begun(Channel.VOICE), new SurveyInput.Start(),
                new SurveyInput.CallEnded("completed"))));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.noResponse()).isZero();
        assertThat(dropped(result)).containsExactly(1, 0, 0, 0);
        assertThat(result.welcome()).isEqualTo(new ResultsSummary.WelcomeSummary(1, 0, 0));
    }

    /** A session stored before 2026-12-07, without endedAtWelcome, still counts at the first question. */
    @Test
    void aSessionStoredBeforeWelcomesWereNotedCountsAtTheFirstQuestion() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-old', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': 'hangup',
                 'questionIndex': 0, 'questions': [{'questionName': 'questionServiceRate'},
                  {'questionName': 'questionProduct'}, {'questionName': 'questionAgentRate'},
                  {'questionName': 'questionFeedback'}]}
                """));

        assertThat(dropped(summary.summary())).containsExactly(1, 0, 0, 0);
        assertThat(summary.summary().welcome()).isEqualTo(new ResultsSummary.WelcomeSummary(0, 0, 0));
    }

    /**
     * A text survey going on from a dropped call asks the first question left open at once, with no welcome: with no
     * reply it is no response (the call already counts where it dropped); with one it drops where it was left.
     */
    @Test
    void aTextSurveyGoingOnFromADroppedCallWithNoReplyIsNoResponse() throws Exception {
        SurveySession call = after(begun(Channel.VOICE), new SurveyInput.Start(),
                new SurveyInput.VoiceInput(0, null, null, null), new SurveyInput.VoiceInput(1, null, null, null),
                new SurveyInput.VoiceInput(2, "4", null, null), new SurveyInput.CallEnded("completed"),
                new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"));
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(stored(call));
        summary.add(stored(after(SurveySession.fallingBack("s-text-1", SURVEY, call, NOW), new SurveyInput.Start(),
                EXPIRED)));

        ResultsSummary.Summary result = summary.summary();
        assertThat(result.noResponse()).isOne();
        assertThat(dropped(result)).as("the call alone").containsExactly(0, 1, 0, 0);
        assertThat(result.questions().get(0).answered()).as("the call's answer, once").isOne();

        ResultsSummary replied = new ResultsSummary(SURVEY);
        replied.add(stored(after(SurveySession.fallingBack("s-text-2", SURVEY, call, NOW), new SurveyInput.Start(),
                text("a blender"), text("purple"), EXPIRED)));
        assertThat(replied.summary().noResponse()).isZero();
        assertThat(dropped(replied.summary())).containsExactly(0, 0, 1, 0);
    }

    /** NPS: promoters answered 9 or 10, passives 7 or 8, detractors 0 to 6; the score is % promoters - % detractors. */
    @Test
    void npsCountsNineAndTenAsPromotersSevenAndEightAsPassivesZeroToSixAsDetractors() throws Exception {
        assertThat(nps(0).npsScore()).as("0, a detractor").isEqualTo(-100.0);
        assertThat(nps(6).npsScore()).as("6, a detractor").isEqualTo(-100.0);
        assertThat(nps(7).npsScore()).as("7, a passive").isEqualTo(0.0);
        assertThat(nps(8).npsScore()).as("8, a passive").isEqualTo(0.0);
        assertThat(nps(9).npsScore()).as("9, a promoter").isEqualTo(100.0);
        assertThat(nps(10).npsScore()).as("10, a promoter").isEqualTo(100.0);
        assertThat(nps(6, 7, 9).npsScore()).as("one of each").isEqualTo(0.0);
        assertThat(nps(7, 8, 9, 10).npsScore()).as("two promoters in four").isEqualTo(50.0);
        assertThat(nps(0, 6, 7, 8).npsScore()).as("two detractors in four").isEqualTo(-50.0);

        ResultsSummary.QuestionSummary all = nps(0, 6, 7, 8, 9, 10);
        assertThat(all.npsScore()).isEqualTo(0.0);
        assertThat(all.answered()).isEqualTo(6);
        assertThat(all.distribution()).containsExactly(java.util.Map.entry("0", 1), java.util.Map.entry("1", 0),
                java.util.Map.entry("2", 0), java.util.Map.entry("3", 0), java.util.Map.entry("4", 0),
                java.util.Map.entry("5", 0), java.util.Map.entry("6", 1), java.util.Map.entry("7", 1),
                java.util.Map.entry("8", 1), java.util.Map.entry("9", 1), java.util.Map.entry("10", 1));
        assertThat(nps(6, 7, 8, 9, 10).npsScore()).as("2 promoters, 1 detractor in 5").isEqualTo(20.0);
    }

    /** The score has one decimal: 1 in 3 is 33.3, 2 in 3 is 66.7. */
    @Test
    void npsScoreIsRoundedToOneDecimal() throws Exception {
        assertThat(nps(withPassives(2, 10)).npsScore()).isEqualTo(33.3);
        assertThat(nps(withPassives(1, 10, 9)).npsScore()).isEqualTo(66.7);
        assertThat(nps(withPassives(2, 0)).npsScore()).isEqualTo(-33.3);
        assertThat(nps(withPassives(1, 0, 6)).npsScore()).isEqualTo(-66.7);
    }

    /** Nobody answered the NPS question (none asked, skipped, not reached): no score, not a score of 0. */
    @Test
    void npsScoreIsNullWhenNobodyAnsweredTheNpsQuestion() throws Exception {
        assertThat(nps().npsScore()).as("no sessions").isNull();
        ResultsSummary summary = new ResultsSummary(NPS_SURVEY);
        summary.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'skipped': true}",
                "{'questionName': 'questionEase', 'questionType': 'rating', 'answer': 4}"));
        summary.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps'}"));
        ResultsSummary.QuestionSummary recommend = question(summary, "questionRecommend");
        assertThat(recommend.skipped()).isOne();
        assertThat(recommend.answered()).isZero();
        assertThat(recommend.npsScore()).isNull();
        ResultsSummary.QuestionSummary ease = question(summary, "questionEase");
        assertThat(ease.answered()).as("a rating has no NPS").isOne();
        assertThat(ease.npsScore()).isNull();
    }

    /** Halves round away from zero on both sides: 1 in 16 is 6.25, shown 6.3, and -6.25 is -6.3 (it was -6.2). */
    @Test
    void npsScoreRoundsHalvesAwayFromZeroWhateverItsSign() throws Exception {
        assertThat(nps(withPassives(15, 10)).npsScore()).isEqualTo(6.3);
        assertThat(nps(withPassives(15, 0)).npsScore()).isEqualTo(-6.3);
        assertThat(nps(withPassives(37, 10, 10, 10)).npsScore()).as("3 in 40: 7.5").isEqualTo(7.5);
        assertThat(nps(withPassives(199, 0)).npsScore()).as("-1 in 200: -0.5").isEqualTo(-0.5);
        assertThat(nps(withPassives(399, 0)).npsScore()).as("-1 in 400: -0.25").isEqualTo(-0.3);
    }

    /**
     * An old speech question retyped nps under the same name: its words, stored without a type before 2026-11-30,
     * counted as promoters and as bars. Untyped answers count for a numeric question only as a whole number in its
     * range; a word is never an NPS score, typed or not.
     */
    /**
     * A choice's bars and rows come in the survey's order of its options (website 1, app 2, store 3, phone 4), and yes
     * before no, not alphabetically (an analyst's probe, 2026-12-07); an answer no option has now comes after them.
     */
    @Test
    void aChoicesAnswersAreShownInTheOrderOfItsOptions() throws Exception {
        ResultsSummary summary = new ResultsSummary(NPS_SURVEY);
        summary.add(npsSession("{'questionName': 'questionChannel', 'answer': 'app'}",
                "{'questionName': 'questionContactMe', 'answer': 'no'}"));
        summary.add(npsSession("{'questionName': 'questionChannel', 'answer': 'kiosk'}"));
        assertThat(question(summary, "questionChannel").distribution().keySet()).containsExactly("website", "app",
                "store", "phone", "kiosk");
        assertThat(question(summary, "questionContactMe").distribution()).containsExactly(
                java.util.Map.entry("yes", 0), java.util.Map.entry("no", 1));
    }

    @Test
    void anUntypedAnswerCountsForANumericQuestionOnlyAsANumberItTakes() throws Exception {
        ResultsSummary summary = new ResultsSummary(NPS_SURVEY);
        for (String answer : List.of("'great service'", "'ok'", "'9'", "10", "11", "-1", "7.5", "'4 stars'", "true")) {
            summary.add(npsSession("{'questionName': 'questionRecommend', 'answer': " + answer + "}",
                    "{'questionName': 'questionEase', 'answer': " + answer + "}",
                    "{'questionName': 'questionVisits', 'answer': " + answer + "}"));
        }
        summary.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': 0}"));
        summary.add(npsSession("{'questionName': 'questionRecommend', 'skipped': true}",
                "{'questionName': 'questionWhatWentWrong', 'answer': 'slow'}"));

        ResultsSummary.QuestionSummary recommend = question(summary, "questionRecommend");
        assertThat(recommend.distribution()).as("the bars: 0 to 10, no words").containsOnlyKeys("0", "1", "2", "3",
                "4", "5", "6", "7", "8", "9", "10").containsEntry("9", 1).containsEntry("10", 1)
                .containsEntry("0", 1);
        assertThat(recommend.answered()).as("'9' and 10 untyped, 0 typed").isEqualTo(3);
        assertThat(recommend.skipped()).as("untyped, without an answer").isOne();
        assertThat(recommend.npsScore()).as("two promoters, one detractor").isEqualTo(33.3);

        ResultsSummary.QuestionSummary ease = question(summary, "questionEase");
        assertThat(ease.answered()).as("1 to 5: none of those").isZero();
        assertThat(ease.distribution().values()).containsOnly(0);
        assertThat(question(summary, "questionVisits").answered()).as("0 to 100: '9', 10, 11").isEqualTo(3);
        assertThat(question(summary, "questionWhatWentWrong").answered()).as("free text, untyped").isOne();

        ResultsSummary typed = new ResultsSummary(NPS_SURVEY);
        typed.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': 'superb'}"));
        typed.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': 0}"));
        assertThat(question(typed, "questionRecommend").npsScore()).as("a word is no promoter").isEqualTo(-100.0);
    }

    /**
     * A survey edited while people answer keeps each session on its version, and the dashboard summed every version's
     * ratings as if on today's scale: a 5 given on an older 1 to 10 questionEase counted as today's top mark of 1 to 5.
     * An answer counts only when its version's scale had the same ends. One whose version's copy is gone (a lifecycle
     * rule expired it) was counted on today's scale, whatever scale it was given on: its ends are unknown, so it is
     * left out, but for an NPS, always 0 to 10.
     */
    @Test
    void aRatingGivenOnAnotherScaleInAnOlderVersionIsNotCountedOnTodays() throws Exception {
        Survey older = withQuestion(NPS_SURVEY, "00000000000000aa", "questionEase", 1, 10);
        List<String> lookedUp = new java.util.ArrayList<>();
        ResultsSummary summary = new ResultsSummary(NPS_SURVEY, version -> {
            lookedUp.add(version);
            return version.equals(older.version()) ? java.util.Optional.of(older) : java.util.Optional.empty();
        });
        for (String version : List.of(NPS_SURVEY.version(), older.version(), older.version(), "00000000000000bb")) {
            summary.add(session("{'sessionId': 's-" + ++sessionIds + "', 'surveyVersion': '" + version + "', "
                    + "'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'questions': ["
                    + "{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': 9}, "
                    + "{'questionName': 'questionEase', 'questionType': 'rating', 'answer': 5}]}"));
        }
        ResultsSummary.QuestionSummary ease = question(summary, "questionEase");
        assertThat(ease.answered()).as("today's version only: not another scale, nor an unknown one").isEqualTo(1);
        assertThat(ease.distribution()).containsEntry("5", 1);
        assertThat(question(summary, "questionRecommend").answered()).as("the same 0 to 10 in each, gone or not")
                .isEqualTo(4);
        assertThat(lookedUp).as("once a version, never the current one")
                .containsExactly("00000000000000aa", "00000000000000bb");
    }

    /**
     * A number question's answers were only counted (answered), with no distribution and nothing else: a survey asking
     * "how many times did you call us?" showed no average. The summary gives their count, mean, median, least and
     * greatest; other questions have none.
     */
    @Test
    void aNumberQuestionHasItsMeanMedianLeastAndGreatest() throws Exception {
        List<com.surveyrelay.survey.Question> questions = NPS_SURVEY.questions().stream()
                .map(question -> question.name().equals("questionEase") ? new com.surveyrelay.survey.Question(
                        "questionEase", com.surveyrelay.survey.QuestionType.NUMBER, 0, 1000, true, List.of(),
                        List.of()) : question)
                .toList();
        Survey numbers = new Survey(NPS_SURVEY.surveyId(), NPS_SURVEY.defaultLanguage(), NPS_SURVEY.maxRetries(),
                NPS_SURVEY.gatherTimeoutSeconds(), NPS_SURVEY.minSpeechConfidence(), questions, NPS_SURVEY.languages(),
                NPS_SURVEY.offers(), NPS_SURVEY.contactHours(), NPS_SURVEY.fallback(), NPS_SURVEY.version(),
                NPS_SURVEY.consent());
        ResultsSummary summary = new ResultsSummary(numbers);
        for (String answer : List.of("3", "12.5", "1", "3", "\"40\"")) {
            summary.add(npsSession("{'questionName': 'questionRecommend', 'questionType': 'nps', 'answer': 9}",
                    "{'questionName': 'questionEase', 'questionType': 'number', 'answer': " + answer + "}"));
        }
        summary.add(npsSession("{'questionName': 'questionEase', 'questionType': 'number', 'skipped': true}"));

        ResultsSummary.QuestionSummary ease = question(summary, "questionEase");
        assertThat(ease.answered()).isEqualTo(5);
        assertThat(ease.distribution()).isEmpty();
        assertThat(ease.numbers()).isEqualTo(new ResultsSummary.NumberSummary(5, 11.9, 3.0, 1.0, 40.0));
        assertThat(question(summary, "questionRecommend").numbers()).as("no number question").isNull();

        summary.add(npsSession("{'questionName': 'questionEase', 'questionType': 'number', 'answer': 4}"));
        assertThat(question(summary, "questionEase").numbers().median()).as("an even count: the middle two's mean")
                .isEqualTo(3.5);
        assertThat(question(new ResultsSummary(numbers), "questionEase").numbers()).as("nobody answered").isNull();

        // A decimal under 0.001 (stored as 5.0E-4) and one with more than nine decimals were left out of the figures.
        ResultsSummary small = new ResultsSummary(numbers);
        for (String answer : List.of("5.0E-4", "3.14159265358979")) {
            small.add(npsSession("{'questionName': 'questionEase', 'questionType': 'number', 'answer': " + answer
                    + "}"));
        }
        assertThat(question(small, "questionEase").numbers().count()).as("every answer counted").isEqualTo(2);
        assertThat(question(small, "questionEase").numbers().min()).isEqualTo(0.0005);
    }

    /** {@code survey} as another version, in which {@code name} was a rating from {@code min} to {@code max}. */
    private static Survey withQuestion(Survey survey, String version, String name, int min, int max) {
        List<com.surveyrelay.survey.Question> questions = survey.questions().stream()
                .map(question -> question.name().equals(name) ? new com.surveyrelay.survey.Question(name,
                        question.type(), min, max, false, List.of(), List.of()) : question)
                .toList();
        return new Survey(survey.surveyId(), survey.defaultLanguage(), survey.maxRetries(),
                survey.gatherTimeoutSeconds(), survey.minSpeechConfidence(), questions, survey.languages(),
                survey.offers(), survey.contactHours(), survey.fallback(), version, survey.consent());
    }
}
