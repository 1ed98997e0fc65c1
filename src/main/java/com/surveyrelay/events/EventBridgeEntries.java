package com.surveyrelay.events;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    /** PutEvents takes at most ten entries a call. */
    public static final int MAX_ENTRIES = 10;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = SurveyJson.mapper();

    private final String eventBus;

    public EventBridgeEntries(SurveyRelayProperties settings) {
        this.eventBus = settings.eventBus();
    }

    /**
     * One PutEvents request for a batch of events as the outbox relay passes them on: their JSON, at most
     * {@value #MAX_ENTRIES} (the PutEvents limit), in the order given.
     *
     * @throws IllegalArgumentException for more than {@value #MAX_ENTRIES} events, or text that is not an event
     */
    public PutEventsRequest toRequest(List<String> eventJsons) {
        if (eventJsons.isEmpty() || eventJsons.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("PutEvents takes 1 to " + MAX_ENTRIES + " entries, not "
                    + eventJsons.size());
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (String eventJson : eventJsons) {
            entries.add(entry(read(eventJson), eventJson));
        }
        return PutEventsRequest.builder().entries(entries).build();
    }

    /** The request for one event as JSON. */
    public PutEventsRequest toRequest(String eventJson) {
        return toRequest(List.of(eventJson));
    }

    public PutEventsRequest toRequest(SurveyEvent event) {
        return toRequest(List.of(SurveyJson.write(event)));
    }

    private static SurveyEvent read(String eventJson) {
        try {
            return JSON.readValue(eventJson, SurveyEvent.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a survey event: " + e.getMessage(), e);
        }
    }

    private PutEventsRequestEntry entry(SurveyEvent event, String detail) {
        return PutEventsRequestEntry.builder()
                .eventBusName(eventBus)
                .source(SOURCE)
                .detailType(event.eventType().detailType())
                .time(event.time())
                .detail(detail)
                .build();
    }

    /**
     * Checks PutEvents' answer, which is HTTP 200 even when entries were refused.
     *
     * @throws EventRejectedException naming the refused entries' positions when {@code FailedEntryCount} > 0
     */
    public void requireAccepted(PutEventsResponse response) {
        if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
            return;
        }
        Set<Integer> refused = new LinkedHashSet<>();
        PutEventsResultEntry first = null;
        for (int i = 0; i < response.entries().size(); i++) {
            PutEventsResultEntry entry = response.entries().get(i);
            if (entry.errorCode() != null) {
                refused.add(i);
                first = first == null ? entry : first;
            }
        }
        if (refused.isEmpty()) {
            // A count without entries to match: take none as accepted.
            for (int i = 0; i < Math.max(response.failedEntryCount(), response.entries().size()); i++) {
                refused.add(i);
            }
        }
        throw new EventRejectedException(refused, first == null ? "unknown" : first.errorCode(),
                first == null ? "" : first.errorMessage());
    }
}
