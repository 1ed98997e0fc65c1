package com.surveyrelay.survey;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The files of a survey folder ({@code config-files}, or one under it) by name, as text, to be edited. */
    static Map<String, String> files(String folder) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (ConfigFile file : SurveyConfigLoader.readDirectory(Path.of(folder))) {
            files.put(file.name(), new String(file.content(), UTF_8));
        }
        return files;
    }

    /** The survey of these files (name to text), as the loader reads them; throws what the loader throws. */
    static Survey load(Map<String, String> files) {
        List<ConfigFile> list = new ArrayList<>();
        files.forEach((name, text) -> list.add(new ConfigFile(name, text.getBytes(UTF_8))));
        return new SurveyConfigLoader().load(list);
    }

    static SurveyProcessor processor() {
        return new SurveyProcessor(Clock.fixed(NOW, ZoneOffset.UTC), WEBHOOK);
    }
}
