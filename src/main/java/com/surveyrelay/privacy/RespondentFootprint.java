package com.surveyrelay.privacy;

import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveySession;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where one number's data lies in storage, for its access and erasure requests (GDPR articles 15 and 17): its sessions
 * ({@code survey-results/<digits>/}), each finished session's copy in the results sink (the current layout,
 * {@code finished-sessions/}, and the one before, {@code completed-surveys/}), its open markers and the starts deferred
 * for it ({@code scheduled-starts/}, whose documents hold the number), and the campaign rows that name it
 * ({@link CampaignRespondentRows}). Reading; the erasure deletes and redacts through it.
 *
 * <p>A deferred start is found by reading every one there is (their keys hold no number): an access or erasure request
 * costs one S3 GET per deferred start in the bucket, and one list and one GET per session of the number. Campaign rows
 * are found the same way: two GETs per campaign kept (its {@code campaign.csv} and {@code results.csv}).
 */
@Component
class RespondentFootprint {

    private static final int NOT_FOUND = 404;

    private final SessionStore sessions;
    private final OpenSessionMarkers markers;
    private final ScheduledStartStore scheduledStarts;
    private final ResultExports resultExports;
    private final CampaignRespondentRows campaignRows;
    private final S3Client s3;
    private final String resultsBucket;

    RespondentFootprint(SessionStore sessions, OpenSessionMarkers markers, ScheduledStartStore scheduledStarts,
            ResultExports resultExports, CampaignRespondentRows campaignRows, S3Client s3,
            SurveyRelayProperties settings) {
        this.sessions = sessions;
        this.markers = markers;
        this.campaignRows = campaignRows;
        this.scheduledStarts = scheduledStarts;
        this.resultExports = resultExports;
        this.s3 = s3;
        this.resultsBucket = settings.resultsBucket();
    }

    /** The number's session documents as stored now, oldest key first; a session deleted meanwhile is left out. */
    List<StoredSession> sessions(E164 phone) {
        List<StoredSession> found = new ArrayList<>();
        for (String sessionId : sessions.sessionIdsOf(phone)) {
            sessions.find(new SessionRef(phone, sessionId)).ifPresent(found::add);
        }
        return found;
    }

    /** The number's sessions marked open: unfinished, or finished with events still to deliver. */
    List<SessionRef> openSessions(E164 phone) {
        return markers.openSessionsOf(phone);
    }

    /** A deferred start found for the number, with its key. */
    record DeferredStart(String key, ScheduledStart start) {
    }

    /** The starts deferred by quiet hours for the number, earliest first. */
    List<DeferredStart> deferredStarts(E164 phone) {
        List<DeferredStart> found = new ArrayList<>();
        for (String key : scheduledStarts.allKeys()) {
            scheduledStarts.find(key).filter(start -> phone.value().equals(start.to()))
                    .ifPresent(start -> found.add(new DeferredStart(key, start)));
        }
        return found;
    }

    /** Removes a deferred start, so it never fires. */
    void deleteDeferredStart(String key) {
        scheduledStarts.delete(key);
    }

    /** The campaigns whose files name the number, with those rows; unfinished ones too. */
    List<CampaignRespondentRows.CampaignRows> campaignRows(E164 phone) {
        return campaignRows.find(phone);
    }

    /**
     * Redacts the number's rows in a finished campaign's files: the keys written ({@link CampaignRespondentRows});
     * no value when the campaign is not finished.
     */
    Optional<List<String>> redactCampaign(String campaignId, E164 phone) {
        return campaignRows.redact(campaignId, phone);
    }

    /**
     * The keys of the session's copies in the results bucket that exist now: in the current layout (its name made from
     * the finished session) and in the one before.
     */
    List<String> resultsCopies(SurveySession session) {
        if (session.surveyStarted() == null || !session.surveyStatus().isFinal()) {
            return List.of();
        }
        LocalDate day = session.surveyStarted().atZone(ZoneOffset.UTC).toLocalDate();
        List<String> copies = new ArrayList<>();
        for (String key : List.of(resultExports.key(session), ResultExports.LEGACY_FOLDER + session.surveyId()
                + "/" + day + "/" + session.sessionId() + ResultExports.SUFFIX)) {
            exists(key).ifPresent(copies::add);
        }
        return copies;
    }

    /** Removes one object from the results bucket. */
    void deleteResultsCopy(String key) {
        s3.deleteObject(delete -> delete.bucket(resultsBucket).key(key));
    }

    private Optional<String> exists(String key) {
        try {
            s3.headObject(head -> head.bucket(resultsBucket).key(key));
            return Optional.of(key);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
