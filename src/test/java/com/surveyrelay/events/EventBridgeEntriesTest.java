package com.surveyrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** A batch becomes one PutEvents request, and a partial refusal names exactly the refused entries. */
class EventBridgeEntriesTest {

    private static final String EVENT = """
            {"eventType":"SURVEY_STARTED","sessionId":"s-1","surveyId":"customer-satisfaction",
             "surveyTo":"+15551234567","surveyMedium":"sms","languageSet":"en-US","surveyStatus":"STARTED",
             "time":"2026-11-24T10:15:30Z","eventId":"s-1/1","sequence":1}""";

    private final EventBridgeEntries entries = new EventBridgeEntries();

    @Test
    void aBatchIsOneRequestWithAnEntryAnEventInOrder() {
        var request = entries.toRequest(List.of(EVENT, EVENT.replace("s-1", "s-2")), "the-bus");
        assertThat(request.entries()).extracting(entry -> entry.eventBusName(), entry -> entry.source(),
                entry -> entry.detailType()).containsOnly(org.assertj.core.groups.Tuple.tuple("the-bus",
                        "survey-relay", "Survey Started"));
        assertThat(request.entries()).extracting(entry -> entry.detail()).containsExactly(EVENT,
                EVENT.replace("s-1", "s-2"));
    }

    @Test
    void refusesMoreThanPutEventsTakes() {
        assertThatThrownBy(() -> entries.toRequest(Collections.nCopies(11, EVENT), "the-bus"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 10 entries");
    }

    @Test
    void refusesABatchWithoutABus() {
        assertThatThrownBy(() -> entries.toRequest(List.of(EVENT), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("survey-relay.event-bus");
    }

    @Test
    void aPartialRefusalNamesTheRefusedPositions() {
        PutEventsResponse response = PutEventsResponse.builder().failedEntryCount(1).entries(
                PutEventsResultEntry.builder().eventId("e-1").build(),
                PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build(),
                PutEventsResultEntry.builder().eventId("e-3").build()).build();
        assertThatThrownBy(() -> entries.requireAccepted(response))
                .isInstanceOfSatisfying(EventRejectedException.class, rejected ->
                        assertThat(rejected.refused()).containsExactly(1))
                .hasMessageContaining("InternalFailure");
        entries.requireAccepted(PutEventsResponse.builder().failedEntryCount(0).build());
    }
}
