package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A route runs on the Tomcat request thread that read its request ({@code PlatformHttpOnRequestThreads}), so a request
 * waiting for one of {@code REQUEST_THREADS} waits unread, holding none of Tomcat's buffers. Until 2026-12-06 Camel's
 * starter ran it on Spring's task executor ({@code task-N}), while Tomcat read every request at once.
 */
class RoutesOnRequestThreadsTest extends ServiceTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger opener = (Logger) LoggerFactory.getLogger("com.surveyrelay.conversation.SurveyOpener");

    @BeforeEach
    void captureLogs() {
        log.start();
        opener.addAppender(log);
    }

    @AfterEach
    void releaseLogs() {
        opener.detachAppender(log);
    }

    @Test
    void aStartRunsOnTheTomcatThreadThatReadItsRequest() throws Exception {
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

        ILoggingEvent line = log.list.stream().filter(event -> event.getFormattedMessage().startsWith("Started sms"))
                .findFirst().orElseThrow(() -> new AssertionError("no start logged: " + log.list));
        assertThat(line.getMDCPropertyMap()).containsEntry("camel.routeId", "sms-initiation");
        // http-nio-<port>-exec-<n>, the port "auto-1" when chosen at random as here.
        assertThat(line.getThreadName()).as("Tomcat's request threads").matches("http-nio-[\\w-]+-exec-\\d+");
    }
}
