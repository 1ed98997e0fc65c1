package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every line the service logs while it handles a start or a webhook names the route ({@code camel.routeId}) and the
 * session ({@code sessionId}) in the MDC, so an operator can follow one respondent through the logs (issue 15,
 * item 5). Lines from the request threads are compared, whatever logger wrote them.
 */
class CorrelatedLogsTest extends ServiceTest {

    private static final Set<String> SESSION_ROUTES =
            Set.of("sms-initiation", "sms-webhook", "voice-initiation", "voice-call");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(log);
    }

    private HttpResponse<String> text(String from, String body) throws Exception {
        HttpResponse<String> reply = twilio("/sms/webhook", Map.of("From", from, "To", LocalServices.PHONE_NUMBER,
                "Body", body, "MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", "")));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    /** The lines logged on threads that ran one of the session routes, from the survey's own classes. */
    private List<ILoggingEvent> requestLines() {
        List<ILoggingEvent> lines = List.copyOf(log.list);
        Set<String> requestThreads = lines.stream()
                .filter(event -> SESSION_ROUTES.contains(event.getMDCPropertyMap().getOrDefault("camel.routeId", "")))
                .map(ILoggingEvent::getThreadName).collect(Collectors.toSet());
        return lines.stream().filter(event -> requestThreads.contains(event.getThreadName()))
                .filter(event -> event.getLoggerName().startsWith("com.surveyrelay"))
                .toList();
    }

    @Test
    void everyLineOfAnSmsSurveyAndItsOptOutNamesItsRouteAndSession() throws Exception {
        String respondent = newRespondent();
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        text(respondent, "continue");
        text(respondent, "4");
        text(respondent, "STOP");

        List<ILoggingEvent> lines = requestLines();
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).startsWith("Started sms survey"))
                .anySatisfy(line -> assertThat(line).contains("opted out"));
        assertThat(lines).allSatisfy(event -> assertThat(event.getMDCPropertyMap())
                .as(event.getFormattedMessage())
                .containsEntry("sessionId", sessionId)
                .containsKey("camel.routeId"));
    }

    @Test
    void everyLineOfACallNamesItsRouteAndSession() throws Exception {
        String respondent = newRespondent();
        SERVICES.emulator().phone(respondent).setManual(true);
        HttpResponse<String> started = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = json(started.body()).get("sessionId").asText();
        Map<String, String> params = callParams(respondent, "CA" + "1".repeat(32));
        assertThat(twilio("/voice/webhook?sessionId=" + sessionId + "&turn=0", params).statusCode()).isEqualTo(200);
        params.put("Digits", "9");
        assertThat(twilio("/voice/webhook?sessionId=" + sessionId + "&turn=1", params).statusCode()).isEqualTo(200);

        List<ILoggingEvent> lines = requestLines();
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).startsWith("Started voice survey"));
        assertThat(lines).allSatisfy(event -> assertThat(event.getMDCPropertyMap())
                .as(event.getFormattedMessage())
                .containsEntry("sessionId", sessionId)
                .containsKey("camel.routeId"));
    }
}
