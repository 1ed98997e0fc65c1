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
 */
@ConfigurationProperties("survey-relay.triggers")
public record TriggerProperties(boolean enabled, String queueUrl, String deadLetterQueueUrl, URI sqsEndpoint) {
}
