package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResultsSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode session(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final Survey SURVEY = load();

    private static Survey load() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** A call nobody answered, or a first text Twilio refused, is no drop-off at the first question. */
    @Test
    void aStartThatReachedNobodyDropsOffNowhere() throws Exception {
        ResultsSummary summary = new ResultsSummary(SURVEY);
        for (String reason : java.util.List.of("busy", "no-answer", "failed", "canceled", "not-delivered:twilio_error",
                "hangup")) {
            summary.add(session("""
                    {'sessionId': 's-1', 'surveyMedium': 'voice', 'surveyStatus': 'ABANDONED', 'endReason': '%s',
                     'questionIndex': 0, 'questions': [{'questionName': 'questionServiceRate'}]}""".formatted(reason)));
        }
        ResultsSummary.Summary result = summary.summary();
        assertThat(result.questions().get(0).droppedHere()).as("the hang-up alone").isOne();
        assertThat(result.byStatus()).containsEntry("ABANDONED", 6);
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
        ResultsSummary summary = new ResultsSummary(SURVEY);
        summary.add(session("""
                {'sessionId': 's-1', 'surveyMedium': 'sms', 'surveyStatus': 'COMPLETED', 'languageSet': 'en-US',
                 'questions': [{'questionName': 'questionFeedback', 'answer': '%s'}]}""".formatted(answer)));
        assertThat(summary.summary().recentTexts()).extracting(ResultsSummary.TextAnswer::answer)
                .containsExactly("a".repeat(ResultsSummary.TEXT_CHARACTERS - 2) + "😀…");
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
}
