package com.surveyrelay.survey;

/** One thing wrong with the configuration: the file, the key or line it concerns, and what is wrong. */
public record ConfigProblem(String file, String key, String message) {

    @Override
    public String toString() {
        return key == null || key.isEmpty() ? file + ": " + message : file + ": " + key + ": " + message;
    }
}
