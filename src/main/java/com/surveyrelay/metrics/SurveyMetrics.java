package com.surveyrelay.metrics;

import com.surveyrelay.conversation.SurveyEventsStored;
import com.surveyrelay.privacy.SurveyEndedByErasure;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SurveyEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts surveys and answers as their events are stored, for {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code survey_relay_surveys_total{survey, channel, outcome}}: outcome {@code started} (a start whose first
 *       text or call Twilio took, or may have: no answer; the session is open), {@code completed}, {@code abandoned}
 *       or {@code opted_out} (how a started survey ended; a running survey an erasure ended is {@code abandoned}),
 *       or {@code refused} (a start whose first text or call never
 *       went out: Twilio refused it, such as 21211, 21610 or 21614, or was not reached, or the number opted out while
 *       the session was stored; counted once, neither as started nor as ended, so that every started survey ends
 *       once as completed, abandoned or opted out);</li>
 *   <li>{@code survey_relay_answers_total{survey, question}}: answers recorded (valid ones; skipped questions are
 *       not answers).</li>
 * </ul>
 * Each instance counts what it stored (a counter per instance, as Prometheus expects; sum them across instances).
 * Tags hold survey ids, channels and question names, never a number or an answer.
 */
@Component
public class SurveyMetrics {

    /** The counter of surveys by outcome. */
    public static final String SURVEYS = "survey.relay.surveys";
    /** The outcome of a start whose first text or call never went out ({@link SurveyEventsStored#startRefused}). */
    public static final String REFUSED = "refused";
    /** The counter of recorded answers by question. */
    public static final String ANSWERS = "survey.relay.answers";

    private final MeterRegistry registry;

    public SurveyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    public void onStored(SurveyEventsStored stored) {
        for (SurveyEvent event : stored.events()) {
            switch (event.eventType()) {
                case ANSWER_RECORDED -> Counter.builder(ANSWERS).description("Answers recorded")
                        .tag("survey", event.surveyId())
                        .tag("question", event.answer() == null ? "" : event.answer().questionName())
                        .register(registry).increment();
                case SURVEY_STARTED, SURVEY_COMPLETED -> countSurvey(event, outcome(event));
                case SURVEY_ABANDONED, SURVEY_OPTED_OUT ->
                        countSurvey(event, stored.startRefused() ? REFUSED : outcome(event));
                default -> { }
            }
        }
    }

    /**
     * Counts a running survey an erasure ended as {@code abandoned}: its end publishes no lifecycle event, so
     * {@link #onStored} does not see it.
     */
    @EventListener
    public void onErasureEnded(SurveyEndedByErasure ended) {
        countSurvey(ended.surveyId(), ended.channel(), "abandoned");
    }

    private void countSurvey(SurveyEvent event, String outcome) {
        countSurvey(event.surveyId(), event.surveyMedium(), outcome);
    }

    private void countSurvey(String surveyId, Channel channel, String outcome) {
        Counter.builder(SURVEYS).description("Surveys started, completed, abandoned, opted out, and starts refused")
                .tag("survey", surveyId)
                .tag("channel", channel.value())
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    /** {@code started}, {@code completed}, {@code abandoned} or {@code opted_out}, from the event's type. */
    private static String outcome(SurveyEvent event) {
        return event.eventType().name().substring("SURVEY_".length()).toLowerCase(Locale.ROOT);
    }
}
