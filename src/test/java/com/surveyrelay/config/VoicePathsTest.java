package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoicePathsTest {

    @Test
    void takesTwoDistinctAbsolutePaths() {
        VoicePaths paths = new VoicePaths("/calls/step", "/calls/end");
        assertThat(paths.webhookPath()).isEqualTo("/calls/step");
        assertThat(paths.statusPath()).isEqualTo("/calls/end");
    }

    /** VOICE_WEBHOOK_PATH=voice was refused naming survey-relay.voice.webhook-path alone, not the variable set. */
    @ParameterizedTest
    @ValueSource(strings = {"", "voice/webhook", "/voice/webhook?x=1", "/voice/web hook", "/voice#step"})
    void refusesAWebhookPathThatIsNotAPath(String path) {
        assertThatThrownBy(() -> new VoicePaths(path, "/voice/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("VOICE_WEBHOOK_PATH (survey-relay.voice.webhook-path) must be a path like "
                        + "/voice/webhook");
    }

    @Test
    void refusesAMissingStatusPathOrTheSamePathTwice() {
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", null))
                .hasMessageStartingWith("VOICE_STATUS_PATH (survey-relay.voice.status-path)")
                .hasMessageEndingWith("not missing");
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/voice/webhook"))
                .hasMessageStartingWith("VOICE_WEBHOOK_PATH and VOICE_STATUS_PATH").hasMessageContaining("must differ");
    }
}
