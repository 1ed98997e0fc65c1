package com.surveyrelay.config;

/**
 * A setting refused outside a settings record's binding (the {@link LogFormatCheck log format}, a missing Twilio
 * credential), so that Spring Boot's failure report ({@link SettingRefusedFailureAnalyzer}) and the local default's one
 * line give its message alone, without a stack trace. Its message names the environment variable, the property and
 * what is accepted, as {@link SettingBounds#refused} words it.
 */
public final class SettingRefused extends IllegalArgumentException {

    /** @param message the refusal, naming the variable, as shown to the operator */
    public SettingRefused(String message) {
        super(message);
    }
}
