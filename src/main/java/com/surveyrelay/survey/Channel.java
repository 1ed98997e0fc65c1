package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The channel a survey runs on. Its {@link #value()} is what sessions and events store in their
 * {@code surveyMedium} field, the original template's name for it (kept, so stored data and event consumers
 * keep working): {@code voice} and {@code sms}, plus {@code whatsapp}. SMS and WhatsApp are both messaging: the
 * same conversation, texted.
 */
public enum Channel {
    VOICE("voice"),
    SMS("sms"),
    /** WhatsApp through Twilio's Messaging API: addresses are {@code whatsapp:+E164}. */
    WHATSAPP("whatsapp");

    /** How Twilio writes a WhatsApp address: this prefix, then the E.164 number. */
    public static final String WHATSAPP_PREFIX = "whatsapp:";

    private final String value;

    Channel(String value) {
        this.value = value;
    }

    /** How requests, stored sessions and events write the channel: {@code voice}, {@code sms}, {@code whatsapp}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** True for the channels whose survey is a texted conversation: SMS and WhatsApp. */
    public boolean messaging() {
        return this != VOICE;
    }

    /** The channel of an address as Twilio writes it: WhatsApp for {@code whatsapp:+E164}, else SMS. */
    public static Channel ofAddress(String address) {
        return address != null && address.startsWith(WHATSAPP_PREFIX) ? WHATSAPP : SMS;
    }

    /** The number in an address as Twilio writes it ({@code +E164} or {@code whatsapp:+E164}); empty if none. */
    public static java.util.Optional<E164> numberOf(String address) {
        return E164.parse(ofAddress(address) == WHATSAPP ? address.substring(WHATSAPP_PREFIX.length()) : address);
    }

    /** The number as Twilio addresses it on this channel: {@code whatsapp:+15551234567} on WhatsApp. */
    public String address(E164 number) {
        return this == WHATSAPP ? WHATSAPP_PREFIX + number.value() : number.value();
    }

    /**
     * The channel written as {@code name}, exactly (lower case), as requests and stored sessions write it.
     *
     * @throws IllegalArgumentException for a name that is not {@code sms}, {@code voice} or {@code whatsapp}
     */
    public static Channel fromValue(String name) {
        for (Channel channel : values()) {
            if (channel.value.equals(name)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("no channel " + name);
    }
}
