package com.surveyrelay.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.web.HttpProblem;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** What a respondent's access request shows of each session, against a real S3-protocol server. */
class RespondentAccessTest {

    private static final String BUCKET = "respondent-access";
    private static final Instant STARTED = Instant.parse("2026-12-05T10:00:00Z");

    private static PrivacyBucket bucket;
    private static S3Client client;
    private static RespondentAccess access;

    @BeforeAll
    static void bucket() throws Exception {
        bucket = PrivacyBucket.create(BUCKET);
        client = bucket.client();
        SurveyRelayProperties settings = bucket.settings();
        SessionStore sessions = new SessionStore(client, settings);
        RespondentFootprint footprint = new RespondentFootprint(sessions, new OpenSessionMarkers(client, settings),
                new ScheduledStartStore(client, settings), new ResultExports(), mock(CampaignRespondentRows.class),
                client, settings);
        RespondentConsent consent = mock(RespondentConsent.class);
        when(consent.record(org.mockito.ArgumentMatchers.any())).thenReturn(
                new Respondent(null, null, null, null, null, null, null, null));
        access = new RespondentAccess(footprint, consent);
    }

    @AfterAll
    static void close() throws Exception {
        bucket.close();
    }

    /**
     * A finished SMS survey keeps, in its document's inbox, each text's MessageSid and the texts it was answered
     * with, the last of them repeating every answer ("Here is what you told us: ..."): texts sent to the number, which
     * the access answer left out as bookkeeping (privacy audit of a local run: the inbox held "my email is
     * bob@example.com" in the goodbye's summary). Each session now shows them under {@code twilio}; the delivery ids
     * stay out.
     */
    @Test
    void eachSessionShowsTheTextsItSentAndItsTwilioIds() throws Exception {
        E164 phone = new E164("+15550140402");
        SurveySession session = SurveySession.begin(SessionStore.newSessionId(), PrivacyBucket.shippedSurvey(),
                phone, Channel.SMS, null, STARTED);
        ObjectNode document = SurveyJson.mapper().valueToTree(session);
        document.put("surveyStatus", "COMPLETED");
        document.set("inbox", SurveyJson.mapper().readTree("""
                {"messages": [
                  {"messageSid": "SM4d6efadcaaf94191b016a74fc7dc494c", "replies": ["Great, let's get started."],
                   "deliveryId": "314651fa"},
                  {"messageSid": "SM57f6ee0f22394dd19726b5441cdc518b", "replies": ["Goodbye.",
                   "Here is what you told us:\\n1. 4\\n2. my email is bob@example.com"], "deliveryId": "76ae6321"},
                  {"messageSid": "SMb72b73631ba54d329aa4d35a28e93ecf", "replies": []}],
                 "callSid": "CA77dfccfa4b1944b2b207af8849829909"}
                """));
        client.putObject(put -> put.bucket(BUCKET).key(SessionStore.resultsKey(phone, session.sessionId())),
                RequestBody.fromString(SurveyJson.mapper().writeValueAsString(document)));

        ObjectNode report = access.report(phone);

        JsonNode shown = report.path("sessions").get(0);
        assertThat(shown.path("twilio")).isEqualTo(SurveyJson.mapper().readTree("""
                {"callSid": "CA77dfccfa4b1944b2b207af8849829909", "texts": [
                  {"messageSid": "SM4d6efadcaaf94191b016a74fc7dc494c", "replies": ["Great, let's get started."]},
                  {"messageSid": "SM57f6ee0f22394dd19726b5441cdc518b", "replies": ["Goodbye.",
                   "Here is what you told us:\\n1. 4\\n2. my email is bob@example.com"]},
                  {"messageSid": "SMb72b73631ba54d329aa4d35a28e93ecf", "replies": []}]}
                """));
        assertThat(shown.has("inbox")).isFalse();
        assertThat(shown.has("outbox")).isFalse();
    }

    /**
     * A number of a length no number of its country code has is told as mistyped when nothing is stored under it
     * (answered with empty lists until 2026-12-06), and served when something is: sessions started before starts
     * checked the length (2026-12-05) may name one.
     */
    @Test
    void aNumberOfAnImpossibleLengthIsRefusedOnlyWhenNothingIsStoredUnderIt() throws Exception {
        assertThatThrownBy(() -> access.report(new E164("+1555014")))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("invalid_phone");
                    assertThat(problem.getMessage()).startsWith("phone is too short for country code +1, and nothing "
                            + "is stored under it");
                });

        E164 storedBefore = new E164("+1555015");
        SurveySession session = SurveySession.begin(SessionStore.newSessionId(), PrivacyBucket.shippedSurvey(),
                storedBefore, Channel.SMS, null, STARTED);
        client.putObject(put -> put.bucket(BUCKET).key(SessionStore.resultsKey(storedBefore, session.sessionId())),
                RequestBody.fromString(SurveyJson.mapper().writeValueAsString(session)));
        assertThat(access.report(storedBefore).path("sessions")).hasSize(1);
    }
}
