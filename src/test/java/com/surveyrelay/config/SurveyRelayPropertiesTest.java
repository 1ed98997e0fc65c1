package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook budget and the timeouts derived from it; settings that could only come from no application.yaml. */
class SurveyRelayPropertiesTest {

    private static SurveyRelayProperties withBudget(Duration budget) {
        return new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "b", "b", "bus",
                "us-east-1", null, null, null, null, 0, budget);
    }

    @Test
    void theDefaultBudgetGivesS3ThreeSecondsACallAndTwilioFive() {
        SurveyRelayProperties settings = withBudget(null);
        assertThat(settings.webhookBudget()).hasSeconds(10);
        assertThat(settings.s3CallTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.s3AttemptTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.twilioResponseTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.s3CallTimeout().multipliedBy(3)).as("three S3 calls fit").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aBudgetTwilioWouldNotWaitForIsRefused() {
        assertThatThrownBy(() -> withBudget(Duration.ofSeconds(15))).hasMessageContaining("WEBHOOK_BUDGET");
        assertThatThrownBy(() -> withBudget(Duration.ofSeconds(2))).hasMessageContaining("between 3s and 14s");
        assertThat(withBudget(Duration.ofSeconds(6)).s3CallTimeout()).isEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void noBucketOrRegionSaysWhereTheSettingsAreReadFrom() {
        assertThatThrownBy(() -> new SurveyRelayProperties(null, List.of(), null, null, null, null, null, null, null,
                null, 0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application.yaml in its working directory")
                .hasMessageContaining("start it from the folder holding application.yaml and routes/");
        assertThatThrownBy(() -> new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "b",
                "b", "bus", " ", null, null, null, null, 0, null)).hasMessageContaining("no bucket or AWS region");
    }
}
