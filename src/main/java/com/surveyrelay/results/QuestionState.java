package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What became of one question in one finished session, in the words of the session document ({@code skipped},
 * {@code notAsked}) and of the README: the {@code <questionName>.state} column of the CSV export, which tells apart
 * the questions whose answer cell is empty for different reasons.
 *
 * <p>The rules are {@code SurveySession.Edit}'s, applied again to what a document holds, so that documents stored
 * before a rule existed read the same: a completed survey's open questions were passed over by skip logic
 * ({@code complete}), and so were those before the question an abandoned or opted-out survey was left at, as skip
 * logic only jumps forward ({@code end}, which marks them only since 2026-12-04).
 */
enum QuestionState {
    /** A valid answer is recorded ({@code answer}). */
    ANSWERED("answered"),
    /** No valid answer within {@code maxRetries}, so the survey went on ({@code "skipped": true}). */
    SKIPPED("skipped"),
    /** Skip logic passed over it on this respondent's path ({@code "notAsked": true}). */
    NOT_ASKED("notAsked"),
    /** The session ended at it (hung up, opted out, expired, never answered) or before it. */
    NOT_REACHED("notReached"),
    /** The survey version the session ran had no question of this name: it was added or renamed since. */
    NOT_IN_VERSION("notInVersion");

    private final String word;

    QuestionState(String word) {
        this.word = word;
    }

    /** The state as the CSV writes it, e.g. {@code notAsked}. */
    String word() {
        return word;
    }

    /**
     * The state of one question of a finished session.
     *
     * @param session the session document as the results sink stored it
     * @param index the question's position in the document's {@code questions}, or -1 when it has none of that name
     */
    static QuestionState of(JsonNode session, int index) {
        if (index < 0) {
            return NOT_IN_VERSION;
        }
        JsonNode result = session.path("questions").path(index);
        if (result.path("skipped").asBoolean(false)) {
            return SKIPPED;
        }
        if (result.hasNonNull("answer")) {
            return ANSWERED;
        }
        if (result.path("notAsked").asBoolean(false) || "COMPLETED".equals(session.path("surveyStatus").asText())
                || index < session.path("questionIndex").asInt(-1)) {
            return NOT_ASKED;
        }
        return NOT_REACHED;
    }
}
