package com.surveyrelay.consent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the service does to respect respondents ({@code survey-relay.consent.*} in {@code application.yaml}).
 *
 * @param hashKey the secret (environment {@code RESPONDENT_HASH_KEY}) that keys the HMAC-SHA256 naming each
 *     respondent's record, so the bucket holds no phone number and the names cannot be reversed by hashing every
 *     number; blank uses a built-in key, which keeps numbers out of the names but not out of reach of someone
 *     who hashes all numbers (set one in production, and keep it: another key forgets every opt-out)
 * @param frequencyCap a number asked for a survey within this window is not asked again (the start answers
 *     {@code 422 contacted_recently}, a campaign row is skipped); zero, the default, turns the cap off
 * @param smsReminderAfter an SMS question left unanswered this long gets one reminder (the question again); zero,
 *     the default, sends none. The session still expires after {@code SMS_CONVERSATION_TIMEOUT}
 */
@ConfigurationProperties("survey-relay.consent")
public record ConsentProperties(String hashKey, Duration frequencyCap, Duration smsReminderAfter) {

    public ConsentProperties {
        hashKey = hashKey == null ? "" : hashKey;
        frequencyCap = frequencyCap == null ? Duration.ZERO : frequencyCap;
        smsReminderAfter = smsReminderAfter == null ? Duration.ZERO : smsReminderAfter;
        if (frequencyCap.isNegative() || smsReminderAfter.isNegative()) {
            throw new IllegalArgumentException("survey-relay.consent durations cannot be negative");
        }
    }
}
