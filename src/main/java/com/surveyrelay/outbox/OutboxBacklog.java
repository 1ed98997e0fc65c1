package com.surveyrelay.outbox;

import java.time.Duration;

/**
 * What this instance's relay has yet to deliver, as {@link OutboxHealth} and {@link OutboxMetrics} show it.
 *
 * @param sessions sessions with at least one entry undelivered, 0 or more
 * @param entries entries in those sessions' outboxes, delivered ones waiting for their removal excluded
 * @param oldestAge how long the oldest of them has waited since its step stored it; {@link Duration#ZERO} when none
 * @param lastError the message of the last sink or storage failure the relay met, null before the first; kept after
 *     the backlog clears
 */
public record OutboxBacklog(int sessions, int entries, Duration oldestAge, String lastError) {
}
