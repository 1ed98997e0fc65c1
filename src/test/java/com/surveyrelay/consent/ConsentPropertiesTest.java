package com.surveyrelay.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The consent durations as set in the environment: 0 for off, else at least a second, never a bare number. */
class ConsentPropertiesTest {

    @Test
    void zeroTurnsTheCapAndTheReminderOff() {
        ConsentProperties settings = bind("frequency-cap", "0");

        assertThat(settings.frequencyCap()).isZero();
        assertThat(settings.smsReminderAfter()).isZero();
        assertThat(settings.scheduledStartsPoll()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCapWithAUnitIsTakenAsSet() {
        assertThat(bind("frequency-cap", "7d").frequencyCap()).isEqualTo(Duration.ofDays(7));
        assertThat(bind("frequency-cap", "1s").frequencyCap()).isEqualTo(Duration.ofSeconds(1));
    }

    /** FREQUENCY_CAP=7 was 7 ms to Spring: a cap that let every survey through. */
    @Test
    void aCapWithoutAUnitStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind("frequency-cap", "7")).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FREQUENCY_CAP (survey-relay.consent.frequency-cap) must be 0 (off) or at least 1s with a "
                        + "unit such as 30s or 2h (a bare number is milliseconds), not 7ms");
        assertThatThrownBy(() -> bind("frequency-cap", "-1d")).rootCause().hasMessageEndingWith("not -1d");
    }

    /** A newcomer's CONTACT_DAYS=MON-XYZ was told {@code "XYZ" is not a day}, without the setting's name. */
    @Test
    void contactDaysOrHoursThatDoNotParseStopTheStartNamingTheVariables() {
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                "survey-relay.consent.contact-days", "MON-XYZ", "survey-relay.consent.contact-hours", "09:00-17:00")))
                .bind("survey-relay.consent", ConsentProperties.class)).rootCause()
                .hasMessage("CONTACT_DAYS and CONTACT_HOURS (survey-relay.consent.contact-days and "
                        + "survey-relay.consent.contact-hours) are not valid: \"XYZ\" is not a day (MON, TUE, ... SUN)");
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                "survey-relay.consent.contact-days", "MON-FRI", "survey-relay.consent.contact-hours", "17:00-09:00")))
                .bind("survey-relay.consent", ConsentProperties.class)).rootCause()
                .hasMessageStartingWith("CONTACT_DAYS and CONTACT_HOURS").hasMessageEndingWith(
                        "are not valid: \"17:00-09:00\" must start before it ends, within one day");
    }

    @Test
    void aReminderUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> bind("sms-reminder-after", "30")).rootCause()
                .hasMessage("SMS_REMINDER_AFTER (survey-relay.consent.sms-reminder-after) must be 0 (none) or at least "
                        + "1s with a unit such as 30s or 2h (a bare number is milliseconds), not 30ms");
        assertThat(bind("sms-reminder-after", "2h").smsReminderAfter()).isEqualTo(Duration.ofHours(2));
    }

    /** SCHEDULED_STARTS_POLL=0s: Camel's timer takes a period of 0 as "fire once", and deferred starts never fired. */
    @Test
    void aPollUnderASecondStopsTheStart() {
        assertThatThrownBy(() -> bind("scheduled-starts-poll", "0s")).rootCause()
                .hasMessage("SCHEDULED_STARTS_POLL (survey-relay.consent.scheduled-starts-poll) must be at least 1s "
                        + "with a unit such as 30s or 2h (a bare number is milliseconds), not 0s");
        assertThat(bind("scheduled-starts-poll", "1s").scheduledStartsPoll()).isEqualTo(Duration.ofSeconds(1));
    }

    /**
     * DEFAULT_TIME_ZONE=Etc/GMT-5 meant as UTC-05:00 is UTC+05:00 (the IANA database inverts the sign of its Etc/GMT
     * zones): numbers read in it had quiet hours ten hours off. A place, an offset and Etc/GMT+0 stay accepted.
     */
    @Test
    void anEtcGmtZoneWhoseSignReadsBackwardsStopsTheStart() {
        assertThatThrownBy(() -> bind("default-time-zone", "Etc/GMT-5")).rootCause()
                .hasMessage("DEFAULT_TIME_ZONE (survey-relay.consent.default-time-zone) must be a time zone such as "
                        + "America/Chicago or UTC+05:00 (an Etc/GMT zone's sign is inverted: Etc/GMT-5 is UTC+05:00), "
                        + "not Etc/GMT-5");
        assertThatThrownBy(() -> bind("default-time-zone", "Etc/GMT+12")).rootCause()
                .hasMessageContaining("Etc/GMT+12 is UTC-12:00");
        assertThat(bind("default-time-zone", "UTC-05:00").defaultTimeZone().getRules().getOffset(Instant.EPOCH))
                .isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(bind("default-time-zone", "Asia/Karachi").defaultTimeZone()).isEqualTo(ZoneId.of("Asia/Karachi"));
        assertThat(bind("default-time-zone", "Etc/GMT+0").defaultTimeZone()).isEqualTo(ZoneId.of("Etc/GMT+0"));
    }

    /**
     * How long a number Twilio refused a text to as no mobile number (21614) is refused SMS starts was a constant 30
     * days; NOT_MOBILE_MEMORY sets it, as an ISO-8601 duration or one with a unit, 0 for never remembered.
     */
    @Test
    void theNotMobileMemoryIsTakenAsSetAndThirtyDaysWhenUnset() {
        assertThat(bind("frequency-cap", "0").notMobileMemory()).isEqualTo(Duration.ofDays(30));
        assertThat(bind("not-mobile-memory", "P7D").notMobileMemory()).isEqualTo(Duration.ofDays(7));
        assertThat(bind("not-mobile-memory", "90d").notMobileMemory()).isEqualTo(Duration.ofDays(90));
        assertThat(bind("not-mobile-memory", "0").notMobileMemory()).isZero();
    }

    @Test
    void aNegativeOrSubSecondNotMobileMemoryStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind("not-mobile-memory", "-P1D")).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NOT_MOBILE_MEMORY (survey-relay.consent.not-mobile-memory) must be 0 (never remembered) "
                        + "or at least 1s with a unit such as 30s or 2h (a bare number is milliseconds), not -1d");
        assertThatThrownBy(() -> bind("not-mobile-memory", "PT0.5S")).rootCause()
                .hasMessageEndingWith("not 500ms");
    }

    /**
     * NOT_MOBILE_MEMORY had no upper bound: P10Y refused texts to a number for ten years, long after it could have
     * been ported to a mobile line or given to another subscriber. More than 90 days stops the start saying why.
     */
    @Test
    void aNotMobileMemoryOverNinetyDaysStopsTheStartSayingWhy() {
        assertThat(bind("not-mobile-memory", "P90D").notMobileMemory()).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> bind("not-mobile-memory", "P91D")).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NOT_MOBILE_MEMORY (survey-relay.consent.not-mobile-memory) must be at most 90d (a number "
                        + "that took no texts may since have been ported to a mobile line, or given to someone else: a "
                        + "disconnected residential number is reassigned after 90 days at most), not 91d");
        assertThatThrownBy(() -> bind("not-mobile-memory", "3650d")).rootCause().hasMessageEndingWith("not 3650d");
    }

    /**
     * How long a deferred start's outcome is kept for its lookup was a constant 30 days (ScheduledStartFiring's
     * OUTCOMES_KEPT); SCHEDULED_START_OUTCOMES_KEPT sets it, as an ISO-8601 duration or one with a unit.
     */
    @Test
    void theScheduledStartOutcomesAreKeptAsSetAndThirtyDaysWhenUnset() {
        assertThat(bind("frequency-cap", "0").scheduledStartOutcomesKept()).isEqualTo(Duration.ofDays(30));
        assertThat(bind("scheduled-start-outcomes-kept", "P7D").scheduledStartOutcomesKept())
                .isEqualTo(Duration.ofDays(7));
        assertThat(bind("scheduled-start-outcomes-kept", "90d").scheduledStartOutcomesKept())
                .isEqualTo(Duration.ofDays(90));
    }

    /**
     * SCHEDULED_START_OUTCOMES_KEPT had no upper bound: P10Y kept each outcome, which names its number, for ten years.
     * More than 90 days stops the start saying why (data minimisation).
     */
    @Test
    void anOutcomeKeepingOverNinetyDaysStopsTheStartSayingWhy() {
        assertThatThrownBy(() -> bind("scheduled-start-outcomes-kept", "P91D")).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SCHEDULED_START_OUTCOMES_KEPT (survey-relay.consent.scheduled-start-outcomes-kept) must "
                        + "be at most 90d (an outcome names the number; it is kept only for its lookup, no longer than "
                        + "that needs: data minimisation, GDPR art. 5(1)(e)), not 91d");
        assertThatThrownBy(() -> bind("scheduled-start-outcomes-kept", "P3650D")).rootCause()
                .hasMessageEndingWith("not 3650d");
    }

    /** Zero would delete each outcome within the hour of its writing, so its lookup could not say how a start ended. */
    @Test
    void aZeroNegativeOrUnitlessOutcomeKeepingStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind("scheduled-start-outcomes-kept", "-P1D")).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SCHEDULED_START_OUTCOMES_KEPT (survey-relay.consent.scheduled-start-outcomes-kept) must "
                        + "be at least 1s with a unit such as 30s or 2h (a bare number is milliseconds), not -1d");
        assertThatThrownBy(() -> bind("scheduled-start-outcomes-kept", "0")).rootCause().hasMessageEndingWith("not 0s");
        assertThatThrownBy(() -> bind("scheduled-start-outcomes-kept", "30")).rootCause()
                .hasMessageEndingWith("not 30ms");
    }

    private static ConsentProperties bind(String name, String value) {
        return new Binder(new MapConfigurationPropertySource(Map.of("survey-relay.consent." + name, value)))
                .bind("survey-relay.consent", ConsentProperties.class).get();
    }
}
