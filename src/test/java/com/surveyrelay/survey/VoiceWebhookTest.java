package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class VoiceWebhookTest {

    private final VoiceWebhook webhook = new VoiceWebhook(URI.create("https://relay.example.com/calls/step"),
            URI.create("https://relay.example.com/calls/end"));

    @Test
    void aStepCarriesItsSessionAndTurnInTheQuery() {
        assertThat(webhook.forTurn("4e9eb866-adc0", 3))
                .hasToString("https://relay.example.com/calls/step?sessionId=4e9eb866-adc0&turn=3");
    }

    @Test
    void theStatusCallbackIsTheStatusPathWithTheSession() {
        assertThat(webhook.forStatus("4e9eb866-adc0"))
                .hasToString("https://relay.example.com/calls/end?sessionId=4e9eb866-adc0");
    }

    @Test
    void aSessionIdIsEncoded() {
        assertThat(webhook.forStatus("a b&c")).hasToString("https://relay.example.com/calls/end?sessionId=a+b%26c");
    }

    @Test
    void refusesARelativeURLOrOneWithAQuery() {
        assertThatThrownBy(() -> new VoiceWebhook(URI.create("/voice/webhook"),
                URI.create("https://relay.example.com/voice/status"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
                URI.create("https://relay.example.com/voice/status?x=1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
