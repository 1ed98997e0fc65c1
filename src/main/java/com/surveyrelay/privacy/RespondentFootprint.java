package com.surveyrelay.privacy;

import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartOutcome;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.UnreadableSessionException;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.survey.SurveySession;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where one number's data lies in storage, for its access and erasure requests (GDPR articles 15 and 17): its sessions
 * ({@code survey-results/<digits>/}), each finished session's copy in the results sink (the current layout,
 * {@code finished-sessions/}, and the one before, {@code completed-surveys/}), its open markers and the starts deferred
 * for it ({@code scheduled-starts/}, whose documents hold the number) and the outcomes kept of those that ended
 * ({@code scheduled-start-outcomes/}, which hold it too), and the campaign rows that name it
 * ({@link CampaignRespondentRows}). Reading; the erasure deletes and redacts through it.
 *
 * <p>A deferred start is found by reading every one there is (their keys hold no number): an access or erasure request
 * costs one S3 GET per deferred start in the bucket, and one list and one GET per session of the number. Campaign rows
 * are found the same way: two GETs per campaign kept (its {@code campaign.csv} and {@code results.csv}).
 *
 * <p>What cannot be read does not stop the rest: a deferred start that is no start is skipped
 * ({@link ScheduledStartStore#find}), and a session document that reads as no session is listed apart
 * ({@link Sessions#unreadable}), for access to name and erasure to delete by its key.
 */
@Component
class RespondentFootprint {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentFootprint.class);
    private static final int NOT_FOUND = 404;
    /** A status, channel or language as a copy's name holds it: no dot, no slash. */
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9-]{1,64}");

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

    /**
     * The number's session documents as stored now, oldest key first, and the sessions whose document is there but
     * reads as no session (empty, cut short, not a JSON object), logged with a warning naming the session id. A
     * session deleted meanwhile is left out.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    Sessions sessions(E164 phone) {
        List<StoredSession> found = new ArrayList<>();
        List<SessionRef> unreadable = new ArrayList<>();
        for (String sessionId : sessions.sessionIdsOf(phone)) {
            SessionRef ref = new SessionRef(phone, sessionId);
            try {
                sessions.find(ref).ifPresent(found::add);
            } catch (UnreadableSessionException e) {
                // The parser's message may quote the document, number and all: only its kind is logged.
                LOG.warn("The document of session {} of {} is no session ({}): listed as unreadable (an erasure "
                        + "deletes it)", sessionId, phone, e.getCause().getClass().getSimpleName());
                unreadable.add(ref);
            }
        }
        return new Sessions(found, unreadable);
    }

    /**
     * A number's sessions.
     *
     * @param stored the documents that read as sessions
     * @param unreadable the sessions whose document does not
     */
    record Sessions(List<StoredSession> stored, List<SessionRef> unreadable) {

        /** Every session id, readable or not. */
        Set<String> ids() {
            Set<String> ids = new HashSet<>();
            stored.forEach(session -> ids.add(session.session().sessionId()));
            unreadable.forEach(ref -> ids.add(ref.sessionId()));
            return ids;
        }
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

    /**
     * The outcomes kept of the number's deferred starts that ended ({@code scheduled-start-outcomes/}), read one by one
     * (one GET per outcome kept, of every number: they are kept {@code SCHEDULED_START_OUTCOMES_KEPT}).
     */
    List<ScheduledStartOutcome> deferredStartOutcomes(E164 phone) {
        return scheduledStarts.allOutcomes().stream().filter(outcome -> phone.value().equals(outcome.to())).toList();
    }

    /** Removes the outcome kept of the deferred start {@code scheduleId}. */
    void deleteDeferredStartOutcome(String scheduleId) {
        scheduledStarts.deleteOutcome(scheduleId);
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
        for (String key : List.of(resultExports.key(session), legacyKey(session.surveyId(), day,
                session.sessionId()))) {
            exists(key).ifPresent(copies::add);
        }
        return copies;
    }

    /**
     * The keys of the copies in the results bucket of a session whose document reads as no session, as far as what it
     * still holds tells: its {@code surveyId} and {@code surveyStarted} (the day folder), narrowed by its
     * {@code surveyStatus}, {@code surveyMedium} and {@code languageSet} when it has them. One listing of that folder,
     * and a HEAD for the layout before; none when the document no longer names its survey and day.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    List<String> resultsCopies(SessionRef unreadable) {
        Map<String, String> fields = sessions.textFieldsOf(unreadable);
        String surveyId = fields.get("surveyId");
        Optional<LocalDate> day = day(fields.get("surveyStarted"));
        if (!SurveyConfigLoader.isSurveyId(surveyId) || day.isEmpty()) {
            return List.of();
        }
        StringBuilder prefix = new StringBuilder(ResultExports.dayPrefix(surveyId, day.get()));
        for (String part : List.of("surveyStatus", "surveyMedium", "languageSet")) {
            String value = fields.get(part);
            if (value == null || !NAME_PART.matcher(value).matches()) {
                break;
            }
            prefix.append(value).append('.');
        }
        String name = "." + unreadable.sessionId() + ResultExports.SUFFIX;
        List<String> copies = new ArrayList<>();
        s3.listObjectsV2Paginator(list -> list.bucket(resultsBucket).prefix(prefix.toString())).contents()
                .forEach(object -> {
                    if (object.key().endsWith(name)) {
                        copies.add(object.key());
                    }
                });
        exists(legacyKey(surveyId, day.get(), unreadable.sessionId())).ifPresent(copies::add);
        return copies;
    }

    /** The UTC day of an ISO-8601 instant; empty for none, or for text that is no instant. */
    private static Optional<LocalDate> day(String instant) {
        if (instant == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String legacyKey(String surveyId, LocalDate day, String sessionId) {
        return ResultExports.LEGACY_FOLDER + surveyId + "/" + day + "/" + sessionId + ResultExports.SUFFIX;
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
