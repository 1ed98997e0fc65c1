package com.surveyrelay.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.SmsPointers;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * An erasure that failed half way (S3 down after the sessions were deleted) left the number's pointer naming a session
 * no longer there; the same request again must delete it, as the README promises, and not take it for a survey. An
 * unfinished campaign naming the number refuses the erasure before anything is deleted.
 */
class RespondentErasureTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final E164 PHONE = new E164("+15550100555");
    private static final String GONE = "0b0f5c1e-6a57-4e8e-9d3a-2f1b7c9e4a10";
    private static final Survey SURVEY = PrivacyBucket.shippedSurvey();

    private final RespondentFootprint footprint = mock(RespondentFootprint.class);
    private final SessionStore sessions = mock(SessionStore.class);
    private final SmsPointers smsPointers = mock(SmsPointers.class);
    private final CallPointers callPointers = mock(CallPointers.class);
    private final RespondentConsent consent = mock(RespondentConsent.class);
    private final OpenSurveyEnds ends = mock(OpenSurveyEnds.class);

    private RespondentErasure erasure() {
        when(footprint.openSessions(PHONE)).thenReturn(List.of());
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(), List.of()));
        when(footprint.deferredStarts(PHONE)).thenReturn(List.of());
        when(callPointers.find(PHONE)).thenReturn(Optional.empty());
        when(sessions.find(any(SessionRef.class))).thenReturn(Optional.empty());
        when(consent.record(PHONE)).thenReturn(new Respondent(null, null, null, null, null, null, null, null));
        return new RespondentErasure(footprint, sessions, smsPointers, callPointers, consent, ends,
                mock(com.surveyrelay.campaign.CampaignErasures.class), event -> { },
                Clock.fixed(NOW, ZoneOffset.UTC), mock(com.surveyrelay.conversation.SurveyStarts.class));
    }

    @Test
    void aPointerLeftByAnErasureThatFailedHalfWayIsDeletedByTheNextOne() {
        RespondentErasure erasure = erasure();
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(new SmsConversation(GONE, "\"e1\"",
                NOW.minus(Duration.ofMinutes(10)))));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.pointers()).isOne();
        verify(smsPointers).removeSmsConversation(PHONE);
    }

    @Test
    void aPointerASurveyStartedSinceTheFirstReadIsKept() {
        RespondentErasure erasure = erasure();
        SmsConversation old = new SmsConversation(GONE, "\"e1\"", NOW.minus(Duration.ofMinutes(10)));
        SmsConversation taken = new SmsConversation("6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "\"e2\"",
                NOW.minusSeconds(1));
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(old), Optional.of(taken));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.pointers()).isZero();
        verify(smsPointers, never()).removeSmsConversation(PHONE);
    }

    /** A session of the number as stored, with the status given. */
    private static StoredSession session(String sessionId, SurveyStatus status) throws Exception {
        SurveySession begun = SurveySession.begin(sessionId, SURVEY, PHONE, Channel.SMS, null, NOW.minusSeconds(60));
        ObjectNode document = SurveyJson.mapper().valueToTree(begun);
        document.put("surveyStatus", status.name());
        return new StoredSession(SurveyJson.mapper().treeToValue(document, SurveySession.class), null, null, "\"e1\"");
    }

    /**
     * A survey running for the number no longer refuses the erasure (it did, 409 survey_in_progress, for up to
     * SMS_CONVERSATION_TIMEOUT): it is ended first, then erased with the rest, its marker and pointer too.
     */
    @Test
    void aRunningSurveyIsEndedFirstThenErasedWithItsMarkerAndPointer() throws Exception {
        RespondentErasure erasure = erasure();
        StoredSession running = session(GONE, SurveyStatus.STARTED);
        StoredSession ended = session(GONE, SurveyStatus.ABANDONED);
        when(footprint.openSessions(PHONE)).thenReturn(List.of(running.ref()));
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(running), List.of()));
        when(ends.end(running.ref())).thenReturn(Optional.of(new OpenSurveyEnds.Ending(ended, true, true)));
        when(footprint.resultsCopies(ended.session())).thenReturn(List.of());
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(new SmsConversation(GONE, "\"e1\"",
                NOW.minus(Duration.ofMinutes(10)))));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.surveysEnded()).isOne();
        assertThat(report.sessions()).isOne();
        assertThat(report.pointers()).isOne();
        InOrder order = inOrder(ends, sessions, footprint);
        order.verify(ends).end(running.ref());
        order.verify(footprint).resultsCopies(ended.session());
        order.verify(sessions).erase(running.ref());
        order.verify(ends).erased(running.ref());
        // Looked for again at the end: the relay may have been writing the copy as the survey ended.
        order.verify(footprint).resultsCopies(ended.session());
        verify(smsPointers).removeSmsConversation(PHONE);
    }

    /** A finished survey with nothing left to deliver is not written to: it is deleted as it was read. */
    @Test
    void aFinishedSurveyIsErasedWithoutBeingEnded() throws Exception {
        RespondentErasure erasure = erasure();
        StoredSession completed = session(GONE, SurveyStatus.COMPLETED);
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(completed), List.of()));
        when(footprint.resultsCopies(completed.session())).thenReturn(List.of("finished-sessions/copy.json"));
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.empty());

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.surveysEnded()).isZero();
        assertThat(report.resultsCopies()).isOne();
        verify(ends, never()).end(any());
        verify(sessions).erase(completed.ref());
    }

    /**
     * A STOP after completion stored its opt-out just before the erasure deleted the session, and wrote the session's
     * open marker again just after the erasure removed it: the marker, whose key holds the number, named no document
     * until the relay's sweep found it five minutes old. The erasure's last look at the number's markers removes it,
     * and does not count it as a survey started meanwhile.
     */
    @Test
    void aMarkerWrittenBackForAnErasedSessionIsRemovedAtTheEnd() throws Exception {
        RespondentErasure erasure = erasure();
        StoredSession completed = session(GONE, SurveyStatus.COMPLETED);
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(completed), List.of()));
        when(footprint.resultsCopies(completed.session())).thenReturn(List.of());
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.empty());
        when(footprint.openSessions(PHONE)).thenReturn(List.of(), List.of(completed.ref()));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.startedMeanwhile()).isZero();
        InOrder order = inOrder(sessions, ends, footprint);
        order.verify(sessions).erase(completed.ref());
        order.verify(ends).erased(completed.ref());
        order.verify(footprint).openSessions(PHONE);
        order.verify(ends).erased(completed.ref());
    }

    /**
     * A start under way (its pointer written seconds ago, its session not stored yet) has nothing to end yet: refused,
     * with nothing erased, and the message says when to ask again.
     */
    @Test
    void aSurveyBeingStartedRefusesTheErasureUntilItIsStored() {
        RespondentErasure erasure = erasure();
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(new SmsConversation(GONE, "\"e1\"",
                NOW.minusSeconds(5))));

        assertThatThrownBy(() -> erasure.erase(PHONE)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(409);
            assertThat(problem.code()).isEqualTo("survey_in_progress");
            assertThat(problem.getMessage()).contains("started under a minute ago").contains("again in a minute");
            assertThat(problem.retryAfterSeconds()).as("Retry-After (none until 2026-12-07)").isEqualTo(60);
        });
        verify(sessions, never()).erase(any());
        verify(smsPointers, never()).removeSmsConversation(any());
    }

    /**
     * A start stores its session before it texts or calls (after a consent read and its contact slot): an erasure in
     * between ended and deleted the session, then the start texted the erased number and published "Survey Started"
     * from its copy (review, 2026-12-05). A pointer under a minute old naming a session not final refuses the erasure;
     * one naming a final session (the start failed, or the survey is done) does not.
     */
    @Test
    void aStoredSurveyWhoseStartMayStillBeSendingRefusesTheErasure() throws Exception {
        RespondentErasure erasure = erasure();
        StoredSession justStored = session(GONE, SurveyStatus.STARTED);
        when(footprint.openSessions(PHONE)).thenReturn(List.of(justStored.ref()));
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(justStored), List.of()));
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(new SmsConversation(GONE, "\"e1\"",
                NOW.minusSeconds(5))));

        assertThatThrownBy(() -> erasure.erase(PHONE)).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.code()).isEqualTo("survey_in_progress"));
        verify(ends, never()).end(any());
        verify(sessions, never()).erase(any());

        StoredSession refused = session(GONE, SurveyStatus.ABANDONED);
        when(footprint.openSessions(PHONE)).thenReturn(List.of());
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(refused), List.of()));
        when(footprint.resultsCopies(refused.session())).thenReturn(List.of());
        assertThat(erasure.erase(PHONE).sessions()).as("a final session's start is over").isOne();
    }

    /**
     * Another instance delivers the events of one of the number's surveys: the erasure is refused before any survey is
     * ended, so the refusal leaves every survey as it was, not one ended and another running.
     */
    @Test
    void aSurveyDeliveredElsewhereRefusesTheErasureBeforeAnyIsEnded() throws Exception {
        RespondentErasure erasure = erasure();
        StoredSession first = session("11111111-1111-4111-8111-111111111111", SurveyStatus.STARTED);
        StoredSession leasedElsewhere = session("22222222-2222-4222-8222-222222222222", SurveyStatus.COMPLETED);
        when(footprint.openSessions(PHONE)).thenReturn(List.of(first.ref(), leasedElsewhere.ref()));
        when(footprint.sessions(PHONE)).thenReturn(new RespondentFootprint.Sessions(List.of(first, leasedElsewhere),
                List.of()));
        doThrow(new HttpProblem(409, "survey_in_progress", "its lease ends in 20 s"))
                .when(ends).refuseWhileDeliveredElsewhere(leasedElsewhere);

        assertThatThrownBy(() -> erasure.erase(PHONE)).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.code()).isEqualTo("survey_in_progress"));
        verify(ends, never()).end(any());
        verify(sessions, never()).erase(any());
    }

    private static CampaignRespondentRows.CampaignRows campaign(String id, boolean finished) {
        return new CampaignRespondentRows.CampaignRows(id, finished, List.of("phone", "channel"),
                List.of(new CampaignRespondentRows.NamingRow(2, List.of(PHONE.value(), "sms"), null)), List.of());
    }

    @Test
    void anUnfinishedCampaignNamingTheNumberIsLeftAndNamedWhileEverythingElseIsErased() {
        RespondentErasure erasure = erasure();
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.of(new SmsConversation(GONE, "\"e1\"",
                NOW.minus(Duration.ofMinutes(10)))));
        when(footprint.campaignRows(PHONE)).thenReturn(List.of(campaign("done-0123456789ab", true),
                campaign("running-0123456789ab", false)));
        when(footprint.redactCampaign("done-0123456789ab", PHONE)).thenReturn(Optional.of(List.of(
                "campaigns/done-0123456789ab/campaign.csv")));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.campaignFiles()).containsExactly("campaigns/done-0123456789ab/campaign.csv");
        assertThat(report.unfinishedCampaigns()).containsExactly("running-0123456789ab");
        verify(footprint, never()).redactCampaign(eq("running-0123456789ab"), any());
        assertThat(report.pointers()).as("the rest is erased all the same").isOne();
        verify(smsPointers).removeSmsConversation(PHONE);
    }

    @Test
    void aCampaignThatStartedRunningAgainSinceItWasFoundIsNamedNotRedacted() {
        RespondentErasure erasure = erasure();
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.empty());
        when(footprint.campaignRows(PHONE)).thenReturn(List.of(campaign("done-0123456789ab", true)));
        when(footprint.redactCampaign("done-0123456789ab", PHONE)).thenReturn(Optional.empty());

        assertThat(erasure.erase(PHONE).unfinishedCampaigns()).containsExactly("done-0123456789ab");
    }

    @Test
    void theRedactedCampaignFilesAreReported() {
        RespondentErasure erasure = erasure();
        when(smsPointers.findSmsConversation(PHONE)).thenReturn(Optional.empty());
        when(footprint.campaignRows(PHONE)).thenReturn(List.of(campaign("done-0123456789ab", true)));
        when(footprint.redactCampaign("done-0123456789ab", PHONE)).thenReturn(Optional.of(List.of(
                "campaigns/done-0123456789ab/results.csv", "campaigns/done-0123456789ab/campaign.csv")));

        ErasureReport report = erasure.erase(PHONE);

        assertThat(report.campaignFiles()).containsExactly("campaigns/done-0123456789ab/results.csv",
                "campaigns/done-0123456789ab/campaign.csv");
        assertThat(report.notErased()).noneMatch(sentence -> sentence.contains("delete a finished campaign"));
    }

    /**
     * The SQS queues hold a number as sent (a start request, a dead letter, a kept text): erasure said so, but an access
     * answer did not name them among what it leaves out.
     */
    @Test
    void accessNamesTheQueuesItDoesNotSearchAsErasureDoes() {
        assertThat(RespondentErasure.NOT_ERASED).anyMatch(sentence -> sentence.contains("SQS queues"));
        assertThat(RespondentAccess.NOT_INCLUDED).filteredOn(sentence -> sentence.contains("SQS queues"))
                .singleElement().asString()
                .contains("trigger queue").contains("dead-letter").contains("SMS retry queue").contains("trigger files");
    }

    /**
     * The ledger's fingerprints are keyed with RESPONDENT_HASH_KEY since 2026-12-05: access and erasure say so, and
     * which entries still keep a plain SHA-256 that can be reversed to the number.
     */
    @Test
    void theLedgerSentencesSayWhichFingerprintsCanBeReversed() {
        assertThat(RespondentErasure.NOT_ERASED).filteredOn(sentence -> sentence.contains("survey-triggers/"))
                .singleElement().asString()
                .contains("an HMAC-SHA256 under RESPONDENT_HASH_KEY, which cannot be reversed without that secret")
                .contains("written before 2026-12-05, or while no RESPONDENT_HASH_KEY was set, keeps a plain SHA-256")
                .contains("lifecycle rule");
        assertThat(RespondentAccess.NOT_INCLUDED).filteredOn(sentence -> sentence.contains("survey-triggers/"))
                .singleElement().asString()
                .contains("an HMAC-SHA256 under RESPONDENT_HASH_KEY, or a plain SHA-256 in an entry written before "
                        + "2026-12-05 or while no RESPONDENT_HASH_KEY was set");
    }

    /**
     * Twilio keeps every text's body and number, and every call's number, in its own logs, which this service never
     * deletes; neither answer named them, so an operator took the erasure for complete (privacy audit). Nor did the
     * erasure say that a campaign named after a number keeps it in its id and keys.
     */
    @Test
    void accessAndErasureNameTwiliosOwnRecordsAndCampaignNames() {
        assertThat(RespondentErasure.NOT_ERASED).filteredOn(sentence -> sentence.startsWith("Twilio keeps"))
                .singleElement().asString()
                .contains("each body").contains("every call").contains("does not delete them")
                .contains("Messages and Calls resources");
        assertThat(RespondentAccess.NOT_INCLUDED).contains(RespondentErasure.TWILIO_RECORDS);
        assertThat(RespondentErasure.NOT_ERASED).filteredOn(sentence -> sentence.startsWith("A campaign's id"))
                .singleElement().asString().contains("campaigns/<id>/").contains("fileName")
                .contains("last four digits").contains("before 2026-12-05").contains("without numbers");
    }
}
