package com.surveyrelay.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a newcomer runs it, in a process of its own: in a shell with AWS credentials and
 * an AWS profile exported it still completes a survey, and a start-up that fails exits with one line saying why.
 */
class LocalDefaultProcessTest {

    private static final String BANNER = "Survey Relay local default is running";

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code java -XX:TieredStopAtLevel=1 -cp <this test's classpath> LocalSurveyRelay} from the project folder, with
     * {@code env}: the JIT's first tier only, as {@code spring-boot:test-run} starts it (its optimized launch). Alone
     * on the 2-core machine the class took 42 s so and 47 s with both tiers, whose compiler threads also compete with
     * the suite's two test JVMs.
     */
    private static Process start(Map<String, String> env, Path output) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LocalSurveyRelay.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("SURVEY_")
                || name.startsWith("TWILIO_") || name.endsWith("_ENDPOINT") || name.equals("MANAGEMENT_PORT"));
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void completesAnSmsSurveyInAShellWithAwsCredentialsAndAProfileExported() throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory(Path.of("target"), "local-default-");
        Path output = data.resolve("output.txt");
        Map<String, String> env = new LinkedHashMap<>();
        // Not a key: what matters is that something is exported, as in a developer's shell.
        env.put("AWS_ACCESS_KEY_ID", "exported-in-the-shell-not-a-key");
        env.put("AWS_SECRET_ACCESS_KEY", "exported-in-the-shell-not-a-secret");
        env.put("AWS_PROFILE", "someone-elses-profile");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("DEV_PHONE_PORT", Integer.toString(freePort()));
        env.put("LOCAL_DATA_DIR", data.toString());
        env.put("LOG_FORMAT", "ecs");
        Process process = start(env, output);
        try {
            // About 15 s alone; on a machine loaded by other builds its embedded S3 alone took 29 s, and 90 s ran out.
            await().atMost(Duration.ofSeconds(180)).until(() -> Files.readString(output).contains(BANNER)
                    || !process.isAlive());
            assertThat(Files.readString(output)).contains(BANNER)
                    .contains("exported AWS credentials and AWS_PROFILE are not used")
                    // MANAGEMENT_PORT is unset here: the actuator shares the service's port, and no line says
                    // otherwise (until 2026-12-06 a management line named that port as one of its own).
                    .doesNotContain("  management   ");

            HttpClient http = HttpClient.newHttpClient();
            String phone = "+1555014" + (2000 + (int) (Math.random() * 1000));
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/sms/initiate-sms"))
                    .header("Authorization", "Bearer local-dev-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"To\": \"" + phone + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            String last = null;
            for (String reply : List.of("continue", "4", "the app", "5", "nothing")) {
                last = text(http, port, phone, reply);
            }
            assertThat(last).contains("Thank you for your time");
            // LOG_FORMAT=ecs: one JSON object a line, each line of a start or a webhook with its route and session.
            String sessionId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(started.body())
                    .get("sessionId").asText();
            List<String> logLines = Files.readAllLines(output).stream().filter(line -> line.startsWith("{\"@timestamp"))
                    .toList();
            assertThat(logLines).isNotEmpty().anySatisfy(line -> assertThat(line)
                    .contains("\"sessionId\":\"" + sessionId + "\"").contains("\"routeId\":\"sms-initiation\""));
            for (String line : logLines) {
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).isObject()).isTrue();
            }
            // The journal is created with the first event the relay delivers, which may come after the last reply.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(java.nio.file.NoSuchFileException.class)
                    .untilAsserted(() -> assertThat(Files.readString(data.resolve("events.jsonl")))
                            .contains("Survey Completed"));

            // A call started with curl to a number nobody opened on the dev phone rings and waits to be answered.
            String caller = "+1555014" + (3000 + (int) (Math.random() * 1000));
            HttpResponse<String> call = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/voice/initiate-call"))
                    .header("Authorization", "Bearer local-dev-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"To\": \"" + caller + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).as(call.body()).isEqualTo(201);
            Path callSession = data.resolve("s3/survey-relay/survey-results/" + caller.substring(1) + "/"
                    + new com.fasterxml.jackson.databind.ObjectMapper().readTree(call.body()).get("sessionId").asText()
                    + ".json");
            String devPhone = "http://127.0.0.1:" + env.get("DEV_PHONE_PORT") + "/api/phones/"
                    + URLEncoder.encode(caller, UTF_8);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(callSession)
                    && Files.readString(callSession).contains("\"currentState\" : \"language_offer\""));
            for (String action : List.of("/press:1", "/press:4", "/say:the app", "/press:5", "/say:no")) {
                String[] parts = action.split(":");
                String body = parts[0].equals("/press") ? "{\"digits\": \"" + parts[1] + "\"}"
                        : "{\"words\": \"" + parts[1] + "\"}";
                assertThat(http.send(HttpRequest.newBuilder(URI.create(devPhone + parts[0]))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isLessThan(300);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(callSession))
                    .contains("\"surveyStatus\" : \"COMPLETED\""));

            // Stopped (SIGTERM) during a campaign: the service stores its progress before the local S3 closes. Both
            // closed at once, and the progress write met a refused connection.
            StringBuilder rows = new StringBuilder("phone,channel\n");
            for (int i = 0; i < 20; i++) {
                rows.append("+1555014").append(4000 + (int) (Math.random() * 5000)).append(",sms\n");
            }
            Files.createDirectories(data.resolve("campaigns/inbox"));
            Files.writeString(data.resolve("campaigns/inbox/graceful.csv"), rows);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output).contains("Campaign graceful"));
            Thread.sleep(1500); // a few rows in: the stop comes mid-campaign, as an operator's would
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(output)).doesNotContain("progress not stored").doesNotContain(
                    "Connection refused");
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String text(HttpClient http, int port, String phone, String body) throws Exception {
        String url = "http://localhost:" + port + "/sms/webhook";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("From", phone);
        params.put("To", LocalServices.PHONE_NUMBER);
        params.put("Body", body);
        String form = params.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.sign(LocalServices.AUTH_TOKEN, url, params))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    /** Waits up to 90 s for {@code process} to end by itself, with status 1. */
    private static void assertFailedStart(Process process) throws InterruptedException {
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the process ends by itself").isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    /** The output of a start with {@code variable} set to {@code value} on free ports, which must fail (status 1). */
    private List<String> failedStartWith(String variable, String value) throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "local-default-");
        Path output = data.resolve("output.txt");
        Process process = start(Map.of(variable, value, "SERVER_PORT", Integer.toString(freePort()),
                "DEV_PHONE_PORT", Integer.toString(freePort()), "LOCAL_DATA_DIR", data.toString()), output);
        assertFailedStart(process);
        return Files.readAllLines(output);
    }

    @Test
    void aStartUpThatFailsExitsWithOneLineSayingWhy() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "local-default-");
        Path output = data.resolve("output.txt");
        try (ServerSocket taken = new ServerSocket(0)) {
            Process process = start(Map.of("SERVER_PORT", Integer.toString(taken.getLocalPort()),
                    "DEV_PHONE_PORT", Integer.toString(freePort()), "LOCAL_DATA_DIR", data.toString()), output);
            assertFailedStart(process);
            assertThat(Files.readAllLines(output)).filteredOn(line ->
                    line.startsWith("Survey Relay local default could not start: ")).singleElement()
                    .satisfies(line -> assertThat(line).contains("Port " + taken.getLocalPort() + " is already in use"));
            assertThat(Files.readAllLines(output)).as("that line is the only complaint")
                    .noneMatch(line -> line.contains("APPLICATION FAILED TO START"))
                    .noneMatch(line -> line.matches(".*\\s(WARN|ERROR)\\s.*"));
        }
    }

    /**
     * LOG_FORMAT=xml ended the local default's start in Spring Boot's 40-line stack trace from its logging set-up. The
     * other settings refused at start-up are told by {@link LocalSurveyRelay#reason} (LocalSurveyRelayTest); this one
     * needs a process, as logging is set up once per JVM.
     */
    @Test
    void anUnknownLogFormatEndsTheStartInOneLineNamingItWithoutAStackTrace() throws Exception {
        List<String> lines = failedStartWith("LOG_FORMAT", "xml");
        assertThat(lines).filteredOn(line -> line.startsWith("Survey Relay local default could not start: "))
                .singleElement().isEqualTo("Survey Relay local default could not start: LOG_FORMAT "
                        + "(logging.structured.format.console) must be ecs, logstash or gelf, or a "
                        + "StructuredLogFormatter class (or unset for plain lines), not xml");
        assertThat(lines).as("no stack trace").noneMatch(line -> line.startsWith("\tat "))
                .noneMatch(line -> line.contains("APPLICATION FAILED TO START"));
    }

    /**
     * A setting the service's own settings refuse (WEBHOOK_BUDGET under 3 s) ends the start in its one line, with no
     * ERROR of Tomcat's before it: until 2026-12-07 "Error starting Tomcat context ... requestBodyFilter" came first
     * (an operator's probe), as the filter read the settings while Tomcat started.
     */
    @Test
    void aRefusedSettingIsItsOneLineWithoutATomcatErrorBeforeIt() throws Exception {
        List<String> lines = failedStartWith("WEBHOOK_BUDGET", "2s");
        assertThat(lines).filteredOn(line -> line.startsWith("Survey Relay local default could not start: "))
                .singleElement().asString().contains("WEBHOOK_BUDGET (survey-relay.webhook-budget) must be");
        assertThat(lines).as("no Tomcat ERROR first").noneMatch(line -> line.contains("Error starting Tomcat"))
                .noneMatch(line -> line.startsWith("\tat "));
    }
}
