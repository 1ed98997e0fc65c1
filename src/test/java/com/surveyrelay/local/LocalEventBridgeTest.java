package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class LocalEventBridgeTest {

    private LocalEventBridge bus;
    private EventBridgeClient client;

    @BeforeEach
    void startBus() {
        bus = LocalEventBridge.start(0, null);
        client = clientFor(bus);
    }

    @AfterEach
    void stopBus() {
        client.close();
        bus.close();
    }

    @Test
    void answersPutEventsLikeEventBridge() {
        PutEventsResponse response = client.putEvents(r -> r.entries(entry("survey.completed", "{\"surveyId\":\"s1\",\"answers\":[1,2]}")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).singleElement()
                .satisfies(result -> assertThat(result.eventId()).isNotBlank())
                .satisfies(result -> assertThat(result.errorCode()).isNull());
        assertThat(bus.events()).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("com.surveyrelay");
            assertThat(event.detailType()).isEqualTo("survey.completed");
            assertThat(event.eventBusName()).isEqualTo("surveys");
            assertThat(event.detail().get("surveyId").asText()).isEqualTo("s1");
            assertThat(event.detail().get("answers").get(1).asInt()).isEqualTo(2);
            assertThat(event.receivedAt()).isNotNull();
        });
    }

    @Test
    void givesEachEntryOfABatchItsOwnEventIdInOrder() {
        PutEventsResponse response = client.putEvents(r -> r.entries(
                entry("a", "{\"n\":1}"), entry("b", "{\"n\":2}"), entry("c", "{\"n\":3}")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).extracting(PutEventsResultEntry::eventId)
                .hasSize(3).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(bus.events()).extracting(RecordedEvent::detailType).containsExactly("a", "b", "c");
    }

    @Test
    void failsInjectedRejectionsInsideASuccessfulAnswerWithoutRecordingThem() {
        bus.rejectNext(1);

        PutEventsResponse response = client.putEvents(r -> r.entries(entry("first", "{}"), entry("second", "{}")));

        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries().get(0).errorCode()).isEqualTo("InternalFailure");
        assertThat(response.entries().get(0).errorMessage()).isNotBlank();
        assertThat(response.entries().get(0).eventId()).isNull();
        assertThat(response.entries().get(1).eventId()).isNotBlank();
        assertThat(bus.events()).extracting(RecordedEvent::detailType).containsExactly("second");

        assertThat(client.putEvents(r -> r.entries(entry("third", "{}"))).failedEntryCount()).isZero();
    }

    /** As EventBridge: a request over 256 KB is refused whole, so an event too big to publish is seen locally. */
    @Test
    void refusesARequestOverItsSizeLimitWhole() {
        String big = "{\"answer\":\"" + "a".repeat(LocalEventBridge.MAX_REQUEST_BYTES) + "\"}";

        assertThatThrownBy(() -> client.putEvents(r -> r.entries(entry("too big", big))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                });
        String half = "{\"answer\":\"" + "a".repeat(LocalEventBridge.MAX_REQUEST_BYTES / 2 - 10) + "\"}";
        assertThat(client.putEvents(r -> r.entries(entry("half", half))).failedEntryCount()).isZero();
        assertThatThrownBy(() -> client.putEvents(r -> r.entries(entry("half", half), entry("half", half))))
                .as("two halves and their overhead").isInstanceOf(AwsServiceException.class);
        assertThat(bus.events()).extracting(RecordedEvent::detailType).containsExactly("half");
    }

    @Test
    void answers503WhileUnavailableAndRecoversAfterwards() {
        bus.setUnavailable(true);

        assertThatThrownBy(() -> client.putEvents(r -> r.entries(entry("lost", "{}"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
                });
        assertThat(bus.events()).isEmpty();

        bus.setUnavailable(false);
        assertThat(client.putEvents(r -> r.entries(entry("kept", "{}"))).failedEntryCount()).isZero();
        assertThat(bus.events()).extracting(RecordedEvent::detailType).containsExactly("kept");
    }

    @Test
    void failsMalformedEntriesOneByOneLikeEventBridge() {
        PutEventsResponse response = client.putEvents(r -> r.entries(
                entry("not-json", "{oops"),
                PutEventsRequestEntry.builder().detailType("no-source").detail("{}").build(),
                entry("fine", "{\"ok\":true}")));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode)
                .containsExactly("MalformedDetail", "InvalidArgument", null);
        assertThat(bus.events()).extracting(RecordedEvent::detailType).containsExactly("fine");
    }

    @Test
    void defaultsTheBusNameWhenNoneIsGiven() {
        client.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                .source("com.surveyrelay").detailType("x").detail("{}").build()));

        assertThat(bus.events()).extracting(RecordedEvent::eventBusName).containsExactly("default");
    }

    @Test
    void refusesUnknownOperationsAndMalformedJsonWithAwsErrors() throws Exception {
        HttpResponse<String> unknown = post("AWSEvents.ListRules", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"__type\":\"UnknownOperationException\"");

        HttpResponse<String> malformed = post("AWSEvents.PutEvents", "{\"Entries\":[");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"__type\":\"SerializationException\"");
        assertThat(malformed.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(malformed.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
    }

    @Test
    void clearForgetsRecordedEvents() {
        client.putEvents(r -> r.entries(entry("gone", "{}")));

        List<RecordedEvent> before = bus.events();
        bus.clear();

        assertThat(bus.events()).isEmpty();
        assertThat(before).hasSize(1);
    }

    @Test
    void keepsJournalledEventsAcrossARestart(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("local/events.jsonl");
        try (LocalEventBridge first = LocalEventBridge.start(0, journal);
             EventBridgeClient firstClient = clientFor(first)) {
            firstClient.putEvents(r -> r.entries(entry("survey.completed", "{\"surveyId\":\"s9\"}")));
        }

        assertThat(Files.readAllLines(journal, StandardCharsets.UTF_8)).singleElement()
                .asString().contains("\"surveyId\":\"s9\"");
        try (LocalEventBridge second = LocalEventBridge.start(0, journal)) {
            assertThat(second.events()).singleElement().satisfies(event -> {
                assertThat(event.detailType()).isEqualTo("survey.completed");
                assertThat(event.detail().get("surveyId").asText()).isEqualTo("s9");
            });

            second.clear();
        }
        try (LocalEventBridge third = LocalEventBridge.start(0, journal)) {
            assertThat(third.events()).isEmpty();
        }
    }

    private static EventBridgeClient clientFor(LocalEventBridge bus) {
        return EventBridgeClient.builder()
                .endpointOverride(bus.url())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(ApacheHttpClient.create())
                // Retries would only replay the injected failures and slow the tests down.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder()
                .source("com.surveyrelay")
                .detailType(detailType)
                .detail(detail)
                .eventBusName("surveys")
                .build();
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(bus.url().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
