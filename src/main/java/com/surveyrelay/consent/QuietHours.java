package com.surveyrelay.consent;

import com.surveyrelay.survey.ContactHours;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a survey may reach a respondent now, or when it next may: the survey's {@code contactHours}, else the
 * service's ({@code CONTACT_DAYS} and {@code CONTACT_HOURS}), in the time zone the request names or else every
 * zone of the number's country and area code ({@link RespondentTimeZones}).
 */
@Component
public class QuietHours {

    private final ContactHours service;
    private final RespondentTimeZones zones;
    private final Clock clock;

    public QuietHours(ConsentProperties settings, Clock clock) {
        this.service = settings.serviceContactHours();
        this.zones = new RespondentTimeZones(settings.defaultTimeZone());
        this.clock = clock;
    }

    /**
     * When a start must wait for the respondent's contact hours.
     *
     * @param timeZone the respondent's zone when the request gives it, else null (derived from the number)
     * @return empty to start now; otherwise the first allowed instant
     * @throws HttpProblem {@code 422 contact_hours_never_open} when, without a zone given, the number's zones are
     *     spread wider than the window, so that it never opens in all of them at once: a country or area that spans
     *     many zones, or a number whose area code the phone metadata does not know, which may be anywhere in its
     *     country (a +1 number: every NANP zone, where 09:00-17:00 never opens at once)
     */
    public Optional<Instant> deferUntil(E164 to, Survey survey, ZoneId timeZone) {
        ContactHours hours = survey.contactHours() != null ? survey.contactHours() : service;
        if (hours == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // A number whose area spans zones further apart than the window is wide (Russia's eleven for a working
        // day) has no moment to be contacted in all of them: it waits for nothing and is not sent.
        Instant allowed;
        if (timeZone != null) {
            allowed = hours.nextAllowed(now, List.of(timeZone)).orElseThrow(() -> neverOpen(hours, ""));
        } else {
            RespondentTimeZones.Zones placed = zones.of(to);
            String why = placed.source() != RespondentTimeZones.Source.COUNTRY ? "" : " (its area code is unknown to "
                    + "the phone metadata, so it may be in any of its country's " + placed.zones().size() + " zones)";
            allowed = hours.nextAllowed(now, placed.zones()).orElseThrow(() -> neverOpen(hours, why));
        }
        return allowed.equals(now) ? Optional.empty() : Optional.of(allowed);
    }

    private static HttpProblem neverOpen(ContactHours hours, String why) {
        return new HttpProblem(422, "contact_hours_never_open", "The contact hours (" + hours + ") never open in all "
                + "of this number's time zones at once" + why + "; give the respondent's timeZone.");
    }
}
