package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.SurveyEvent;
import java.time.Instant;

/**
 * One thing a session's outbox still has to deliver.
 *
 * @param id stable across redeliveries: {@code <sessionId>/<sequence>}, the event's {@code eventId}
 * @param sequence the entry's place among its session's entries, from 1
 * @param recordedAt when the step that produced it was stored (the outbox's age is measured from it)
 * @param kind {@code EVENT}: a lifecycle event for the events sink; {@code RESULT}: the finished session for the
 *     results sink (the session as stored when it is delivered)
 * @param event the event, for {@code EVENT}; null for {@code RESULT}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxEntry(String id, long sequence, Instant recordedAt, Kind kind, SurveyEvent event) {

    /** Which sink an entry goes to. */
    public enum Kind {
        EVENT, RESULT
    }

    static OutboxEntry event(SurveyEvent numbered, Instant now) {
        return new OutboxEntry(numbered.eventId(), numbered.sequence(), now, Kind.EVENT, numbered);
    }

    static OutboxEntry result(String sessionId, long sequence, Instant now) {
        return new OutboxEntry(sessionId + "/" + sequence, sequence, now, Kind.RESULT, null);
    }
}
