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

    /**
     * A voice path another route listens on stopped the start with Camel's stack trace naming the other route
     * (until 2026-12-07, an operator's probe); now one line names the variable. {@link VoicePaths#OTHER_ROUTES} is
     * every fixed path of {@code routes/}, read from the files, so a new route cannot be missed.
     */
    @Test
    void refusesAPathAnotherRouteListensOn() throws Exception {
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/sms/status", "/voice/incoming"))
                .hasMessage("VOICE_STATUS_PATH (survey-relay.voice.status-path) must not be /sms/status: the route "
                        + "of /sms/status listens there");
        assertThatThrownBy(() -> new VoicePaths("/voice/webhook", "/voice/status", "/surveys/nps/summary"))
                .hasMessageStartingWith("VOICE_INCOMING_PATH").hasMessageEndingWith("the route of "
                        + "/surveys/{surveyId}/summary listens there");
        assertThat(new VoicePaths("/sms/webhook2", "/surveys/a/b/summary", "/info/calls").webhookPath())
                .isEqualTo("/sms/webhook2");

        java.util.Set<String> listened = new java.util.TreeSet<>();
        java.util.regex.Pattern uri = java.util.regex.Pattern.compile("platform-http:(/[^?\"\\s]*)");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("routes"))) {
            for (java.nio.file.Path file : files.toList()) {
                java.util.regex.Matcher found = uri.matcher(java.nio.file.Files.readString(file));
                while (found.find()) {
                    listened.add(found.group(1));
                }
            }
        }
        assertThat(listened).containsExactlyInAnyOrderElementsOf(VoicePaths.OTHER_ROUTES);
    }
}
