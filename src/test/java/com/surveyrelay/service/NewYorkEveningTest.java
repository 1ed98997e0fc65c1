package com.surveyrelay.service;

import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.schedule.ScheduledStartFiring;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.TriggerLedger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The service on a clock set to a Monday 10 p.m. in New York, contact hours {@code MON-FRI 09:00-20:00}, its
 * deferred starts fired by the test alone ({@link #firing}): a start to a New York number is deferred to
 * {@link #nineAm}. The tests of quiet hours and of deferred starts' lookup share it, and so one Spring context.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.consent.contact-days=MON-FRI",
        "survey-relay.consent.contact-hours=09:00-20:00",
        // Only the test fires, once its clock has moved.
        "survey-relay.consent.scheduled-starts-poll=1h",
        "survey-relay.outbox.sweep-interval=1h"})
abstract class NewYorkEveningTest extends ServiceTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    TestClock clock;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    ScheduledStartFiring firing;

    @Autowired
    ScheduledStartStore store;

    @Autowired
    TriggerLedger ledger;

    /** The Monday 10 p.m. in New York the clock is set to before each test. */
    Instant mondayEvening;
    /** The Tuesday 9 a.m. in New York that follows: when a start deferred then falls due. */
    Instant nineAm;

    @BeforeEach
    void mondayEveningInNewYork() throws Exception {
        // Only the test fires: the context's poller would otherwise make its first poll 2 s after the context
        // starts, and on a busy machine that can fall after a test has moved its clock to the start's due time.
        camel.getRouteController().stopRoute("scheduled-starts");
        // A Tuesday a few days from now, so the real clock of other contexts sharing the bucket never reaches it.
        eveningBefore(LocalDate.now(ZoneOffset.UTC).plusDays(3).with(TemporalAdjusters.next(DayOfWeek.TUESDAY)));
    }

    /**
     * Sets the clock to 10 p.m. in New York the Monday before {@code tuesday} ({@link #mondayEvening}), and
     * {@link #nineAm} to that Tuesday's 9 a.m.
     */
    void eveningBefore(LocalDate tuesday) {
        mondayEvening = tuesday.atTime(LocalTime.of(22, 0)).atZone(NEW_YORK).minusDays(1).toInstant();
        nineAm = tuesday.atTime(9, 0).atZone(NEW_YORK).toInstant();
        clock.setTo(mondayEvening);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /** Sends a request without a body ({@code GET}, {@code DELETE}) with the API key {@code key} (null: none). */
    HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The texts the local Twilio API recorded to {@code number}. */
    List<RecordedMessage> textsTo(String number) {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(number)).toList();
    }
}
