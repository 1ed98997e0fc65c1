package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook budget and the timeouts derived from it; the durations refused at start-up; settings that could only
 * come from no application.yaml.
 */
class SurveyRelayPropertiesTest {

    private static SurveyRelayProperties withBudget(Duration budget) {
        return new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "bucket", "bucket", "bus",
                "us-east-1", null, null, null, null, 0, budget, null);
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
    void aRefusedBudgetIsWrittenAsItWouldBeSet() {
        assertThatThrownBy(() -> withBudget(Duration.ofMillis(2500))).hasMessage("WEBHOOK_BUDGET "
                + "(survey-relay.webhook-budget) must be between 3s and 14s (Twilio waits 15 s), not 2500ms");
    }

    /** SMS_CONVERSATION_TIMEOUT=-1h was taken: every SMS survey closed right after it started. */
    @Test
    void aConversationTimeoutUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> withTimeouts(null, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SMS_CONVERSATION_TIMEOUT (survey-relay.sms-conversation-timeout) must be at least 1s "
                        + "with a unit such as 30s or 2h (a bare number is milliseconds), not -1h");
        assertThatThrownBy(() -> withTimeouts(null, Duration.ofMillis(24)))
                .hasMessageEndingWith("(a bare number is milliseconds), not 24ms");
        assertThat(withTimeouts(null, Duration.ofSeconds(1)).smsConversationTimeout()).hasSeconds(1);
        assertThat(withTimeouts(null, null).smsConversationTimeout()).hasHours(24);
    }

    /** Camel's timer takes a period of 0 as "fire once": the catalog would never be read again. */
    @Test
    void aCatalogRefreshOfZeroOrLessStopsTheStart() {
        assertThatThrownBy(() -> withTimeouts(Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SURVEY_CATALOG_REFRESH (survey-relay.catalog-refresh) must be at least 1ms, not 0s");
        assertThatThrownBy(() -> withTimeouts(Duration.ofSeconds(-30), null)).hasMessageEndingWith("not -30s");
        assertThat(withTimeouts(Duration.ofMillis(200), null).catalogRefresh()).isEqualTo(Duration.ofMillis(200));
        assertThat(withTimeouts(null, null).catalogRefresh()).hasSeconds(30);
    }

    /** A negative settle time is a typo: refused, naming the variable; zero reads every change at its first look. */
    @Test
    void aNegativeUploadSettleStopsTheStart() {
        assertThatThrownBy(() -> withSettle(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SURVEY_UPLOAD_SETTLE (survey-relay.catalog-settle) must be at least 0s")
                .hasMessageEndingWith("not -5s");
        assertThat(withSettle(Duration.ZERO).catalogSettle()).isZero();
        assertThat(withSettle(null).catalogSettle()).hasSeconds(5);
    }

    private static SurveyRelayProperties withSettle(Duration settle) {
        return new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "bucket", "bucket", "bus",
                "us-east-1", null, null, null, null, 0, null, settle);
    }

    private static SurveyRelayProperties withTimeouts(Duration catalogRefresh, Duration smsConversationTimeout) {
        return new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "bucket", "bucket", "bus",
                "us-east-1", null, null, catalogRefresh, smsConversationTimeout, 0, null, null);
    }

    @Test
    void noBucketOrRegionSaysWhereTheSettingsAreReadFrom() {
        assertThatThrownBy(() -> new SurveyRelayProperties(null, List.of(), null, null, null, null, null, null, null,
                null, 0, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application.yaml in its working directory")
                .hasMessageContaining("start it from the folder holding application.yaml and routes/");
        assertThatThrownBy(() -> new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "b",
                "b", "bus", " ", null, null, null, null, 0, null, null)).hasMessageContaining("no bucket or AWS region");
    }

    /**
     * PUBLIC_BASE_URL=notaurl was taken, as a relative URI: the start then failed with a stack trace, and signatures
     * could never match.
     */
    @Test
    void aPublicBaseUrlThatIsNoHttpUrlStopsTheStart() {
        for (String bad : new String[] {"notaurl", "ftp://relay.example.com", "https:///path",
                "https://relay.example.com?x=1", "https://relay.example.com/#top", "relay.example.com"}) {
            assertThatThrownBy(() -> withUrls(URI.create(bad), null, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PUBLIC_BASE_URL (survey-relay.public-base-url) must be an http or https URL with a "
                            + "host and no query, such as https://surveys.example.com, not " + bad);
        }
        assertThatThrownBy(() -> withUrls(null, null, null)).hasMessageStartingWith("PUBLIC_BASE_URL")
                .hasMessageEndingWith("not unset");
        assertThat(withUrls(URI.create("HTTP://relay.example.com:8080/base/"), null, null).publicUrl("/sms/webhook"))
                .hasToString("HTTP://relay.example.com:8080/base/sms/webhook");
    }

    /**
     * SURVEY_BUCKET=Bad_Bucket stopped the start with the SDK's "Bucket name should not contain uppercase characters",
     * naming no setting (a newcomer's spot check).
     */
    @Test
    void aBucketNameS3WouldRefuseStopsTheStartNamingItsVariable() {
        for (String bad : new String[] {"Bad_Bucket", "ab", "-bucket", "bucket-", "my..bucket", "192.168.1.2",
                "a".repeat(64), "my bucket", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias",
                "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3"}) {
            assertThatThrownBy(() -> new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), bad,
                    null, "bus", "us-east-1", null, null, null, null, 0, null, null)).as(bad)
                    .hasMessage("SURVEY_BUCKET (survey-relay.bucket) must be an S3 bucket name (3 to 63 lower-case "
                            + "letters, digits, dots and hyphens, starting and ending with a letter or digit), not "
                            + bad);
            assertThatThrownBy(() -> new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                    "survey-relay", bad, "bus", "us-east-1", null, null, null, null, 0, null, null)).as(bad)
                    .hasMessageStartingWith("SURVEY_RESULTS_BUCKET (survey-relay.results-bucket) must be an S3 bucket");
        }
        for (String good : new String[] {"survey-relay", "my.survey.bucket", "abc", "a".repeat(63), "1-bucket-2"}) {
            assertThat(new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), good, good,
                    "bus", "us-east-1", null, null, null, null, 0, null, null).bucket()).isEqualTo(good);
        }
    }

    /**
     * EVENT_BUS_NAME="survey relay" started until 2026-12-07, and EventBridge would refuse every event (an
     * operator's probe): a name or ARN outside AWS's form stops the start, naming the variable.
     */
    @Test
    void anEventBusNameEventBridgeWouldRefuseStopsTheStart() {
        for (String bad : new String[] {"survey relay", "bus!", "a".repeat(257),
                "arn:aws:events:us-east-1:12:event-bus/x"}) {
            assertThatThrownBy(() -> new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                    "survey-relay", null, bad, "us-east-1", null, null, null, null, 0, null, null)).as(bad)
                    .hasMessage("EVENT_BUS_NAME (survey-relay.event-bus) must be an EventBridge bus name (1 to 256 "
                            + "letters, digits, dots, hyphens, underscores and slashes) or a bus's ARN, not \""
                            + (bad.length() > 64 ? "a".repeat(64) + "...\" (257 characters)" : bad + "\""));
        }
        for (String good : new String[] {"survey-relay", "default", "partner/acme.com/bus_1",
                "arn:aws:events:eu-west-3:123456789012:event-bus/survey-relay"}) {
            assertThat(new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "survey-relay",
                    null, " " + good + " ", "us-east-1", null, null, null, null, 0, null, null).eventBus())
                    .isEqualTo(good);
        }
    }

    @Test
    void anEndpointThatIsNoHttpUrlStopsTheStartAndAnEmptyOneIsAbsent() {
        URI base = URI.create("https://relay.example.com");
        assertThatThrownBy(() -> withUrls(base, URI.create("localhost:9000"), null))
                .hasMessage("S3_ENDPOINT (survey-relay.s3-endpoint) must be an http or https URL with a host and no "
                        + "query, such as http://127.0.0.1:9000, not localhost:9000");
        assertThatThrownBy(() -> withUrls(base, null, URI.create("eventbridge")))
                .hasMessageStartingWith("EVENTBRIDGE_ENDPOINT (survey-relay.event-bridge-endpoint) must be");
        SurveyRelayProperties empty = withUrls(base, URI.create(""), URI.create(""));
        assertThat(empty.s3Endpoint()).isNull();
        assertThat(empty.eventBridgeEndpoint()).isNull();
        assertThat(withUrls(base, URI.create("http://127.0.0.1:9000"), null).s3Endpoint())
                .hasToString("http://127.0.0.1:9000");
    }

    private static SurveyRelayProperties withUrls(URI publicBaseUrl, URI s3Endpoint, URI eventBridgeEndpoint) {
        return new SurveyRelayProperties(publicBaseUrl, List.of(), "bucket", "bucket", "bus", "us-east-1", s3Endpoint,
                eventBridgeEndpoint, null, null, 0, null, null);
    }
}
