package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An instance started while S3 fails (a restart, a scale-out or a redeploy during a blip) comes up, not ready until
 * the bucket has answered once, and serves once S3 is back: it exited with status 1 when the results sink's S3 endpoint checked its bucket at start-up.
 * Meanwhile the timers that poll storage (deferred starts, the outbox sweep) log each failed poll as one warning line,
 * where each logged a 60- to 100-line stack trace.
 */
class StartDuringStorageOutageTest extends ServiceTest {

    private int status(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private boolean surveysListed(int toPort) throws Exception {
        HttpResponse<String> surveys = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + toPort
                + "/surveys")).header("X-Api-Key", API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        return surveys.statusCode() == 200 && surveys.body().contains("\"customer-satisfaction\"");
    }

    @Test
    void anInstanceStartedWhileS3FailsLogsEachFailedPollInALineAndServesOnceS3IsBack() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ServiceInstance started;
        SERVICES.s3().faults().set(Faults.Mode.INTERNAL_ERROR);
        try {
            started = ServiceInstance.start(Map.of("survey-relay.consent.scheduled-starts-poll", "1s",
                    "survey-relay.outbox.sweep-interval", "1s"));
            // Attached once the instance has started: Spring Boot sets up logging again at a start that follows a
            // failed or closed one in this JVM (RespondentHashKeyCheckTest's refused starts), which detached an
            // appender added before it (CI at a0390d7). The polls go on failing every second or so.
            root.addAppender(logged);
            // The deferred starts' poll fails at its listing (the sweep's own steps catch what fails for one session).
            await().atMost(Duration.ofSeconds(30)).until(() -> pollFailures(logged).stream()
                    .anyMatch(line -> line.getFormattedMessage().startsWith("scheduled-starts: this poll failed")));
            // Not ready before the bucket has answered once: an instance that never reached it gets no traffic.
            HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + started.port() + "/actuator/health/readiness")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(json(notReady.body()).at("/components/dependenciesReached/details/waitingFor/storage")
                    .asText()).isEqualTo("DOWN");
        } finally {
            SERVICES.s3().faults().clear();
            root.detachAppender(logged);
        }
        List<ILoggingEvent> traced = List.copyOf(logged.list).stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                .filter(event -> event.getThreadName().contains("scheduled-starts")
                        || event.getThreadName().contains("outbox-sweep"))
                .toList();
        assertThat(traced).as("stack traces logged by the polls").isEmpty();
        assertThat(pollFailures(logged)).allSatisfy(line ->
                assertThat(line.getFormattedMessage()).contains("software.amazon.awssdk").doesNotContain("\n"));

        try (ServiceInstance other = started) {
            assertThat(status(other.port(), "/actuator/health/liveness")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(other.port(), "/actuator/health/readiness") == 200);
            // The surveys load at the catalog's next refresh once S3 is back; until then a start is 503.
            await().atMost(Duration.ofSeconds(30)).until(() -> surveysListed(other.port()));

            HttpResponse<String> start = startSurvey(other.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + respondent + "\"}");
            assertThat(start.statusCode()).as(start.body()).isEqualTo(201);
            String sessionId = json(start.body()).get("sessionId").asText();
            for (String reply : List.of("continue", "4", "the app", "5", "nothing")) {
                twilio(other.port(), "/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER,
                        "Body", reply, "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", "")));
            }
            awaitFinishedCopy("customer-satisfaction", "COMPLETED.sms.en-US", sessionId);
        }
    }

    private static List<ILoggingEvent> pollFailures(ListAppender<ILoggingEvent> logged) {
        return List.copyOf(logged.list).stream().filter(event -> event.getLevel() == Level.WARN
                && event.getLoggerName().equals("com.surveyrelay.PollFailures")).toList();
    }
}
