package com.surveyrelay.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours for a number whose country spans more zones than a working day is wide: Russia's mobiles run from
 * Kaliningrad (UTC+2) to Kamchatka (UTC+12), and 09:00-17:00 never opens in all of them at once.
 */
class QuietHoursTest {

    /** A Wednesday, 12:00 UTC. */
    private static final Instant NOON = Instant.parse("2026-12-02T12:00:00Z");

    private static QuietHours workingDay() {
        return new QuietHours(new ConsentProperties(null, null, null, "MON-FRI", "09:00-17:00", ZoneOffset.UTC, null, null,
                null, null),
                Clock.fixed(NOON, ZoneOffset.UTC));
    }

    private static Survey survey() throws Exception {
        return new SurveyConfigLoader().load(SurveyConfigLoader.readDirectory(Path.of("config-files")));
    }

    @Test
    void aNumberWhoseZonesNeverShareTheWindowIsRefusedClearlyNotAnError() throws Exception {
        Survey survey = survey();
        assertThatThrownBy(() -> workingDay().deferUntil(new E164("+79123456789"), survey, null))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.code()).isEqualTo("contact_hours_never_open");
                    assertThat(problem.getMessage()).contains("MON,TUE,WED,THU,FRI 09:00-17:00").contains("timeZone");
                });
    }

    @Test
    void theRespondentsZoneGivenDecides() throws Exception {
        assertThat(workingDay().deferUntil(new E164("+79123456789"), survey(), ZoneId.of("Europe/Moscow")))
                .as("15:00 in Moscow").isEmpty();
        assertThat(workingDay().deferUntil(new E164("+79123456789"), survey(), ZoneId.of("Asia/Kamchatka")))
                .as("midnight in Kamchatka: the next 09:00 there")
                .contains(Instant.parse("2026-12-02T21:00:00Z"));
    }

    /**
     * The probe: a +1 number whose area code the metadata does not know, texted on a Friday at 22:32 UTC, was deferred
     * to 09:00 UTC (04:00 Eastern, 01:00 Pacific). It may be anywhere in the NANP, where a working day never opens in
     * every zone at once: refused, asking for the respondent's zone, which then decides.
     */
    @Test
    void aNanpNumberWithAnUnknownAreaCodeIsRefusedAskingForItsZone() throws Exception {
        Survey survey = survey();
        QuietHours fridayNight = new QuietHours(new ConsentProperties(null, null, null, "MON-FRI", "09:00-17:00",
                ZoneOffset.UTC, null, null, null, null),
                Clock.fixed(Instant.parse("2026-12-04T22:32:00Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> fridayNight.deferUntil(new E164("+15550131404"), survey, null))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.code()).isEqualTo("contact_hours_never_open");
                    assertThat(problem.getMessage()).isEqualTo("The contact hours (MON,TUE,WED,THU,FRI 09:00-17:00) "
                            + "never open in all of this number's time zones at once (its area code is unknown to "
                            + "the phone metadata, so it may be in any of its country's 42 zones); give the "
                            + "respondent's timeZone.");
                });
        assertThat(fridayNight.deferUntil(new E164("+15550131404"), survey, ZoneId.of("America/Los_Angeles")))
                .as("14:32 in Los Angeles").isEmpty();
        assertThat(fridayNight.deferUntil(new E164("+15550131404"), survey, ZoneId.of("America/New_York")))
                .as("17:32 in New York: Monday 09:00 there").contains(Instant.parse("2026-12-07T14:00:00Z"));
    }
}
