package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A start whose instance died after claiming its idempotency key ({@code kill -9} between the claim and the outcome)
 * left the key {@code claimed} for good: every retry was answered as a repeat and sent nothing. A claim older than
 * five minutes whose session was never stored is now taken over by the retry, which starts the survey; one whose
 * session was stored may have sent its text, and stays a repeat.
 */
class AbandonedStartClaimTest extends ServiceTest {

    @Autowired
    TriggerLedger ledger;

    private HttpResponse<String> startWithKey(String key) throws Exception {
        return post("/sms/initiate-sms", "application/json", "{\"To\": \"" + respondent + "\"}",
                Map.of("X-Api-Key", API_KEY, "Idempotency-Key", key));
    }

    /** A claim as an instance that died right after taking it leaves it, {@code age} ago, for a session. */
    private void abandonedClaim(String key, Duration age, String sessionId) {
        assertThat(ledger.claim("header:" + key, Instant.now().minus(age), null, sessionId)).isPresent();
    }

    /**
     * A deferral's claim, {@code age} ago, whose deferred start (due in an hour) was never stored: its instance died
     * before storing it.
     */
    private void abandonedDeferral(String key, Duration age) {
        assertThat(ledger.claimDeferral("header:" + key, Instant.now().minus(age), null,
                new TriggerLedger.Deferral(UUID.randomUUID().toString(), Instant.now().plus(Duration.ofHours(1)))))
                .isPresent();
    }

    @Test
    void aRetryTakesOverAClaimWhoseStartDiedBeforeStoringItsSession() throws Exception {
        String key = "order-" + UUID.randomUUID();
        abandonedClaim(key, Duration.ofMinutes(6), SessionStore.newSessionId());

        HttpResponse<String> retry = startWithKey(key);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        JsonNode answer = json(retry.body());
        assertThat(answer.path("success").asBoolean()).isTrue();
        assertThat(answer.path("duplicate").asBoolean(false)).isFalse();
        assertThat(SERVICES.twilio().messages()).singleElement()
                .satisfies(message -> assertThat(message.to()).isEqualTo(respondent));
        assertThat(ledger.find("header:" + key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isEqualTo(answer.path("sessionId").asText());
        });
        JsonNode again = json(startWithKey(key).body());
        assertThat(again.path("duplicate").asBoolean()).as("the key is the retry's now").isTrue();
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }

    /**
     * A claim an earlier version left keeps the plain SHA-256 of its request: it is still that request's, so its retry
     * takes it over, and the key then keeps the keyed fingerprint.
     */
    @Test
    void aRetryTakesOverAnAbandonedClaimKeptWithAPlainFingerprint() throws Exception {
        String key = "order-" + UUID.randomUUID();
        String plain = StartRequest.fingerprint(Channel.SMS, new InitiationRequest(new E164(respondent), null, null));
        assertThat(ledger.claim("header:" + key, Instant.now().minus(Duration.ofMinutes(6)), plain,
                SessionStore.newSessionId())).isPresent();

        HttpResponse<String> retry = startWithKey(key);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(json(retry.body()).path("duplicate").asBoolean(false)).isFalse();
        assertThat(SERVICES.twilio().messages()).hasSize(1);
        assertThat(ledger.find("header:" + key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.request()).startsWith("hmac-sha256:").doesNotContain(plain);
        });
    }

    @Test
    void aClaimUnderFiveMinutesOldIsAStartUnderWayAndItsRetrySendsNothing() throws Exception {
        String key = "order-" + UUID.randomUUID();
        abandonedClaim(key, Duration.ofMinutes(4), SessionStore.newSessionId());

        HttpResponse<String> retry = startWithKey(key);

        assertKeyInUse(retry, 55, 61);
        assertThat(json(retry.body()).path("message").asText()).startsWith("A request under this idempotency key "
                + "has had no outcome for more than 30 s (its instance stopped, or storage failed recording it); "
                + "nothing more was sent. Ask again under the same key in ");
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    /**
     * A claim a few seconds old is a start under way (it settles in a second or two): asked again in 5 s. An older
     * one settles only when it may be taken over, so its retry is told that time, not 5 s sixty times over.
     */
    @Test
    void aYoungClaimIsAskedAgainInFiveSecondsAnOlderOneWhenItMayBeTakenOver() throws Exception {
        String young = "order-" + UUID.randomUUID();
        abandonedClaim(young, Duration.ofSeconds(10), SessionStore.newSessionId());
        String older = "order-" + UUID.randomUUID();
        abandonedClaim(older, Duration.ofSeconds(100), SessionStore.newSessionId());

        assertKeyInUse(startWithKey(young), 5, 5);
        assertKeyInUse(startWithKey(older), 195, 201);
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    @Test
    void anAbandonedClaimWhoseSessionWasStoredMayHaveSentAndIsRecordedAsStartedUnknown() throws Exception {
        HttpResponse<String> first = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        String sessionId = json(first.body()).path("sessionId").asText();
        SERVICES.twilio().clear();
        String key = "order-" + UUID.randomUUID();
        abandonedClaim(key, Duration.ofMinutes(6), sessionId);

        JsonNode retry = json(startWithKey(key).body());

        assertThat(retry.path("duplicate").asBoolean()).isTrue();
        assertThat(retry.path("sessionId").asText()).isEqualTo(sessionId);
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(ledger.find("header:" + key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.error()).isEqualTo("twilio_outcome_unknown");
        });
    }

    /**
     * A claim naming neither a session nor a deferred start was written before claims named them (a deferral's before
     * 2026-12-05): its scheduled start may be stored and fire later, so a retry taking it over could survey the
     * respondent twice. It stays.
     */
    @Test
    void aClaimNamingNoSessionIsNeverTakenOver() throws Exception {
        String key = "order-" + UUID.randomUUID();
        abandonedClaim(key, Duration.ofHours(2), null);

        assertKeyInUse(startWithKey(key), 5, 5);
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    /**
     * A deferral's claim names the deferred start it stores: one never stored (its instance stopped between the claim
     * and the store, or storage failed both the store and freeing the key) deferred nothing, so after five minutes a
     * retry takes the key over, here in contact hours, and starts the survey. (A stored one is never taken over:
     * {@code QuietHoursServiceTest}.)
     */
    @Test
    void aRetryTakesOverADeferralsClaimWhoseStartWasNeverStored() throws Exception {
        String key = "order-" + UUID.randomUUID();
        abandonedDeferral(key, Duration.ofMinutes(6));

        HttpResponse<String> retry = startWithKey(key);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(json(retry.body()).path("duplicate").asBoolean(false)).isFalse();
        assertThat(SERVICES.twilio().messages()).singleElement()
                .satisfies(message -> assertThat(message.to()).isEqualTo(respondent));
        assertThat(ledger.find("header:" + key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.deferral()).isNull();
        });
    }

    /** A deferral's claim under five minutes old whose start is not stored (yet) is under way: the retry waits. */
    @Test
    void aDeferralsClaimUnderFiveMinutesOldWithoutItsStartIsAKeyInUse() throws Exception {
        String key = "order-" + UUID.randomUUID();
        abandonedDeferral(key, Duration.ofMinutes(4));

        assertKeyInUse(startWithKey(key), 55, 61);
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    /**
     * A repeat of a key whose claim has no outcome yet: {@code 409 idempotency_key_in_use} with {@code Retry-After},
     * never a {@code 201} that a client checking the status reads as started (probe H51); its {@code Retry-After}
     * between {@code atLeast} and {@code atMost} seconds (the test's own time passes between the claim and the ask).
     */
    private void assertKeyInUse(HttpResponse<String> retry, int atLeast, int atMost) throws Exception {
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(json(retry.body()).path("error").asText()).isEqualTo("idempotency_key_in_use");
        assertThat(retry.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(atLeast, atMost));
    }
}
