package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code GET} and {@code DELETE /scheduled-starts/{scheduleId}}, end to end, on a Monday 10 p.m. in New York
 * ({@link NewYorkEveningTest}): a deferred start is looked up in each state it goes
 * through; a cancelled one never fires, and its request's key answers the cancel; a cancel racing a firing has one
 * winner; an erasure deletes the outcome kept of a start that ended.
 */
class ScheduledStartLookupTest extends NewYorkEveningTest {

    /** A New York number of this test's own. */
    private static String newYorker() {
        String number = newRespondent();
        return "+1212555" + number.substring(number.length() - 4);
    }

    /** Defers an SMS start to {@code to} (it is 10 p.m. there); its scheduleId. */
    private String defer(String to, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + API_KEY);
        HttpResponse<String> deferred = post("/sms/initiate-sms", "application/json", "{\"To\": \"" + to + "\"}",
                all);
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        return json(deferred.body()).get("scheduleId").asText();
    }

    private JsonNode lookUp(String scheduleId) throws Exception {
        HttpResponse<String> found = send("GET", "/scheduled-starts/" + scheduleId, API_KEY);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return json(found.body());
    }

    private HttpResponse<String> cancel(String scheduleId) throws Exception {
        return send("DELETE", "/scheduled-starts/" + scheduleId, API_KEY);
    }

    @Test
    void aDeferredStartIsLookedUpScheduledThenStartingThenStarted() throws Exception {
        String newYorker = newYorker();
        String scheduleId = defer(newYorker, Map.of());

        HttpResponse<String> scheduled = send("GET", "/scheduled-starts/" + scheduleId, API_KEY);
        assertThat(scheduled.statusCode()).isEqualTo(200);
        // Without the schedule's id: a random UUID holds any four digits now and then (CI at 3717545 met "1065").
        assertThat(scheduled.body().replace(scheduleId, "")).as("no number in the answer")
                .doesNotContain(newYorker.substring(2)).doesNotContain(newYorker.substring(newYorker.length() - 4));
        JsonNode waiting = json(scheduled.body());
        assertThat(waiting.get("state").asText()).isEqualTo("scheduled");
        assertThat(waiting.get("scheduleId").asText()).isEqualTo(scheduleId);
        assertThat(Instant.parse(waiting.get("scheduledFor").asText())).isEqualTo(nineAm);
        assertThat(waiting.get("channel").asText()).isEqualTo("sms");
        assertThat(waiting.has("sessionId")).isFalse();
        assertThat(lookUp(scheduleId.toUpperCase()).get("state").asText()).as("a UUID in any case").isEqualTo(
                "scheduled");

        // Another instance fires it now: it holds the start's claim.
        String claim = "scheduled-start:" + scheduleId;
        assertThat(ledger.claim(claim, clock.instant())).isPresent();
        assertThat(lookUp(scheduleId).get("state").asText()).isEqualTo("starting");
        ledger.release(claim); // its start failed on our side

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(newYorker)).hasSize(1);
        JsonNode started = lookUp(scheduleId);
        assertThat(started.get("state").asText()).isEqualTo("started");
        assertThat(started.get("sessionId").asText()).isEqualTo(ledger.find(claim).orElseThrow().sessionId());
        assertThat(Instant.parse(started.get("scheduledFor").asText())).isEqualTo(nineAm);
        assertThat(Instant.parse(started.get("endedAt").asText())).isBetween(nineAm, clock.instant());
        assertThat(started.has("code")).isFalse();
        assertThat(keys(ScheduledStartStore.OUTCOMES + scheduleId + ".json")).hasSize(1);

        HttpResponse<String> tooLate = cancel(scheduleId);
        assertThat(tooLate.statusCode()).as(tooLate.body()).isEqualTo(409);
        assertThat(json(tooLate.body()).get("error").asText()).isEqualTo("schedule_not_cancellable");
        assertThat(json(tooLate.body()).get("message").asText()).contains("started");
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    @Test
    void aStartRefusedWhenDueIsLookedUpRefusedWithItsCodeAndMessage() throws Exception {
        String newYorker = newYorker();
        String scheduleId = defer(newYorker, Map.of());
        HttpResponse<String> stop = twilio("/sms/webhook", Map.of("From", newYorker, "To",
                LocalServices.PHONE_NUMBER, "Body", "STOP", "MessageSid",
                "SM" + "8".repeat(28) + newYorker.substring(newYorker.length() - 4)));
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        JsonNode refused = lookUp(scheduleId);
        assertThat(refused.get("state").asText()).isEqualTo("refused");
        assertThat(refused.get("code").asText()).isEqualTo("recipient_opted_out");
        assertThat(refused.get("message").asText()).isNotBlank();
        assertThat(textsTo(newYorker)).isEmpty();
    }

    @Test
    void aCancelledStartNeverFiresAndARepeatOfItsRequestIsAnsweredCancelled() throws Exception {
        String newYorker = newYorker();
        Map<String, String> key = Map.of("Idempotency-Key", "cancel-me-" + newYorker);
        String scheduleId = defer(newYorker, key);

        HttpResponse<String> cancelled = cancel(scheduleId);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode answer = json(cancelled.body());
        assertThat(answer.get("state").asText()).isEqualTo("cancelled");
        assertThat(answer.get("code").asText()).isEqualTo("schedule_cancelled");
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(stored -> stored.contains(scheduleId));
        assertThat(keys(ScheduledStartStore.OUTCOMES + scheduleId + ".json")).hasSize(1);
        assertThat(lookUp(scheduleId).get("state").asText()).isEqualTo("cancelled");
        HttpResponse<String> again = cancel(scheduleId);
        assertThat(again.statusCode()).as("a repeat answers it again").isEqualTo(200);
        assertThat(json(again.body()).get("state").asText()).isEqualTo("cancelled");

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(newYorker)).isEmpty();
        Map<String, String> all = new HashMap<>(key);
        all.put("Authorization", "Bearer " + API_KEY);
        HttpResponse<String> repeat = post("/sms/initiate-sms", "application/json", "{\"To\": \"" + newYorker
                + "\"}", all);
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(409);
        assertThat(json(repeat.body()).get("error").asText()).isEqualTo("schedule_cancelled");
        assertThat(textsTo(newYorker)).isEmpty();
    }

    /**
     * A copy a late firing moved to the next opening (it read the start before the cancel deleted it) is met by a
     * later poll, which finds the claim cancelled and removes it unsent.
     */
    @Test
    void aCopyOfACancelledStartLeftByAFiringIsRemovedUnsent() throws Exception {
        String newYorker = newYorker();
        String scheduleId = defer(newYorker, Map.of());
        ScheduledStart start = store.findById(scheduleId).orElseThrow().start();
        assertThat(cancel(scheduleId).statusCode()).isEqualTo(200);
        store.save(start); // as the firing's move wrote it back

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(stored -> stored.endsWith("-" + scheduleId + ".json"));
        assertThat(textsTo(newYorker)).isEmpty();
        assertThat(lookUp(scheduleId).get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void aCancelRacingAFiringHasOneWinnerAndNothingGoesOutAfterItsCancel() throws Exception {
        for (int round = 0; round < 4; round++) {
            clock.setTo(mondayEvening);
            String newYorker = newYorker();
            String scheduleId = defer(newYorker, Map.of());
            clock.setTo(nineAm.plusSeconds(5));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> cancel = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return cancel(scheduleId);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Integer> fire = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return firing.fireDue();
            });
            go.countDown();
            HttpResponse<String> cancelled = cancel.get();
            fire.get();
            firing.fireDue(); // a later poll
            assertThat(cancelled.statusCode()).as(cancelled.body()).isIn(200, 409);
            String state = lookUp(scheduleId).get("state").asText();
            if (cancelled.statusCode() == 200) {
                assertThat(textsTo(newYorker)).as("round " + round + ": cancelled, so never sent").isEmpty();
                assertThat(state).isEqualTo("cancelled");
            } else {
                assertThat(textsTo(newYorker)).as("round " + round + ": fired once").hasSize(1);
                assertThat(state).isEqualTo("started");
            }
            assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith("-" + scheduleId + ".json"));
        }
    }

    @Test
    void anUnknownMalformedOrUnauthorisedLookupIsRefused() throws Exception {
        String unknown = UUID.randomUUID().toString();
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> missing = send(method, "/scheduled-starts/" + unknown, API_KEY);
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
            assertThat(json(missing.body()).get("error").asText()).isEqualTo("unknown_schedule");
            HttpResponse<String> malformed = send(method, "/scheduled-starts/not-a-uuid", API_KEY);
            assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
            assertThat(json(malformed.body()).get("error").asText()).isEqualTo("invalid_schedule_id");
            HttpResponse<String> anonymous = send(method, "/scheduled-starts/" + unknown, null);
            assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
            assertThat(json(anonymous.body()).get("error").asText()).isEqualTo("missing_api_key");
        }
    }

    @Test
    void aCampaignRowsStartIsShownAndLeftToItsCampaignsCancel() throws Exception {
        String id = UUID.randomUUID().toString();
        ScheduledStart row = new ScheduledStart(id, "sms", newYorker(), null, null, null,
                "campaign-row:promo-0123456789ab:7", nineAm.plus(Duration.ofDays(400)), clock.instant());
        store.save(row);
        try {
            JsonNode shown = lookUp(id);
            assertThat(shown.get("state").asText()).isEqualTo("scheduled");
            assertThat(shown.get("campaignId").asText()).isEqualTo("promo-0123456789ab");
            HttpResponse<String> refused = cancel(id);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused.body()).get("error").asText()).isEqualTo("campaign_row");
            assertThat(json(refused.body()).get("message").asText())
                    .contains("POST /campaigns/promo-0123456789ab/cancel");
            assertThat(store.findById(id)).as("left as it was").isPresent();
        } finally {
            store.delete(store.findById(id).orElseThrow().key());
        }
    }

    @Test
    void anErasureDeletesTheOutcomeKeptOfItsNumbersStart() throws Exception {
        String newYorker = newYorker();
        String scheduleId = defer(newYorker, Map.of());
        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(keys(ScheduledStartStore.OUTCOMES + scheduleId + ".json")).hasSize(1);
        // Past the minute an erasure waits for a start to reach its respondent.
        clock.setTo(nineAm.plus(Duration.ofMinutes(5)));

        HttpResponse<String> access = post("/respondents/access", "application/json", "{\"phone\": \"" + newYorker
                + "\"}", Map.of("X-Api-Key", API_KEY));
        assertThat(access.statusCode()).as(access.body()).isEqualTo(200);
        assertThat(json(access.body()).get("deferredStartOutcomes")).singleElement().satisfies(outcome -> {
            assertThat(outcome.get("scheduleId").asText()).isEqualTo(scheduleId);
            assertThat(outcome.get("state").asText()).isEqualTo("started");
        });
        HttpResponse<String> erasure = post("/respondents/erasure", "application/json", "{\"phone\": \"" + newYorker
                + "\"}", Map.of("X-Api-Key", API_KEY));
        assertThat(erasure.statusCode()).as(erasure.body()).isEqualTo(200);
        assertThat(json(erasure.body()).get("deferredStartOutcomes").asInt()).isEqualTo(1);
        assertThat(keys(ScheduledStartStore.OUTCOMES + scheduleId + ".json")).isEmpty();
        JsonNode afterwards = lookUp(scheduleId);
        assertThat(afterwards.get("state").asText()).as("from the ledger's claim, which holds no number")
                .isEqualTo("started");
        assertThat(afterwards.has("channel")).isFalse();
    }

    /**
     * A deferred start an erasure deleted is recorded cancelled under its request's key: until 2026-12-07 a repeat of
     * the request was answered {@code 202 "scheduled"} for a start that would never fire (an integrator's probe).
     */
    @Test
    void aRepeatOfARequestWhoseDeferredStartWasErasedIsToldItWasCancelled() throws Exception {
        String newYorker = newYorker();
        Map<String, String> key = Map.of("Idempotency-Key", "erased-" + newYorker);
        defer(newYorker, key);
        HttpResponse<String> erasure = post("/respondents/erasure", "application/json", "{\"phone\": \"" + newYorker
                + "\"}", Map.of("X-Api-Key", API_KEY));
        assertThat(erasure.statusCode()).as(erasure.body()).isEqualTo(200);
        assertThat(json(erasure.body()).get("deferredStarts").asInt()).isEqualTo(1);

        Map<String, String> again = new HashMap<>(key);
        again.put("Authorization", "Bearer " + API_KEY);
        HttpResponse<String> repeat = post("/sms/initiate-sms", "application/json", "{\"To\": \"" + newYorker
                + "\"}", again);
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(409);
        assertThat(json(repeat.body()).get("error").asText()).isEqualTo("schedule_cancelled");
        assertThat(json(repeat.body()).get("message").asText()).contains("the respondent's data was erased")
                .doesNotContain(newYorker.substring(1));
    }
}
