package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * A wrong or rotated auth token: Twilio answers every request 401 with error 20003, and the instance says so at
 * {@code /actuator/health} ({@code twilio} DOWN) and in each start's answer, until Twilio takes a request again.
 * Until 2026-12-05 health stayed UP and a start read "Twilio refused the text (Twilio error 20003)", as for a refused
 * number (seen on the local emulator's fault switch, {@code {"mode": "refused", "status": 401, "code": 20003}}).
 */
class TwilioHealthTest {

    private final AtomicBoolean refuseCredentials = new AtomicBoolean(true);
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The service's Twilio client, its gateway and its health, at {@link #server} (started). */
    private record Client(TwilioGateway gateway, TwilioHealth health) {
    }

    private Client client(String authToken) {
        TwilioProperties twilio = new TwilioProperties("AC" + "0".repeat(32), authToken, "+15005550006", null,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, null);
        TwilioRequests requests = new TwilioRequests(twilio,
                new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), "bucket", "bucket",
                        "bus", "us-east-1", null, null, Duration.ofSeconds(30), Duration.ofHours(24), 16384,
                        Duration.ofSeconds(10), null),
                new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
        return new Client(new TwilioGateway(requests, twilio, URI.create("https://relay.example.com/sms/status")),
                new TwilioHealth(requests));
    }

    @Test
    void credentialsTwilioRefusesShowTwilioDownUntilItTakesThemAgain() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean refused = refuseCredentials.get();
            byte[] body = (refused ? "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}"
                    : "{\"sid\":\"SM" + "2".repeat(32) + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(refused ? 401 : 201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Client client = client("wrong-token");
        TwilioGateway gateway = client.gateway();
        TwilioHealth health = client.health();
        E164 to = E164.parse("+15550140500").orElseThrow();

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("credentials", "not used yet");

        assertThatThrownBy(() -> gateway.sendSms(to, "hello")).hasMessage("Twilio refused this service's "
                + "credentials (HTTP 401, Twilio error 20003), so the text did not go out: the operator must set "
                + "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to the account's.");
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("credentials", "refused").containsKey("since");
        assertThat((String) down.getDetails().get("error")).contains("HTTP 401", "20003", "TWILIO_AUTH_TOKEN")
                .doesNotContain("wrong-token");

        refuseCredentials.set(false);
        assertThat(gateway.sendSms(to, "hello")).isEqualTo("SM" + "2".repeat(32));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("credentials", "accepted");
    }

    /**
     * Twilio failing a streak of attempts in a row (5xx) shows {@code twilio} DOWN, with since when and the last
     * failure, until it answers again; a blip the retries ride out (two 503s, then the text) leaves it UP. Until
     * 2026-12-07 health stayed UP through an outage (an operator's probe).
     */
    @Test
    void aStreakOfFailedAttemptsShowsTwilioDownUntilItAnswersAgain() throws Exception {
        refuseCredentials.set(false);
        AtomicInteger failNext = new AtomicInteger(2);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean refusing = refuseCredentials.get();
            boolean failing = !refusing && failNext.getAndDecrement() > 0;
            byte[] body = (refusing ? "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}"
                    : failing ? "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":503}"
                    : "{\"sid\":\"SM" + "3".repeat(32) + "\",\"status\":\"queued\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(refusing ? 401 : failing ? 503 : 201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Client client = client("a-token");
        TwilioGateway gateway = client.gateway();
        TwilioHealth health = client.health();
        E164 to = E164.parse("+15550140501").orElseThrow();

        assertThat(gateway.sendSms(to, "hello")).as("two 503s, then the text").isEqualTo("SM" + "3".repeat(32));
        assertThat(health.health().getStatus()).as("a blip").isEqualTo(Status.UP);

        failNext.set(Integer.MAX_VALUE);
        assertThatThrownBy(() -> gateway.sendSms(to, "hello"));
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("outage", "failing").containsEntry("failedAttempts", 3)
                .containsEntry("credentials", "accepted").containsKey("since");
        assertThat((String) down.getDetails().get("error")).contains("last 3 attempts", "HTTP 503",
                "replies to a respondent's own texts still go", "check status.twilio.com");

        // A refusal of the credentials is no recovery: it logged "Twilio answers again" beside the refusal.
        refuseCredentials.set(true);
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> logged = com.surveyrelay.LoggedLines.during(
                TwilioReachability.class, () -> assertThatThrownBy(() -> gateway.sendSms(to, "hello")));
        assertThat(logged).isEmpty();
        assertThat(health.health().getDetails()).containsEntry("credentials", "refused");
        refuseCredentials.set(false);

        failNext.set(0);
        assertThat(gateway.sendSms(to, "hello")).isEqualTo("SM" + "3".repeat(32));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).doesNotContainKey("outage");
    }
}
