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

    /** One respondent's answer, given on the call and carried by the text survey that went on from it, counts once. */
    @Test
    void anAnswerCarriedFromADroppedCallToItsTextSurveyCountsOnce() throws Exception {
        Survey survey = new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        ResultsSummary summary = new ResultsSummary(survey);
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
