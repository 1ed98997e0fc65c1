package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import org.junit.jupiter.api.Test;

/**
 * A row refused before a restart or a cancel is recorded as the run that refused it recorded it: a refusal that spared
 * the respondent on purpose stayed skipped, where a resumed run or a cancel's settle had recorded it failed, so the
 * same row's outcome and the campaign's counts depended on the path (review of 3c3960d).
 */
class CampaignRowClaimsTest {

    private static final CampaignRow ROW = CampaignRow.toStart(7, "+15550133990", "sms", "", "", null,
            Channel.SMS, new E164("+15550133990"), null, null, null);

    @Test
    void aRefusalThatSparedTheRespondentStaysSkippedAfterARestart() {
        for (String code : new String[] {"contacted_recently", "respondent_erased"}) {
            RowResult result = CampaignRowClaims.startedBefore(ROW, "failed", null, () -> code);
            assertThat(result.outcome()).as(code).isEqualTo(RowResult.Outcome.SKIPPED);
            assertThat(result.reason()).isEqualTo(code);
        }
    }

    @Test
    void anyOtherRefusalStaysFailed() {
        assertThat(CampaignRowClaims.startedBefore(ROW, "failed", null, () -> "recipient_opted_out").outcome())
                .isEqualTo(RowResult.Outcome.FAILED);
        RowResult unknown = CampaignRowClaims.startedBefore(ROW, "failed", null, () -> null);
        assertThat(unknown.outcome()).isEqualTo(RowResult.Outcome.FAILED);
        assertThat(unknown.reason()).isEqualTo("failed");
    }

    /**
     * A start a kill -9 cut short keeps the session its claim names: its respondent may be answering it (the row named
     * none until 2026-12-07, though the respondent had the survey and its reminder).
     */
    @Test
    void aStartCutShortKeepsTheSessionItsClaimNames() {
        RowResult cut = CampaignRowClaims.startedBefore(ROW, "claimed", "af722c64-ca93-439d-8ed5-67300b06273c",
                () -> null);
        assertThat(cut).extracting(RowResult::outcome, RowResult::reason, RowResult::sessionId).containsExactly(
                RowResult.Outcome.SKIPPED, "start_interrupted", "af722c64-ca93-439d-8ed5-67300b06273c");
        assertThat(cut.detail()).contains("sessionId names the session it opened");
        assertThat(CampaignRowClaims.startedBefore(ROW, "claimed", null, () -> null).sessionId()).isNull();
    }

    /**
     * A resumed run meets its rows' earlier starts as repeats, whose status says {@code STARTED} and {@code SCHEDULED}
     * in capitals since 2026-12-07: for a few hours that day they were read as starts cut short
     * ({@code start_interrupted}), rows already texted or deferred among them (a reliability engineer's kill -9).
     */
    @Test
    void aRepeatsStatusInCapitalsIsReadAsTheLedgersState() {
        String sessionId = "af722c64-ca93-439d-8ed5-67300b06273c";
        assertThat(CampaignRowClaims.startedBefore(ROW, com.surveyrelay.conversation.StartedSurvey.STARTED, sessionId,
                () -> null)).extracting(RowResult::outcome, RowResult::reason, RowResult::sessionId)
                .containsExactly(RowResult.Outcome.STARTED, "already_started", sessionId);
        assertThat(CampaignRowClaims.startedBefore(ROW, com.surveyrelay.conversation.StartedSurvey.SCHEDULED, null,
                () -> null)).extracting(RowResult::outcome, RowResult::reason)
                .containsExactly(RowResult.Outcome.SCHEDULED, "quiet_hours");
    }
}
