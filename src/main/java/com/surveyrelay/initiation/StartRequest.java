package com.surveyrelay.initiation;

import com.surveyrelay.survey.Channel;

/**
 * A validated request to start a survey on a channel.
 *
 * @param idempotencyKey when set, the survey starts at most once for this key however often the request
 *     arrives (an EventBridge event id, an SQS message id, a caller's {@code Idempotency-Key})
 */
public record StartRequest(Channel channel, InitiationRequest request, String idempotencyKey) {
}
