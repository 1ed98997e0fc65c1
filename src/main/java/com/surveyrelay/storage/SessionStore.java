package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sessions (conversation state and results in one document) in the bucket, written only with
 * compare-and-swap: {@code If-None-Match: *} to create, {@code If-Match: <etag>} to update. Two webhooks
 * for one respondent, on one instance or several, can then never overwrite each other's answer.
 *
 * <p>Keys hold nothing unvalidated: {@code survey-results/<E.164 digits>/<session UUID>.json}, so every
 * survey a number ever took is listed under one prefix. Which session a number's texts go to is
 * {@link SmsPointers}'s ({@code sms-conversations/<digits>.json}).
 *
 * <p>A session document also holds its {@link Outbox} (what its steps still have to publish) and its
 * {@link Inbox} (the texts it already applied), so one conditional write stores a step, what it publishes and
 * that it happened. Which sessions may still have work is {@link OpenSessionMarkers}'s
 * ({@code open-sessions/<digits>/<sessionId>}), so that a starting instance finds them without listing every
 * respondent.
 *
 * <p>The newest document this instance read or wrote is kept per session ({@value #RECENT_SESSIONS} sessions at
 * most), so a step can start from it without a read ({@link #findRecent}). It is only a starting point: every write
 * is conditional on its ETag, and a write that finds it stale ({@code 412}) drops it, so the next try reads. A
 * session that is over (a final status, nothing left in its outbox) keeps its copy among the last
 * {@value #OVER_COPIES} over only, for what follows an end at once (a call's status callback), and after that the
 * note that it is over ({@value #FINISHED_SESSIONS} sessions at most, {@link #seenFinal}): a start to its number
 * needs no more. Kept among the 2,048, their copies (a few KiB each, most of the 2,048 under load) held MBs of the
 * production heap that its collector then had to copy or keep (docs/performance-history.md, 2026-12-05).
 *
 * <p>Camel's aws2-s3 producer cannot send {@code If-Match}, which is why this uses the S3 client directly.
 */
@Component
public class SessionStore {

    public static final String RESULTS_PREFIX = "survey-results/";
    private static final String OUTBOX_FIELD = "outbox";
    private static final String INBOX_FIELD = "inbox";
    private static final Pattern SESSION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** About 5 KiB of heap each: 2,048 cover far more respondents mid-survey than one instance serves at once. */
    static final int RECENT_SESSIONS = 2_048;
    /** Copies of sessions over: at 60 surveys ending a second (200 benchmark respondents), the last 4 s of them. */
    static final int OVER_COPIES = 256;
    /** About 200 bytes of heap each: sessions this instance saw end, for the next start to their numbers. */
    static final int FINISHED_SESSIONS = 4_096;

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();
    private final BucketDocuments documents;
    /**
     * Least recently used out first. Not Caffeine: once full, its admission policy (W-TinyLFU) turned new sessions'
     * copies away in favour of older, more often used ones, and their steps read the bucket: 0.44 S3 GETs per
     * answered question at 8 benchmark respondents, against 0.25 with this map.
     */
    private final Map<SessionRef, StoredSession> recent = leastRecentlyUsed(RECENT_SESSIONS);
    /** The copies of the last sessions over (final, outbox emptied), out of {@link #recent}. */
    private final Map<SessionRef, StoredSession> over = leastRecentlyUsed(OVER_COPIES);
    /** Sessions over, their copies kept or let go; a final status never changes. */
    private final Map<SessionRef, Boolean> finished = leastRecentlyUsed(FINISHED_SESSIONS);

    /** A thread-safe map of at most {@code capacity} sessions, the least recently used left out first. */
    private static <V> Map<SessionRef, V> leastRecentlyUsed(int capacity) {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SessionRef, V> eldest) {
                return size() > capacity;
            }
        });
    }

    public SessionStore(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.documents = new BucketDocuments(s3, bucket);
    }

    public static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** True for ids this store hands out; anything else never reaches a key. */
    public static boolean isSessionId(String candidate) {
        return candidate != null && SESSION_ID.matcher(candidate).matches();
    }

    public static String resultsKey(E164 phone, String sessionId) {
        if (!isSessionId(sessionId)) {
            throw new IllegalArgumentException("not a session id");
        }
        return RESULTS_PREFIX + phone.value().substring(1) + "/" + sessionId + ".json";
    }

    public Optional<StoredSession> find(E164 phone, String sessionId) {
        return find(new SessionRef(phone, sessionId));
    }

    /**
     * The newest document of the session this instance read or wrote, else the bucket's ({@link #find}). It may be
     * stale when another instance wrote since: decide nothing on it that a conditional write does not check.
     */
    public Optional<StoredSession> findRecent(SessionRef ref) {
        StoredSession known = copyOf(ref);
        return known != null ? Optional.of(known) : find(ref);
    }

    /** Forgets the session's newest document (the next {@link #findRecent} reads the bucket). */
    public void forgetRecent(SessionRef ref) {
        forgetCopy(ref);
    }

    /**
     * Whether this instance saw the session with a final status (read or written). A session leaves {@code STARTED}
     * only for a final status and never comes back ({@link com.surveyrelay.survey.SurveyStatus}), so this cannot be
     * stale: a start after a survey this instance saw finish costs no read of it. False says nothing: read it
     * ({@link #find}).
     */
    public boolean seenFinal(SessionRef ref) {
        if (finished.containsKey(ref)) {
            return true;
        }
        StoredSession known = copyOf(ref);
        return known != null && known.session().surveyStatus().isFinal();
    }

    /**
     * The session document as the bucket holds it now, or empty when there is none.
     *
     * @throws UnreadableSessionException when the document is there but is no session (empty, cut short, not a JSON
     *     object, a field a session must have missing or of the wrong type)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<StoredSession> find(SessionRef ref) {
        Optional<StoredSession> found = readSession(ref);
        found.ifPresentOrElse(this::keep, () -> forgetCopy(ref));
        return found;
    }

    private void keep(StoredSession document) {
        if (document.session().surveyStatus().isFinal() && document.outbox().isEmpty()) {
            finished.put(document.ref(), Boolean.TRUE);
            recent.remove(document.ref());
            over.put(document.ref(), document);
        } else {
            over.remove(document.ref());
            recent.put(document.ref(), document);
        }
    }

    private StoredSession copyOf(SessionRef ref) {
        StoredSession known = recent.get(ref);
        return known != null ? known : over.get(ref);
    }

    private void forgetCopy(SessionRef ref) {
        recent.remove(ref);
        over.remove(ref);
    }

    private Optional<StoredSession> readSession(SessionRef ref) {
        return documents.read(resultsKey(ref.phone(), ref.sessionId())).map(object -> {
            try {
                JsonNode tree = json.readTree(object.asByteArray());
                if (tree == null || !tree.isObject()) {
                    throw new UnreadableSessionException(ref, new IOException("not a JSON object"));
                }
                ObjectNode document = (ObjectNode) tree;
                JsonNode outbox = document.remove(OUTBOX_FIELD);
                JsonNode inbox = document.remove(INBOX_FIELD);
                return new StoredSession(json.treeToValue(document, SurveySession.class),
                        outbox == null ? Outbox.EMPTY : json.treeToValue(outbox, Outbox.class),
                        inbox == null ? Inbox.EMPTY : json.treeToValue(inbox, Inbox.class),
                        object.response().eTag());
            } catch (IOException e) {
                throw new UnreadableSessionException(ref, e);
            }
        });
    }

    /**
     * What a session document that is no session ({@link UnreadableSessionException}) still tells: its top-level fields
     * holding text, as far as it reads as JSON (a document cut short gives those before the cut), for finding its
     * session's copies. Nothing is checked: validate each value before it goes into a key.
     *
     * @return the fields by name; empty when the document is gone, or reads as no JSON object at all
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Map<String, String> textFieldsOf(SessionRef ref) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        documents.read(resultsKey(ref.phone(), ref.sessionId())).ifPresent(object -> {
            try (JsonParser parser = json.getFactory().createParser(object.asByteArray())) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return;
                }
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    String name = parser.currentName();
                    if (parser.nextToken() == JsonToken.VALUE_STRING) {
                        fields.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (IOException cutShort) {
                // What came before the document went wrong is what it tells.
            }
        });
        return fields;
    }

    /** Creates a session with nothing to deliver; see {@link #create(SurveySession, Outbox)}. */
    public StoredSession create(SurveySession session) {
        return create(session, Outbox.EMPTY);
    }

    /**
     * Creates a session document, only if there is none ({@code If-None-Match: *}).
     *
     * @throws SessionConflictException when the document exists already
     */
    public StoredSession create(SurveySession session, Outbox outbox) {
        return create(session, outbox, Inbox.EMPTY);
    }

    /**
     * Creates a session document holding {@code inbox} already, only if there is none ({@code If-None-Match: *}): the
     * texts of the number's previous session ({@link Inbox#earlierTexts}).
     *
     * @throws SessionConflictException when the document exists already
     */
    public StoredSession create(SurveySession session, Outbox outbox, Inbox inbox) {
        String key = resultsKey(new E164(session.surveyTo()), session.sessionId());
        StoredSession created = new StoredSession(session, outbox, inbox,
                documents.write(key, document(session, outbox, inbox), null));
        keep(created);
        return created;
    }

    /** Replaces the session and keeps the outbox and inbox as they were read. */
    public StoredSession replace(StoredSession previous, SurveySession next) {
        return replace(previous, next, previous.outbox(), previous.inbox());
    }

    /**
     * Replaces a session document, only if it is still as {@code previous} was read ({@code If-Match}).
     *
     * @throws SessionConflictException when someone else wrote it in between
     */
    public StoredSession replace(StoredSession previous, SurveySession next, Outbox outbox, Inbox inbox) {
        String key = resultsKey(new E164(next.surveyTo()), next.sessionId());
        try {
            StoredSession written = new StoredSession(next, outbox, inbox,
                    documents.write(key, document(next, outbox, inbox), previous.etag()));
            keep(written);
            return written;
        } catch (SessionConflictException e) {
            forgetCopy(previous.ref());
            throw e;
        }
    }

    /**
     * The ids of every session the number has in the bucket ({@code survey-results/<digits>/}), in key order; keys
     * that are not a session's are skipped.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public List<String> sessionIdsOf(E164 phone) {
        String prefix = RESULTS_PREFIX + phone.value().substring(1) + "/";
        List<String> ids = new ArrayList<>();
        s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().forEach(object -> {
            String name = object.key().substring(prefix.length());
            if (name.endsWith(".json") && isSessionId(name.substring(0, name.length() - ".json".length()))) {
                ids.add(name.substring(0, name.length() - ".json".length()));
            }
        });
        return ids;
    }

    /**
     * Deletes a session's document and forgets this instance's copy of it. Only for a respondent's erasure: a
     * deleted session is gone for every webhook that still names it.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void erase(SessionRef ref) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(resultsKey(ref.phone(), ref.sessionId())));
        forgetCopy(ref);
        finished.remove(ref);
    }

    private static StoredDocument document(SurveySession session, Outbox outbox, Inbox inbox) {
        return new StoredDocument(session, outbox.equals(Outbox.EMPTY) ? null : outbox,
                inbox.equals(Inbox.EMPTY) ? null : inbox);
    }

    /**
     * A session document as written: the session's fields, then {@value #OUTBOX_FIELD} and {@value #INBOX_FIELD} when
     * they hold anything. Written in one pass: built as a JSON tree first and then written, it took 4.5% of the
     * service's CPU samples under load (JFR, 200 SMS respondents).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record StoredDocument(@JsonUnwrapped SurveySession session, @JsonProperty(OUTBOX_FIELD) Outbox outbox,
            @JsonProperty(INBOX_FIELD) Inbox inbox) {
    }
}
