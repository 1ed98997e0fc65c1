package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which repeats of a claimed idempotency key {@link SurveyStarts} compares with the claim's fingerprint: a caller's
 * key always (draft-ietf-httpapi-idempotency-key-header, section 2.7), a campaign row's never. A row's key is the
 * campaign's own, so a claim under it with another fingerprint ({@code RESPONDENT_HASH_KEY} changed since, or an
 * instance on another version claimed it) is still the row's; refused {@code 422 idempotency_key_reused}, the row
 * was recorded failed, "nothing was sent", beside a text that went.
 *
 * <p>And what is compared: the language as the request asked it ({@code en}), not the survey's tag it meant then
 * ({@code en-US}), so a retry stays a repeat after the survey gained a second English; a fingerprint kept of the
 * survey's tag, as before, still matches.
 */
class StartFingerprintComparisonTest extends ServiceTest {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    @Autowired
    SurveyStarts starts;

    @Autowired
    TriggerLedger ledger;

    @Autowired
    SurveyCatalog catalog;

    private EnglishVariantSurveys survey;

    /** A new test survey in {@code en-US} and {@code es-MX}, Spanish its default: its id. {@code en} means en-US. */
    private String newSurveyInAmericanEnglishAndSpanish() {
        survey = new EnglishVariantSurveys(catalog, "english-variants-" + NEXT_ID.incrementAndGet());
        survey.upload("es-MX", "en-US", "es-MX");
        return survey.surveyId();
    }

    /** The test survey gains a British English, and has no English as its default: {@code en} is ambiguous. */
    private void surveyGainsABritishEnglish() {
        survey.upload("es-MX", "en-US", "en-GB", "es-MX");
    }

    private static void assertRepeatOfStarted(StartedSurvey retry, String sessionId) {
        assertThat(retry.repeatsEarlierRequest()).isTrue();
        assertThat(retry.status()).isEqualTo("STARTED");
        assertThat(retry.sessionId()).isEqualTo(sessionId);
    }

    @AfterEach
    void removeTheTestSurvey() {
        if (survey != null) {
            survey.remove();
        }
    }

    private StartRequest smsIn(String language, String surveyId, String key) {
        return new StartRequest(Channel.SMS, new InitiationRequest(new E164(respondent), language, surveyId), key);
    }

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
        assertThat(answer.status()).isEqualTo("STARTED");
        assertThat(answer.sessionId()).isEqualTo(sessionId);
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(ledger.find(key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isEqualTo(sessionId);
        });
    }

    /**
     * A bare {@code en}, started in the survey's one English ({@code en-US}); the survey then gains a British English
     * and has none as its default, so {@code en} is ambiguous (a new request is refused 400): the retry under the key
     * is answered as the first was, not {@code 422 idempotency_key_reused}, nor {@code 400}.
     */
    @Test
    void aRetryOfABareLanguageIsARepeatAfterTheSurveyGainsASecondEnglish() {
        String surveyId = newSurveyInAmericanEnglishAndSpanish();
        String key = "header:order-" + UUID.randomUUID();
        StartedSurvey first = starts.start(smsIn("en", surveyId, key));
        assertThat(first.language()).as("runs in the survey's tag").isEqualTo("en-US");

        surveyGainsABritishEnglish();
        StartedSurvey retry = starts.start(smsIn("en", surveyId, key));

        assertRepeatOfStarted(retry, first.sessionId());
        assertThat(SERVICES.twilio().messages()).as("one welcome text").hasSize(1);
        HttpProblem anotherKey = catchThrowableOfType(() -> starts.start(smsIn("en", surveyId,
                "header:order-" + UUID.randomUUID())), HttpProblem.class);
        assertThat(anotherKey.code()).as("a new request is refused").isEqualTo("unknown_language");
    }

    /**
     * A key claimed by the version that kept the survey's tag ({@code en-US} for a request's {@code en}) is still a
     * repeat of {@code en}: while {@code en} means {@code en-US}, once it means it among others, and once the survey's
     * default English is another.
     */
    @Test
    void aKeyClaimedWithTheSurveysTagIsStillARepeatOfTheBareLanguage() {
        String surveyId = newSurveyInAmericanEnglishAndSpanish();
        String key = "header:order-" + UUID.randomUUID();
        String sessionId = SessionStore.newSessionId();
        String surveysTag = "hmac-sha256:" + StartRequest.keyedFingerprint(Channel.SMS,
                new InitiationRequest(new E164(respondent), "en-US", surveyId), LocalServices.RESPONDENT_HASH_KEY);
        assertThat(ledger.claim(key, Instant.now(), surveysTag, sessionId)).isPresent();
        ledger.started(key, sessionId, surveysTag);

        StartedSurvey whileItMeansEnUs = starts.start(smsIn("en", surveyId, key));
        surveyGainsABritishEnglish();
        StartedSurvey onceAmbiguous = starts.start(smsIn("en", surveyId, key));
        survey.upload("en-GB", "en-US", "en-GB", "es-MX");
        StartedSurvey onceItMeansEnGb = starts.start(smsIn("en", surveyId, key));

        assertRepeatOfStarted(whileItMeansEnUs, sessionId);
        assertRepeatOfStarted(onceAmbiguous, sessionId);
        assertRepeatOfStarted(onceItMeansEnGb, sessionId);
        assertThat(SERVICES.twilio().messages()).isEmpty();
    }

    /** Another language under the key is another request: {@code es}, or {@code es-MX}, after {@code en}. */
    @Test
    void anotherLanguageUnderTheKeyIsStillRefused() {
        String surveyId = newSurveyInAmericanEnglishAndSpanish();
        String key = "header:order-" + UUID.randomUUID();
        starts.start(smsIn("en", surveyId, key));

        for (String other : List.of("es", "es-MX")) {
            HttpProblem refused = catchThrowableOfType(() -> starts.start(smsIn(other, surveyId, key)),
                    HttpProblem.class);
            assertThat(refused).as(other).isNotNull();
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("idempotency_key_reused");
        }
        assertThat(SERVICES.twilio().messages()).hasSize(1);
    }
}
