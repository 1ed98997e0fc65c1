package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import org.junit.jupiter.api.Test;

/**
 * Which start failures a campaign row tries again, 1, 2 and 4 s later: each try opens a session and publishes its
 * start and its end, so only a failure that another try may mend is worth one.
 */
class CampaignRowRetryTest {

    /**
     * Twilio's refusals that will not change (a 4xx, error 21408 a region not enabled) come as 502 twilio_error,
     * as its 5xx do: they were tried four times, four sessions and four pairs of events for one row.
     */
    @Test
    void aTwilioRefusalThatWillNotChangeIsNotTriedAgain() {
        assertThat(CampaignRowStart.failedOnOurSide(new TwilioFailure("twilio_error",
                "Twilio refused: Permission to send an SMS has not been enabled for the region (21408)", false)))
                .isFalse();
        assertThat(CampaignRowStart.failedOnOurSide(new TwilioFailure("twilio_error", "Twilio answered 503", true)))
                .as("Twilio's own failure, or its rate limit").isTrue();
        assertThat(CampaignRowStart.failedOnOurSide(new TwilioFailure("twilio_unreachable", "not reached", true)))
                .isTrue();
    }

    @Test
    void storageFailingIsTriedAgainAndARefusedRowOrAnUnknownOutcomeIsNot() {
        assertThat(CampaignRowStart.failedOnOurSide(new HttpProblem(503, "survey_unavailable", "S3 is down")))
                .isTrue();
        assertThat(CampaignRowStart.failedOnOurSide(new IllegalStateException("a bug"))).isTrue();
        assertThat(CampaignRowStart.failedOnOurSide(new HttpProblem(422, "recipient_opted_out", "opted out")))
                .isFalse();
        assertThat(CampaignRowStart.failedOnOurSide(new HttpProblem(502, TwilioGateway.OUTCOME_UNKNOWN,
                "Twilio did not answer"))).as("the text may have gone out").isFalse();
    }

    /** A row's start that storage failed is one line without a stack trace; a fault of ours keeps its stack trace. */
    @Test
    void storageFailingIsLoggedInOneLineAndAFaultOfOursWithItsStackTrace() throws Exception {
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> logged = com.surveyrelay.LoggedLines.during(
                CampaignRowStart.class, () -> {
                    CampaignRowStart.logFailure("promo-0123456789ab", 3, software.amazon.awssdk.services.s3.model
                            .S3Exception.builder().statusCode(503).message("Service Unavailable").build());
                    CampaignRowStart.logFailure("promo-0123456789ab", 4, new IllegalStateException("a bug"));
                });
        assertThat(logged).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.WARN)
                .satisfiesExactly(storage -> {
                    assertThat(storage.getFormattedMessage()).startsWith("Campaign promo-0123456789ab row 3: the start "
                            + "failed on our side, storage failing: ").contains("Service Unavailable");
                    assertThat(storage.getThrowableProxy()).isNull();
                }, bug -> assertThat(bug.getThrowableProxy()).isNotNull());
    }
}
