package com.surveyrelay.events;

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
 * refused the entry, and Camel's producer does not look. The bus comes from the route
 * ({@code routes/event-bridge-put.camel.yaml}), where an operator changes it.
 */
@Component("eventBridgeEntries")
public class EventBridgeEntries {

    public static final String SOURCE = "survey-relay";
    /** PutEvents takes at most ten entries a call. */
    public static final int MAX_ENTRIES = 10;
    /** PutEvents takes entries of at most 256 KB in all a call (by {@link #entryBytes}), else refuses the call. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** Source, detail type (16 at most) and the time's 14 bytes, which count besides the detail; rounded up. */
    private static final int ENTRY_OVERHEAD_BYTES = 64;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = SurveyJson.mapper();

    /**
     * One PutEvents request for a batch of events as the outbox relay passes them on: their JSON, at most
     * {@value #MAX_ENTRIES} (the PutEvents limit), in the order given.
     *
     * @param eventBus each entry's {@code EventBusName}: a bus name or ARN (with {@code pojoRequest} Camel sends the
     *     request as built, so the endpoint's own bus name is not used)
     * @throws IllegalArgumentException for none or more than {@value #MAX_ENTRIES} events, a blank bus, or text
     *     that is not an event
     */
    public PutEventsRequest toRequest(List<String> eventJsons, String eventBus) {
        if (eventBus == null || eventBus.isBlank()) {
            throw new IllegalArgumentException("PutEvents entries need an event bus (survey-relay.event-bus)");
        }
        if (eventJsons.isEmpty() || eventJsons.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("PutEvents takes 1 to " + MAX_ENTRIES + " entries, not "
                    + eventJsons.size());
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (String eventJson : eventJsons) {
            entries.add(entry(read(eventJson), detail(eventJson), eventBus));
        }
        return PutEventsRequest.builder().entries(entries).build();
    }

    /**
     * What an event's entry counts against {@link #MAX_REQUEST_BYTES}: as AWS sizes a PutEvents entry, the UTF-8 bytes
     * of its source, detail type and {@link #detail}, and 14 for its time (the overhead taken at its largest).
     */
    public static int entryBytes(String eventJson) {
        return bytes(detail(eventJson)) + ENTRY_OVERHEAD_BYTES;
    }

    /**
     * The event's {@code Detail} as sent: the event itself, unless its entry would be larger than PutEvents takes
     * ({@value #MAX_REQUEST_BYTES} bytes), which it would refuse on every retry. A "Survey Completed" event that large
     * (a survey of many long free-text answers) goes without its {@code answers} and with {@code "answersOmitted":
     * true}: each answer is in its own "Answer Recorded" event and in the results record. Before, it stayed in its
     * session's outbox for good, and held the session's results copy and any erasure of the respondent with it. An
     * event with no answers to omit is sent as it is.
     *
     * @throws IllegalArgumentException for text that is not a JSON object
     */
    public static String detail(String eventJson) {
        if (bytes(eventJson) + ENTRY_OVERHEAD_BYTES <= MAX_REQUEST_BYTES) {
            return eventJson;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode event = JSON.readTree(eventJson);
            if (!(event instanceof com.fasterxml.jackson.databind.node.ObjectNode slimmed)
                    || slimmed.remove("answers") == null) {
                return eventJson;
            }
            slimmed.put("answersOmitted", true);
            return JSON.writeValueAsString(slimmed);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a survey event: " + e.getMessage(), e);
        }
    }

    private static int bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static SurveyEvent read(String eventJson) {
        try {
            return JSON.readValue(eventJson, SurveyEvent.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a survey event: " + e.getMessage(), e);
        }
    }

    private static PutEventsRequestEntry entry(SurveyEvent event, String detail, String eventBus) {
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
