package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.conversation.FallbackStarts;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.local.Faults;
import com.surveyrelay.schedule.ScheduledStartFiring;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Quiet hours end to end, on a clock set to a Monday 10 p.m. in New York: a start to a New York number is not
 * sent but deferred, durably (in the bucket), answered 202 with the next 9 a.m.; repeats of a request with an
 * idempotency key are deferred once; when due, two pollers racing (this instance's and a second one on the same
 * bucket, as after a restart or with two replicas) fire it once. A request naming a zone where it is daytime starts
 * at once.
 */
class QuietHoursServiceTest extends NewYorkEveningTest {

    @Autowired
    SurveyStarts starts;

    @Autowired
    SurveyCatalog catalog;

    @Autowired
    FallbackStarts fallbacks;

    @Autowired
    RespondentConsent consent;

    private String newYorker;

    @BeforeEach
    void aNewYorker() {
        newYorker = "+1212555" + respondent.substring(respondent.length() - 4);
    }

    /**
     * The first Tuesday from {@code day} on when the NANP keeps daylight time, or standard time, that day and the
     * fortnight after it (as far as a start looks for an opening): Newfoundland (UTC-3:30, UTC-2:30 in summer) and Guam
     * (UTC+10) bound the window open in all 42 NANP zones at once, 23:00-23:30 UTC for 09:00-20:00 in winter and none
     * from March to November (Newfoundland's 20:00 is then 22:30 UTC, before Guam's 09:00).
     */
    static LocalDate nanpTuesday(LocalDate day, boolean daylightTime) {
        ZoneRules newfoundland = ZoneId.of("America/St_Johns").getRules();
        LocalDate tuesday = day.with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
        while (newfoundland.isDaylightSavings(tuesday.atStartOfDay(ZoneOffset.UTC).toInstant()) != daylightTime
                || newfoundland.isDaylightSavings(tuesday.plusDays(16).atStartOfDay(ZoneOffset.UTC).toInstant())
                        != daylightTime) {
            tuesday = tuesday.plusWeeks(1);
        }
        return tuesday;
    }

    private HttpResponse<String> start(String body, Map<String, String> headers) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + API_KEY);
        return post("/sms/initiate-sms", "application/json", body, all);
    }

    @Test
    void aStartInQuietHoursIsDeferredDurablyAndFiresOnceWhenDue() throws Exception {
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        var logged = com.surveyrelay.LoggedLines.during(com.surveyrelay.conversation.SurveyStarts.class,
                () -> answers.add(start("{\"To\": \"" + newYorker + "\"}", Map.of())));
        HttpResponse<String> deferred = answers.get(0);
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        JsonNode body = json(deferred.body());
        assertThat(body.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(body.get("scheduledFor").asText())).isEqualTo(nineAm);
        String scheduleId = body.get("scheduleId").asText();
        // The line names the scheduled start, which a bus request's sender can find nowhere else (until 2026-12-07).
        assertThat(logged).extracting(line -> line.getFormattedMessage())
                .anyMatch(line -> line.startsWith("Deferred a sms survey") && line.contains(scheduleId));
        assertThat(keys(ScheduledStartStore.PREFIX)).anyMatch(key -> key.endsWith(scheduleId + ".json")
                && !key.contains(newYorker.substring(1)));
        assertThat(textsTo(newYorker)).as("nothing sent in quiet hours").isEmpty();

        clock.setTo(nineAm.minusSeconds(60));
        assertThat(firing.fireDue()).as("not due a minute early").isZero();

        clock.setTo(nineAm.plusSeconds(5));
        // A second instance on the same bucket (its own poller, no state but the bucket's) races this one.
        ScheduledStartFiring secondInstance = new ScheduledStartFiring(store, ledger, starts, clock,
                event -> { }, () -> 0, com.surveyrelay.conversation.ContactPace.NONE);
        CompletableFuture<Integer> here = CompletableFuture.supplyAsync(firing::fireDue);
        CompletableFuture<Integer> there = CompletableFuture.supplyAsync(secondInstance::fireDue);
        assertThat(here.get() + there.get()).isGreaterThanOrEqualTo(1);
        assertThat(textsTo(newYorker)).as("one welcome text").hasSize(1);
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith(scheduleId + ".json"));
        assertThat(firing.fireDue() + secondInstance.fireDue()).isZero();
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    @Test
    void aRepeatedRequestWithAnIdempotencyKeyIsDeferredOnce() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "order-" + newYorker);
        JsonNode first = json(start("{\"To\": \"" + newYorker + "\"}", key).body());
        HttpResponse<String> again = start("{\"To\": \"" + newYorker + "\"}", key);
        assertThat(again.statusCode()).as("answered as the first was: deferred, not started").isEqualTo(202);
        JsonNode repeat = json(again.body());
        assertThat(repeat.get("duplicate").asBoolean()).isTrue();
        assertThat(repeat.get("scheduled").asBoolean()).isTrue();
        assertThat(repeat.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(repeat.get("scheduleId").asText()).isEqualTo(first.get("scheduleId").asText());
        // The first answer's survey and channel too (since 2026-12-07), without its scheduledFor, which is not kept.
        assertThat(repeat.get("surveyId").asText()).isEqualTo(first.get("surveyId").asText());
        assertThat(repeat.get("channel").asText()).isEqualTo("sms");
        assertThat(keys(ScheduledStartStore.PREFIX)).filteredOn(k -> k.contains(first.get("scheduleId").asText()))
                .hasSize(1);

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(newYorker)).hasSize(1);
        HttpResponse<String> fired = start("{\"To\": \"" + newYorker + "\"}", key);
        assertThat(fired.statusCode()).isEqualTo(201);
        JsonNode afterwards = json(fired.body());
        assertThat(afterwards.get("status").asText()).as("the key now names the started survey").isEqualTo("STARTED");
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A deferred bare {@code en} (the survey's one English then, {@code en-US}) stays one request under its key as the
     * survey's Englishes change: retried once the survey gained a British one and so no longer knows which {@code en}
     * means (a new request is refused 400), it is answered as deferred; fired in {@code en-US}, its outcome is kept
     * under the key as asked, so a retry after the survey dropped {@code en-US} ({@code en} now {@code en-GB}) is
     * answered as started, not 422.
     */
    @Test
    void aDeferredBareLanguageStaysARepeatAsTheSurveysEnglishesChange() throws Exception {
        EnglishVariantSurveys variants = new EnglishVariantSurveys(catalog, "deferred-en-" + newYorker.substring(1));
        Map<String, String> key = Map.of("Idempotency-Key", "order-en-" + newYorker);
        String body = "{\"To\": \"" + newYorker + "\", \"defaultLanguage\": \"en\", \"surveyId\": \""
                + variants.surveyId() + "\"}";
        try {
            variants.upload("es-MX", "en-US", "es-MX");
            HttpResponse<String> deferred = start(body, key);
            assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
            String scheduleId = json(deferred.body()).get("scheduleId").asText();

            variants.upload("es-MX", "en-US", "en-GB", "es-MX");
            HttpResponse<String> ambiguous = start(body, key);
            assertThat(ambiguous.statusCode()).as(ambiguous.body()).isEqualTo(202);
            assertThat(json(ambiguous.body()).get("duplicate").asBoolean()).isTrue();
            assertThat(json(ambiguous.body()).get("scheduleId").asText()).isEqualTo(scheduleId);
            assertThat(start(body, Map.of("Idempotency-Key", "another-" + newYorker)).statusCode())
                    .as("a new request is refused").isEqualTo(400);

            clock.setTo(nineAm.plusSeconds(5));
            firing.fireDue();
            assertThat(textsTo(newYorker)).hasSize(1);

            variants.upload("es-MX", "en-GB", "es-MX");
            HttpResponse<String> fired = start(body, key);
            assertThat(fired.statusCode()).as(fired.body()).isEqualTo(201);
            assertThat(json(fired.body()).get("duplicate").asBoolean()).isTrue();
            assertThat(json(fired.body()).get("status").asText()).isEqualTo("STARTED");
            assertThat(textsTo(newYorker)).hasSize(1);
        } finally {
            variants.remove();
        }
    }

    /**
     * The deferral was stored but the ledger failed to record it under its key: the request was answered 503, so its
     * retry (a campaign row's was recorded skipped) stood beside a start that still fired. It is answered deferred, and
     * a repeat is answered as the deferral was ({@code 202}, its {@code scheduleId}; a {@code 201} with
     * {@code "status": "claimed"} until 2026-12-05) and defers nothing again.
     */
    @Test
    void aDeferralTheLedgerFailedToRecordIsAnsweredDeferredAndFiresOnce() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "ledger-fails-" + newYorker);
        String body = "{\"To\": \"" + newYorker + "\"}";
        String scheduleId = deferredWithoutItsLedgerRecord(body, key);

        assertRepeatIsDeferred(start(body, key), scheduleId);
        assertThat(keys(ScheduledStartStore.PREFIX)).as("deferred once")
                .filteredOn(stored -> stored.endsWith(scheduleId + ".json")).hasSize(1);
        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(newYorker)).hasSize(1);
        assertThat(json(start(body, key).body()).get("status").asText()).isEqualTo("STARTED");
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A deferral whose key stayed {@code claimed} is no start that died half way: its claim names the deferred start,
     * which is stored, so a repeat after the claim's five minutes does not take the key over (a second deferral, a
     * second survey beside the first); it is answered as the deferral was, and the survey goes out once.
     */
    @Test
    void aClaimedDeferralIsNotTakenOverAfterFiveMinutesAndFiresOnce() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "claimed-deferral-" + newYorker);
        String body = "{\"To\": \"" + newYorker + "\"}";
        String scheduleId = deferredWithoutItsLedgerRecord(body, key);
        clock.setTo(clock.instant().plus(java.time.Duration.ofMinutes(6)));

        assertRepeatIsDeferred(start(body, key), scheduleId);
        assertThat(deferralsTo(newYorker)).as("deferred once").containsExactly(scheduleId);
        assertThat(ledger.find("claimed-deferral-" + newYorker)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("claimed");
            assertThat(entry.deferral().scheduleId()).isEqualTo(scheduleId);
        });
        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A claimed deferral whose start fell due after contact hours had closed again was moved to their next opening
     * (same id, a later key): a repeat still finds it there, and defers nothing again.
     */
    @Test
    void aClaimedDeferralMovedWhenDueLateIsStillFound() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "moved-deferral-" + newYorker);
        String body = "{\"To\": \"" + newYorker + "\"}";
        String scheduleId = deferredWithoutItsLedgerRecord(body, key);
        clock.setTo(nineAm.plus(java.time.Duration.ofHours(11).plusMinutes(30)));
        firing.fireDue();
        assertThat(keys(ScheduledStartStore.PREFIX)).as("moved to the next morning")
                .filteredOn(stored -> stored.endsWith(scheduleId + ".json")).singleElement()
                .satisfies(stored -> assertThat(stored).doesNotContain(String.valueOf(nineAm.toEpochMilli())));

        assertRepeatIsDeferred(start(body, key), scheduleId);
        assertThat(deferralsTo(newYorker)).as("deferred once").containsExactly(scheduleId);
        assertThat(textsTo(newYorker)).isEmpty();
    }

    /**
     * Defers a start under {@code key} while storage fails every ledger write after the key's claim, so the deferral
     * is stored and its key stays {@code claimed}; answered 202 all the same.
     *
     * @return the deferred start's {@code scheduleId}
     */
    private String deferredWithoutItsLedgerRecord(String body, Map<String, String> key) throws Exception {
        // Two served: the look for a claim made under header:<key> before 2026-12-06, and the key's claim.
        SERVICES.s3().faults().setAfter(com.surveyrelay.local.Faults.Mode.INTERNAL_ERROR, 2, "survey-triggers/");
        HttpResponse<String> deferred;
        try {
            deferred = start(body, key);
        } finally {
            SERVICES.s3().faults().clear();
        }
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        return json(deferred.body()).get("scheduleId").asText();
    }

    /** A repeat answered as the deferral {@code scheduleId} was: {@code 202}, a duplicate, scheduled. */
    private static void assertRepeatIsDeferred(HttpResponse<String> again, String scheduleId) throws Exception {
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        JsonNode answer = json(again.body());
        assertThat(answer.path("duplicate").asBoolean()).as("a repeat, not a second deferral: " + again.body())
                .isTrue();
        assertThat(answer.path("scheduled").asBoolean()).isTrue();
        assertThat(answer.path("scheduleId").asText()).isEqualTo(scheduleId);
    }

    /** The ids of the deferred starts to {@code number} in the bucket. */
    private List<String> deferralsTo(String number) {
        return store.allKeys().stream().map(store::find).flatMap(java.util.Optional::stream)
                .filter(deferred -> deferred.to().equals(number)).map(deferred -> deferred.id()).toList();
    }

    /** Deferred, then refused when due (the number opted out meanwhile): a retry reads that refusal, sending nothing. */
    @Test
    void aRepeatOfARequestRefusedWhenDueIsAnsweredWithThatRefusal() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "refused-when-due-" + newYorker);
        assertThat(start("{\"To\": \"" + newYorker + "\"}", key).statusCode()).isEqualTo(202);
        HttpResponse<String> stop = twilio("/sms/webhook", Map.of("From", newYorker, "To",
                com.surveyrelay.local.LocalServices.PHONE_NUMBER, "Body", "STOP", "MessageSid",
                "SM" + "7".repeat(28) + newYorker.substring(newYorker.length() - 4)));
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);

        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();
        HttpResponse<String> again = start("{\"To\": \"" + newYorker + "\"}", key);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("recipient_opted_out");
        assertThat(textsTo(newYorker)).isEmpty();
    }

    /** A call to the New Yorker that ended {@code reason} at the test clock's time (10 p.m. in New York). */
    private SurveySession endedCall(String reason) {
        Survey survey = catalog.survey(null);
        SurveySession begun = SurveySession.begin("call-" + java.util.UUID.randomUUID(), survey, new E164(newYorker),
                Channel.VOICE, survey.defaultLanguage(), clock.instant());
        return new SurveySession(begun.sessionId(), begun.surveyId(), begun.surveyVersion(), begun.surveyTo(),
                Channel.VOICE, begun.languageSet(), SurveyStatus.ABANDONED, SessionStep.FINISHED, 0, 1, 0, 0,
                begun.surveyStarted(), clock.instant(), null, clock.instant(), reason, begun.questions(), null, null,
                null, null, null, null, null, null);
    }

    /** A call dropped mid-survey goes on by text at once: the respondent was just talking. */
    @Test
    void aDroppedCallGoesOnByTextInQuietHours() {
        SurveySession call = endedCall("hangup");
        assertThat(fallbacks.start(call).sessionId()).isNotNull();
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * An SMS start in quiet hours to a number Twilio refused a text to as no mobile number (21614) is refused
     * {@code 422 invalid_recipient} at once, as one in the day is: it was deferred ({@code 202}) and refused only when
     * it fired.
     */
    @Test
    void aTextInQuietHoursToANumberRememberedAsNoMobileIsRefusedAtOnce() throws Exception {
        String landline = "+15550143002";
        consent.rememberNotMobile(new E164(landline));

        HttpResponse<String> refused = start("{\"To\": \"" + landline
                + "\", \"timeZone\": \"America/New_York\"}", Map.of());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_recipient");
        assertThat(json(refused.body()).get("message").asText()).contains("Twilio error 21614");
    }

    @Test
    void aRequestNamingAZoneWhereItIsDaytimeStartsAtOnce() throws Exception {
        HttpResponse<String> started = start("{\"To\": \"" + newYorker + "\", \"timeZone\": \"Asia/Tokyo\"}",
                Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A campaign row deferred by quiet hours stayed {@code scheduled} in the campaign's status for good, though it
     * started hours later: the campaign's answer now says how its deferred rows ended.
     */
    @Test
    void aCampaignsDeferredRowIsCountedOnceItStarts() throws Exception {
        String campaign = "deferred-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-0123456789ab";
        com.surveyrelay.conversation.StartedSurvey deferred = starts.start(new com.surveyrelay.initiation.StartRequest(
                com.surveyrelay.survey.Channel.SMS, new com.surveyrelay.initiation.InitiationRequest(
                        com.surveyrelay.survey.E164.parse(newYorker).orElseThrow(), null, null, null),
                "campaign-row:" + campaign + ":2"));
        assertThat(deferred.deferredByQuietHours()).isTrue();
        try (software.amazon.awssdk.services.s3.S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(com.surveyrelay.local.LocalServices.BUCKET)
                    .key("campaigns/" + campaign + "/status.json"), software.amazon.awssdk.core.sync.RequestBody
                    .fromString("{\"id\":\"" + campaign + "\",\"fileName\":\"promo.csv\",\"state\":\"finished\","
                            + "\"total\":2,\"done\":1,\"failed\":0,\"skipped\":0,\"scheduled\":1,\"pending\":0,"
                            + "\"ratePerSecond\":1,\"etaSeconds\":0}"));
            s3.putObject(put -> put.bucket(com.surveyrelay.local.LocalServices.BUCKET)
                    .key("campaigns/" + campaign + "/results.csv"), software.amazon.awssdk.core.sync.RequestBody
                    .fromString("row,phone,channel,language,surveyId,outcome,reason,detail,sessionId,timeZone\r\n"
                            + "2," + newYorker + ",sms,,,scheduled,quiet_hours,Deferred by quiet hours.,,\r\n"
                            + "3,+15550100000,sms,,,failed,invalid_phone,Not a number.,,\r\n"));
        }
        java.util.function.Supplier<JsonNode> report = () -> {
            try {
                HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + port + "/campaigns/" + campaign)).header("X-Api-Key", API_KEY).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                return json(answer.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(report.get().get("deferredRows").toString()).isEqualTo("{\"started\":0,\"refused\":0}");
        assertThat(report.get().get("scheduled").asInt()).as("the status as the run wrote it").isOne();

        clock.setTo(nineAm.plusSeconds(5));
        assertThat(firing.fireDue()).as("other tests' starts may fall due too").isPositive();

        assertThat(textsTo(newYorker)).hasSize(1);
        assertThat(report.get().get("deferredRows").toString()).isEqualTo("{\"started\":1,\"refused\":0}");
        // Its results file says so too (scheduled for good until 2026-12-07), with the session it opened.
        HttpResponse<String> results = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/campaigns/" + campaign + "/results.csv")).header("X-Api-Key", API_KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(results.statusCode()).as(results.body()).isEqualTo(200);
        assertThat(results.body()).matches(java.util.regex.Pattern.quote(
                "row,phone,channel,language,surveyId,outcome,reason,detail,sessionId,timeZone\r\n"
                + "2," + newYorker + ",sms,,,started,,Deferred by quiet hours.; started when due.,")
                + "[0-9a-f-]{36}" + java.util.regex.Pattern.quote(",\r\n"
                + "3,+15550100000,sms,,,failed,invalid_phone,Not a number.,,\r\n"));
    }

    /**
     * A deferred start that falls due late (Twilio or S3 down at 9 a.m., an instance down all day) went out whatever
     * the hour: at 9 p.m. it waits for the next morning instead.
     */
    @Test
    void aDeferredStartFiringAfterTheHoursClosedAgainWaitsForTheNextMorning() throws Exception {
        HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\"}", Map.of());
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        String scheduleId = json(deferred.body()).get("scheduleId").asText();

        clock.setTo(nineAm.plus(java.time.Duration.ofHours(12))); // 9 p.m. the same Tuesday
        firing.fireDue(); // other tests' starts may fall due and fire; this one must not
        assertThat(textsTo(newYorker)).isEmpty();
        Instant wednesdayNineAm = nineAm.plus(java.time.Duration.ofDays(1));
        assertThat(keys(ScheduledStartStore.PREFIX)).as("moved to the next morning")
                .contains(ScheduledStartStore.PREFIX + String.format("%013d", wednesdayNineAm.toEpochMilli()) + "-"
                        + scheduleId + ".json")
                .noneMatch(key -> key.startsWith(ScheduledStartStore.PREFIX
                        + String.format("%013d", nineAm.toEpochMilli())));

        clock.setTo(wednesdayNineAm.plusSeconds(5));
        assertThat(firing.fireDue()).as("other tests' starts may fall due too").isPositive();
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A deferred start whose number is in another survey when it falls due was refused survey_in_progress and dropped
     * for good: it waits a quarter of an hour and tries again.
     */
    @Test
    void aDeferredStartWhoseNumberIsBusyWhenDueWaitsForItsSurveyToEnd() throws Exception {
        HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\", \"surveyId\": \"quarterly-nps\"}",
                Map.of("Idempotency-Key", "nps-" + newYorker));
        String scheduleId = json(deferred.body()).get("scheduleId").asText();
        clock.setTo(nineAm.plusSeconds(5));
        assertThat(start("{\"To\": \"" + newYorker + "\"}", Map.of()).statusCode()).as("another survey, at 9")
                .isEqualTo(201);

        firing.fireDue(); // other tests' starts may fall due and fire; this one must not
        assertThat(textsTo(newYorker)).hasSize(1);
        Instant retry = nineAm.plusSeconds(5).plus(java.time.Duration.ofMinutes(15));
        assertThat(keys(ScheduledStartStore.PREFIX)).filteredOn(key -> key.contains(scheduleId)).singleElement()
                .satisfies(key -> assertThat(Long.parseLong(key.substring(ScheduledStartStore.PREFIX.length(),
                        ScheduledStartStore.PREFIX.length() + 13))).as("a quarter of an hour later")
                        .isBetween(retry.toEpochMilli(), retry.toEpochMilli() + 1_000));
        HttpResponse<String> repeat = start("{\"To\": \"" + newYorker + "\", \"surveyId\": \"quarterly-nps\"}",
                Map.of("Idempotency-Key", "nps-" + newYorker));
        assertThat(json(repeat.body()).get("status").asText()).as("its key was freed while it waited, and a repeat "
                + "of the request started a second survey").isEqualTo("SCHEDULED");

        for (String answer : List.of("continue", "4", "the app", "5", "nothing")) {
            twilio("/sms/webhook", Map.of("From", newYorker, "To", com.surveyrelay.local.LocalServices.PHONE_NUMBER,
                    "Body", answer, "MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", "")));
        }
        clock.setTo(retry.plusSeconds(2));
        assertThat(firing.fireDue()).as("other tests' starts may fall due too").isPositive();
        assertThat(textsTo(newYorker)).as("the deferred survey's welcome, once the first ended").hasSize(2)
                .last().satisfies(message -> assertThat(message.body()).startsWith("Hi, this is our two-minute"));
    }

    /**
     * The same start sent three times at night (a client retrying without an idempotency key): all three were
     * deferred; at 9 one started, the other two waited a quarter of an hour for it to end, and the respondent who had
     * finished the survey got it again. A deferred start whose number is in that very survey when it falls due repeats
     * a request already being served, and is refused survey_in_progress for good, as it would be by day.
     */
    @Test
    void aDeferredStartWhoseNumberIsInThatVerySurveyIsRefusedForGood() throws Exception {
        List<String> scheduleIds = new java.util.ArrayList<>();
        for (int request = 1; request <= 3; request++) {
            HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\"}",
                    Map.of("Idempotency-Key", "retry-" + request + "-" + newYorker));
            assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
            scheduleIds.add(json(deferred.body()).get("scheduleId").asText());
        }
        clock.setTo(nineAm.plusSeconds(5));
        firing.fireDue();

        assertThat(textsTo(newYorker)).as("one welcome").hasSize(1);
        assertThat(keys(ScheduledStartStore.PREFIX)).as("none left to fire later")
                .noneMatch(key -> scheduleIds.stream().anyMatch(key::contains));
        List<String> states = new java.util.ArrayList<>();
        for (int request = 1; request <= 3; request++) {
            JsonNode repeat = json(start("{\"To\": \"" + newYorker + "\"}",
                    Map.of("Idempotency-Key", "retry-" + request + "-" + newYorker)).body());
            states.add(repeat.has("status") ? repeat.get("status").asText() : repeat.get("error").asText());
        }
        assertThat(states).as("each key says what became of its request").containsExactlyInAnyOrder("STARTED",
                "survey_in_progress", "survey_in_progress");
        assertThat(textsTo(newYorker)).hasSize(1);
    }

    /**
     * A +1 number whose area code the phone metadata does not know (the fictional 555) may be anywhere in the NANP,
     * Guam to Pago Pago; it was held to {@code DEFAULT_TIME_ZONE} and deferred to 09:00 UTC, 04:00 in New York. Under
     * 09:00-20:00 it now waits for the half hour that is open in all 42 zones (18:00 in New York, 09:00 the next day
     * in Guam) while the NANP keeps standard time, and is refused in summer, when that half hour does not exist;
     * under a working day, which is never open in all of them at once, it is refused 422, asking for the respondent's
     * timeZone, and nothing is sent. The seasons are set, not taken from the day the test runs: it failed from March
     * to November.
     */
    @Test
    void aNanpNumberWithAnUnknownAreaCodeWaitsForHoursOpenAcrossTheNanpOrIsRefused() throws Exception {
        LocalDate fromNow = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        eveningBefore(nanpTuesday(fromNow, false));
        HttpResponse<String> deferred = start("{\"To\": \"" + respondent + "\"}", Map.of());
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        assertThat(Instant.parse(json(deferred.body()).get("scheduledFor").asText())).as("23:00 UTC")
                .isEqualTo(nineAm.atZone(ZoneOffset.UTC).withHour(23).toInstant());

        eveningBefore(nanpTuesday(fromNow, true));
        String inSummer = newRespondent();
        HttpResponse<String> summer = start("{\"To\": \"" + inSummer + "\"}", Map.of());
        assertThat(summer.statusCode()).as(summer.body()).isEqualTo(422);
        assertThat(json(summer.body()).get("error").asText()).isEqualTo("contact_hours_never_open");
        assertThat(textsTo(inSummer)).isEmpty();

        // A real clock: a working day is never open in every NANP zone at once, whatever the hour.
        try (ServiceInstance workingDay = ServiceInstance.start(Map.of("survey-relay.consent.contact-days", "MON-FRI",
                "survey-relay.consent.contact-hours", "09:00-17:00", "survey-relay.consent.scheduled-starts-poll",
                "1h"))) {
            String number = newRespondent();
            HttpResponse<String> refused = startSurvey(workingDay.port(), "/sms/initiate-sms",
                    "{\"To\": \"" + number + "\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused.body()).get("error").asText()).isEqualTo("contact_hours_never_open");
            assertThat(json(refused.body()).get("message").asText()).isEqualTo("The contact hours (MON,TUE,WED,THU,"
                    + "FRI 09:00-17:00) never open in all of this number's time zones at once (its area code is "
                    + "unknown to the phone metadata, so it may be in any of its country's 42 zones); give the "
                    + "respondent's timeZone.");
            assertThat(textsTo(number)).isEmpty();
        }
    }

    @Test
    void aZoneThatIsNotIanaIsRefused() throws Exception {
        HttpResponse<String> refused = start("{\"To\": \"" + newYorker + "\", \"timeZone\": \"EST\"}", Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_time_zone");
        assertThat(start("{\"To\": \"" + newYorker + "\", \"timeZone\": \"UTC\"}", Map.of()).statusCode())
                .as("UTC is an IANA name: 3 a.m. there, so deferred").isEqualTo(202);
    }

    /**
     * A due start whose text leaves without Twilio's answer (the connection reset) may have reached the respondent: its
     * claim is recorded started, with the doubt and the session kept open for the reply, and the start is removed,
     * never sent again. It was once recorded failed, as if nothing had gone out.
     */
    @Test
    void aDueStartWhoseTextMayHaveGoneOutIsRecordedStartedAndNotSentAgain() throws Exception {
        String idempotencyKey = "unknown-" + newYorker;
        HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\"}",
                Map.of("Idempotency-Key", idempotencyKey));
        String scheduleId = json(deferred.body()).get("scheduleId").asText();
        String claim = "scheduled-start:" + scheduleId;
        clock.setTo(nineAm.plusSeconds(5));

        SERVICES.twilio().faults().setFor(Faults.Mode.RESET, 1);
        try {
            assertThat(firing.fireDue()).isEqualTo(1);
        } finally {
            SERVICES.twilio().faults().clear();
        }

        TriggerLedger.Entry entry = ledger.find(claim).orElseThrow();
        assertThat(entry.state()).isEqualTo("started");
        assertThat(entry.error()).isEqualTo("twilio_outcome_unknown");
        JsonNode session = json(object("survey-results/" + newYorker.substring(1) + "/" + entry.sessionId() + ".json"));
        assertThat(session.get("surveyStatus").asText()).as("open for the reply").isEqualTo("STARTED");
        TriggerLedger.Entry request = ledger.find(idempotencyKey).orElseThrow();
        assertThat(request.state()).as("the request's own key names the session too").isEqualTo("started");
        assertThat(request.sessionId()).isEqualTo(entry.sessionId());
        assertThat(request.error()).isEqualTo("twilio_outcome_unknown");
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith(scheduleId + ".json"));
        assertThat(firing.fireDue()).isZero();
        assertThat(textsTo(newYorker)).as("nothing sent again").isEmpty();
    }

    /**
     * One instance claims a due start and fails on our side (Twilio down, say), so it releases the claim to try again;
     * another instance polling meanwhile finds the claim taken. That one leaves the start alone: it once deleted it,
     * and the start was never sent. The claimant's part is played here by hand, with the ledger.
     */
    @Test
    void aStartAnotherInstanceClaimedAndReleasedFiresAtTheNextPoll() throws Exception {
        HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\"}", Map.of());
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        String scheduleId = json(deferred.body()).get("scheduleId").asText();
        // Two hours overdue (a long outage): the claim, just taken, is still under way.
        clock.setTo(nineAm.plus(java.time.Duration.ofHours(2)));
        String claim = "scheduled-start:" + scheduleId;
        assertThat(ledger.claim(claim, clock.instant())).as("the other instance's claim").isPresent();

        // Other tests' starts in the shared bucket may fall due too: only this number's texts count.
        firing.fireDue();
        assertThat(textsTo(newYorker)).as("claimed elsewhere: not fired here").isEmpty();
        assertThat(keys(ScheduledStartStore.PREFIX)).as("and not removed while the claim is under way")
                .anyMatch(key -> key.endsWith(scheduleId + ".json"));

        ledger.release(claim); // the other instance's start failed on our side
        firing.fireDue();
        assertThat(textsTo(newYorker)).as("one welcome text").hasSize(1);
        assertThat(ledger.find(claim)).map(TriggerLedger.Entry::state).contains("started");
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith(scheduleId + ".json"));
    }

    /**
     * A start whose claim never ended (its instance stopped between claim and start) is removed unsent once the claim
     * is an hour old; one whose claimant recorded it started but failed to remove it is removed at the next poll.
     */
    @Test
    void aStartClaimedElsewhereIsRemovedOnceItEndedOrWasAbandoned() throws Exception {
        String abandoned = json(start("{\"To\": \"" + newYorker + "\"}", Map.of()).body()).get("scheduleId")
                .asText();
        String other = "+1212666" + respondent.substring(respondent.length() - 4);
        String ended = json(start("{\"To\": \"" + other + "\"}", Map.of()).body()).get("scheduleId").asText();
        clock.setTo(nineAm.plusSeconds(5));
        assertThat(ledger.claim("scheduled-start:" + abandoned, clock.instant())).isPresent();
        assertThat(ledger.claim("scheduled-start:" + ended, clock.instant())).isPresent();
        ledger.started("scheduled-start:" + ended, "a-session-id");

        firing.fireDue();
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith(ended + ".json"))
                .anyMatch(key -> key.endsWith(abandoned + ".json"));

        clock.setTo(nineAm.plus(java.time.Duration.ofHours(ScheduledStartFiring.ABANDONED_HOURS)).plusSeconds(10));
        firing.fireDue();
        assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.endsWith(abandoned + ".json"));
        assertThat(textsTo(newYorker)).isEmpty();
        assertThat(textsTo(other)).isEmpty();
    }

    @Test
    void aStartDeferredBeforeARestartFiresOnceOnAnotherInstance() throws Exception {
        // Deferred on this instance last week, from a Monday evening in New York: due since then.
        LocalDate lastTuesday = LocalDate.now(NEW_YORK).minusDays(2).with(TemporalAdjusters.previous(DayOfWeek.TUESDAY));
        clock.setTo(lastTuesday.atTime(LocalTime.of(22, 0)).atZone(NEW_YORK).minusDays(1).toInstant());
        HttpResponse<String> deferred = start("{\"To\": \"" + newYorker + "\"}", Map.of());
        assertThat(deferred.statusCode()).as(deferred.body()).isEqualTo(202);
        String scheduleId = json(deferred.body()).get("scheduleId").asText();
        assertThat(textsTo(newYorker)).isEmpty();

        // This instance goes away (its clock, and its poller, play no further part); a new one starts on the bucket.
        // Its poller is stopped: its first poll (two seconds after the context started) could find the start due
        // outside this instance's hours (a run at 21:00 in New York) and move it to the next morning.
        camel.getRouteController().stopRoute("scheduled-starts");
        clock.reset();
        // No contact hours, so open whenever this runs: a start that falls due outside them waits for their next
        // opening (aDeferredStartFiringAfterTheHoursClosedAgainWaitsForTheNextMorning), and MON-SUN 00:00-23:59 was
        // closed from 23:59 to midnight in New York.
        try (ServiceInstance next = ServiceInstance.start(Map.of("survey-relay.consent.contact-days", "",
                "survey-relay.consent.contact-hours", "",
                "survey-relay.consent.scheduled-starts-poll", "1s"))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(45)).untilAsserted(() ->
                    assertThat(keys(ScheduledStartStore.PREFIX)).noneMatch(key -> key.contains(scheduleId)));
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(2000)).atMost(java.time.Duration.ofMillis(4000)).untilAsserted(() ->
                    assertThat(textsTo(newYorker)).as("fired once, by whichever instance polled first").hasSize(1));
        } finally {
            camel.getRouteController().startRoute("scheduled-starts");
        }
    }
}
