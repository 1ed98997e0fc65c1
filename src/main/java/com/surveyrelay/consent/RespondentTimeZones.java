package com.surveyrelay.consent;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.surveyrelay.survey.E164;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time zones a respondent may be in, from their number's country and area code (Google's libphonenumber
 * metadata): one for most numbers (+1 212 is America/New_York), several for a country or area that spans zones.
 * Quiet hours hold in all of them.
 *
 * <p>A number the metadata does not know as valid (an area code newer than its data, or one not assigned, such as
 * the fictional +1 555) has no zone of its own: it gets every zone of its country code instead (+49 Europe/Berlin,
 * +44 Europe/London, +1 all 42 NANP zones from Pacific/Guam to Pacific/Pago_Pago), so that quiet hours cannot be
 * kept in the wrong zone. It once got {@code DEFAULT_TIME_ZONE} (UTC), and a +1 number was texted at 04:00 Eastern,
 * against the TCPA's 8 a.m. to 9 p.m. local time (47 CFR 64.1200(c)(1)). The fallback zone is only for a number
 * whose country code has no zone either (+800, a code the metadata lacks).
 *
 * <p>A NANP area code that spans zones (23 in the metadata, such as +1 270 in Kentucky, Central and Eastern, or +1 850
 * in Florida's panhandle) is mapped by exchange: the exchanges the metadata lists are placed in their own zone, and
 * every other falls to the area's default (+1 270 to America/New_York). A number placed in its area's default zone
 * may be one the metadata does not list (a new exchange), so it gets every zone of its area instead, as quiet hours
 * must hold where the respondent is (47 CFR 64.1200(c)(1)): until 2026-12-06 a +1 270 number of an unlisted exchange
 * was held to Eastern hours only, and could be texted at 7:00 Central. A number placed outside its area's default
 * (+1 270 442, America/Chicago) is listed, and keeps its zone.
 */
public final class RespondentTimeZones {

    /** Where a number's zones came from. */
    public enum Source {
        /** The metadata placed the number: its area's zones, or its country's for a non-geographic number. */
        NUMBER,
        /** The metadata does not know the number as valid: the zones of its prefix, its country code's in practice. */
        COUNTRY,
        /** Neither the number nor its country code has a zone: {@code DEFAULT_TIME_ZONE}. */
        DEFAULT
    }

    /**
     * A number's zones.
     *
     * @param zones never empty, each a zone this JDK knows
     * @param source where they came from
     */
    public record Zones(List<ZoneId> zones, Source source) {
    }

    private final ZoneId fallback;

    /** @param fallback the zone for a number whose country code has none ({@code DEFAULT_TIME_ZONE}) */
    public RespondentTimeZones(ZoneId fallback) {
        this.fallback = fallback;
    }

    /** The zones of a number, never empty: the fallback when the metadata knows none for it nor its country code. */
    public Zones of(E164 phone) {
        PhoneNumber number;
        try {
            number = PhoneNumberUtil.getInstance().parse(phone.value(), null);
        } catch (NumberParseException e) {
            return new Zones(List.of(fallback), Source.DEFAULT);
        }
        PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();
        List<ZoneId> placed = known(mapper.getTimeZonesForNumber(number));
        if (!placed.isEmpty()) {
            return new Zones(number.getCountryCode() == 1 ? withSplitArea(number, placed) : placed, Source.NUMBER);
        }
        // For a number it does not know as valid, the mapper answers "Etc/Unknown"; looked up by prefix alone, it
        // answers the zones of the number's longest known prefix: the country code when the area code is unknown.
        List<ZoneId> country = known(mapper.getTimeZonesForGeographicalNumber(number));
        return country.isEmpty() ? new Zones(List.of(fallback), Source.DEFAULT) : new Zones(country, Source.COUNTRY);
    }

    /**
     * A NANP area's zones by the metadata: its default (what an exchange it does not list falls to) and every zone
     * any of its exchanges is placed in.
     */
    private record AreaZones(List<ZoneId> fallen, List<ZoneId> all) {
    }

    /** Per NANP area code (3 digits); at most 800 entries, each read once from the metadata (about 5 ms). */
    private static final Map<String, AreaZones> AREAS = new ConcurrentHashMap<>();

    /**
     * The zones of a +1 number the metadata placed: its area's every zone when it was placed in the area's default
     * and the area spans zones, else {@code placed}.
     */
    private static List<ZoneId> withSplitArea(PhoneNumber number, List<ZoneId> placed) {
        String national = String.valueOf(number.getNationalNumber());
        if (national.length() != 10) {
            return placed;
        }
        AreaZones area = AREAS.computeIfAbsent(national.substring(0, 3), RespondentTimeZones::areaZones);
        if (!placed.equals(area.fallen()) || area.all().size() <= placed.size()) {
            return placed;
        }
        Set<ZoneId> every = new LinkedHashSet<>(placed);
        every.addAll(area.all());
        return List.copyOf(every);
    }

    private static AreaZones areaZones(String areaCode) {
        PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();
        long area = Long.parseLong(areaCode) * 10_000_000L;
        // No exchange starts with 0 or 1 (NANP: NXX), so the metadata lists none such: 099 falls to the default.
        List<ZoneId> fallen = known(mapper.getTimeZonesForGeographicalNumber(
                new PhoneNumber().setCountryCode(1).setNationalNumber(area + 990_000L)));
        Set<ZoneId> all = new LinkedHashSet<>(fallen);
        for (long exchange = 200; exchange <= 999; exchange++) {
            all.addAll(known(mapper.getTimeZonesForGeographicalNumber(
                    new PhoneNumber().setCountryCode(1).setNationalNumber(area + exchange * 10_000L))));
        }
        return new AreaZones(fallen, List.copyOf(all));
    }

    private static List<ZoneId> known(List<String> ids) {
        List<ZoneId> zones = new ArrayList<>();
        for (String id : ids) {
            try {
                zones.add(ZoneId.of(id));
            } catch (DateTimeException e) {
                // "Etc/Unknown" and any id this JDK lacks: not a zone we can hold hours in.
            }
        }
        return List.copyOf(zones);
    }
}
