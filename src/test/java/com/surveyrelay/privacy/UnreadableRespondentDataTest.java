package com.surveyrelay.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsPointers;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A respondent's access and erasure with something unreadable in the bucket, against a real S3-protocol server. A
 * session document cut short, or one object under {@code scheduled-starts/} that was no start, made every access and
 * erasure of the number answer 500 for good; now access names what it cannot read and erasure deletes it by its key.
 */
class UnreadableRespondentDataTest {

    private static final String BUCKET = "respondent-data";
    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static PrivacyBucket bucket;
    private static S3Client client;
    private static Survey survey;
    private static SessionStore sessions;
    private static ScheduledStartStore scheduledStarts;
    private static RespondentFootprint footprint;
    private static RespondentConsent consent;

    @BeforeAll
    static void bucket() throws Exception {
        bucket = PrivacyBucket.create(BUCKET);
        client = bucket.client();
        SurveyRelayProperties settings = bucket.settings();
        survey = PrivacyBucket.shippedSurvey();
        sessions = new SessionStore(client, settings);
        scheduledStarts = new ScheduledStartStore(client, settings);
        footprint = new RespondentFootprint(sessions, new OpenSessionMarkers(client, settings), scheduledStarts,
                new ResultExports(), mock(CampaignRespondentRows.class), client, settings);
        consent = mock(RespondentConsent.class);
        when(consent.record(org.mockito.ArgumentMatchers.any())).thenReturn(
                new Respondent(null, null, null, null, null, null, null, null));
    }

    @AfterAll
    static void close() throws Exception {
        bucket.close();
    }

    private static void put(String key, String content) {
        client.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix(prefix)).contents()
                .forEach(object -> keys.add(object.key()));
        return keys;
    }

    /** A finished session of the number, as the store writes it; its id. */
    private static String completedSession(E164 phone) throws Exception {
        SurveySession session = SurveySession.begin(SessionStore.newSessionId(), survey, phone, Channel.SMS, null,
                STARTED);
        ObjectNode document = SurveyJson.mapper().valueToTree(session);
        document.put("surveyStatus", "COMPLETED");
        put(SessionStore.resultsKey(phone, session.sessionId()), SurveyJson.mapper().writeValueAsString(document));
        return session.sessionId();
    }

    /** The start of a completed session's document, cut short in its questions; its id. */
    private static String cutShortSession(E164 phone) throws Exception {
        String sessionId = completedSession(phone);
        String whole = client.getObjectAsBytes(get -> get.bucket(BUCKET).key(SessionStore.resultsKey(phone,
                sessionId))).asUtf8String();
        put(SessionStore.resultsKey(phone, sessionId), whole.substring(0, whole.indexOf("\"questions\"") + 20));
        return sessionId;
    }

    private static String emptySession(E164 phone) {
        String sessionId = SessionStore.newSessionId();
        put(SessionStore.resultsKey(phone, sessionId), "");
        return sessionId;
    }

    @Test
    void accessNamesUnreadableSessionsAndShowsTheRestWithEachDeferredStartAsStored() throws Exception {
        E164 phone = new E164("+15550100601");
        String readable = completedSession(phone);
        String cutShort = cutShortSession(phone);
        String empty = emptySession(phone);
        // Sorts before every real start: it used to stop the reading of them all.
        put(ScheduledStartStore.PREFIX + "0000000000000-00000000-0000-4000-8000-000000000000.json", "{\"id\": ");
        ScheduledStart deferred = new ScheduledStart("6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "sms", phone.value(),
                "es-US", "customer-satisfaction", "America/Chicago", "crm-4711", NOW.plusSeconds(3_600), NOW);
        scheduledStarts.save(deferred);

        ObjectNode report = new RespondentAccess(footprint, consent).report(phone);

        assertThat(report.path("sessions")).singleElement()
                .satisfies(session -> assertThat(session.path("sessionId").asText()).isEqualTo(readable));
        assertThat(report.path("unreadableSessions")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(cutShort, empty);
        assertThat(report.path("notIncluded")).extracting(JsonNode::asText).contains(RespondentAccess.UNREADABLE);
        JsonNode start = report.path("deferredStarts").get(0);
        assertThat(report.path("deferredStarts").size()).isOne();
        assertThat(start.path("timeZone").asText()).isEqualTo("America/Chicago");
        assertThat(start.path("idempotencyKey").asText()).isEqualTo("crm-4711");
        assertThat(start.path("language").asText()).isEqualTo("es-US");
        scheduledStarts.allKeys().forEach(scheduledStarts::delete);
        client.deleteObject(delete -> delete.bucket(BUCKET)
                .key(ScheduledStartStore.PREFIX + "0000000000000-00000000-0000-4000-8000-000000000000.json"));
    }

    @Test
    void erasureDeletesUnreadableSessionsByTheirKeyWithTheCopiesTheyStillName() throws Exception {
        E164 phone = new E164("+15550100602");
        completedSession(phone);
        String cutShort = cutShortSession(phone);
        String empty = emptySession(phone);
        String notAnObject = SessionStore.newSessionId();
        put(SessionStore.resultsKey(phone, notAnObject), "[1, 2]");
        String day = "finished-sessions/customer-satisfaction/2026-12-01/";
        String copy = day + "COMPLETED.sms.en-US." + cutShort + ".json";
        String legacyCopy = "completed-surveys/customer-satisfaction/2026-12-01/" + cutShort + ".json";
        String othersCopy = day + "COMPLETED.sms.en-US." + SessionStore.newSessionId() + ".json";
        put(copy, "{}");
        put(legacyCopy, "{}");
        put(othersCopy, "{}");
        put(ScheduledStartStore.PREFIX + "0000000000001-00000000-0000-4000-8000-000000000001.json", "not json");
        List<Object> published = new ArrayList<>();

        ErasureReport report = new RespondentErasure(footprint, sessions, mock(SmsPointers.class),
                mock(CallPointers.class), consent, mock(OpenSurveyEnds.class),
                mock(com.surveyrelay.campaign.CampaignErasures.class), published::add,
                Clock.fixed(NOW, ZoneOffset.UTC), mock(com.surveyrelay.conversation.SurveyStarts.class)).erase(phone);

        assertThat(report.sessions()).isEqualTo(4);
        assertThat(report.resultsCopies()).isEqualTo(2);
        assertThat(keys("survey-results/" + phone.value().substring(1) + "/")).isEmpty();
        assertThat(keys(copy)).isEmpty();
        assertThat(keys(legacyCopy)).isEmpty();
        assertThat(keys(othersCopy)).as("another session's copy of the same day").containsExactly(othersCopy);
        client.deleteObject(delete -> delete.bucket(BUCKET)
                .key(ScheduledStartStore.PREFIX + "0000000000001-00000000-0000-4000-8000-000000000001.json"));
    }
}
