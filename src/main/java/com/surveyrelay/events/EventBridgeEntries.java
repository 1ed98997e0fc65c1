package com.surveyrelay.events;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyJson;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Turns a lifecycle event into an EventBridge entry ({@code Source} {@value #SOURCE}, {@code DetailType}
 * "Survey Completed" and so on, {@code Detail} the event JSON described by
 * {@code schemas/survey-event.schema.json}) and checks the answer: PutEvents answers 200 even when it
 * refused the entry, and Camel's producer does not look.
 */
@Component("eventBridgeEntries")
public class EventBridgeEntries {

    public static final String SOURCE = "survey-relay";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = SurveyJson.mapper();

    private final String eventBus;

    public EventBridgeEntries(SurveyRelayProperties settings) {
        this.eventBus = settings.eventBus();
    }

    /** The entry for an event as the {@code survey-events} route passes it on: its JSON. */
    public PutEventsRequest toRequest(String eventJson) {
        try {
            return toRequest(JSON.readValue(eventJson, SurveyEvent.class), eventJson);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a survey event: " + e.getMessage(), e);
        }
    }

    public PutEventsRequest toRequest(SurveyEvent event) {
        return toRequest(event, SurveyJson.write(event));
    }

    private PutEventsRequest toRequest(SurveyEvent event, String detail) {
        return PutEventsRequest.builder().entries(PutEventsRequestEntry.builder()
                .eventBusName(eventBus)
                .source(SOURCE)
                .detailType(event.eventType().detailType())
                .time(event.time())
                .detail(detail)
                .build()).build();
    }

    public void requireAccepted(PutEventsResponse response) {
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().stream()
                    .filter(entry -> entry.errorCode() != null).findFirst().orElse(null);
            throw new EventRejectedException(failed == null ? "unknown" : failed.errorCode(),
                    failed == null ? "" : failed.errorMessage());
        }
    }
}
