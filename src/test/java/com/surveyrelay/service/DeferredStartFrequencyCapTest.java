package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The frequency cap for a start that quiet hours defer: it is held against the time the start will fire, not the
 * time of the request (the start is checked again when it fires). A New Yorker surveyed at 7 p.m. on a Monday, with a
 * 12-hour cap, may be asked again from 7 a.m. on Tuesday: a request at 10 p.m., deferred to 9 a.m., is accepted
 * (until 2026-12-05 it was refused {@code 422 contacted_recently}), and one deferred to an earlier opening is refused.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.consent.contact-days=MON-FRI",
        "survey-relay.consent.contact-hours=09:00-20:00",
        "survey-relay.consent.frequency-cap=12h",
        // Only a test would fire a deferred start, and none does.
        "survey-relay.consent.scheduled-starts-poll=1h",
        "survey-relay.outbox.sweep-interval=1h"})
class DeferredStartFrequencyCapTest extends ServiceTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    TestClock clock;

    @Autowired
    org.apache.camel.CamelContext camel;

    private String newYorker;
    private LocalDate monday;

    @BeforeEach
    void surveyedAtSevenOnAMondayEvening() throws Exception {
        camel.getRouteController().stopRoute("scheduled-starts");
        // A Monday a few days from now, so the real clock of other contexts sharing the bucket never reaches it.
        monday = LocalDate.now(ZoneOffset.UTC).plusDays(3).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        newYorker = "+1212555" + respondent.substring(respondent.length() - 4);
        clock.setTo(monday.atTime(LocalTime.of(19, 0)).atZone(NEW_YORK).toInstant());
        HttpResponse<String> first = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newYorker + "\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        clock.setTo(monday.atTime(LocalTime.of(22, 0)).atZone(NEW_YORK).toInstant());
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aStartDeferredPastTheCapIsAccepted() throws Exception {
        HttpResponse<String> deferred = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newYorker + "\"}");
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        assertThat(json(deferred.body()).get("scheduledFor").asText())
                .isEqualTo(monday.plusDays(1).atTime(9, 0).atZone(NEW_YORK).toInstant().toString());
    }

    /** In London the hours open at 4 a.m. New York time, within the cap: refused now, as it would be then. */
    @Test
    void aStartDeferredToATimeTheCapStillHoldsIsRefused() throws Exception {
        HttpResponse<String> refused = startSurvey("/sms/initiate-sms", "{\"To\": \"" + newYorker
                + "\", \"timeZone\": \"Europe/London\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("contacted_recently");
    }
}
