package com.surveyrelay.config;

/**
 * A setting refused outside a settings record's binding (the {@link LogFormatCheck log format}, a missing Twilio
 * credential), so that Spring Boot's failure report ({@link SettingRefusedFailureAnalyzer}) and the local default's one
 * line give its message alone, without a stack trace. Its message names the environment variable, the property and
 * what is accepted, as {@link SettingBounds#refused} words it.
 */
public final class SettingRefused extends IllegalArgumentException {

    /** What to do, unless the refusal says: change the variable, or unset it for its default. */
    public static final String CHANGE_OR_UNSET = "Change the environment variable named above, or unset it to use its "
            + "default.";

    private final String action;

    /** @param message the refusal, naming the variable, as shown to the operator */
    public SettingRefused(String message) {
        this(message, CHANGE_OR_UNSET);
    }

    /**
     * @param message the refusal, naming the variable, as shown to the operator
     * @param action what to do, when {@link #CHANGE_OR_UNSET} would mislead (a variable whose default is refused too)
     */
    public SettingRefused(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the failure report tells the operator to do. */
    public String action() {
        return action;
    }
}
