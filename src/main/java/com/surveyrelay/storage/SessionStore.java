package com.surveyrelay.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sessions (conversation state and results in one document) in the bucket, written only with
 * compare-and-swap: {@code If-None-Match: *} to create, {@code If-Match: <etag>} to update. Two webhooks
 * for one respondent, on one instance or several, can then never overwrite each other's answer.
 *
 * <p>Keys hold nothing unvalidated: {@code survey-results/<E.164 digits>/<session UUID>.json}, so every
 * survey a number ever took is listed under one prefix, and {@code sms-conversations/<digits>.json} points
 * an inbound text at the number's current SMS session.
 *
 * <p>Camel's aws2-s3 producer cannot send {@code If-Match}, which is why this uses the S3 client directly.
 */
@Component
public class SessionStore {

    public static final String RESULTS_PREFIX = "survey-results/";
    public static final String SMS_CONVERSATIONS_PREFIX = "sms-conversations/";
    private static final Pattern SESSION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int PRECONDITION_FAILED = 412;
    private static final String JSON = "application/json";

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();

    public SessionStore(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
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

    static String smsConversationKey(E164 phone) {
        return SMS_CONVERSATIONS_PREFIX + phone.value().substring(1) + ".json";
    }

    public Optional<StoredSession> find(E164 phone, String sessionId) {
        return read(resultsKey(phone, sessionId))
                .map(object -> new StoredSession(parse(object.asByteArray(), SurveySession.class),
                        object.response().eTag()));
    }

    public StoredSession create(SurveySession session) {
        String key = resultsKey(new E164(session.surveyTo()), session.sessionId());
        return new StoredSession(session, write(key, session, null));
    }

    public StoredSession replace(StoredSession previous, SurveySession next) {
        String key = resultsKey(new E164(next.surveyTo()), next.sessionId());
        return new StoredSession(next, write(key, next, previous.etag()));
    }

    public Optional<SmsConversation> findSmsConversation(E164 phone) {
        return read(smsConversationKey(phone)).map(object -> new SmsConversation(
                parse(object.asByteArray(), Map.class).get("sessionId").toString(), object.response().eTag()));
    }

    /**
     * Points the number's texts at a session.
     *
     * @param previous the pointer read before, or null when there was none
     */
    public void pointSmsConversation(E164 phone, String sessionId, SmsConversation previous) {
        write(smsConversationKey(phone), Map.of("sessionId", sessionId), previous == null ? null : previous.etag());
    }

    private Optional<ResponseBytes<GetObjectResponse>> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Writes only if the object is still as we read it (or absent, when {@code etag} is null). */
    private String write(String key, Object document, String etag) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentType(JSON);
        if (etag == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(etag);
        }
        try {
            return s3.putObject(put.build(), RequestBody.fromBytes(serialise(document))).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                throw new SessionConflictException(key);
            }
            throw e;
        }
    }

    private byte[] serialise(Object document) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
