package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TriggerPropertiesTest {

    private static final String QUEUE = "https://sqs.eu-west-3.amazonaws.com/123456789012/survey-triggers";
    private static final String DEAD_LETTERS = QUEUE + "-dead-letter";

    @Test
    void anUnsetMaxReceivesIsFive() {
        assertThat(new TriggerProperties(true, QUEUE, DEAD_LETTERS, null, null).maxReceives()).isEqualTo(5);
    }

    @Test
    void noReceiveAtAllStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new TriggerProperties(true, QUEUE, DEAD_LETTERS, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TRIGGER_MAX_RECEIVES (survey-relay.triggers.max-receives) must be at least 1, not 0");
        assertThat(new TriggerProperties(true, QUEUE, DEAD_LETTERS, null, 1).maxReceives()).isEqualTo(1);
    }

    /**
     * A mistyped queue URL or SQS endpoint stops the start naming its variable: until 2026-12-07 {@code notaurl} as the
     * queue failed every poll with a stack trace, and as the endpoint stopped the start with the AWS SDK's
     * NullPointerException (an operator's probe).
     */
    @Test
    void aQueueUrlOrEndpointThatIsNoUrlStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new TriggerProperties(true, "notaurl", DEAD_LETTERS, null, null))
                .isInstanceOf(SettingRefused.class)
                .hasMessage("TRIGGER_QUEUE_URL (survey-relay.triggers.queue-url) must be an SQS queue URL such as "
                        + "https://sqs.eu-west-3.amazonaws.com/123456789012/survey-triggers, not notaurl");
        assertThatThrownBy(() -> new TriggerProperties(true, QUEUE, "https://sqs.eu-west-3.amazonaws.com/", null,
                null)).hasMessageStartingWith(
                        "TRIGGER_DEAD_LETTER_QUEUE_URL (survey-relay.triggers.dead-letter-queue-url)");
        assertThatThrownBy(() -> new TriggerProperties(true, QUEUE, DEAD_LETTERS, URI.create("notaurl"), null))
                .hasMessageStartingWith("SQS_ENDPOINT (survey-relay.triggers.sqs-endpoint) must be");
        TriggerProperties local = new TriggerProperties(true, " http://127.0.0.1:9324/000000000000/survey-triggers ",
                "", URI.create("http://127.0.0.1:9324"), null);
        assertThat(local.queueUrl()).isEqualTo("http://127.0.0.1:9324/000000000000/survey-triggers");
        assertThat(local.deadLetterQueueUrl()).isEmpty();
        assertThat(new TriggerProperties(false, null, null, null, null).queueUrl()).as("unset").isEmpty();
        assertThatThrownBy(() -> new TriggerProperties(true, QUEUE, DEAD_LETTERS, URI.create("http://sqs_local:9324"),
                null)).as("no host to Java's URI, nor to the SDK")
                .hasMessageContaining("a host name with an underscore");
        assertThat(new TriggerProperties(true, "https://sqs.us-gov-west-1.amazonaws.com/123456789012/triggers.fifo",
                null, null, null).queueUrl()).as("a FIFO queue").endsWith(".fifo");
    }
}
