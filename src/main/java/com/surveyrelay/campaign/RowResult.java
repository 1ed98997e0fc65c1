package com.surveyrelay.campaign;

import com.surveyrelay.conversation.SurveyOpener;
import java.util.Locale;

/**
 * What happened to one row of a campaign: one line of its results file.
 *
 * @param row the row's line in the campaign file (the header is line 1), as a spreadsheet numbers it
 * @param phone, channel, language, surveyId the row's values as written in the file
 * @param reason a stable code for a failed or skipped row ({@code invalid_phone}, {@code survey_in_progress},
 *     {@code duplicate_row}...); for a started one null, {@code twilio_outcome_unknown} when Twilio did not
 *     answer its start, so the text or call may or may not have gone out, or {@code already_started} for one started
 *     before a restart and recorded after it
 * @param detail the reason in words
 * @param sessionId the survey session the row started (or had started before a restart)
 * @param timeZone the row's {@code timeZone} cell as written (an IANA zone for its quiet hours), null when blank or
 *     when its file has no such column, as in every results file written before the column existed (2026-12-05)
 */
public record RowResult(int row, String phone, String channel, String language, String surveyId, Outcome outcome,
        String reason, String detail, String sessionId, String timeZone) {

    /** A row's result without a {@code timeZone} cell. */
    public RowResult(int row, String phone, String channel, String language, String surveyId, Outcome outcome,
            String reason, String detail, String sessionId) {
        this(row, phone, channel, language, surveyId, outcome, reason, detail, sessionId, null);
    }

    /**
     * Started: a survey was started (its session is open; with {@code twilio_outcome_unknown}, its first text or
     * call may not have reached the respondent). Scheduled: deferred to the respondent's contact hours (quiet
     * hours), to start then. Failed: it was refused. Skipped: the row was not sent, on purpose.
     */
    public enum Outcome {
        STARTED, SCHEDULED, FAILED, SKIPPED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * What a start's refusal makes of its row, on every path that records one (the run, a resumed run, a cancel's
     * settle): {@code SKIPPED} for a refusal that spares the respondent on purpose and is no fault of the row, the
     * frequency cap ({@code contacted_recently}) and an erasure of the respondent while the row waited for its
     * contact slot ({@code respondent_erased}); {@code FAILED} for any other code.
     *
     * @param code the refusal's error code, as the start answered it or the trigger ledger kept it
     */
    static Outcome refusalOutcome(String code) {
        return "contacted_recently".equals(code) || SurveyOpener.RESPONDENT_ERASED.equals(code) ? Outcome.SKIPPED
                : Outcome.FAILED;
    }
}
