package com.surveyrelay.local;

import java.time.Instant;

/**
 * One text in a virtual phone's thread.
 *
 * @param direction INBOUND when the phone sent it (to our number), OUTBOUND when it was delivered to the phone
 * @param from, to E.164 numbers for a text, {@code whatsapp:+E164} addresses for a WhatsApp message
 */
public record SmsEntry(Direction direction, String from, String to, String body, Instant at) {

    /** True for a WhatsApp message: its addresses are {@code whatsapp:+E164}. */
    public boolean whatsApp() {
        return from.startsWith(LocalTwilioApi.WHATSAPP) || to.startsWith(LocalTwilioApi.WHATSAPP);
    }

    public enum Direction { INBOUND, OUTBOUND }
}
