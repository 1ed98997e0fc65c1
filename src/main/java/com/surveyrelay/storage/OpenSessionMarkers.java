package com.surveyrelay.storage;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sessions that may still have work: {@code open-sessions/<digits>/<sessionId>}, an empty object in the survey
 * bucket per session with something to deliver ({@link Outbox}) or a call waiting for a late answer, so that a
 * starting instance finds them without listing every respondent's sessions ({@link SessionStore}). The key holds
 * nothing unvalidated: a validated E.164 number's digits and a session id {@link SessionStore#isSessionId} accepts.
 */
@Component
public class OpenSessionMarkers {

    public static final String OPEN_SESSIONS_PREFIX = "open-sessions/";

    private final S3Client s3;
    private final String bucket;

    public OpenSessionMarkers(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    /**
     * Marks a session open: it may have something to deliver, or a call waiting for a late answer. Written
     * before the session itself, so an instance that dies leaves a marker for another to find (see
     * {@link #openSessions()}); removed once the session is finished and its outbox empty. Writing it again renews
     * its {@code Last-Modified}.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void markOpen(SessionRef ref) {
        s3.putObject(put -> put.bucket(bucket).key(openKey(ref)), RequestBody.empty());
    }

    /**
     * Removes the session's marker; nothing happens when it has none.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void unmarkOpen(SessionRef ref) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(openKey(ref)));
    }

    /**
     * A session marked open.
     *
     * @param markedAt when the marker was written (its {@code Last-Modified})
     */
    public record OpenSession(SessionRef ref, Instant markedAt) {
    }

    /**
     * Every session marked open, by anyone; markers whose key does not parse are skipped. One S3 LIST (paged, 1,000
     * keys a page).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public List<OpenSession> openSessions() {
        List<OpenSession> open = new ArrayList<>();
        s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(OPEN_SESSIONS_PREFIX)).contents()
                .forEach(object -> parseOpenKey(object.key())
                        .ifPresent(ref -> open.add(new OpenSession(ref, object.lastModified()))));
        return open;
    }

    /**
     * The open sessions of one number (its markers under {@code open-sessions/<digits>/}); markers whose key does not
     * parse are skipped.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public List<SessionRef> openSessionsOf(E164 phone) {
        List<SessionRef> open = new ArrayList<>();
        s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(OPEN_SESSIONS_PREFIX
                + phone.value().substring(1) + "/")).contents()
                .forEach(object -> parseOpenKey(object.key()).ifPresent(open::add));
        return open;
    }

    static String openKey(SessionRef ref) {
        return OPEN_SESSIONS_PREFIX + ref.phone().value().substring(1) + "/" + ref.sessionId();
    }

    private static Optional<SessionRef> parseOpenKey(String key) {
        String[] parts = key.substring(OPEN_SESSIONS_PREFIX.length()).split("/");
        if (parts.length != 2 || !SessionStore.isSessionId(parts[1])) {
            return Optional.empty();
        }
        return E164.parse("+" + parts[0]).map(phone -> new SessionRef(phone, parts[1]));
    }
}
