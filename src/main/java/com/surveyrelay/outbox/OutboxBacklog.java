package com.surveyrelay.outbox;

import java.time.Duration;

/**
 * What this instance's relay has yet to deliver, as {@link OutboxHealth} and {@link OutboxMetrics} show it.
 *
 * @param sessions sessions with at least one entry undelivered, 0 or more
 * @param entries every entry in those sessions' outboxes, delivered ones not yet removed included, as the relay last
 *     read them
 * @param oldestAge how long the first entry of the oldest of those outboxes has waited since its step stored it;
 *     {@link Duration#ZERO} when none
 * @param lastError the message of the last sink or storage failure the relay met (null before the first, or when
 *     that failure had none); kept after the backlog clears
 */
public record OutboxBacklog(int sessions, int entries, Duration oldestAge, String lastError) {
}
