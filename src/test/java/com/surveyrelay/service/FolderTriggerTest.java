package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Triggers from a folder instead of SQS, by editing the route files exactly as the README shows: the routes are
 * copied to a scratch folder, survey-trigger's {@code from} is changed, and the {@code trigger-errors} dead letter's
 * {@code to} becomes another folder.
 */
class FolderTriggerTest extends ServiceTest {

    private static final Path ROUTES;
    private static final Path INBOX;
    private static final Path DEAD_LETTERS;

    static {
        try {
            ROUTES = Files.createTempDirectory("routes");
            INBOX = Files.createTempDirectory("triggers");
            DEAD_LETTERS = Files.createTempDirectory("trigger-dead-letters");
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.toList()) {
                    Files.copy(route, ROUTES.resolve(route.getFileName()));
                }
            }
            Path trigger = ROUTES.resolve("survey-trigger.camel.yaml");
            String yaml = Files.readString(trigger);
            String from = yaml.substring(yaml.indexOf("    from:\n"), yaml.indexOf("      steps:\n"));
            Files.writeString(trigger, yaml.replace(from, "    from:\n      uri: file:" + INBOX + "\n"
                    + "      parameters:\n        move: .done\n        readLock: changed\n"
                    + "        readLockMinLength: 0\n        exceptionHandler: \"#triggerDeliveryFailures\"\n"));
            Path errors = ROUTES.resolve("error-handling.camel.yaml");
            String handling = Files.readString(errors);
            Files.writeString(errors, handling.replaceFirst("(?s)uri: aws2-sqs:survey-triggers-dead-letter\n.*?"
                    + "autoCreateQueue: false\n", "uri: file:" + DEAD_LETTERS + "\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void editedRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        // As the README says: the route's switch on, and no queue at all.
        registry.add("survey-relay.triggers.enabled", () -> "true");
        registry.add("survey-relay.triggers.queue-url", () -> "");
        registry.add("survey-relay.triggers.dead-letter-queue-url", () -> "");
    }

    @Test
    void aRequestDroppedInTheFolderStartsASurvey() throws Exception {
        Files.writeString(INBOX.resolve("case-4711.json"),
                "{\"to\": \"" + respondent + "\", \"channel\": \"sms\", \"language\": \"fr-CA\"}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(SERVICES.twilio().messages())
                .filteredOn(message -> message.to().equals(respondent))
                .singleElement().satisfies(message -> assertThat(message.body()).startsWith("Bonjour")));
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(INBOX.resolve(".done/case-4711.json")));
    }

    /**
     * A request written in two goes, the second after the folder's poll saw the first: until 2026-12-07 the README's
     * recipe read the half written, dead-lettered it ({@code invalid_json}), and moved the whole file to {@code .done}
     * unstarted. The recipe now takes a file once its size stayed the same for a second ({@code readLock: changed}).
     */
    @Test
    void aRequestWrittenInTwoGoesIsReadWhole() throws Exception {
        Path file = INBOX.resolve("case-4713.json");
        Files.writeString(file, "{\"to\": \"" + respondent + "\",");
        Thread.sleep(700); // past the folder's poll (every 500 ms), within the read lock's second
        Files.writeString(file, " \"channel\": \"sms\"}", java.nio.file.StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(SERVICES.twilio().messages())
                .filteredOn(message -> message.to().equals(respondent)).hasSize(1));
        assertThat(DEAD_LETTERS.resolve("case-4713.json")).doesNotExist();
    }

    @Test
    void aRequestThatCanNeverStartIsDeadLetteredToTheOtherFolderWithItsReason() throws Exception {
        String request = "{\"to\": \"" + respondent + "\", \"channel\": \"sms\", \"surveyId\": \"no-such-survey\"}";
        Files.writeString(INBOX.resolve("case-4712.json"), request);
        Path deadLetter = DEAD_LETTERS.resolve("case-4712.json");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(deadLetter));
        JsonNode letter = new ObjectMapper().readTree(Files.readString(deadLetter));
        assertThat(letter.get("reason").asText()).isEqualTo("unknown_survey");
        assertThat(letter.get("original").asText()).isEqualTo(request);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(INBOX.resolve(".done/case-4712.json")));
        assertThat(SERVICES.twilio().messages()).noneMatch(message -> message.to().equals(respondent));
    }
}
