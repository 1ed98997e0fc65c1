package com.surveyrelay.local;

import java.time.Instant;

/**
 * One text in a virtual phone's thread.
 *
 * @param direction INBOUND when the phone sent it (to our number), OUTBOUND when it was delivered to the phone
 */
public record SmsEntry(Direction direction, String from, String to, String body, Instant at) {

    public enum Direction { INBOUND, OUTBOUND }
}
