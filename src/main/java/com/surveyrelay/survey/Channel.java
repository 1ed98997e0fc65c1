package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The medium a survey runs on; stored as the original template's {@code surveyMedium} values, plus
 * {@code whatsapp}. SMS and WhatsApp are both messaging: the same conversation, texted.
 */
public enum Channel {
    VOICE("voice"),
    SMS("sms"),
    /** WhatsApp through Twilio's Messaging API: addresses are {@code whatsapp:+E164}. */
    WHATSAPP("whatsapp");

    /** How Twilio writes a WhatsApp address: this prefix, then the E.164 number. */
    public static final String WHATSAPP_PREFIX = "whatsapp:";

    private final String medium;

    Channel(String medium) {
        this.medium = medium;
    }

    @JsonValue
    public String medium() {
        return medium;
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
     * The channel of a stored medium name.
     *
     * @throws IllegalArgumentException for a name that is not {@code sms}, {@code voice} or {@code whatsapp}
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
