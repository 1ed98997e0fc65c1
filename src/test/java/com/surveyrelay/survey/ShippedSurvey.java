package com.surveyrelay.survey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The surveys in {@code config-files/}, and a processor on a fixed clock, for tests that drive them. */
final class ShippedSurvey {

    static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    static final VoiceWebhook WEBHOOK = new VoiceWebhook(URI.create("https://relay.example.com/voice/webhook"),
            URI.create("https://relay.example.com/voice/status"));
    static final E164 RESPONDENT = new E164("+15551234567");

    private ShippedSurvey() {
    }

    static Survey load() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The second shipped survey, {@code config-files/surveys/quarterly-nps/}: every question type and a branch. */
    static Survey quarterlyNps() {
        try {
            return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(
                    Path.of("config-files/surveys/quarterly-nps")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SurveyProcessor processor() {
        return new SurveyProcessor(Clock.fixed(NOW, ZoneOffset.UTC), WEBHOOK);
    }
}
