package com.surveyrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.local.LocalEventBridge;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
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

    /**
     * A "Survey Completed" event whose answers make its entry larger than PutEvents takes (256 KB) would be refused on
     * every retry: it goes without them, marked, and within the limit. Smaller events go exactly as stored.
     */
    @Test
    void aCompletionTooLargeForPutEventsGoesWithoutItsAnswers() throws Exception {
        String answer = "{\"questionNumber\":%d,\"questionName\":\"q%d\",\"questionType\":\"speech\","
                + "\"answer\":\"" + "é".repeat(1_500) + "\"}";
        StringBuilder answers = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            answers.append(i == 1 ? "" : ",").append(answer.formatted(i, i));
        }
        String completed = EVENT.replace("SURVEY_STARTED", "SURVEY_COMPLETED").replace("\"surveyStatus\":\"STARTED\"",
                "\"surveyStatus\":\"COMPLETED\"").replace("\"eventId\"", "\"answers\":[" + answers + "],\"eventId\"");
        assertThat(completed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(
                EventBridgeEntries.MAX_REQUEST_BYTES);

        var entry = entries.toRequest(List.of(completed), "the-bus").entries().get(0);

        var detail = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.detail());
        assertThat(detail.has("answers")).isFalse();
        assertThat(detail.get("answersOmitted").asBoolean()).isTrue();
        assertThat(detail.get("eventId").asText()).isEqualTo("s-1/1");
        assertThat(entry.detailType()).isEqualTo("Survey Completed");
        assertThat(EventBridgeEntries.entryBytes(completed)).isLessThan(1_000);
        assertThat(EventBridgeEntries.detail(EVENT)).as("small: as stored").isSameAs(EVENT);
        assertThat(SurveyEventSchema.violations(entry.detail())).isEmpty();

        // The local EventBridge endpoint sizes a call as AWS does: the event as stored is refused, as sent it is taken.
        try (LocalEventBridge bus = LocalEventBridge.start(0, null);
                EventBridgeClient client = EventBridgeClient.builder().endpointOverride(bus.url())
                        .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThatThrownBy(() -> client.putEvents(r -> r.entries(entry.toBuilder().detail(completed).build())))
                    .as("as stored").isInstanceOf(AwsServiceException.class);
            assertThat(client.putEvents(entries.toRequest(List.of(completed), "the-bus")).failedEntryCount())
                    .isZero();
            assertThat(bus.events()).singleElement().satisfies(event ->
                    assertThat(event.detail().get("answersOmitted").asBoolean()).isTrue());
        }
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
