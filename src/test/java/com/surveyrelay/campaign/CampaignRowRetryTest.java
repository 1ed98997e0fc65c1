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
}
