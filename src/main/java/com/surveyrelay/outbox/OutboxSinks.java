package com.surveyrelay.outbox;

import com.surveyrelay.events.EventBridgeEntries;
import com.surveyrelay.events.EventRejectedException;
import com.surveyrelay.storage.OutboxEntry;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/**
 * Where the relay hands outbox entries: lifecycle events to {@value #EVENTS} and finished sessions to
 * {@value #RESULTS}, the routes that send them on to whatever sink an operator configured
 * ({@code survey-relay.events.endpoint}, {@code survey-relay.results.endpoint}). Each call blocks until its route
 * has the sink's answer, within the sink's own timeouts. A failed exchange ({@link CamelExecutionException}) is
 * answered, not thrown: the {@link SinkResult} says which entries the sink took. Anything else (a bug, an event that
 * cannot be written as JSON) propagates to the caller.
 *
 * <p>Batching: when the events endpoint is the EventBridge route ({@value #BATCHING_SINK}), one exchange carries
 * up to {@value EventBridgeEntries#MAX_ENTRIES} events, PutEvents' limit, as a list of JSON documents; any other
 * endpoint (a queue, a file, a log) gets one event an exchange, with the session id and a file name in headers.
 */
final class OutboxSinks {

    static final String EVENTS = OutboxRelay.EVENTS_ENDPOINT;
    static final String RESULTS = OutboxRelay.RESULTS_ENDPOINT;
    static final String BATCHING_SINK = "direct:event-bridge-put";

    /**
     * What a sink did with a call's entries.
     *
     * @param failure why it did not take them all, null when it did
     * @param refused the positions (from 0) of the entries it refused when it took the others
     *     ({@link EventRejectedException}); null when it took none (or all: see {@code failure})
     */
    record SinkResult(Throwable failure, Set<Integer> refused) {

        static final SinkResult TAKEN = new SinkResult(null, null);

        /** Whether the sink took the entry at {@code position} (from 0) of the call. */
        boolean took(int position) {
            return failure == null || refused != null && !refused.contains(position);
        }
    }

    private final ProducerTemplate producer;
    private final int batchSize;
    private final int maxCallBytes;

    /** @param eventsEndpoint {@code survey-relay.events.endpoint}: batches only for {@value #BATCHING_SINK} */
    OutboxSinks(ProducerTemplate producer, String eventsEndpoint) {
        this(producer, eventsEndpoint, EventBridgeEntries.MAX_REQUEST_BYTES);
    }

    /** @param maxCallBytes the most a call's entries may weigh ({@link EventBridgeEntries#entryBytes}) */
    OutboxSinks(ProducerTemplate producer, String eventsEndpoint, int maxCallBytes) {
        this.producer = producer;
        this.batchSize = BATCHING_SINK.equals(eventsEndpoint.strip()) ? EventBridgeEntries.MAX_ENTRIES : 1;
        this.maxCallBytes = maxCallBytes;
    }

    /** How many events one call of {@link #publish} may carry: 10 for EventBridge, 1 for any other sink. */
    int batchSize() {
        return batchSize;
    }

    /**
     * Publishes the events (1 to {@link #batchSize()} outbox entries of kind {@code EVENT}) in one exchange, or in
     * several, in order, when together they weigh more than one PutEvents call takes (256 KB: long free-text answers
     * in the events); a PutEvents answer that refuses some entries ({@code FailedEntryCount}) takes the others. A
     * "Survey Completed" event heavier than a call on its own goes without its answers ({@link
     * EventBridgeEntries#detail}); any other event that heavy goes alone, and is refused by the bus (none can be:
     * a text or speech is cut to 4,096 characters when read).
     */
    SinkResult publish(List<OutboxEntry> events) {
        List<String> jsons = events.stream().map(entry -> SurveyJson.write(entry.event())).toList();
        int[] weights = jsons.stream().mapToInt(EventBridgeEntries::entryBytes).toArray();
        Throwable failure = null;
        Set<Integer> refused = new HashSet<>();
        int from = 0;
        while (from < jsons.size()) {
            int to = from + 1;
            int bytes = weights[from];
            while (to < jsons.size() && bytes + weights[to] <= maxCallBytes) {
                bytes += weights[to];
                to++;
            }
            try {
                producer.requestBody(EVENTS, jsons.subList(from, to));
            } catch (CamelExecutionException e) {
                failure = causeOf(e);
                for (int position = from; position < to; position++) {
                    if (!(failure instanceof EventRejectedException rejected)
                            || rejected.refused().contains(position - from)) {
                        refused.add(position);
                    }
                }
            }
            from = to;
        }
        return failure == null ? SinkResult.TAKEN : new SinkResult(failure, refused);
    }

    /**
     * Publishes one event on its own, for sinks that take one an exchange: headers {@code SurveyRelaySessionId} and
     * {@code SurveyRelayEventFile} ({@code <sequence, six digits>-<event type>}) let a file or S3 sink name it.
     */
    SinkResult publishOne(SessionRef ref, OutboxEntry event) {
        try {
            producer.requestBodyAndHeaders(EVENTS, SurveyJson.write(event.event()), Map.of(
                    "SurveyRelaySessionId", ref.sessionId(),
                    "SurveyRelayEventFile", "%06d-%s".formatted(event.sequence(), event.event().eventType())));
            return SinkResult.TAKEN;
        } catch (CamelExecutionException e) {
            return new SinkResult(causeOf(e), null);
        }
    }

    /** Hands a finished session to the results route, which sends it on (by default: to the results bucket). */
    SinkResult copyResult(SurveySession session) {
        try {
            producer.requestBody(RESULTS, session);
            return SinkResult.TAKEN;
        } catch (CamelExecutionException e) {
            return new SinkResult(causeOf(e), null);
        }
    }

    /** What the route threw, rather than Camel's wrapper around it. */
    private static Throwable causeOf(CamelExecutionException e) {
        return e.getCause() == null ? e : e.getCause();
    }
}
