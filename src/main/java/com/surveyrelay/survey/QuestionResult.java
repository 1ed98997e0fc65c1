package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One question's entry in the results. {@code answer} is an integer for {@code dtmf} questions and the text
 * for {@code speech} ones; {@code rawInput} is what the respondent pressed, said or texted, as {@link StoredInput}
 * keeps it: without control characters but tabs and line ends, without direction overrides, and at most the
 * channel's bound.
 *
 * @param rawInputTruncated true when the input was longer than {@code rawInput} keeps (more than 1,600 characters of
 *     a text or of speech); absent otherwise
 * @param skipped true when the respondent gave no valid answer within the allowed retries
 * @param notAsked true, once the survey ended, for a question skip logic passed over on this respondent's path (in a
 *     survey abandoned or opted out of, only before the question it was left at; sessions ended so before 2026-12-04
 *     were marked only when completed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionResult(
        String questionName, QuestionType questionType, Object answer, Double answerConfidence, String rawInput,
        Boolean rawInputTruncated, Channel channel, Instant answeredAt, Boolean skipped, Boolean notAsked) {

    static QuestionResult unanswered(Question question) {
        return new QuestionResult(question.name(), question.type(), null, null, null, null, null, null, null, null);
    }

    QuestionResult answered(Object value, StoredInput raw, Double confidence, Channel channel, Instant at) {
        return new QuestionResult(questionName, questionType, value, confidence, raw.text(), truncated(raw), channel,
                at, null, null);
    }

    QuestionResult skippedAfter(StoredInput lastRaw, Channel channel, Instant at) {
        return new QuestionResult(questionName, questionType, null, null, lastRaw.text(), truncated(lastRaw), channel,
                at, Boolean.TRUE, null);
    }

    /** True when cut, else null: the field is absent from the stored JSON for an input kept whole. */
    private static Boolean truncated(StoredInput raw) {
        return raw.truncated() ? Boolean.TRUE : null;
    }

    /** True when the question has neither an answer nor a skip (not reached yet, or passed over). */
    boolean open() {
        return answer == null && !Boolean.TRUE.equals(skipped);
    }

    QuestionResult passedOver() {
        return new QuestionResult(questionName, questionType, null, null, null, null, null, null, null, Boolean.TRUE);
    }
}
