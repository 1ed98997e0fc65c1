package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Every text names the message status route as its StatusCallback, unless TEXT_STATUS_CALLBACK=false leaves it to a
 * Messaging Service's own status callback URL, which a per-message one would override.
 */
class TwilioGatewayStatusCallbackTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            byte[] body = ("{\"sid\":\"SM" + "3".repeat(32) + "\",\"status\":\"queued\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTextNamesTheStatusRouteUnlessTheSettingLeavesItToTheMessagingService() {
        E164 to = E164.parse("+15550140510").orElseThrow();
        gateway(true).sendSms(to, "hello");
        gateway(false).sendSms(to, "hello");

        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).contains("StatusCallback=https://relay.example.com/sms/status");
        assertThat(bodies.get(1)).doesNotContain("StatusCallback").contains("MessagingServiceSid=MG" + "1".repeat(32));
    }

    private TwilioGateway gateway(boolean textStatusCallback) {
        TwilioProperties twilio = new TwilioProperties("AC" + "0".repeat(32), "token", "+15005550006",
                "MG" + "1".repeat(32), URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, null);
        SurveyRelayProperties settings = new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                "bucket", "bucket", "bus", "us-east-1", null, null, Duration.ofSeconds(30), Duration.ofHours(24), 16384,
                Duration.ofSeconds(10), null);
        TwilioRequests requests = new TwilioRequests(twilio, settings,
                new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
        return new TwilioGateway(requests, twilio, settings, textStatusCallback,
                com.surveyrelay.config.MachineDetection.OFF);
    }
}
