package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoicePathsTest {

    @Test
    void takesTwoDistinctAbsolutePaths() {
        VoicePaths paths = new VoicePaths("/calls/step", "/calls/end", "/calls/in");
        assertThat(paths.webhookPath()).isEqualTo("/calls/step");
        assertThat(paths.statusPath()).isEqualTo("/calls/end");
        assertThat(paths.incomingPath()).isEqualTo("/calls/in");
    }

    @Test
    void refusesAnIncomingPathThatIsMissingOrAnotherRoutes() {
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/voice/status", "voice/incoming"))
                .hasMessageStartingWith("VOICE_INCOMING_PATH (survey-relay.voice.incoming-path) must be a path");
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/voice/status", "/voice/status"))
                .hasMessageStartingWith("VOICE_INCOMING_PATH (survey-relay.voice.incoming-path) must differ");
    }

    /** VOICE_WEBHOOK_PATH=voice was refused naming survey-relay.voice.webhook-path alone, not the variable set. */
    @ParameterizedTest
    @ValueSource(strings = {"", "voice/webhook", "/voice/webhook?x=1", "/voice/web hook", "/voice#step"})
    void refusesAWebhookPathThatIsNotAPath(String path) {
        assertThatThrownBy(() -> new VoicePaths(path, "/voice/status", "/voice/incoming"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("VOICE_WEBHOOK_PATH (survey-relay.voice.webhook-path) must be a path like "
                        + "/voice/webhook");
    }

    @Test
    void refusesAMissingStatusPathOrTheSamePathTwice() {
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", null, "/voice/incoming"))
                .hasMessageStartingWith("VOICE_STATUS_PATH (survey-relay.voice.status-path)")
                .hasMessageEndingWith("not missing");
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/voice/webhook", "/voice/incoming"))
                .hasMessageStartingWith("VOICE_WEBHOOK_PATH and VOICE_STATUS_PATH").hasMessageContaining("must differ");
    }
}
