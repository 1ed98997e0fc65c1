package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.web.HttpProblem;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One set of checks for HTTP and event start requests, each error naming the field as its caller wrote it. */
class StartFieldsTest {

    private static void refused(String to, String language, String surveyId, String timeZone, StartFields.Names names,
            int status, String code, String message) {
        assertThatThrownBy(() -> StartFields.validate(to, language, surveyId, timeZone, names))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(status);
                    assertThat(problem.code()).isEqualTo(code);
                    assertThat(problem.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void aValidRequestKeepsEachFieldAndTakesOneLeftOutAsNotGiven() {
        InitiationRequest request = StartFields.validate("+15551230001", " fr-CA ", null, "America/Chicago",
                StartFields.Names.HTTP);
        assertThat(request).isEqualTo(new InitiationRequest(new com.surveyrelay.survey.E164("+15551230001"), "fr-CA",
                null, ZoneId.of("America/Chicago")));
    }

    /**
     * A field given empty or blank, as a sender's template with an empty variable sends it, is refused: an empty
     * surveyId started the default survey, perhaps not the one meant (a newcomer's and an integration engineer's
     * probes, 2026-12-06).
     */
    @Test
    void aFieldGivenEmptyIsRefusedNamingWhatLeavingItOutAsks() {
        refused("+15551230001", null, "", null, StartFields.Names.HTTP, 400, "invalid_field",
                "surveyId is empty: leave it out for the default survey, or give a value.");
        refused("+15551230001", null, "   ", null, StartFields.Names.EVENT, 400, "invalid_field",
                "detail.surveyId is empty: leave it out for the default survey, or give a value.");
        refused("+15551230001", "", null, null, StartFields.Names.HTTP, 400, "invalid_field",
                "defaultLanguage is empty: leave it out for the survey's default language, or give a value.");
        refused("+15551230001", null, null, " ", StartFields.Names.BARE_DETAIL, 400, "invalid_field",
                "timeZone is empty: leave it out for the zones of the number's country and area code, or give a "
                        + "value.");
    }

    @Test
    void aLanguageTagIsReadInAnyCaseWithHyphensOrUnderscores() {
        for (String[] tag : new String[][] {{"es-mx", "es-MX"}, {"FR-ca", "fr-CA"}, {"zh-hant-tw", "zh-Hant-TW"},
                {"es-419", "es-419"}, {"en-US", "en-US"}, {"es_MX", "es-MX"}, {"EN", "en"}}) {
            assertThat(StartFields.validate("+15551230001", tag[0], null, null, StartFields.Names.EVENT).language())
                    .as(tag[0]).isEqualTo(tag[1]);
        }
    }

    /**
     * {@code curl -d 'To=+15550141630'} sends a form, where a plain + is a space: the refusal said only "must be ... in
     * E.164 form, like +15551234567", which the caller had written. It now says what happened, for a form alone.
     */
    @Test
    void aFormNumberWhosePlusArrivedAsASpaceIsToldSo() {
        String plain = "To must be a phone number in E.164 form, like +15551234567.";
        refused(" 15550141630", null, null, null, StartFields.Names.HTTP_FORM, 400, "invalid_to", plain
                + " The + arrived as a space, as a plain + does in a form body: send it as %2B (curl --data-urlencode "
                + "'To=+15551234567').");
        refused(" 15550141630", null, null, null, StartFields.Names.HTTP, 400, "invalid_to", plain);
        refused("555-1234", null, null, null, StartFields.Names.HTTP_FORM, 400, "invalid_to", plain);
        refused(" call me", null, null, null, StartFields.Names.HTTP_FORM, 400, "invalid_to", plain);
    }

    @Test
    void errorsNameTheFieldAsAnHttpRequestWritesIt() {
        refused(" ", null, null, null, StartFields.Names.HTTP, 400, "missing_to",
                "To is required: the respondent's number in E.164 form, like +15551234567.");
        refused("555-1234", null, null, null, StartFields.Names.HTTP, 400, "invalid_to",
                "To must be a phone number in E.164 form, like +15551234567.");
        refused("+1555123000", null, null, null, StartFields.Names.HTTP, 400, "invalid_to",
                "To is too short for country code +1: a phone number in E.164 form, like +15551234567.");
        refused("+1555123000", "english", null, null, StartFields.Names.HTTP, 400, "invalid_to",
                "To is too short for country code +1: a phone number in E.164 form, like +15551234567.");
        // A language's name is told its code, as the results filter tells it (a newcomer's probe, 2026-12-07).
        refused("+15551230001", "english", null, null, StartFields.Names.HTTP, 400, "unknown_language",
                "defaultLanguage must be a language tag like en-US (did you mean en?).");
        refused("+15551230001", "Spanish", null, null, StartFields.Names.HTTP, 400, "unknown_language",
                "defaultLanguage must be a language tag like en-US (did you mean es?).");
        refused("+15551230001", "klingonese", null, null, StartFields.Names.HTTP, 400, "unknown_language",
                "defaultLanguage must be a language tag like en-US.");
        // A tag with an extension, as Java's Locale.toLanguageTag() may write it, was told it was no tag (a
        // breaker's probe, 2026-12-07).
        refused("+15551230001", "es-MX-u-nu-arab", null, null, StartFields.Names.HTTP, 400, "unknown_language",
                "defaultLanguage must be a language tag like en-US, without extensions (drop the -u-... or -x-... "
                        + "part).");
        refused("+15551230001", "en-US-x-test", null, null, StartFields.Names.HTTP, 400, "unknown_language",
                "defaultLanguage must be a language tag like en-US, without extensions (drop the -u-... or -x-... "
                        + "part).");
        refused("+15551230001", null, "../x", null, StartFields.Names.HTTP, 404, "unknown_survey",
                "There is no survey with that surveyId: a surveyId is lower-case letters, digits and dashes, "
                        + "starting with a letter or a digit, at most 63 characters (GET /surveys lists the surveys in "
                        + "the bucket, and why a folder of another name is refused).");
        refused("+15551230001", null, null, "EST", StartFields.Names.HTTP, 400, "invalid_time_zone",
                "timeZone must be an IANA time zone like America/Chicago.");
        refused("+15551230001", null, null, "SystemV/AST4", StartFields.Names.HTTP, 400, "invalid_time_zone",
                "timeZone must be an IANA time zone like America/Chicago.");
    }

    /**
     * Etc/GMT+5 is UTC-05:00 (the IANA database inverts the sign of its Etc/GMT zones): a sender meaning Pakistan's
     * UTC+05:00 had the respondent's quiet hours ten hours off, texting them at night. Etc/GMT+0 is UTC and stands.
     */
    @Test
    void anEtcGmtZoneWhoseSignReadsBackwardsIsRefusedSayingWhatItIs() {
        refused("+15551230001", null, null, "Etc/GMT+5", StartFields.Names.HTTP, 400, "invalid_time_zone",
                "timeZone must be an IANA time zone like America/Chicago, not Etc/GMT+5, which is UTC-05:00 (the IANA "
                        + "database inverts the sign of its Etc/GMT zones): give the respondent's place, whose quiet "
                        + "hours also follow daylight saving time.");
        refused("+15551230001", null, null, "Etc/GMT-14", StartFields.Names.EVENT, 400, "invalid_time_zone",
                "detail.timeZone must be an IANA time zone like America/Chicago, not Etc/GMT-14, which is UTC+14:00 "
                        + "(the IANA database inverts the sign of its Etc/GMT zones): give the respondent's place, "
                        + "whose quiet hours also follow daylight saving time.");
        assertThat(StartFields.timeZone("Etc/GMT+0", "timeZone")).isEqualTo(ZoneId.of("Etc/GMT+0"));
        assertThat(StartFields.timeZone("Asia/Karachi", "timeZone")).isEqualTo(ZoneId.of("Asia/Karachi"));
    }

    /** GMT0 was refused while the old link US/Eastern was taken (2026-12-06): the IANA names for UTC are taken. */
    @Test
    void theIanaNamesForUtcAreTakenAsUtcIs() {
        for (String utc : List.of("UTC", "GMT", "GMT0", "GMT+0", "GMT-0", "UCT", "Universal", "Zulu", "Greenwich")) {
            assertThat(StartFields.timeZone(utc, "timeZone").getRules().getOffset(java.time.Instant.EPOCH))
                    .as(utc).isEqualTo(java.time.ZoneOffset.UTC);
        }
        assertThat(StartFields.timeZone("US/Eastern", "timeZone")).isEqualTo(ZoneId.of("US/Eastern"));
        refused("+15551230001", null, null, "gmt0", StartFields.Names.HTTP, 400, "invalid_time_zone",
                "timeZone must be an IANA time zone like America/Chicago. Did you mean GMT0? Zone ids are "
                        + "case-sensitive.");
        refused("+15551230001", null, null, "EST", StartFields.Names.HTTP, 400, "invalid_time_zone",
                "timeZone must be an IANA time zone like America/Chicago.");
        // CET keeps Central Europe's summer time: taken since 2026-12-08, as US/Eastern is (a breaker's probe).
        assertThat(StartFields.timeZone("CET", "timeZone")).isEqualTo(ZoneId.of("CET"));
    }

    @Test
    void errorsNameTheFieldAsAnEventWritesIt() {
        refused(null, null, null, null, StartFields.Names.EVENT, 400, "missing_to",
                "detail.to is required: the respondent's number in E.164 form, like +15551234567.");
        refused("+15551230001", "english", null, null, StartFields.Names.EVENT, 400, "unknown_language",
                "detail.language must be a language tag like en-US (did you mean en?).");
        refused("+15551230001", null, null, "+02:00", StartFields.Names.EVENT, 400, "invalid_time_zone",
                "detail.timeZone must be an IANA time zone like America/Chicago.");
    }
}
