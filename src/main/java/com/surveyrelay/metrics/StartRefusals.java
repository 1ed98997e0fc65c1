package com.surveyrelay.metrics;

import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.schedule.ScheduledStartEnded;
import com.surveyrelay.web.HttpProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts and logs the starts that were refused, so an operator sees who was not texted or called and why without the
 * caller's logs: {@code survey_relay_start_refusals_total{source, channel, reason}}.
 * <ul>
 *   <li>{@code source="http"}: a {@code 4xx} answer of {@code POST /sms/initiate-sms}, {@code /voice/initiate-call}
 *       or {@code /whatsapp/initiate-whatsapp} (the {@code json-errors} route configuration calls {@link #note}), by
 *       its error code ({@code recipient_opted_out}, {@code contacted_recently}, {@code survey_in_progress},
 *       {@code invalid_phone}, {@code rate_limited}, ...). A refusal about the respondent ({@code 409} or
 *       {@code 422}) is logged at INFO with the number masked to its last four digits; a malformed request, a missing
 *       key or a rate limit ({@code 400}, {@code 401}, {@code 429}) only at DEBUG, as a client in a loop would fill
 *       the log. Failures on our side ({@code 5xx}) are not refusals: {@code survey_relay_dependency_errors_total}
 *       and the error log count them.</li>
 *   <li>{@code source="scheduled"}: a start deferred by quiet hours that did not start when due
 *       ({@link ScheduledStartEnded}: the number opted out meanwhile, its contact hours never open, its respondent's
 *       data was erased, its campaign was cancelled); the firing logs each at INFO.</li>
 * </ul>
 * Bus triggers' refusals go to the dead-letter queue with their reason, and campaign rows' to the campaign's results
 * ({@code survey_relay_campaign_rows_total}): they are not counted here. Each instance counts its own; a series
 * appears at its first refusal. Tags hold channels and error codes, never a number.
 */
@Component("startRefusals")
public class StartRefusals {

    /** The counter of refused starts. */
    public static final String REFUSALS = "survey.relay.start.refusals";
    private static final Logger LOG = LoggerFactory.getLogger(StartRefusals.class);
    /** The HTTP start routes, by id, and the channel each starts. */
    private static final Map<String, String> START_ROUTES = Map.of("sms-initiation", "sms",
            "voice-initiation", "voice", "whatsapp-initiation", "whatsapp");

    private final MeterRegistry registry;

    public StartRefusals(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Notes a failed request of route {@code routeId} when it is a start refused with a {@code 4xx}; does nothing for
     * any other route or failure. Never throws: it runs in the error answer's steps.
     *
     * @param failure what the route failed with
     * @param routeId the route's id
     * @param body the exchange's body when it failed: the parsed {@link StartRequest} once the request was read (its
     *     number is then logged masked), else the raw request, which is never logged
     */
    public void note(Throwable failure, String routeId, Object body) {
        String channel = routeId == null ? null : START_ROUTES.get(routeId);
        if (channel == null || !(failure instanceof HttpProblem problem) || problem.status() < 400
                || problem.status() >= 500) {
            return;
        }
        try {
            count("http", channel, problem.code());
            String to = body instanceof StartRequest request ? request.request().to().masked() : "a number not read";
            if (problem.status() == 409 || problem.status() == 422) {
                LOG.info("{} start to {} refused: {} {}", channel, to, problem.status(), problem.code());
            } else {
                LOG.debug("{} start to {} refused: {} {}", channel, to, problem.status(), problem.code());
            }
        } catch (RuntimeException e) {
            LOG.warn("A refused start was not counted: {}", e.toString());
        }
    }

    /** Counts a deferred start that ended without starting; one that started, or may have, is not a refusal. */
    @EventListener
    public void onScheduledStartEnded(ScheduledStartEnded ended) {
        if (!ended.started()) {
            count("scheduled", ended.channel(), ended.code());
        }
    }

    private void count(String source, String channel, String reason) {
        Counter.builder(REFUSALS).description("Survey starts refused, by source, channel and reason")
                .tag("source", source)
                .tag("channel", channel == null ? "unknown" : channel)
                .tag("reason", reason == null ? "unknown" : reason)
                .register(registry).increment();
    }
}
