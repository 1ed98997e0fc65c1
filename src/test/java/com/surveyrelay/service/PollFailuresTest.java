package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.local.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The timers that poll storage (the outbox sweep, deferred starts) log a failed poll as one warning line: during an S3
 * outage each poll logged a 60- to 100-line stack trace.
 */
class PollFailuresTest extends ServiceTest {

    @Test
    void aPollThatFailsIsOneWarningLineWithoutAStackTrace() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (ServiceInstance polling = ServiceInstance.start(Map.of(
                "survey-relay.consent.scheduled-starts-poll", "200ms", "survey-relay.outbox.sweep-interval", "200ms"))) {
            SERVICES.s3().faults().set(Faults.Mode.ERROR);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> warnings(logged, "com.surveyrelay.PollFailures")
                        .stream().map(ILoggingEvent::getFormattedMessage).anyMatch(line ->
                                line.startsWith("scheduled-starts: this poll failed"))
                        && warnings(logged, "com.surveyrelay.PollFailures").stream()
                        .map(ILoggingEvent::getFormattedMessage).anyMatch(line ->
                                line.startsWith("outbox-sweep: this poll failed")));
            } finally {
                SERVICES.s3().faults().clear();
            }
        } finally {
            root.detachAppender(logged);
        }
        List<ILoggingEvent> traced = logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                .filter(event -> event.getThreadName().contains("scheduled-starts")
                        || event.getThreadName().contains("outbox-sweep"))
                .toList();
        assertThat(traced).as("stack traces logged by the polls").isEmpty();
        assertThat(warnings(logged, "com.surveyrelay.PollFailures")).allSatisfy(line ->
                assertThat(line.getFormattedMessage()).contains("S3Exception").doesNotContain("\n"));
    }

    private static List<ILoggingEvent> warnings(ListAppender<ILoggingEvent> logged, String logger) {
        synchronized (logged.list) {
            return logged.list.stream().filter(event -> event.getLevel() == Level.WARN
                    && event.getLoggerName().equals(logger)).toList();
        }
    }
}
