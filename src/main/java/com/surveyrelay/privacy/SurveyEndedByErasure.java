package com.surveyrelay.privacy;

import com.surveyrelay.survey.Channel;

/**
 * Published (a Spring application event, in this instance only) for each running survey an erasure ended
 * ({@code ABANDONED}, reason {@code erased}), which publishes no lifecycle event: so that the surveys metric counts its
 * end, and {@code started} less the ends stays what is under way (until 2026-12-06 such a survey stayed under way in
 * the metric for good: an operator's probe).
 *
 * @param surveyId the ended session's survey
 * @param channel the ended session's channel
 */
public record SurveyEndedByErasure(String surveyId, Channel channel) {
}
