package com.surveyrelay.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.consent.RespondentTimeZones.Source;
import com.surveyrelay.consent.RespondentTimeZones.Zones;
import com.surveyrelay.survey.E164;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A number whose area code the phone metadata does not know (newer than its data, or unassigned) is placed in its
 * country's zones, not in {@code DEFAULT_TIME_ZONE}: a +1 555 number was held to UTC hours and texted at 04:00
 * Eastern.
 */
class RespondentTimeZonesTest {

    private final RespondentTimeZones zones = new RespondentTimeZones(ZoneOffset.UTC);

    private static List<ZoneId> ids(String... ids) {
        return java.util.Arrays.stream(ids).map(ZoneId::of).toList();
    }

    @Test
    void aNumberTheMetadataKnowsGetsItsAreasZone() {
        assertThat(zones.of(new E164("+12125550123"))).isEqualTo(new Zones(ids("America/New_York"), Source.NUMBER));
        assertThat(zones.of(new E164("+442079460123"))).isEqualTo(new Zones(ids("Europe/London"), Source.NUMBER));
    }

    @Test
    void aNumberOfAnAreaSpanningZonesPlacedInItsAreasDefaultGetsEveryZoneOfItsArea() {
        // +1 270 (Kentucky): exchanges the metadata does not list fall to New York; 132 are listed in Chicago.
        assertThat(zones.of(new E164("+12705550123"))).isEqualTo(
                new Zones(ids("America/New_York", "America/Chicago"), Source.NUMBER));
        assertThat(zones.of(new E164("+18505550123")).zones()).containsExactlyInAnyOrderElementsOf(
                ids("America/New_York", "America/Chicago"));
        assertThat(zones.of(new E164("+15415550123")).zones()).containsExactlyInAnyOrderElementsOf(
                ids("America/Los_Angeles", "America/Denver"));
    }

    @Test
    void aListedExchangeOutsideItsAreasDefaultKeepsItsZone() {
        assertThat(zones.of(new E164("+12704420123"))).as("Kentucky's Central time exchange 442")
                .isEqualTo(new Zones(ids("America/Chicago"), Source.NUMBER));
    }

    @Test
    void anUnknownAreaCodeGetsItsCountrysZones() {
        assertThat(zones.of(new E164("+491000000000"))).isEqualTo(new Zones(ids("Europe/Berlin"), Source.COUNTRY));
        assertThat(zones.of(new E164("+441001234567"))).isEqualTo(new Zones(ids("Europe/London"), Source.COUNTRY));
    }

    @Test
    void anUnknownNanpAreaCodeGetsEveryNanpZone() {
        Zones nanp = zones.of(new E164("+15550131404"));
        assertThat(nanp.source()).isEqualTo(Source.COUNTRY);
        assertThat(nanp.zones()).hasSize(42).contains(ZoneId.of("Pacific/Guam"), ZoneId.of("America/New_York"),
                ZoneId.of("America/Los_Angeles"), ZoneId.of("America/Adak"), ZoneId.of("Pacific/Pago_Pago"))
                .doesNotContain(ZoneOffset.UTC);
    }

    @Test
    void aNumberWhoseCountryCodeHasNoZoneGetsTheDefault() {
        assertThat(new RespondentTimeZones(ZoneId.of("America/Chicago")).of(new E164("+80012345678")))
                .as("a valid international toll-free number").isEqualTo(new Zones(ids("America/Chicago"),
                        Source.DEFAULT));
    }
}
