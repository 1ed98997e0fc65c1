package com.surveyrelay.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own settings ({@code survey-relay.*} in {@code application.yaml}); each is also an
 * environment variable there.
 *
 * @param publicBaseUrl the URL Twilio reaches us at: signatures are checked against it and every absolute
 *     URL in TwiML is built from it, never from request headers
 * @param apiKeys keys accepted on the initiation endpoints
 * @param bucket the S3 bucket with the survey configuration and the results
 * @param resultsBucket the bucket the results sink route writes finished sessions to
 * @param eventBus the EventBridge bus for lifecycle events (a name or ARN), used where it is named: in
 *     {@code routes/event-bridge-put.camel.yaml}, for its endpoint and its entries
 * @param region the AWS region
 * @param s3Endpoint an S3-compatible endpoint to use instead of AWS (the local default's, MinIO, ...)
 * @param eventBridgeEndpoint an EventBridge-compatible endpoint to use instead of AWS
 * @param catalogRefresh how often the survey configuration in the bucket is checked for a new version: more than
 *     0 (default 30 s; Camel's timer takes 0 as "once")
 * @param smsConversationTimeout how long an unanswered SMS survey blocks a new one to the same number, and after
 *     which it expires: at least 1 s (default 24 h)
 * @param maxRequestBytes the largest initiation request body accepted
 * @param webhookBudget the longest a Twilio webhook (or a start) may take whatever a dependency does (default
 *     10 s; 3 to 14 s, as Twilio gives up at 15 s): every S3 call gets at most 30% of it (a webhook makes up to three
 *     in a row), every Twilio REST request half of it
 * @param catalogSettle how long a survey folder's files must stay unchanged before the catalog takes their change:
 *     0 (at the first look) or more (default 5 s), so that an upload of several files is not read half done
 */
@ConfigurationProperties("survey-relay")
public record SurveyRelayProperties(
        URI publicBaseUrl, List<String> apiKeys, String bucket, String resultsBucket, String eventBus, String region,
        URI s3Endpoint, URI eventBridgeEndpoint, Duration catalogRefresh, Duration smsConversationTimeout, int maxRequestBytes,
        Duration webhookBudget, Duration catalogSettle) {

    /**
     * Applies the defaults and checks the settings.
     *
     * @throws IllegalArgumentException when the bucket or the region is missing (which means no
     *     {@code application.yaml} was read: it names both, with defaults), the public base URL or an endpoint is not
     *     an absolute http or https URL, a bucket name breaks S3's naming rules, or the catalog refresh or settle, the SMS conversation timeout or the webhook
     *     budget is out of range (naming its environment variable)
     */
    public SurveyRelayProperties {
        if (bucket == null || bucket.isBlank() || region == null || region.isBlank()) {
            throw new IllegalArgumentException("no bucket or AWS region is set: the service reads its settings from "
                    + "application.yaml in its working directory (" + Path.of("").toAbsolutePath() + "), which "
                    + "names both; start it from the folder holding application.yaml and routes/");
        }
        bucket = SettingBounds.s3BucketName(bucket.strip(), "SURVEY_BUCKET", "survey-relay.bucket");
        if (resultsBucket != null) {
            resultsBucket = SettingBounds.s3BucketName(resultsBucket.strip(), "SURVEY_RESULTS_BUCKET",
                    "survey-relay.results-bucket");
        }
        if (eventBus != null && !eventBus.isBlank()) {
            eventBus = SettingBounds.eventBusName(eventBus.strip(), "EVENT_BUS_NAME", "survey-relay.event-bus");
        }
        publicBaseUrl = SettingBounds.httpUrl(publicBaseUrl, true, "PUBLIC_BASE_URL", "survey-relay.public-base-url");
        s3Endpoint = SettingBounds.httpUrl(s3Endpoint, false, "S3_ENDPOINT", "survey-relay.s3-endpoint",
                LOCAL_ENDPOINT);
        eventBridgeEndpoint = SettingBounds.httpUrl(eventBridgeEndpoint, false, "EVENTBRIDGE_ENDPOINT",
                "survey-relay.event-bridge-endpoint", LOCAL_ENDPOINT);
        apiKeys = apiKeys == null ? List.of() : apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        catalogRefresh = SettingBounds.atLeast(Duration.ofMillis(1), catalogRefresh, Duration.ofSeconds(30),
                "SURVEY_CATALOG_REFRESH", "survey-relay.catalog-refresh");
        smsConversationTimeout = SettingBounds.atLeast(SettingBounds.ONE_SECOND, smsConversationTimeout,
                Duration.ofHours(24), "SMS_CONVERSATION_TIMEOUT", "survey-relay.sms-conversation-timeout");
        catalogSettle = SettingBounds.atLeast(Duration.ZERO, catalogSettle, Duration.ofSeconds(5),
                "SURVEY_UPLOAD_SETTLE", "survey-relay.catalog-settle");
        maxRequestBytes = maxRequestBytes <= 0 ? 16_384 : maxRequestBytes;
        webhookBudget = webhookBudget == null ? Duration.ofSeconds(10) : webhookBudget;
        if (webhookBudget.compareTo(Duration.ofSeconds(3)) < 0 || webhookBudget.compareTo(Duration.ofSeconds(14)) > 0) {
            throw SettingBounds.refused("WEBHOOK_BUDGET", "survey-relay.webhook-budget",
                    "between 3s and 14s (Twilio waits 15 s)", SettingBounds.written(webhookBudget));
        }
    }

    /** An endpoint URL as a refusal gives it for example: a local server's, as the README's. */
    private static final String LOCAL_ENDPOINT = "http://127.0.0.1:9000";

    /** The whole time of one S3 call, the SDK's retries included: 30% of the webhook budget. */
    public Duration s3CallTimeout() {
        return webhookBudget.multipliedBy(3).dividedBy(10);
    }

    /** One S3 attempt, and the socket's read timeout: half an S3 call. */
    public Duration s3AttemptTimeout() {
        return s3CallTimeout().dividedBy(2);
    }

    /** The wait for Twilio's answer to a REST request: half the webhook budget. */
    public Duration twilioResponseTimeout() {
        return webhookBudget.dividedBy(2);
    }

    /** The public URL of a path of ours, e.g. {@code /voice/webhook}. */
    public URI publicUrl(String path) {
        String base = publicBaseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
