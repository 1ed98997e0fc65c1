package com.surveyrelay.survey;

/**
 * One configuration object as stored: {@code survey-config.json} or {@code voice-prompts/survey-<tag>.env},
 * named by its key relative to the configuration root.
 */
public record ConfigFile(String name, byte[] content) {
}
