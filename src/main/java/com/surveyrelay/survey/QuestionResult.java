package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One question's entry in the results. {@code answer} is an integer for {@code dtmf} questions and the text
 * for {@code speech} ones; {@code rawInput} is exactly what the respondent pressed, said or texted.
 *
 * @param skipped true when the respondent gave no valid answer within the allowed retries
 * @param notAsked true, once the survey ended, for a question skip logic passed over on this respondent's path (in a
 *     survey abandoned or opted out of, only before the question it was left at; sessions ended so before 2026-12-04
 *     were marked only when completed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionResult(
        String questionName, QuestionType questionType, Object answer, Double answerConfidence, String rawInput,
        Channel channel, Instant answeredAt, Boolean skipped, Boolean notAsked) {

    static QuestionResult unanswered(Question question) {
        return new QuestionResult(question.name(), question.type(), null, null, null, null, null, null, null);
    }

    QuestionResult answered(Object value, String raw, Double confidence, Channel channel, Instant at) {
        return new QuestionResult(questionName, questionType, value, confidence, raw, channel, at, null, null);
    }

    QuestionResult skippedAfter(String lastRaw, Channel channel, Instant at) {
        return new QuestionResult(questionName, questionType, null, null, lastRaw, channel, at, Boolean.TRUE, null);
    }

    /** True when the question has neither an answer nor a skip (not reached yet, or passed over). */
    boolean open() {
        return answer == null && !Boolean.TRUE.equals(skipped);
    }

    QuestionResult passedOver() {
        return new QuestionResult(questionName, questionType, null, null, null, null, null, null, Boolean.TRUE);
    }
}
