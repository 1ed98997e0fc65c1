package com.surveyrelay.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which of the rows of a campaign file that ask the same survey of the same number is sent: the first whose start
 * does not fail; every row after that one is recorded {@code skipped, duplicate_row}, naming it. A row whose start
 * failed (a language the survey has no prompts for, a number Twilio refuses) reached nobody, so it does not make the
 * next row asking the same a duplicate: that row is started in its place (probe 2026-12: a row failed
 * {@code unknown_language} and a later valid row to the same number was skipped, and the respondent got nothing).
 *
 * <p>Why at run time: which rows fail is known only once they start. {@link CampaignCsv} only links each row to the
 * first valid row before it asking the same ({@link CampaignRow#duplicateOf}); a row it refused (invalid phone,
 * channel or language tag, malformed) never counts. The rows of one survey to one number then run in one lane, one
 * after the other ({@link RowTask#duplicates}), so no two of them are ever under way at once.
 *
 * <p>Any outcome but {@code failed} stands, {@code skipped} included: a row started {@code already_started}, or
 * skipped {@code contacted_recently} or {@code start_interrupted}, may have reached the respondent, or will not be let
 * through.
 */
final class CampaignRowDuplicates {

    static final String REASON = "duplicate_row";

    private CampaignRowDuplicates() {
    }

    /**
     * The rows to start, one task per survey and number, each with the later rows asking the same still without a
     * result; rows the results so far already decide are recorded through {@code record} here (a resumed run, whose
     * earlier row asking the same stood).
     *
     * @param rows the file's rows, in file order; those with a verdict or a result are not started
     * @return the tasks, in file order of their first row
     */
    static List<RowTask> tasks(String campaignId, List<CampaignRow> rows, CampaignProgress progress, boolean resumed,
            Consumer<RowResult> record) {
        Map<Integer, List<CampaignRow>> asking = new LinkedHashMap<>();
        for (CampaignRow row : rows) {
            if (row.verdict() == null) {
                asking.computeIfAbsent(row.duplicateOf() == null ? row.row() : row.duplicateOf(),
                        first -> new ArrayList<>()).add(row);
            }
        }
        List<RowTask> tasks = new ArrayList<>();
        for (List<CampaignRow> same : asking.values()) {
            Optional<CampaignRow> standing = Optional.empty();
            List<CampaignRow> left = new ArrayList<>();
            for (CampaignRow row : same) {
                Optional<RowResult> result = progress.result(row.row());
                if (result.isEmpty()) {
                    left.add(row);
                } else if (standing.isEmpty() && stands(result.get())) {
                    standing = Optional.of(row);
                }
            }
            if (standing.isPresent()) {
                int first = standing.get().row();
                left.forEach(row -> record.accept(skipped(row, first)));
            } else if (!left.isEmpty()) {
                tasks.add(new RowTask(campaignId, left.get(0), progress, resumed, left.subList(1, left.size())));
            }
        }
        return tasks;
    }

    /**
     * True when the row's result keeps the later rows asking the same from being sent: anything but failed, or
     * skipped as a duplicate itself (as a run before 2026-12-05 recorded a row at intake, whatever its first row did).
     */
    static boolean stands(RowResult result) {
        return result.outcome() != RowResult.Outcome.FAILED && !REASON.equals(result.reason());
    }

    /** The result of a row asking what the row {@code standing} asked, which stood. */
    static RowResult skipped(CampaignRow row, int standing) {
        return row.result(RowResult.Outcome.SKIPPED, REASON, "The same survey to the same number as row " + standing
                + ".", null);
    }
}
