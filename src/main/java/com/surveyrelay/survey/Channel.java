package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;

/** The medium a survey runs on; stored as the original template's {@code surveyMedium} values. */
public enum Channel {
    VOICE("voice"),
    SMS("sms");

    private final String medium;

    Channel(String medium) {
        this.medium = medium;
    }

    @JsonValue
    public String medium() {
        return medium;
    }

    /**
     * The channel of a stored medium name.
     *
     * @throws IllegalArgumentException for a name that is neither {@code sms} nor {@code voice}
     */
    public static Channel fromMedium(String name) {
        for (Channel channel : values()) {
            if (channel.medium.equals(name)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("no channel " + name);
    }
}
