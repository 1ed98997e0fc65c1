package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A quick 5xx or 429 from Twilio is tried {@value TwilioRequests#ATTEMPTS} times in all, and each failure is counted.
 */
class TwilioGatewayRetryTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean warmedUp = new AtomicBoolean();
    private HttpServer server;
    private final AtomicInteger lists = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTwilioAnsweringOnly503IsTriedThreeTimesAndEachFailureCounted() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // The first request is refused (an invalid number, never retried): it loads the client's classes, which on
            // a loaded machine took over the 2 s within which a 503 is retried (TwilioRequests.QUICK_FAILURE_MILLIS).
            boolean warmUp = !warmedUp.getAndSet(true);
            // Creations only: before each retry the gateway also lists the texts to the number (a GET), in case
            // Twilio accepted the text before its 5xx (TwiceCreatedTextTest).
            if ("POST".equals(exchange.getRequestMethod())) {
                requests.incrementAndGet();
            } else {
                lists.incrementAndGet();
            }
            byte[] body = (warmUp ? "{\"code\":21211,\"message\":\"invalid\",\"status\":400}"
                    : "{\"code\":20503,\"message\":\"unavailable\",\"status\":503}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(warmUp ? 400 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        MeterRegistry registry = new SimpleMeterRegistry();
        TwilioGateway gateway = gateway(registry);
        assertThatThrownBy(() -> gateway.sendSms(E164.parse("+15005550010").orElseThrow(), "hello"))
                .hasMessageContaining("Twilio error 21211");
        requests.set(0);
        assertThatThrownBy(() -> gateway.sendSms(E164.parse("+15005550010").orElseThrow(), "hello"))
                .as("an outage, said as one: not a refusal").hasMessage("Twilio failed the text: it answered HTTP 503 "
                        + "(Twilio error 20503), so nothing went out; try again later.");
        assertThat(requests.get()).as("texts Twilio received").isEqualTo(TwilioRequests.ATTEMPTS);
        assertThat(lists.get()).as("a look for the text before each retry, once").isEqualTo(TwilioRequests.ATTEMPTS - 1);
        assertThat(registry.counter("survey.relay.dependency.errors", "dependency", "twilio", "kind", "server")
                .count()).isEqualTo(TwilioRequests.ATTEMPTS);
    }

    /**
     * Twilio answers 429 (error 20429) to an account over its request rate or concurrency, having done nothing, and
     * asks for the request again after a short wait: one such blip must not end a start {@code not-delivered}. Until
     * 2026-12-05 it was not tried again (seen on the local emulator's {@code throttled} fault switch: {@code 502
     * twilio_error} after one request).
     */
    @Test
    void aTooManyRequestsAnswerIsTriedAgainAndTheTextGoesOut() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            // As above, a refused first request loads the client's classes outside the 2 s a retry must fail within.
            boolean warmUp = !warmedUp.getAndSet(true);
            boolean throttled = !warmUp && requests.incrementAndGet() == 1;
            int status = warmUp ? 400 : throttled ? 429 : 201;
            byte[] body = (warmUp ? "{\"code\":21211,\"message\":\"invalid\",\"status\":400}"
                    : throttled ? "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"
                    : "{\"sid\":\"SM" + "1".repeat(32) + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        MeterRegistry registry = new SimpleMeterRegistry();
        TwilioGateway gateway = gateway(registry);
        assertThatThrownBy(() -> gateway.sendSms(E164.parse("+15005550010").orElseThrow(), "hello"))
                .hasMessageContaining("Twilio error 21211");

        assertThat(gateway.sendSms(E164.parse("+15005550010").orElseThrow(), "hello")).isEqualTo("SM" + "1".repeat(32));
        assertThat(requests.get()).as("requests Twilio received").isEqualTo(2);
        assertThat(registry.counter("survey.relay.dependency.errors", "dependency", "twilio", "kind", "throttled")
                .count()).isEqualTo(1);
    }

    /**
     * Before a text Twilio answered 5xx is sent again, the texts to the number are listed; when that list fails too,
     * the text goes again as before, and a warning (the number masked, Twilio's message left out since it may quote
     * the number) says the respondent may get it twice: until 2026-12-07 it said nothing (a code reviewer's probe).
     */
    @Test
    void aTextSentAgainWithoutTheLookForItsFirstTryIsWarnedOf() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean warmUp = !warmedUp.getAndSet(true);
            boolean list = "GET".equals(exchange.getRequestMethod());
            boolean failed = !warmUp && !list && requests.incrementAndGet() == 1;
            int status = warmUp ? 400 : list ? 500 : failed ? 503 : 201;
            byte[] body = (warmUp ? "{\"code\":21211,\"message\":\"invalid\",\"status\":400}"
                    : list ? "{\"code\":20500,\"message\":\"cannot list +15005550010\",\"status\":500}"
                    : failed ? "{\"code\":20503,\"message\":\"unavailable\",\"status\":503}"
                    : "{\"sid\":\"SM" + "2".repeat(32) + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        TwilioGateway gateway = gateway(new SimpleMeterRegistry());
        assertThatThrownBy(() -> gateway.sendSms(E164.parse("+15005550010").orElseThrow(), "hello"))
                .hasMessageContaining("Twilio error 21211");
        List<ch.qos.logback.classic.spi.ILoggingEvent> logged = com.surveyrelay.LoggedLines.during(
                TwilioGateway.class, () -> assertThat(gateway.sendSms(E164.parse("+15005550010").orElseThrow(),
                        "hello")).isEqualTo("SM" + "2".repeat(32)));
        assertThat(requests.get()).as("texts Twilio received").isEqualTo(2);
        assertThat(logged).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("Could not list the texts to "
                    + E164.parse("+15005550010").orElseThrow().masked() + " since ")
                    .endsWith("(ApiException); sending the text again, which the respondent may get twice")
                    .doesNotContain("5550010");
        });
    }

    private TwilioGateway gateway(MeterRegistry registry) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("registry", registry);
        TwilioProperties twilio = new TwilioProperties("AC" + "0".repeat(32), "token", "+15005550006", null,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, null);
        return new TwilioGateway(new TwilioRequests(twilio,
                new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "bucket", "bucket",
                        "bus", "us-east-1", null, null, Duration.ofSeconds(30), Duration.ofHours(24), 16384,
                        Duration.ofSeconds(10), null),
                beans.getBeanProvider(MeterRegistry.class)), twilio,
                URI.create("https://relay.example.com/sms/status"));
    }
}
