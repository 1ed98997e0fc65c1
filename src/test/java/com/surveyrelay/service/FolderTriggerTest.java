package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Triggers from a folder instead of SQS, by editing one route file exactly as the README shows: the
 * routes are copied to a scratch folder and only survey-trigger's {@code from} is changed.
 */
class FolderTriggerTest extends ServiceTest {

    private static final Path ROUTES;
    private static final Path INBOX;

    static {
        try {
            ROUTES = Files.createTempDirectory("routes");
            INBOX = Files.createTempDirectory("triggers");
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.toList()) {
                    Files.copy(route, ROUTES.resolve(route.getFileName()));
                }
            }
            Path trigger = ROUTES.resolve("survey-trigger.camel.yaml");
            String yaml = Files.readString(trigger);
            String from = yaml.substring(yaml.indexOf("    from:\n"), yaml.indexOf("      steps:\n"));
            Files.writeString(trigger, yaml.replace(from, "    from:\n      uri: file:" + INBOX + "\n"
                    + "      parameters:\n        move: .done\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void editedRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
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
}
