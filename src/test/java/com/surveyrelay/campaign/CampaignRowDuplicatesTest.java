package com.surveyrelay.campaign;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which of the rows asking the same survey of the same number a run starts (probe 2026-12: a row that failed
 * {@code unknown_language} made a later valid row to the same number a duplicate, and the respondent got nothing).
 */
class CampaignRowDuplicatesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
    private static final CampaignProperties SETTINGS = new CampaignProperties(true, BigDecimal.ONE, 1, 100, 10, null,
            null);
    /** Rows 2, 4 and 5 ask the default survey of one number, in three ways; row 3 another number. */
    private static final List<CampaignRow> ROWS = CampaignCsv.read(("phone,channel,language\n"
            + "+15550131800,sms,de-DE\n"
            + "+15550131801,sms,\n"
            + "+15550131800,voice,\n"
            + "+15550131800,sms,en-US\n").getBytes(UTF_8), 100).rows();

    private final List<RowResult> recorded = new ArrayList<>();

    private List<RowTask> tasks(RowResult... earlier) {
        Map<Integer, RowResult> results = new java.util.HashMap<>();
        for (RowResult result : earlier) {
            results.put(result.row(), result);
        }
        CampaignProgress progress = new CampaignProgress(CampaignStatus.queued("c", "c.csv", ROWS.size(), ROWS.size(),
                SETTINGS, NOW, null), results, SETTINGS, NOW);
        return CampaignRowDuplicates.tasks("c", ROWS, progress, earlier.length > 0, recorded::add);
    }

    private static String shape(RowTask task) {
        return task.row().row() + " then " + task.duplicates().stream().map(CampaignRow::row).toList();
    }

    private static RowResult result(int row, RowResult.Outcome outcome, String reason) {
        return ROWS.get(row - 2).result(outcome, reason, null, null);
    }

    /**
     * Only rows that failed on our side (Twilio or storage failing) count toward the finish line's WARN: an opted-out
     * respondent or a bad cell is the file's, and made it a WARN until 2026-12-07 (an operator's probe).
     */
    @Test
    void onlyRowsThatFailedOnOurSideAreCountedSo() {
        CampaignProgress progress = new CampaignProgress(CampaignStatus.queued("c", "c.csv", ROWS.size(), ROWS.size(),
                SETTINGS, NOW, null), Map.of(2, result(2, RowResult.Outcome.FAILED, "recipient_opted_out"),
                3, result(3, RowResult.Outcome.FAILED, "twilio_unreachable")), SETTINGS, NOW);
        progress.record(result(4, RowResult.Outcome.FAILED, "invalid_phone"));
        progress.record(result(5, RowResult.Outcome.FAILED, "internal_error"));
        assertThat(progress.failedOnOurSide()).isEqualTo(2);
    }

    @Test
    void theRowsAskingTheSameSurveyOfOneNumberRunAsOneTaskInFileOrder() {
        assertThat(tasks()).extracting(CampaignRowDuplicatesTest::shape).containsExactly("2 then [4, 5]", "3 then []");
        assertThat(recorded).isEmpty();
    }

    @Test
    void aResumedRunStartsTheRowAfterOneThatFailed() {
        assertThat(tasks(result(2, RowResult.Outcome.FAILED, "unknown_language")))
                .extracting(CampaignRowDuplicatesTest::shape).containsExactly("4 then [5]", "3 then []");
        assertThat(recorded).isEmpty();
    }

    @Test
    void aResumedRunSkipsTheRowsAfterOneThatStartedNamingIt() {
        assertThat(tasks(result(2, RowResult.Outcome.FAILED, "unknown_language"),
                result(4, RowResult.Outcome.STARTED, null))).extracting(CampaignRowDuplicatesTest::shape)
                .containsExactly("3 then []");
        assertThat(recorded).containsExactly(new RowResult(5, "+15550131800", "sms", "en-US", null,
                RowResult.Outcome.SKIPPED, "duplicate_row", "The same survey to the same number as row 4.", null));
    }

    /** A run before this change recorded a repeat skipped at once: that result sends nothing, so it stands for none. */
    @Test
    void aRowRecordedDuplicateBeforeIsNoRowThatStood() {
        assertThat(tasks(result(4, RowResult.Outcome.SKIPPED, "duplicate_row")))
                .extracting(CampaignRowDuplicatesTest::shape).containsExactly("2 then [5]", "3 then []");
        assertThat(recorded).isEmpty();
    }
    /**
     * The ETA counts the rows still to start, not the duplicates settled with the row they repeat: a file of 5,000
     * rows to 49 numbers, 25 s at 2/s, showed about 2,450 s left until 2026-12-07 (an operator's probe).
     */
    @Test
    void theEtaLeavesOutRowsThatRepeatAnEarlierOne() {
        CampaignProgress progress = new CampaignProgress(CampaignStatus.queued("c", "c.csv", ROWS.size(), ROWS.size(),
                SETTINGS, NOW, null), Map.of(), SETTINGS, NOW);
        assertThat(progress.status(NOW).etaSeconds()).as("four rows at 1/s").isEqualTo(4);

        progress.duplicates(ROWS.stream().filter(row -> row.duplicateOf() != null).map(CampaignRow::row).toList());
        assertThat(progress.status(NOW).etaSeconds()).as("rows 2 and 3 to start").isEqualTo(2);

        progress.record(result(2, RowResult.Outcome.STARTED, null));
        progress.record(result(4, RowResult.Outcome.SKIPPED, "duplicate_row"));
        assertThat(progress.status(NOW).etaSeconds()).as("row 3 to start").isEqualTo(1);
        assertThat(progress.status(NOW).pending()).isEqualTo(2);
    }
}
