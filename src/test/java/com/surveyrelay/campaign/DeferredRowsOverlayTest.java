package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A campaign's results file gives how its rows deferred by quiet hours ended once due: until 2026-12-07 they read
 * {@code scheduled} for good (an operator's probe), while the campaign's status counted them started.
 */
class DeferredRowsOverlayTest {

    private static final String HEADER = CampaignCsv.header();
    private static final String DEFERRED = "Deferred by quiet hours to 2026-12-08T14:00:00Z.";

    private static String row(int row, String phone, String outcome, String reason, String detail, String session) {
        return CampaignCsv.line(List.of(Integer.toString(row), phone, "sms", "", "", outcome, reason, detail, session,
                "")) + "\r\n";
    }

    private static String overlaid(String stored, Map<Integer, DeferredRowEnd> ends) throws IOException {
        try (java.io.InputStream overlay = DeferredRowsOverlay.over(new ByteArrayInputStream(
                stored.getBytes(StandardCharsets.UTF_8)), ends)) {
            return new String(overlay.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDeferredRowGivesHowItEndedAndEveryOtherLinePassesAsStored() throws IOException {
        String started = row(3, "+15550100001", "started", "", "", "0b7c9a52-5a43-4c1e-9c0b-111111111111");
        String failed = row(4, "+15550100002", "failed", "invalid_phone", "Not a phone number, \"x\".", "");
        String stored = HEADER + row(2, "+15550100000", "scheduled", "quiet_hours", DEFERRED, "") + started + failed
                + row(5, "+15550100003", "scheduled", "quiet_hours", DEFERRED, "")
                + row(6, "+15550100004", "scheduled", "quiet_hours", DEFERRED, "")
                + row(7, "+15550100005", "scheduled", "quiet_hours", DEFERRED, "")
                + row(8, "", "scheduled", "respondent_erased", "Erased on the respondent's request.", "")
                + row(9, "+15550100006", "scheduled", "quiet_hours", DEFERRED, "");

        String read = overlaid(stored, Map.of(
                2, new DeferredRowEnd(true, "5d1c0d5e-0000-4000-8000-222222222222"),
                5, new DeferredRowEnd(false, "recipient_opted_out"),
                6, new DeferredRowEnd(false, "contacted_recently"),
                8, new DeferredRowEnd(true, "5d1c0d5e-0000-4000-8000-333333333333"),
                9, new DeferredRowEnd(false, "campaign_cancelled")));

        assertThat(read).isEqualTo(HEADER
                + row(2, "+15550100000", "started", "", DEFERRED + "; started when due.",
                        "5d1c0d5e-0000-4000-8000-222222222222")
                + started + failed
                + row(5, "+15550100003", "failed", "recipient_opted_out",
                        DEFERRED + "; refused when due (recipient_opted_out).", "")
                + row(6, "+15550100004", "skipped", "contacted_recently",
                        DEFERRED + "; refused when due (contacted_recently).", "")
                + row(7, "+15550100005", "scheduled", "quiet_hours", DEFERRED, "")
                + row(8, "", "scheduled", "respondent_erased", "Erased on the respondent's request.", "")
                + row(9, "+15550100006", "skipped", "cancelled", DEFERRED + "; The campaign was cancelled before this "
                        + "row's text or call went out.", ""));
    }

    @Test
    void aNoteWithoutItsDetailStillEndsTheRowAndAnUnreadableLinePassesAsStored() throws IOException {
        String broken = "9,\"+15550100009,sms\r\n";
        String read = overlaid(HEADER + row(2, "+15550100000", "scheduled", "quiet_hours", DEFERRED, "") + broken
                + row(3, "+15550100001", "scheduled", "quiet_hours", DEFERRED, ""), Map.of(
                        2, new DeferredRowEnd(true, null), 3, new DeferredRowEnd(false, null)));

        assertThat(read).isEqualTo(HEADER
                + row(2, "+15550100000", "started", "", DEFERRED + "; started when due.", "")
                + broken
                + row(3, "+15550100001", "failed", "refused_when_due",
                        DEFERRED + "; refused when due (refused_when_due).", ""));
    }

    @Test
    void readsByteByByteAsInBlocks() throws IOException {
        String stored = HEADER + row(2, "+15550100000", "scheduled", "quiet_hours", "Différé, ☎", "");
        Map<Integer, DeferredRowEnd> ends = Map.of(2, new DeferredRowEnd(true, "s-1"));
        StringBuilder bytes = new StringBuilder();
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream overlay = DeferredRowsOverlay.over(new ByteArrayInputStream(
                stored.getBytes(StandardCharsets.UTF_8)), ends)) {
            for (int b = overlay.read(); b >= 0; b = overlay.read()) {
                one.write(b);
            }
            assertThat(overlay.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
        bytes.append(one.toString(StandardCharsets.UTF_8));
        assertThat(bytes.toString()).isEqualTo(overlaid(stored, ends)).contains("Différé, ☎; started when due.");
    }
}
