package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which repeats of a claimed idempotency key {@link SurveyStarts} compares with the claim's fingerprint: a caller's
 * key always (draft-ietf-httpapi-idempotency-key-header, section 2.7), a campaign row's never. A row's key is the
 * campaign's own, so a claim under it with another fingerprint ({@code RESPONDENT_HASH_KEY} changed since, or an
 * instance on another version claimed it) is still the row's; refused {@code 422 idempotency_key_reused}, the row
 * was recorded failed, "nothing was sent", beside a text that went.
 */
class StartFingerprintComparisonTest extends ServiceTest {

    @Autowired
    SurveyStarts starts;

    @Autowired
    TriggerLedger ledger;

    /** The start under {@code key} as the service recorded it, fingerprinted under a hash key rotated away since. */
    private void startedUnderAnEarlierHashKey(String key, InitiationRequest asked, String sessionId) {
        String earlier = "hmac-sha256:" + StartRequest.keyedFingerprint(Channel.SMS, asked, "rotated-away-hash-key");
        assertThat(ledger.claim(key, Instant.now(), earlier, sessionId)).isPresent();
        ledger.started(key, sessionId, earlier);
    }

    /**
     * A caller's key claimed with another fingerprint is refused, as before; so is one shaped like a campaign row's
     * ({@code campaign-row:}, which the HTTP API and the bus refuse from callers): only the campaign runner's
     * {@link StartRequest#ofCampaignRow} skips the comparison, not a key's shape.
     */
    @Test
    void aCallersKeyClaimedWithAnotherFingerprintIsStillRefused() {
        InitiationRequest asked = new InitiationRequest(new E164(respondent), null, null);
        for (String key : List.of("header:order-" + UUID.randomUUID(),
                "campaign-row:promo-" + UUID.randomUUID().toString().substring(0, 12) + ":2")) {
            startedUnderAnEarlierHashKey(key, asked, SessionStore.newSessionId());

            HttpProblem refused = catchThrowableOfType(() -> starts.start(new StartRequest(Channel.SMS, asked, key)),
                    HttpProblem.class);

            assertThat(refused).as(key).isNotNull();
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("idempotency_key_reused");
        }
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    /** A campaign row's start under its key, claimed with another fingerprint: a repeat, answered as the claim says. */
    @Test
    void aCampaignRowsKeyClaimedWithAnotherFingerprintIsARepeat() {
        InitiationRequest asked = new InitiationRequest(new E164(respondent), null, null);
        String key = "campaign-row:promo-" + UUID.randomUUID().toString().substring(0, 12) + ":2";
        String sessionId = SessionStore.newSessionId();
        startedUnderAnEarlierHashKey(key, asked, sessionId);

        StartedSurvey answer = starts.start(StartRequest.ofCampaignRow(Channel.SMS, asked, key));

        assertThat(answer.repeatsEarlierRequest()).isTrue();
        assertThat(answer.status()).isEqualTo("started");
        assertThat(answer.sessionId()).isEqualTo(sessionId);
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(ledger.find(key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isEqualTo(sessionId);
        });
    }
}
