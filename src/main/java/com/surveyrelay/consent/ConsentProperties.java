package com.surveyrelay.consent;

import com.surveyrelay.config.SettingBounds;
import com.surveyrelay.survey.ContactHours;
import com.surveyrelay.web.IanaTimeZone;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the service does to respect respondents ({@code survey-relay.consent.*} in {@code application.yaml}).
 *
 * @param hashKey the secret (environment {@code RESPONDENT_HASH_KEY}) that keys the HMAC-SHA256 naming each
 *     respondent's record, and the one of each request fingerprint the idempotency ledger keeps, so the bucket holds
 *     no phone number and neither can be reversed by hashing every number; blank uses a built-in key for the names
 *     and plain SHA-256 fingerprints, which keep numbers out of the bucket but not out of reach of someone who hashes
 *     all numbers (set one in production, and keep it: another key forgets every opt-out, and answers a repeat of a
 *     request claimed under the old one {@code 422 idempotency_key_reused})
 * @param frequencyCap a number asked for a survey within this window is not asked again (the start answers
 *     {@code 422 contacted_recently}, a campaign row is skipped); zero, the default, turns the cap off; otherwise at
 *     least 1 s, so that a bare number (milliseconds to Spring: {@code 7} is 7 ms) is refused, not a cap that does
 *     nothing
 * @param smsReminderAfter an SMS question left unanswered this long gets one reminder (the question again); zero,
 *     the default, sends none; otherwise at least 1 s. The session still expires after
 *     {@code SMS_CONVERSATION_TIMEOUT}
 * @param contactDays with {@code contactHours}, when any survey may contact a respondent, in the respondent's time
 *     zone ({@code MON-FRI}, {@code MON-SAT,SUN}...); blank, the default, for no quiet hours. A survey's own
 *     {@code contactHours} wins
 * @param contactHours the allowed hours of an allowed day, {@code HH:mm-HH:mm} (e.g. {@code 09:00-20:00})
 * @param defaultTimeZone the zone of a number whose country code names none either (default UTC); a number whose
 *     area code the metadata does not know gets its country's zones ({@link RespondentTimeZones}); an
 *     {@code Etc/GMT+N} id is refused ({@link IanaTimeZone#isPosixSigned}: {@code Etc/GMT+5} is UTC-05:00)
 * @param scheduledStartsPoll how often starts deferred by quiet hours are looked at, to fire the due ones: at
 *     least 1 s (default 30 s)
 * @param smsClosedNoticeWindow how long after an SMS or WhatsApp survey expired a late text from its respondent is
 *     still answered, once, that the survey closed (the language's {@code surveyClosed} line); zero for never;
 *     otherwise at least 1 s (default 7 days)
 * @param notMobileMemory how long Twilio's refusal of a text to a number as no mobile number (error 21614) is
 *     remembered on the number's record, so SMS starts to it are refused {@code 422 invalid_recipient} without asking
 *     Twilio; then Twilio is asked again, as the number may have been ported to a mobile line (ported numbers keep
 *     their number: the FCC's number portability rules, 47 CFR 52.20+). Environment {@code NOT_MOBILE_MEMORY}, an
 *     ISO-8601 duration ({@code P30D}) or one with a unit ({@code 30d}); zero for never remembered (every SMS start
 *     asks Twilio); otherwise at least 1 s and at most {@link #NOT_MOBILE_MEMORY_MAX}, 90 days (default 30 days)
 * @param scheduledStartOutcomesKept how long the outcome of a deferred start that ended (started, refused,
 *     cancelled) is kept for {@code GET /scheduled-starts/{id}} and a respondent's access request, counted from when
 *     it was written; then it is deleted (within an hour more: {@code ScheduledStartFiring} prunes hourly), as it names
 *     the number, and only the trigger ledger's state and session id or code remain. Environment
 *     {@code SCHEDULED_START_OUTCOMES_KEPT}, an ISO-8601 duration ({@code P30D}) or one with a unit ({@code 30d}); at
 *     least 1 s and at most {@link #SCHEDULED_START_OUTCOMES_KEPT_MAX}, 90 days (default 30 days, the constant
 *     {@code ScheduledStartFiring.OUTCOMES_KEPT} until 2026-12-06)
 * @throws IllegalArgumentException for contact days without hours or the other way round, or a duration out of
 *     range (naming its environment variable and the range)
 */
@ConfigurationProperties("survey-relay.consent")
public record ConsentProperties(String hashKey, Duration frequencyCap, Duration smsReminderAfter, String contactDays,
        String contactHours, ZoneId defaultTimeZone, Duration scheduledStartsPoll, Duration smsClosedNoticeWindow,
        Duration notMobileMemory, Duration scheduledStartOutcomesKept) {

    /** The default of {@code NOT_MOBILE_MEMORY}. */
    public static final Duration NOT_MOBILE_MEMORY = Duration.ofDays(30);
    /**
     * The longest {@code NOT_MOBILE_MEMORY}: 90 days. A number Twilio refused a text to as no mobile line may become
     * one: it can be ported to a mobile carrier (a simple port completes within a business day), or disconnected and
     * given to someone else, after an aging period of 45 days at least and, for a residential number, 90 at most (FCC,
     * 47 CFR 52.15(f)(1)(ii)). Remembered longer, a new subscriber with a mobile line would be refused texts for an
     * old one's landline. ({@code SCHEDULED_START_OUTCOMES_KEPT} is bounded for another reason: {@link
     * #SCHEDULED_START_OUTCOMES_KEPT_MAX}.)
     */
    public static final Duration NOT_MOBILE_MEMORY_MAX = Duration.ofDays(90);
    /** The default of {@code SCHEDULED_START_OUTCOMES_KEPT}. */
    public static final Duration SCHEDULED_START_OUTCOMES_KEPT = Duration.ofDays(30);
    /**
     * The longest {@code SCHEDULED_START_OUTCOMES_KEPT}: 90 days. An outcome names the number it started or refused,
     * and is kept only for {@code GET /scheduled-starts/{id}} after its start fired; personal data is kept no longer
     * than its purpose needs (data minimisation: GDPR art. 5(1)(e), storage limitation), and a quarter covers a
     * lookup after a month-long campaign and its report. Until 2026-12-06 it had no upper bound ({@code P10Y} kept
     * each for ten years).
     */
    public static final Duration SCHEDULED_START_OUTCOMES_KEPT_MAX = Duration.ofDays(90);

    public ConsentProperties {
        contactDays = contactDays == null ? "" : contactDays.strip();
        contactHours = contactHours == null ? "" : contactHours.strip();
        if (contactDays.isEmpty() != contactHours.isEmpty()) {
            throw new IllegalArgumentException("set both CONTACT_DAYS and CONTACT_HOURS, or neither");
        }
        if (!contactDays.isEmpty()) {
            try {
                ContactHours.parse(contactDays, contactHours);
            } catch (IllegalArgumentException e) {
                // Its own words name the value only: until 2026-12-06 the refusal left the operator to guess which
                // setting held "XYZ".
                throw new IllegalArgumentException("CONTACT_DAYS and CONTACT_HOURS (survey-relay.consent.contact-days "
                        + "and survey-relay.consent.contact-hours) are not valid: " + e.getMessage());
            }
        }
        defaultTimeZone = defaultTimeZone == null ? ZoneOffset.UTC : defaultTimeZone;
        if (IanaTimeZone.isPosixSigned(defaultTimeZone)) {
            String offset = "UTC" + defaultTimeZone.getRules().getOffset(Instant.EPOCH);
            throw SettingBounds.refused("DEFAULT_TIME_ZONE", "survey-relay.consent.default-time-zone",
                    "a time zone such as America/Chicago or " + offset + " (an Etc/GMT zone's sign is inverted: "
                            + defaultTimeZone.getId() + " is " + offset + ")", defaultTimeZone.getId());
        }
        scheduledStartsPoll = SettingBounds.atLeast(SettingBounds.ONE_SECOND, scheduledStartsPoll,
                Duration.ofSeconds(30), "SCHEDULED_STARTS_POLL", "survey-relay.consent.scheduled-starts-poll");
        hashKey = hashKey == null ? "" : hashKey;
        frequencyCap = SettingBounds.zeroOrAtLeast(SettingBounds.ONE_SECOND, frequencyCap, "off", "FREQUENCY_CAP",
                "survey-relay.consent.frequency-cap");
        smsReminderAfter = SettingBounds.zeroOrAtLeast(SettingBounds.ONE_SECOND, smsReminderAfter, "none",
                "SMS_REMINDER_AFTER", "survey-relay.consent.sms-reminder-after");
        smsClosedNoticeWindow = SettingBounds.zeroOrAtLeast(SettingBounds.ONE_SECOND,
                smsClosedNoticeWindow == null ? Duration.ofDays(7) : smsClosedNoticeWindow, "never",
                "SMS_CLOSED_NOTICE_WINDOW", "survey-relay.consent.sms-closed-notice-window");
        notMobileMemory = SettingBounds.atMost(NOT_MOBILE_MEMORY_MAX, SettingBounds.zeroOrAtLeast(
                SettingBounds.ONE_SECOND, notMobileMemory == null ? NOT_MOBILE_MEMORY : notMobileMemory,
                "never remembered", "NOT_MOBILE_MEMORY", "survey-relay.consent.not-mobile-memory"),
                "(a number that took no texts may since have been ported to a mobile line, or given to someone else: "
                        + "a disconnected residential number is reassigned after 90 days at most)",
                "NOT_MOBILE_MEMORY", "survey-relay.consent.not-mobile-memory");
        scheduledStartOutcomesKept = SettingBounds.atMost(SCHEDULED_START_OUTCOMES_KEPT_MAX, SettingBounds.atLeast(
                SettingBounds.ONE_SECOND, scheduledStartOutcomesKept, SCHEDULED_START_OUTCOMES_KEPT,
                "SCHEDULED_START_OUTCOMES_KEPT", "survey-relay.consent.scheduled-start-outcomes-kept"),
                "(an outcome names the number; it is kept only for its lookup, no longer than that needs: data "
                        + "minimisation, GDPR art. 5(1)(e))",
                "SCHEDULED_START_OUTCOMES_KEPT", "survey-relay.consent.scheduled-start-outcomes-kept");
    }

    /** The service's contact hours, or null when it sets none. */
    public ContactHours serviceContactHours() {
        return contactDays.isEmpty() ? null : ContactHours.parse(contactDays, contactHours);
    }
}
