package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.web.HttpProblem;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The idempotency ledger's documents, as stored under survey-triggers/ and as read back. */
class TriggerLedgerTest {

    private static final String CLAIMANT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static LocalS3 s3;
    private static S3Client client;
    private static TriggerLedger ledger;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket("ledger"));
        ledger = new TriggerLedger(client, new SurveyRelayProperties(URI.create("https://relay.example.com"),
                List.of(), "ledger", "ledger", "bus", "us-east-1", null, null, null, null, 0, null, null));
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    private static String stored(String idempotencyKey) {
        return client.getObjectAsBytes(get -> get.bucket("ledger").key(TriggerLedger.key(idempotencyKey)))
                .asUtf8String();
    }

    /**
     * A claim that names neither a session nor a deferred start (a deferred start's firing, a channel fallback's)
     * and whose answer S3 lost: the SDK's next attempt is refused ({@code 412}, the entry being the first attempt's)
     * and the claim is still the claimant's, told by its {@code claimant}. Until 2026-12-06 such a claim was taken for
     * another's: the due start was left "claimed by another instance" and removed unsent an hour later, the fallback
     * never sent.
     */
    @Test
    void aClaimNamingNothingWhoseAnswerWasLostIsTheClaimantsOwn() {
        java.time.Instant at = java.time.Instant.parse("2026-12-06T02:00:00Z");
        s3.loseAnswers(TriggerLedger.key("scheduled-start:lost-answer"), 1);
        try {
            assertThat(ledger.claim("scheduled-start:lost-answer", at)).isPresent();
            s3.loseAnswers(TriggerLedger.key("fallback:lost-answer"), 1);
            assertThat(ledger.claim("fallback:lost-answer")).isPresent();
        } finally {
            s3.loseAnswers("", 0);
        }
        assertThat(ledger.claim("scheduled-start:lost-answer", at)).as("claimed once").isEmpty();
        assertThat(ledger.claim("fallback:lost-answer")).as("claimed once").isEmpty();
    }

    /**
     * Two claimants of one key at the same instant (a fixed clock): the second one's first attempt failed (503, not
     * stored) and its retry met the first claimant's entry. That is another's claim, though it holds the same state
     * and time: the claimant ids differ.
     */
    @Test
    void anotherClaimantsClaimAtTheSameInstantIsNotTakenForOnesOwn() {
        java.time.Instant at = java.time.Instant.parse("2026-12-06T02:00:00Z");
        assertThat(ledger.claim("scheduled-start:same-instant", at)).isPresent();
        s3.faults().setFor(com.surveyrelay.local.Faults.Mode.ERROR, 1, TriggerLedger.key("scheduled-start:same-instant"));
        try {
            assertThat(ledger.claim("scheduled-start:same-instant", at)).isEmpty();
        } finally {
            s3.faults().clear();
        }
    }

    @Test
    void aKeysObjectIsNamedByItsSha256SoClaimsStoredBeforeAnUpgradeAreStillFound() {
        // printf 'order-42' | sha256sum
        assertThat(TriggerLedger.key("order-42")).isEqualTo(TriggerLedger.PREFIX
                + "3bf8b157c4238eefe5ae4a66eca81c6b887d4dcedb58dd674271859f4dc2edfd.json");
    }

    @Test
    void aClaimIsStoredOnceAndAnsweredEmptyTheSecondTime() {
        assertThat(ledger.claim("order-1")).hasValueSatisfying(entry -> assertThat(entry.state()).isEqualTo("claimed"));
        assertThat(stored("order-1")).matches("\\{\"state\":\"claimed\",\"claimant\":\"" + CLAIMANT + "\"}");
        assertThat(ledger.claim("order-1")).isEmpty();
    }

    /** A claim taken with its time keeps it, ISO-8601, and reads it back: how another instance ages the claim. */
    @Test
    void aClaimTakenWithItsTimeReadsItBack() {
        java.time.Instant at = java.time.Instant.parse("2026-12-02T14:00:05Z");
        assertThat(ledger.claim("scheduled-start:s-1", at)).isPresent();
        assertThat(stored("scheduled-start:s-1"))
                .matches("\\{\"state\":\"claimed\",\"claimedAt\":\"2026-12-02T14:00:05Z\",\"claimant\":\"" + CLAIMANT
                        + "\"}");
        assertThat(ledger.find("scheduled-start:s-1")).map(TriggerLedger.Entry::claimedAt).contains(at);
    }

    /**
     * A deferral's claim names the deferred start it stores, so a repeat can look for it; an entry written before
     * (no {@code deferral}) still reads, naming none.
     */
    @Test
    void aDeferralsClaimNamesItsDeferredStartAndAnOlderClaimStillReads() {
        java.time.Instant at = java.time.Instant.parse("2026-12-05T03:00:00Z");
        java.time.Instant fires = java.time.Instant.parse("2026-12-05T14:00:00Z");
        String scheduleId = "00000000-0000-4000-8000-0000000000d1";
        assertThat(ledger.claimDeferral("order-d", at, "hmac-sha256:ab",
                new TriggerLedger.Deferral(scheduleId, fires))).isPresent();
        assertThat(stored("order-d")).isEqualTo("{\"state\":\"claimed\",\"claimedAt\":\"2026-12-05T03:00:00Z\","
                + "\"request\":\"hmac-sha256:ab\",\"deferral\":{\"scheduleId\":\"" + scheduleId + "\","
                + "\"scheduledFor\":\"2026-12-05T14:00:00Z\"}}");
        assertThat(ledger.find("order-d")).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("claimed");
            assertThat(entry.sessionId()).isNull();
            assertThat(entry.deferral()).isEqualTo(new TriggerLedger.Deferral(scheduleId, fires));
        });
        assertThat(ledger.claimDeferral("order-d", at, null, new TriggerLedger.Deferral(scheduleId, fires))).isEmpty();

        client.putObject(put -> put.bucket("ledger").key(TriggerLedger.key("order-old")),
                software.amazon.awssdk.core.sync.RequestBody.fromString(
                        "{\"state\":\"claimed\",\"claimedAt\":\"2026-12-04T03:00:00Z\"}"));
        assertThat(ledger.find("order-old")).hasValueSatisfying(entry -> assertThat(entry.deferral()).isNull());
    }

    @Test
    void aStartIsStoredWithItsSessionAndReadBack() {
        ledger.claim("order-2");
        ledger.startedUnknown("order-2", "session-2");
        assertThat(stored("order-2"))
                .isEqualTo("{\"state\":\"started\",\"sessionId\":\"session-2\",\"error\":\"twilio_outcome_unknown\"}");
        assertThat(ledger.find("order-2")).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isEqualTo("session-2");
            assertThat(entry.error()).isEqualTo("twilio_outcome_unknown");
            assertThat(entry.etag()).isNotBlank();
        });
    }

    @Test
    void aFailureHasNoSessionAndAFieldItDoesNotKnowIsIgnored() {
        ledger.failed("order-3", "invalid_to");
        assertThat(stored("order-3")).isEqualTo("{\"state\":\"failed\",\"error\":\"invalid_to\"}");
        s3.putDirect("ledger", TriggerLedger.key("order-4"),
                "{\"state\":\"started\",\"sessionId\":\"s-4\",\"by\":\"v2\"}");
        assertThat(ledger.find("order-4")).hasValueSatisfying(entry -> assertThat(entry.sessionId()).isEqualTo("s-4"));
        assertThat(ledger.find("order-5")).isEmpty();
    }

    @Test
    void aRefusalKeepsItsStatusAndMessageToBeAnsweredAgain() {
        ledger.failed("order-6", new HttpProblem(400, "unknown_language", "The survey has no prompts in de-DE."), "fp");
        assertThat(stored("order-6")).isEqualTo("{\"state\":\"failed\",\"error\":\"unknown_language\","
                + "\"request\":\"fp\",\"status\":400,\"message\":\"The survey has no prompts in de-DE.\"}");
        assertThat(ledger.find("order-6")).hasValueSatisfying(entry -> {
            assertThat(entry.status()).isEqualTo(400);
            assertThat(entry.message()).isEqualTo("The survey has no prompts in de-DE.");
        });
        ledger.failed("order-7", "internal_error");
        assertThat(ledger.find("order-7")).hasValueSatisfying(entry -> assertThat(entry.status()).isNull());
    }
}
