package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.conversation.FallbackStarts;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.local.LocalEventBridge.RecordedEvent;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveySession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A call placed at 7:59 p.m. in New York that nobody answers ends after 8 p.m., outside the respondent's contact hours
 * ({@link NewYorkEveningTest}): its SMS fallback is not sent then but deferred to 9 a.m., and fires then as the call's
 * fallback, its {@code SURVEY_STARTED} naming the call, not held back by the 7-day frequency cap the call took (until
 * 2026-12-05 it was never sent, its key recording {@code outside_contact_hours}). Once per call: a repeated status
 * callback, or a second instance, defers nothing more. It can be looked up and cancelled as any deferred start, and is
 * refused to a number that opted out meanwhile.
 */
@TestPropertySource(properties = {"survey-relay.consent.frequency-cap=7d",
        "survey-relay.fallback.sms-when-call-unanswered=true"})
class FallbackTextInQuietHoursTest extends NewYorkEveningTest {

    /** This class's numbers: +15550139100 to +15550139199. */
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger();

    @Autowired
    FallbackStarts fallbacks;

    @Autowired
    SessionStore sessions;

    @Autowired
    RespondentConsent consent;

    @Autowired
    com.surveyrelay.storage.SurveyCatalog catalog;

    private PlacedCall call;

    /** A call placed to a number of this class's own at 7:59 p.m. in New York, unanswered so far. */
    @BeforeEach
    void aCallPlacedAtSevenFiftyNine() throws Exception {
        respondent = String.format("+155501391%02d", NEXT_NUMBER.getAndIncrement());
        clock.setTo(mondayEvening.minus(Duration.ofMinutes(121)));
        call = placeManualCall("{\"To\": \"" + respondent + "\", \"timeZone\": \"America/New_York\"}");
        clock.setTo(mondayEvening.minus(Duration.ofMinutes(119)));
    }

    private void callEnds(String callStatus) throws Exception {
        Map<String, String> params = callParams(respondent, call.call().sid());
        params.put("CallStatus", callStatus);
        assertThat(twilio("/voice/status?sessionId=" + call.sessionId(), params).statusCode()).isEqualTo(200);
    }

    /** The deferred start the call's key names, once the fallback (run off the callback's thread) deferred it. */
    private String awaitDeferredFallback() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find("fallback:" + call.sessionId())
                .filter(entry -> "scheduled".equals(entry.state())).map(TriggerLedger.Entry::sessionId)
                .orElse(null), java.util.Objects::nonNull);
    }

    /** The deferred starts to this test's number. */
    private List<ScheduledStart> deferredStarts() {
        return store.allKeys().stream().flatMap(key -> store.find(key).stream())
                .filter(start -> start.to().equals(respondent)).toList();
    }

    /**
     * The SMS session's {@code SURVEY_STARTED} event: on the bus once delivered, in the session's outbox until then.
     * This context's clock jumps 13 hours between the call and the text, past the leases of the call's entries, and
     * its relay may deliver them, and the text's behind them, only at its hourly sweep.
     */
    private JsonNode startedEvent(String smsSessionId) {
        String key = "survey-results/" + respondent.substring(1) + "/" + smsSessionId + ".json";
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (RecordedEvent event : busEvents()) {
                if (smsSessionId.equals(event.detail().path("sessionId").asText())
                        && event.detailType().equals("Survey Started")) {
                    return event.detail();
                }
            }
            for (JsonNode entry : json(object(key)).at("/outbox/entries")) {
                if ("SURVEY_STARTED".equals(entry.at("/event/eventType").asText())) {
                    return entry.get("event");
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private SurveySession storedCall() {
        return sessions.find(new E164(respondent), call.sessionId()).orElseThrow().session();
    }

    @Test
    void anUnansweredCallAfterHoursTextsItsFallbackWhenTheHoursOpen() throws Exception {
        callEnds("no-answer");
        String scheduleId = awaitDeferredFallback();
        assertThat(deferredStarts()).singleElement().satisfies(deferred -> {
            assertThat(deferred.id()).isEqualTo(scheduleId);
            assertThat(deferred.scheduledFor()).isEqualTo(nineAm);
            assertThat(deferred.channel()).isEqualTo("sms");
            assertThat(deferred.fallbackFrom().sessionId()).isEqualTo(call.sessionId());
            assertThat(deferred.fallbackFrom().reason()).isEqualTo("no-answer");
        });
        assertThat(textsTo(respondent)).as("nothing sent after 8 p.m.").isEmpty();

        // Once per call: Twilio's repeated callback, and a second instance's fallback of the same call.
        callEnds("no-answer");
        StartedSurvey again = fallbacks.start(storedCall());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.scheduleId()).isEqualTo(scheduleId);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(deferredStarts()).as("one deferred fallback").hasSize(1));

        // The cap the call took holds for a new survey, as it does not for the call's fallback.
        HttpResponse<String> newSurvey = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent
                + "\", \"timeZone\": \"America/New_York\"}");
        assertThat(newSurvey.statusCode()).as(newSurvey.body()).isEqualTo(422);
        assertThat(json(newSurvey.body()).get("error").asText()).isEqualTo("contacted_recently");

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(respondent)).singleElement().satisfies(text ->
                assertThat(text.body()).startsWith("Hi, this is a one-minute survey"));
        assertThat(deferredStarts()).isEmpty();
        TriggerLedger.Entry fallback = ledger.find("fallback:" + call.sessionId()).orElseThrow();
        assertThat(fallback.state()).isEqualTo("started");
        JsonNode sms = json(object("survey-results/" + respondent.substring(1) + "/" + fallback.sessionId()
                + ".json"));
        assertThat(sms.at("/fallbackFrom/sessionId").asText()).isEqualTo(call.sessionId());
        assertThat(sms.at("/fallbackFrom/reason").asText()).isEqualTo("no-answer");
        JsonNode startedEvent = startedEvent(fallback.sessionId());
        assertThat(startedEvent.at("/fallbackFrom/sessionId").asText()).isEqualTo(call.sessionId());
        assertThat(startedEvent.at("/fallbackFrom/reason").asText()).isEqualTo("no-answer");
        JsonNode state = json(send("GET", "/scheduled-starts/" + scheduleId, API_KEY).body());
        assertThat(state.get("state").asText()).isEqualTo("started");
        assertThat(state.get("sessionId").asText()).isEqualTo(fallback.sessionId());
        assertThat(state.at("/fallbackFrom/sessionId").asText()).isEqualTo(call.sessionId());
    }

    @Test
    void aDeferredFallbackIsLookedUpAndCancelledAsAnyDeferredStart() throws Exception {
        callEnds("busy");
        String scheduleId = awaitDeferredFallback();
        HttpResponse<String> found = send("GET", "/scheduled-starts/" + scheduleId, API_KEY);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).as("no number in the answer").doesNotContain(respondent.substring(2));
        JsonNode waiting = json(found.body());
        assertThat(waiting.get("state").asText()).isEqualTo("scheduled");
        assertThat(Instant.parse(waiting.get("scheduledFor").asText())).isEqualTo(nineAm);
        assertThat(waiting.at("/fallbackFrom/sessionId").asText()).isEqualTo(call.sessionId());
        assertThat(waiting.at("/fallbackFrom/reason").asText()).isEqualTo("busy");

        HttpResponse<String> cancelled = send("DELETE", "/scheduled-starts/" + scheduleId, API_KEY);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled.body()).get("state").asText()).isEqualTo("cancelled");
        assertThat(ledger.find("fallback:" + call.sessionId())).map(TriggerLedger.Entry::error)
                .contains("schedule_cancelled");
        assertThat(fallbacks.start(storedCall()).duplicate()).as("a second instance's fallback of the call").isTrue();
        assertThat(deferredStarts()).isEmpty();

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(respondent)).isEmpty();
    }

    /**
     * The number asked the same survey again after the call (with the frequency cap off, an overnight start; or a
     * later call with a fallback of its own): the respondent would have been texted a survey they had just been
     * asked. The deferred fallback is refused when due, and the later session stands alone.
     */
    @Test
    void aDeferredFallbackIsRefusedWhenTheSurveyWasAskedAgainSinceTheCall() throws Exception {
        callEnds("no-answer");
        String scheduleId = awaitDeferredFallback();
        SurveySession called = storedCall();
        var survey = catalog.survey(called.surveyId(), called.surveyVersion());
        String later = SessionStore.newSessionId();
        sessions.create(SurveySession.begin(later, survey, new E164(respondent), com.surveyrelay.survey.Channel.SMS,
                null, nineAm.minus(Duration.ofHours(1))));
        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();

        assertThat(textsTo(respondent)).isEmpty();
        assertThat(deferredStarts()).isEmpty();
        assertThat(ledger.find("fallback:" + call.sessionId())).map(TriggerLedger.Entry::error)
                .contains(FallbackStarts.SURVEY_STARTED_SINCE);
        JsonNode state = json(send("GET", "/scheduled-starts/" + scheduleId, API_KEY).body());
        assertThat(state.get("state").asText()).isEqualTo("refused");
        assertThat(state.get("code").asText()).isEqualTo(FallbackStarts.SURVEY_STARTED_SINCE);
        assertThat(state.get("message").asText()).contains(later).doesNotContain(respondent.substring(2));
    }

    @Test
    void aDeferredFallbackIsRefusedToANumberThatOptedOutMeanwhile() throws Exception {
        callEnds("failed");
        String scheduleId = awaitDeferredFallback();
        consent.optOut(new E164(respondent), RespondentRecords.Sources.SMS_KEYWORD);

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(respondent)).isEmpty();
        assertThat(deferredStarts()).isEmpty();
        assertThat(ledger.find("fallback:" + call.sessionId())).map(TriggerLedger.Entry::error)
                .contains("recipient_opted_out");
        JsonNode state = json(send("GET", "/scheduled-starts/" + scheduleId, API_KEY).body());
        assertThat(state.get("state").asText()).isEqualTo("refused");
        assertThat(state.get("code").asText()).isEqualTo("recipient_opted_out");
    }

    /**
     * The fallback of an unanswered call to a number Twilio refused a text to as no mobile number (21614) is refused
     * when the call ends, as the text would be when due: it was deferred to 9 a.m. and refused only then.
     */
    @Test
    void theFallbackToANumberRememberedAsNoMobileIsNotDeferred() throws Exception {
        respondent = "+15550143003";
        clock.setTo(mondayEvening.minus(Duration.ofMinutes(121)));
        String sessionId = placeManualCall("{\"To\": \"" + respondent + "\", \"timeZone\": \"America/New_York\"}")
                .sessionId();
        call = new PlacedCall(sessionId, SERVICES.twilio().calls().stream()
                .filter(placed -> placed.to().equals(respondent)).findFirst().orElseThrow());
        clock.setTo(mondayEvening.minus(Duration.ofMinutes(119)));
        consent.rememberNotMobile(new E164(respondent));

        callEnds("no-answer");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger.find("fallback:"
                + call.sessionId())).map(TriggerLedger.Entry::error).contains("invalid_recipient"));
        assertThat(deferredStarts()).isEmpty();
        assertThat(textsTo(respondent)).isEmpty();
    }
}
