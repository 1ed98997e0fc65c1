package com.surveyrelay.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bus triggers ({@code survey-relay.triggers.*}): start requests consumed from an SQS queue, usually the
 * target of an EventBridge rule.
 *
 * @param enabled whether the {@code survey-trigger} route consumes the queue
 * @param queueUrl the queue's URL
 * @param deadLetterQueueUrl where a request that can never start a survey goes, with the reason
 * @param sqsEndpoint an SQS-compatible endpoint instead of AWS (the local default's ElasticMQ)
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
        maxReceives = SettingBounds.atLeast(1, maxReceives, DEFAULT_MAX_RECEIVES, "TRIGGER_MAX_RECEIVES",
                "survey-relay.triggers.max-receives");
    }
}
