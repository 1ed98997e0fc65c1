package com.surveyrelay.consent;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.surveyrelay.survey.E164;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The time zones a respondent may be in, from their number's country and area code (Google's libphonenumber
 * metadata): one for most numbers (+1 212 is America/New_York), several for a country or area that spans zones.
 * Quiet hours hold in all of them.
 */
public final class RespondentTimeZones {

    private final ZoneId fallback;

    /** @param fallback the zone for a number the metadata cannot place (a non-geographic or unknown number) */
    public RespondentTimeZones(ZoneId fallback) {
        this.fallback = fallback;
    }

    /** The zones of a number, never empty: the fallback when the metadata knows none. */
    public List<ZoneId> of(E164 phone) {
        List<ZoneId> zones = new ArrayList<>();
        try {
            var number = PhoneNumberUtil.getInstance().parse(phone.value(), null);
            for (String id : PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number)) {
                try {
                    zones.add(ZoneId.of(id));
                } catch (DateTimeException e) {
                    // "Etc/Unknown" and any id this JDK lacks: not a zone we can hold hours in.
                }
            }
        } catch (NumberParseException e) {
            // Not a number the metadata knows: the fallback applies.
        }
        return zones.isEmpty() ? List.of(fallback) : List.copyOf(zones);
    }
}
