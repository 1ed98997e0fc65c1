package com.surveyrelay.initiation;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.LanguageTags;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import com.surveyrelay.web.IanaTimeZone;
import java.time.ZoneId;

/**
 * The checks every start request gets, whichever way it came: an HTTP form or JSON body ({@link InitiationRequests})
 * or an event on the bus or at an endpoint ({@link EventDetails}). Each error names the field as that caller wrote
 * it. (A campaign file's rows are checked by {@code CampaignCsv}, whose row results use the file's column names and
 * codes of their own.)
 */
final class StartFields {

    /**
     * How a request names its fields, for the error messages, and whether it came as a form
     * ({@code application/x-www-form-urlencoded}), where a plain {@code +} reads as a space.
     */
    record Names(String to, String language, String timeZone, boolean form) {
        static final Names HTTP = new Names("To", "defaultLanguage", "timeZone", false);
        /** An HTTP request with a form body: its fields are named as a JSON body's are. */
        static final Names HTTP_FORM = new Names("To", "defaultLanguage", "timeZone", true);
        static final Names EVENT = new Names("detail.to", "detail.language", "detail.timeZone", false);
        /** A bare detail, as a queued request may be: the fields are named as the sender wrote them. */
        static final Names BARE_DETAIL = new Names("to", "language", "timeZone", false);
    }

    private StartFields() {
    }

    /**
     * @param to the respondent's number as sent; must be E.164 ({@code +15551234567})
     * @param language a language tag in any case, with hyphens or underscores ({@code en-US}, {@code es_mx}, a bare
     *     {@code en}: {@link LanguageTags}), or null (left out) for the survey's default
     * @param surveyId a survey id, or null (left out) for the configured one
     * @param timeZone an IANA time zone, or null (left out) to derive it from the number
     * @throws HttpProblem {@code 400 missing_to}, {@code invalid_to}, {@code unknown_language} or
     *     {@code invalid_time_zone}, {@code 400 invalid_field} for a language, survey id or time zone given empty or
     *     blank (a sender's template with an empty variable: until 2026-12-06 it started the default survey, perhaps
     *     not the one meant), or {@code 404 unknown_survey} for a survey id that cannot exist
     */
    static InitiationRequest validate(String to, String language, String surveyId, String timeZone, Names names) {
        return validate(number(to, names), language, surveyId, timeZone, names);
    }

    /** A BCP 47 tag with an extension or a private use part: {@code es-MX-u-nu-arab}, {@code en-US-x-test}. */
    private static final java.util.regex.Pattern EXTENDED_TAG = java.util.regex.Pattern.compile(
            "(?i)[a-z]{2,3}(?:-[a-z0-9]{1,8})*-[a-wyz0-9x](?:-[a-z0-9]{1,8})+");

    /** The same checks for a number already checked by {@link #number}. */
    static InitiationRequest validate(E164 number, String language, String surveyId, String timeZone, Names names) {
        refuseBlank(language, names.language(), "the survey's default language");
        refuseBlank(surveyId, names.to().startsWith("detail.") ? "detail.surveyId" : "surveyId",
                "the default survey");
        refuseBlank(timeZone, names.timeZone(), "the zones of the number's country and area code");
        String asked = blankToNull(language);
        // es_mx is es-MX, as a campaign row reads it; which of the survey's languages it means is known at the start.
        // A BCP 47 tag with an extension ("es-MX-u-nu-arab", as Java's Locale.toLanguageTag() may write) was told
        // it was no tag (a breaker's probe, 2026-12-07): it is one, and the survey's languages carry none.
        String tag = asked == null ? null : LanguageTags.canonical(asked).orElseThrow(() -> new HttpProblem(400,
                "unknown_language", names.language() + " must be a language tag like en-US"
                        + (EXTENDED_TAG.matcher(asked.strip()).matches()
                        ? ", without extensions (drop the -u-... or -x-... part)" : "")
                        + LanguageTags.meantHint(asked) + "."));
        String survey = blankToNull(surveyId);
        if (survey != null && !SurveyConfigLoader.isSurveyId(survey)) {
            // The code of an id the bucket lacks, with what a surveyId is: GET /surveys lists "Odd Id" as refused.
            throw SurveyCatalog.notASurveyId();
        }
        return new InitiationRequest(number, tag, survey, timeZone(timeZone, names.timeZone()));
    }

    /**
     * The respondent's number, checked first (an event checks its channel next, before the other fields).
     *
     * @throws HttpProblem {@code 400 missing_to} or {@code invalid_to}, the latter also for a number whose length no
     *     number of its country code has ({@link E164#lengthProblem})
     */
    static E164 number(String to, Names names) {
        if (to == null || to.isBlank()) {
            throw new HttpProblem(400, "missing_to", names.to() + " is required: the respondent's number in E.164 "
                    + "form, like +15551234567.");
        }
        E164 number = E164.parse(to).orElseThrow(() -> new HttpProblem(400, "invalid_to",
                names.to() + " must be a phone number in E.164 form, like +15551234567." + plusReadAsSpace(to, names)));
        E164.lengthProblem(number).ifPresent(problem -> {
            throw new HttpProblem(400, "invalid_to", names.to() + " is " + problem + ": a phone number in E.164 "
                    + "form, like +15551234567.");
        });
        return number;
    }

    /**
     * What to do when a form's number lost its {@code +}: in {@code application/x-www-form-urlencoded} a plain
     * {@code +} is a space (HTML forms, RFC 1866), so {@code curl -d 'To=+15551234567'} arrives as
     * {@code " 15551234567"}, and the refusal "must be ... in E.164 form, like +15551234567" left the caller, who
     * wrote exactly that, stuck.
     *
     * @return a sentence to append, or "" when the number was not a form's E.164 number with its + read as a space
     */
    private static String plusReadAsSpace(String to, Names names) {
        return names.form() && to.startsWith(" ") && E164.parse("+" + to.strip()).isPresent()
                ? " The + arrived as a space, as a plain + does in a form body: send it as %2B (curl --data-urlencode "
                        + "'To=+15551234567')."
                : "";
    }

    /**
     * The respondent's IANA time zone ({@code America/Chicago}, or {@code UTC}), for quiet hours; null when not given.
     *
     * @throws HttpProblem {@code 400 invalid_time_zone}, as {@link IanaTimeZone#parseRespondentZone} says
     */
    static ZoneId timeZone(String text, String field) {
        return IanaTimeZone.parseRespondentZone(text, field);
    }

    /**
     * @throws HttpProblem {@code 400 invalid_field} for a value given empty or blank, naming what leaving it out
     *     asks
     */
    private static void refuseBlank(String value, String field, String leftOut) {
        if (value != null && value.isBlank()) {
            throw new HttpProblem(400, "invalid_field", field + " is empty: leave it out for " + leftOut
                    + ", or give a value.");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
