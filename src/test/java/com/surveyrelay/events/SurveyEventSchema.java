package com.surveyrelay.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an EventBridge {@code Detail} against {@code schemas/survey-event.schema.json}, the published contract
 * of Survey Relay's lifecycle events. Any test can use it, e.g. on the events a local EventBridge recorded:
 *
 * <pre>{@code assertThat(SurveyEventSchema.violations(detail)).isEmpty();}</pre>
 *
 * <p>The schema is read from the project root (the working directory of the tests) once; formats such as
 * {@code date-time} are asserted, not merely annotated.
 */
public final class SurveyEventSchema {

    /** The schema file, relative to the project root. */
    public static final Path LOCATION = Path.of("schemas", "survey-event.schema.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SurveyEventSchema() {
    }

    /**
     * What is wrong with an event's {@code Detail}, one message a violation, each starting with the JSON path
     * of the offending value ({@code $.surveyTo: does not match the regex pattern ...},
     * {@code $.answers[1].answerConfidence: must have a maximum value of 1}, {@code $: required property
     * 'sessionId' not found}); empty when the detail is valid.
     */
    public static Set<String> violations(JsonNode detail) {
        Set<String> messages = new TreeSet<>();
        for (ValidationMessage message : Loaded.SCHEMA.validate(detail)) {
            messages.add(message.getMessage());
        }
        return messages;
    }

    /** The same for the {@code Detail} string as put on EventBridge. */
    public static Set<String> violations(String detailJson) {
        try {
            return violations(JSON.readTree(detailJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the detail is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Loaded on first use, so a test that never validates does not need the file. */
    private static final class Loaded {

        static final JsonSchema SCHEMA = load();

        private static JsonSchema load() {
            try {
                JsonNode document = JSON.readTree(Files.readString(LOCATION));
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_PATH)
                        .build();
                JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(document, config);
                schema.initializeValidators();
                return schema;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + LOCATION.toAbsolutePath(), e);
            }
        }
    }
}
