package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.events.EventRejectedException;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.SurveyEvent;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the relay's sinks answer: which entries a call's sink took, from a Camel route that accepts, refuses some
 * entries the way the EventBridge route does ({@link EventRejectedException}), or fails. The routes are real
 * {@code direct:} routes in a plain Camel context, standing in for {@code survey-events} and {@code survey-results}.
 */
class OutboxSinksTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private volatile String eventsAnswer = "accept";

    @BeforeEach
    void startRoutes() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(OutboxSinks.EVENTS).process(exchange -> {
                    received.add(exchange.copy());
                    switch (eventsAnswer) {
                        case "refuse-second" -> throw new EventRejectedException(Set.of(1), "InternalFailure", "busy");
                        case "fail" -> throw new IllegalStateException("bus unreachable");
                        default -> { }
                    }
                });
                from(OutboxSinks.RESULTS).process(exchange -> {
                    received.add(exchange.copy());
                    throw new IllegalStateException("results bucket unreachable");
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stopRoutes() {
        camel.stop();
    }

    private OutboxSinks sinks(String eventsEndpoint) {
        return new OutboxSinks(camel.createProducerTemplate(), eventsEndpoint);
    }

    private static OutboxEntry event(SurveySession session, long sequence) {
        SurveyEvent started = OutboxRelayBatchTest.started(session);
        return new OutboxEntry(session.sessionId() + "/" + sequence, sequence, Instant.now(), OutboxEntry.Kind.EVENT,
                started);
    }

    @Test
    void onlyTheEventBridgeRouteTakesEventsTenACall() {
        assertThat(sinks("direct:event-bridge-put").batchSize()).isEqualTo(10);
        assertThat(sinks(" direct:event-bridge-put ").batchSize()).isEqualTo(10);
        assertThat(sinks("log:events").batchSize()).isEqualTo(1);
        assertThat(sinks("aws2-sqs:survey-events").batchSize()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchGoesAsOneExchangeOfJsonDocumentsAndEveryEntryIsTaken() {
        List<OutboxEntry> events = List.of(event(OutboxRelayBatchTest.session("+15550100001"), 1),
                event(OutboxRelayBatchTest.session("+15550100002"), 1));

        OutboxSinks.SinkResult outcome = sinks("direct:event-bridge-put").publish(events);

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.took(0)).isTrue();
        assertThat(outcome.took(1)).isTrue();
        assertThat(received).hasSize(1);
        List<Object> body = received.get(0).getMessage().getBody(List.class);
        assertThat(body).hasSize(2);
        assertThat(body).containsExactly(SurveyJson.write(events.get(0).event()),
                SurveyJson.write(events.get(1).event()));
    }

    @Test
    void entriesThePutEventsAnswerRefusedAreNotTakenAndTheOthersAre() {
        eventsAnswer = "refuse-second";
        List<OutboxEntry> events = List.of(event(OutboxRelayBatchTest.session("+15550100001"), 1),
                event(OutboxRelayBatchTest.session("+15550100002"), 1),
                event(OutboxRelayBatchTest.session("+15550100003"), 1));

        OutboxSinks.SinkResult outcome = sinks("direct:event-bridge-put").publish(events);

        assertThat(outcome.took(0)).isTrue();
        assertThat(outcome.took(1)).isFalse();
        assertThat(outcome.took(2)).isTrue();
        assertThat(outcome.failure()).isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("InternalFailure");
    }

    /**
     * PutEvents refuses a whole call over 256 KB: events heavier together than that go in several calls, in order,
     * each as heavy as it may be; a call refusing one of its entries leaves the other calls' entries taken. Here a
     * call may weigh two of these events and a half.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eventsHeavierTogetherThanOneCallTakesGoInSeveralCallsInOrder() {
        List<OutboxEntry> events = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(event(OutboxRelayBatchTest.session("+1555010000" + i), 1));
        }
        int eventBytes = com.surveyrelay.events.EventBridgeEntries.entryBytes(SurveyJson.write(events.get(0).event()));
        OutboxSinks sinks = new OutboxSinks(camel.createProducerTemplate(), "direct:event-bridge-put",
                eventBytes * 5 / 2);

        OutboxSinks.SinkResult outcome = sinks.publish(events);

        assertThat(outcome.failure()).isNull();
        assertThat(received).extracting(exchange -> exchange.getMessage().getBody(List.class).size())
                .containsExactly(2, 2, 1);
        assertThat(received.stream().flatMap(exchange -> ((List<Object>) exchange.getMessage().getBody(List.class))
                .stream()).toList()).containsExactlyElementsOf(events.stream()
                        .map(entry -> (Object) SurveyJson.write(entry.event())).toList());

        received.clear();
        eventsAnswer = "refuse-second";
        OutboxSinks.SinkResult refused = sinks.publish(events);
        assertThat(List.of(0, 1, 2, 3, 4)).filteredOn(refused::took).as("each call's second refused")
                .containsExactly(0, 2, 4);
    }

    @Test
    void aFailedCallTakesNothingAndSaysWhy() {
        eventsAnswer = "fail";
        List<OutboxEntry> events = List.of(event(OutboxRelayBatchTest.session("+15550100001"), 1),
                event(OutboxRelayBatchTest.session("+15550100002"), 1));

        OutboxSinks.SinkResult outcome = sinks("direct:event-bridge-put").publish(events);

        assertThat(outcome.took(0)).isFalse();
        assertThat(outcome.took(1)).isFalse();
        assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class).hasMessage("bus unreachable");
    }

    @Test
    void aSingleEventCarriesItsSessionAndAFileNameInHeaders() {
        SurveySession session = OutboxRelayBatchTest.session("+15550100001");
        OutboxEntry entry = event(session, 7);

        OutboxSinks.SinkResult outcome = sinks("log:events").publishOne(SessionRef.of(session), entry);

        assertThat(outcome.took(0)).isTrue();
        Map<String, Object> headers = received.get(0).getMessage().getHeaders();
        assertThat(headers).containsEntry("SurveyRelaySessionId", session.sessionId())
                .containsEntry("SurveyRelayEventFile", "000007-" + entry.event().eventType());
        assertThat(received.get(0).getMessage().getBody(String.class)).isEqualTo(SurveyJson.write(entry.event()));
    }

    @Test
    void aSingleEventTheSinkFailedIsNotTaken() {
        eventsAnswer = "fail";
        SurveySession session = OutboxRelayBatchTest.session("+15550100001");

        OutboxSinks.SinkResult outcome = sinks("log:events").publishOne(SessionRef.of(session), event(session, 1));

        assertThat(outcome.took(0)).isFalse();
        assertThat(outcome.failure()).hasMessage("bus unreachable");
    }

    @Test
    void aResultsCopyTheSinkFailedIsNotTaken() {
        SurveySession session = OutboxRelayBatchTest.session("+15550100001");

        OutboxSinks.SinkResult outcome = sinks("direct:event-bridge-put").copyResult(session);

        assertThat(outcome.took(0)).isFalse();
        assertThat(outcome.failure()).hasMessage("results bucket unreachable");
        assertThat(received.get(0).getMessage().getBody()).isSameAs(session);
    }
}
