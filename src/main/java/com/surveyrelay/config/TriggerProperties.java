package com.surveyrelay.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bus triggers ({@code survey-relay.triggers.*}): start requests consumed from an SQS queue, usually the
 * target of an EventBridge rule.
 *
 * @param enabled whether the {@code survey-trigger} route consumes the queue
 * @param queueUrl the queue's URL ({@link SettingBounds#sqsQueueUrl}), or {@code ""} for none
 * @param deadLetterQueueUrl where a request that can never start a survey goes, with the reason; a queue URL, or
 *     {@code ""} for none
 * @param sqsEndpoint an SQS-compatible endpoint instead of AWS (the local default's ElasticMQ): an http or https URL
 *     with a host, or null for AWS's
 * @param maxReceives how many times a request that could start later (a failure on our side, the number in another
 *     survey) is received before it is dead-lettered with its reason, by SQS's {@code ApproximateReceiveCount};
 *     at least 1, default {@value #DEFAULT_MAX_RECEIVES}. Deliveries come one visibility timeout apart. Waits on an
 *     idempotency key claimed by a first request without an outcome are not counted, up to twice this many receives
 *     in all ({@code BusTriggers}).
 */
@ConfigurationProperties("survey-relay.triggers")
public record TriggerProperties(boolean enabled, String queueUrl, String deadLetterQueueUrl, URI sqsEndpoint,
        Integer maxReceives) {

    /** The receives a request gets when {@code max-receives} is not set: about 2.5 minutes at SQS's 30 s default. */
    public static final int DEFAULT_MAX_RECEIVES = 5;

    public TriggerProperties {
        queueUrl = SettingBounds.sqsQueueUrl(queueUrl, "TRIGGER_QUEUE_URL", "survey-relay.triggers.queue-url");
        deadLetterQueueUrl = SettingBounds.sqsQueueUrl(deadLetterQueueUrl, "TRIGGER_DEAD_LETTER_QUEUE_URL",
                "survey-relay.triggers.dead-letter-queue-url");
        // Until 2026-12-07 unchecked: "notaurl" stopped the start with a NullPointerException from the AWS SDK.
        sqsEndpoint = SettingBounds.httpUrl(sqsEndpoint, false, "SQS_ENDPOINT", "survey-relay.triggers.sqs-endpoint",
                "http://127.0.0.1:9324");
        maxReceives = SettingBounds.atLeast(1, maxReceives, DEFAULT_MAX_RECEIVES, "TRIGGER_MAX_RECEIVES",
                "survey-relay.triggers.max-receives");
    }
}
