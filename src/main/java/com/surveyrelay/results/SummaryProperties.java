package com.surveyrelay.results;

import com.surveyrelay.config.SettingBounds;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many dashboard summaries an instance runs at once ({@code survey-relay.results.summaries-at-once}). The
 * {@code results-summary} route's throttle reads the setting itself; this record exists to refuse, at start-up, a
 * value that throttle would take silently: with 0 every summary answered {@code 503 busy} for ever.
 *
 * @param summariesAtOnce summaries running at once on an instance, the next answered {@code 503 busy}: at least 1
 *     (default 2)
 * @throws IllegalArgumentException naming {@code RESULTS_SUMMARIES_AT_ONCE} and the range, for a value under 1
 */
@ConfigurationProperties("survey-relay.results")
public record SummaryProperties(Integer summariesAtOnce) {

    public SummaryProperties {
        summariesAtOnce = SettingBounds.atLeast(1, summariesAtOnce, 2, "RESULTS_SUMMARIES_AT_ONCE",
                "survey-relay.results.summaries-at-once");
    }
}
