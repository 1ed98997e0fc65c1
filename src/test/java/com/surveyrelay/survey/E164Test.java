package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class E164Test {

    @Test
    void acceptsUsualSeparatorsAndNormalises() {
        assertThat(E164.parse("+1 (555) 123-4567")).contains(new E164("+15551234567"));
        assertThat(E164.parse("+52.55.1234.5678")).contains(new E164("+525512345678"));
        // Pasted from a document or a web page: no-break spaces and hyphens, en dashes, narrow and figure spaces.
        assertThat(E164.parse("+1\u00A0555\u00A0013\u00A01205")).contains(new E164("+15550131205"));
        // Between direction marks, as copied from a contacts app (refused as no E.164 number until 2026-12-07).
        assertThat(E164.parse("\u202A+15550131205\u202C")).contains(new E164("+15550131205"));
        assertThat(E164.parse("\u200F+15550131205")).contains(new E164("+15550131205"));
        assertThat(E164.parse("+1555013\u20631205")).as("the invisible separator separates").isEmpty();
        assertThat(E164.parse("+1\u2011555\u2011013\u20111205")).contains(new E164("+15550131205"));
        assertThat(E164.parse("+1 (555)\u2013013\u202F1205\u2007")).contains(new E164("+15550131205"));
    }

    /**
     * +1555014042, one digit short of North America's ten, passed as a number: a campaign row was texted. The length
     * is judged by libphonenumber for the country codes it knows; the form alone still decides for the others.
     */
    @Test
    void aLengthNoNumberOfItsCountryHasIsTold() {
        assertThat(E164.lengthProblem(new E164("+1555014042"))).contains("too short for country code +1");
        assertThat(E164.lengthProblem(new E164("+155501404211"))).contains("too long for country code +1");
        assertThat(E164.lengthProblem(new E164("+15551234"))).as("a local number, no area code")
                .contains("too short for country code +1");
        assertThat(E164.lengthProblem(new E164("+4477009001"))).isPresent();
        assertThat(E164.lengthProblem(new E164("+15550140420"))).isEmpty();
        assertThat(E164.lengthProblem(new E164("+447700900123"))).isEmpty();
        assertThat(E164.lengthProblem(new E164("+4930123456"))).as("Germany's numbers vary in length").isEmpty();
        assertThat(E164.lengthProblem(new E164("+80012345678"))).as("international freephone").isEmpty();
        assertThat(E164.lengthProblem(new E164("+9991234567"))).as("a country code nobody has").isEmpty();
        assertThat(E164.parse("+1555014042")).as("still read back where it was stored before")
                .contains(new E164("+1555014042"));
    }

    /** One person, one number: the opt-out recorded for one way of writing it holds for the others. */
    @Test
    void dropsATrunkPrefixWrittenAfterTheCountryCodeButNotAnItalianZero() {
        assertThat(E164.parse("+44 (0)7700 900123")).contains(new E164("+447700900123"));
        assertThat(E164.parse("+4407700900123")).contains(new E164("+447700900123"));
        assertThat(E164.parse("+33 (0)1 23 45 67 89")).contains(new E164("+33123456789"));
        assertThat(E164.parse("+49 0151 12345678")).contains(new E164("+4915112345678"));
        assertThat(E164.parse("+39 06 1234 5678")).as("Rome's 0 is part of the number").contains(
                new E164("+390612345678"));
        assertThat(E164.parse("+1 202 055 0123")).contains(new E164("+12020550123"));
        assertThat(E164.parse("+7 8 (912) 345-67-89")).contains(new E164("+79123456789"));
        assertThat(E164.parse("+1 1 212 555 0199")).contains(new E164("+12125550199"));
        assertThat(E164.parse("+7 800 555 35 35")).as("a Russian toll-free number").contains(new E164("+78005553535"));
        assertThat(E164.parse("+9990123456")).as("a country code libphonenumber does not know").contains(
                new E164("+9990123456"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5551234567", "+0551234567", "+1555123456789012", "+1555abc4567", "+1555/../4567", ""})
    void refusesAnythingElse(String text) {
        assertThat(E164.parse(text)).isEmpty();
    }

    @Test
    void neverPrintsTheWholeNumber() {
        assertThat(new E164("+15551234567")).hasToString("***4567");
        assertThatThrownBy(() -> new E164("15551234567")).hasMessage("not an E.164 phone number");
    }

    /** Log lines that quote a caller (a path, a parser's message) carry its numbers as {@code ***} and four digits. */
    @Test
    void masksEveryNumberInFreeTextWhateverItsWriting() {
        assertThat(E164.maskedIn("POST to /sms/initiate-sms/+15550140424: 403 invalid_signature"))
                .isEqualTo("POST to /sms/initiate-sms/***0424: 403 invalid_signature");
        assertThat(E164.maskedIn("Unrecognized token 'tel15550140430': was expecting a value"))
                .isEqualTo("Unrecognized token 'tel***0430': was expecting a value");
        assertThat(E164.maskedIn("call +1 (555) 014-0497 or 555.014.0498, not 21610 or HTTP 503"))
                .isEqualTo("call ***0497 or ***0498, not 21610 or HTTP 503");
        assertThat(E164.maskedIn(null)).isNull();
        // Full-width digits and underscores: a caller's path, logged decoded (a newcomer's probe, 2026-12-06).
        assertThat(E164.maskedIn("Refused a POST to /sms/webhook/\uFF11\uFF15\uFF15\uFF15\uFF10\uFF11\uFF14"
                + "\uFF16\uFF10\uFF19\uFF16: 404")).isEqualTo("Refused a POST to /sms/webhook/***6096: 404");
        assertThat(E164.maskedIn("/sms/webhook/1_555_014_6097")).isEqualTo("/sms/webhook/***6097");
    }
}
