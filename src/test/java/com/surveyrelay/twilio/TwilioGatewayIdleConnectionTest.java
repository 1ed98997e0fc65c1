package com.surveyrelay.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.config.TwilioProperties;
import com.surveyrelay.survey.E164;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Connections Twilio's side closes or drops:
 * <ul>
 *   <li>A server closes a kept-alive connection once it has been idle a while (the local Twilio API's JDK server
 *   after 30 s, Twilio's own front ends after theirs). The next request must not go out on that dead connection: it
 *   would leave and get no answer, and a text or call created that way is answered {@code 502
 *   twilio_outcome_unknown} though Twilio never saw it. The pool checks a connection idle for
 *   {@value TwilioGateway#VALIDATE_AFTER_INACTIVITY_MILLIS} ms before it lends it again.
 *   <li>A read whose connection is dropped at once is simply asked again: it changes nothing.
 * </ul>
 */
class TwilioGatewayIdleConnectionTest {

    /** How long this server keeps an idle connection open after answering on it. */
    private static final long IDLE_CLOSE_MILLIS = 300;

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    /** The requests (counted from 1, in arrival order) this server drops without an answer. */
    private final Set<Integer> dropped = new CopyOnWriteArraySet<>();
    private ServerSocket server;
    private Thread serving;

    @AfterEach
    void stop() throws Exception {
        server.close();
        serving.join(5_000);
    }

    @Test
    void aTextAfterTheServerClosedAnIdleConnectionGoesOutOnAFreshOne() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "idle-closing-twilio");
        serving.start();
        TwilioProperties twilio = twilio(server.getLocalPort());
        TwilioGateway gateway = new TwilioGateway(requests(twilio), twilio, URI.create("https://relay.example.com/sms/status"));
        E164 to = E164.parse("+15005550010").orElseThrow();

        assertThat(gateway.sendSms(to, "first")).isEqualTo("SM" + "0".repeat(31) + "1");
        // Past the server's idle close and past the pool's inactivity check.
        Thread.sleep(IDLE_CLOSE_MILLIS + TwilioRequests.VALIDATE_AFTER_INACTIVITY_MILLIS + 200);
        assertThat(gateway.sendSms(to, "second")).as("the second text, on a new connection")
                .isEqualTo("SM" + "0".repeat(31) + "2");
        assertThat(requestLines).as("each text reached the server once").hasSize(2)
                .allMatch(line -> line.startsWith("POST ") && line.contains("/Messages.json"));
    }

    @Test
    void aCallStatusReadWhoseConnectionIsDroppedIsAskedAgain() throws Exception {
        dropped.add(2);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "dropping-twilio");
        serving.start();
        TwilioProperties twilio = twilio(server.getLocalPort());
        TwilioLookups lookups = new TwilioLookups(requests(twilio), twilio);
        String callSid = "CA" + "0".repeat(32);

        assertThat(lookups.callStatus(callSid)).isEqualTo("completed");
        Thread.sleep(IDLE_CLOSE_MILLIS + TwilioRequests.VALIDATE_AFTER_INACTIVITY_MILLIS + 200);
        assertThat(lookups.callStatus(callSid)).as("read again after the dropped one").isEqualTo("completed");
        assertThat(requestLines).as("the second read was sent twice").hasSize(3)
                .allMatch(line -> line.startsWith("GET ") && line.contains("/Calls/" + callSid + ".json"));
    }

    /**
     * Answers one request per connection (a text's or a call's JSON), or drops it when it is one of {@link #dropped};
     * keeps an answered connection alive, then closes it after {@link #IDLE_CLOSE_MILLIS}.
     */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                if (requestLine == null) {
                    continue;
                }
                int length = 0;
                for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(lower.substring("content-length:".length()).strip());
                    }
                }
                for (int i = 0; i < length; i++) {
                    in.read();
                }
                requestLines.add(requestLine);
                if (dropped.contains(requestLines.size())) {
                    continue;
                }
                String json = requestLine.startsWith("GET ")
                        ? "{\"sid\": \"CA" + "0".repeat(32) + "\", \"status\": \"completed\"}"
                        : "{\"sid\": \"SM" + "0".repeat(31) + requestLines.size() + "\", \"status\": \"queued\"}";
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                Thread.sleep(IDLE_CLOSE_MILLIS);
            } catch (IOException e) {
                // The server socket closed at the test's end, or a client went away.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Twilio's settings with the API at the test's server on {@code port}. */
    private static TwilioProperties twilio(int port) {
        return new TwilioProperties("AC" + "0".repeat(32), "token", "+15005550006", null,
                URI.create("http://127.0.0.1:" + port), null, null);
    }

    private static TwilioRequests requests(TwilioProperties twilio) {
        return new TwilioRequests(twilio, new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(),
                "bucket", "bucket", "bus", "us-east-1", null, null, Duration.ofSeconds(30), Duration.ofHours(24), 16384,
                Duration.ofSeconds(5), null), new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
    }
}
