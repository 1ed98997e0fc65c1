package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.conversation.SurveyStarts;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Camel's platform-http routes run on Tomcat's request thread ({@code PlatformHttpOnRequestThreads}), not handed
 * over to Spring's task executor ({@code task-N} threads) as camel-platform-http-starter would: the route that
 * starts a survey logs from the thread Tomcat gave the request.
 */
class RequestThreadsTest extends ServiceTest {

    @Test
    void aRouteRunsOnTheThreadTomcatGaveItsRequest() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger starts = (Logger) LoggerFactory.getLogger(SurveyStarts.class);
        starts.addAppender(log);
        try {
            HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
            assertThat(started.statusCode()).isEqualTo(201);
        } finally {
            starts.detachAppender(log);
        }
        List<ILoggingEvent> startedLines = log.list.stream()
                .filter(event -> event.getFormattedMessage().startsWith("Started sms survey")).toList();
        assertThat(startedLines).hasSize(1);
        assertThat(startedLines.get(0).getThreadName()).as("Tomcat's request thread").matches("http-nio-.*-exec-\\d+");
        assertThat(startedLines.get(0).getMDCPropertyMap()).containsEntry("camel.routeId", "sms-initiation");
    }
}
