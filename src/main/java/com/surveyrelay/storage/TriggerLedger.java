package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.web.HttpProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Remembers which start requests were already acted on, so a request delivered twice (SQS and EventBridge
 * deliver at least once; a campaign resumes after a restart) starts one survey. A request is claimed with a
 * create-only write before anything is sent; whoever loses the claim sees the winner's record. The key is a
 * SHA-256 of the idempotency key, so no phone number or caller-chosen text reaches S3 keys.
 *
 * <p>A claim whose start then failed on our side is released, so a redelivery can try again; one that
 * failed for good (an opted-out number) stays, with its outcome.
 */
@Component
public class TriggerLedger {

    public static final String PREFIX = "survey-triggers/";

    /**
     * What happened to a request: {@code claimed} while it is being started, then {@code started} or {@code failed},
     * or {@code scheduled} while it waits for contact hours (then {@code sessionId} holds the schedule's id), or, for a
     * deferred start's own claim ({@code scheduled-start:<id>}), {@code cancelled} once {@link #cancelled} took it;
     * {@code claimedAt} is when a claim taken with its time ({@link #claim(String, Instant)}) was taken, else null;
     * {@code request} is the fingerprint of what the request asked, as the starts keep it (stored as given: since
     * 2026-12-05 {@code hmac-sha256:} and an HMAC under {@code RESPONDENT_HASH_KEY}, else the plain
     * {@link com.surveyrelay.initiation.StartRequest#fingerprint}; see {@code conversation.RequestFingerprint}), or
     * null for a claim written without one (a channel fallback's or a deferred start's firing, and every claim written
     * before fingerprints were kept);
     * {@code status} and {@code message} are a refused request's HTTP status (400 to 499) and error message, so a
     * repeat is answered as it was, or null (another state, or a refusal recorded before they were kept);
     * {@code writtenAt} is when the entry was last written (the object's {@code Last-Modified}, to the second), null
     * for
     * an entry not read from the bucket. A {@code claimed} entry's {@code sessionId} is the session its start opens,
     * when the claim was taken with it ({@link #claim(String, Instant, String, String)}); its {@code deferral} the
     * deferred start a start deferred by quiet hours stores, when the claim was taken with it
     * ({@link #claimDeferral}), else null (another claim, another state, or a deferral's claim written before
     * 2026-12-05, which names nothing). A {@code started} or {@code scheduled} entry's {@code firstAnswer} is what its
     * request was answered ({@link FirstAnswer}), so a repeat is answered alike (a start whose text or call left
     * without Twilio's answer keeps it without a {@code twilioSid}, a deferral with its survey and channel only); null
     * for an entry written before 2026-12-07, a claim an abandoned start left and a later request settled, and any
     * other state.
     */
    public record Entry(String state, String sessionId, String error, String etag, Instant claimedAt, String request,
            Integer status, String message, Instant writtenAt, Deferral deferral, FirstAnswer firstAnswer) {

        /** An entry without {@code firstAnswer}. */
        public Entry(String state, String sessionId, String error, String etag, Instant claimedAt, String request,
                Integer status, String message, Instant writtenAt, Deferral deferral) {
            this(state, sessionId, error, etag, claimedAt, request, status, message, writtenAt, deferral, null);
        }

        /** An entry not read from the bucket (the claim just written, or a test's), without its write time. */
        public Entry(String state, String sessionId, String error, String etag, Instant claimedAt, String request,
                Integer status, String message) {
            this(state, sessionId, error, etag, claimedAt, request, status, message, null, null);
        }
    }

    /**
     * The deferred start a deferral's claim names, drawn before the claim as a start's session id is: its id
     * ({@code scheduleId}, a UUID) and when it was stored to fire ({@code scheduledFor}, ISO-8601 UTC in the entry),
     * which together make its key under {@code scheduled-starts/}. A repeat of the request can then tell a deferral
     * stored (it fires once) from one that never was ({@code conversation.ClaimedDeferrals}).
     */
    public record Deferral(String scheduleId, Instant scheduledFor) {
    }

    /**
     * What a started request was answered besides its session id, kept so that a repeat under its key is answered
     * the same fields (until 2026-12-07 a repeat gave only the session id and the ledger's {@code started}):
     * the survey's id, {@code sms}, {@code voice} or {@code whatsapp}, the language tag the survey runs in
     * ({@code en-US}), and the first text's {@code MessageSid} or the call's {@code CallSid} (34 characters; null
     * when the start sent nothing itself). None holds a phone number.
     */
    public record FirstAnswer(String surveyId, String channel, String language, String twilioSid) {
    }

    /**
     * An entry as stored: {@code {"state":...,"sessionId":...,"error":...}}, without the fields that are null; a
     * deferral's claim adds {@code "deferral": {"scheduleId":...,"scheduledFor":...}}, a claim naming neither a
     * session nor a deferral {@code "claimant": "<UUID>"} (since 2026-12-06; see {@link #claimed}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Stored(String state, String sessionId, String error, Instant claimedAt, String request,
            Integer status, String message, Deferral deferral, String claimant, FirstAnswer firstAnswer) {

        Stored(String state, String sessionId, String error, Instant claimedAt, String request) {
            this(state, sessionId, error, claimedAt, request, null, null, null, null, null);
        }

        Stored(String state, String sessionId, String error, Instant claimedAt, String request, Integer status,
                String message) {
            this(state, sessionId, error, claimedAt, request, status, message, null, null, null);
        }

        Stored(String state, String sessionId, String error, Instant claimedAt, String request, Integer status,
                String message, Deferral deferral, String claimant) {
            this(state, sessionId, error, claimedAt, request, status, message, deferral, claimant, null);
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();

    public TriggerLedger(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    static String key(String idempotencyKey) {
        return PREFIX + DigestUtils.sha256Hex(idempotencyKey) + ".json";
    }

    /** Claims the request; empty when it was claimed before (then {@link #find} tells how it went). */
    public Optional<Entry> claim(String idempotencyKey) {
        return claim(idempotencyKey, null, null);
    }

    /**
     * As {@link #claim(String)}, noting when the claim was taken ({@code claimedAt}, ISO-8601 in the entry), so that
     * another instance can tell a claim whose claimant died from one under way.
     */
    public Optional<Entry> claim(String idempotencyKey, Instant at) {
        return claim(idempotencyKey, at, null);
    }

    /**
     * As {@link #claim(String, Instant)}, keeping the fingerprint of what the request asks ({@code request}, or null),
     * so that a later request under the key can be told apart from a repeat. Every write after the claim takes the
     * same fingerprint, as each replaces the whole entry.
     */
    public Optional<Entry> claim(String idempotencyKey, Instant at, String request) {
        return claim(idempotencyKey, at, request, null);
    }

    /**
     * As {@link #claim(String, Instant, String)}, naming the session the start will open ({@code sessionId}), so that
     * should its claimant die, a repeat can tell whether anything went out: a start stores its session before it
     * texts or calls.
     */
    public Optional<Entry> claim(String idempotencyKey, Instant at, String request, String sessionId) {
        return write(idempotencyKey, claimed(at, request, sessionId, null),
                PutObjectRequest.builder().ifNoneMatch("*"));
    }

    /**
     * As {@link #claim(String, Instant, String)}, for a start deferred by quiet hours: naming the deferred start it
     * will store ({@code deferral}), so that should the deferral's outcome not be recorded (storage failing, the
     * instance stopping), a repeat can tell whether the deferred start was stored.
     */
    public Optional<Entry> claimDeferral(String idempotencyKey, Instant at, String request, Deferral deferral) {
        return write(idempotencyKey, claimed(at, request, null, deferral), PutObjectRequest.builder().ifNoneMatch("*"));
    }

    /**
     * Takes over a claim whose claimant died before it stored anything: the entry is claimed again, now, naming
     * {@code sessionId} for a start or {@code deferral} for a deferred one (the other null), only if it is still as
     * {@code abandoned} was read ({@code If-Match} its ETag).
     *
     * @return the new claim; empty when the entry changed since (another repeat took it over, or the claimant
     *     recorded an outcome after all)
     */
    public Optional<Entry> takeOver(String idempotencyKey, Entry abandoned, Instant at, String request,
            String sessionId, Deferral deferral) {
        return write(idempotencyKey, claimed(at, request, sessionId, deferral),
                PutObjectRequest.builder().ifMatch(abandoned.etag()));
    }

    /**
     * A claim's entry. One that names neither a session nor a deferred start (a deferred start's firing, a channel
     * fallback's, a cancel's) holds a {@code claimant} of its own, a random UUID, so that its claimant can tell it from
     * another's when S3 lost the answer to it ({@link LandedWrites}): their state and time may be the same (a fixed
     * clock). Readers ignore the field.
     */
    private static Stored claimed(Instant at, String request, String sessionId, Deferral deferral) {
        return new Stored("claimed", sessionId, null, at, request, null, null, deferral,
                sessionId == null && deferral == null ? UUID.randomUUID().toString() : null);
    }

    /** @param condition {@code If-None-Match: *} or {@code If-Match}, to which S3 answers 404 for an object gone */
    private Optional<Entry> write(String idempotencyKey, Stored claim, PutObjectRequest.Builder condition) {
        // 412: another write first; 409: another conditional write under way; 404 to an If-Match: deleted since.
        // Every claim names something random of its own (session, deferred start or claimant), so its bytes are no
        // other claimant's (LandedWrites).
        return LandedWrites.put(s3, condition.bucket(bucket).key(key(idempotencyKey)).contentType("application/json")
                .build(), bytes(claim), LandedWrites.Deleted.REFUSES)
                .map(etag -> new Entry("claimed", claim.sessionId(), null, etag, claim.claimedAt(), claim.request(),
                        null, null, null, claim.deferral()));
    }

    public Optional<Entry> find(String idempotencyKey) {
        try {
            var object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(idempotencyKey)));
            Stored stored = json.readValue(object.asByteArray(), Stored.class);
            return Optional.of(new Entry(String.valueOf(stored.state()), stored.sessionId(), stored.error(),
                    object.response().eTag(), stored.claimedAt(), stored.request(), stored.status(), stored.message(),
                    object.response().lastModified(), stored.deferral(), stored.firstAnswer()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void started(String idempotencyKey, String sessionId) {
        started(idempotencyKey, sessionId, null);
    }

    /** The request started session {@code sessionId}; {@code request} as its claim was taken with. */
    public void started(String idempotencyKey, String sessionId, String request) {
        started(idempotencyKey, sessionId, request, null);
    }

    /**
     * As {@link #started(String, String, String)}, keeping {@code firstAnswer} (null: none) for a repeat to be answered
     * alike.
     */
    public void started(String idempotencyKey, String sessionId, String request, FirstAnswer firstAnswer) {
        put(key(idempotencyKey), new Stored("started", sessionId, null, null, request, null, null, null, null,
                firstAnswer), PutObjectRequest.builder());
    }

    public void startedUnknown(String idempotencyKey, String sessionId) {
        startedUnknown(idempotencyKey, sessionId, null);
    }

    /**
     * The request started session {@code sessionId}, but its text or call left without Twilio's answer
     * ({@code twilio_outcome_unknown}): kept as started, so a repeat sends nothing, with the doubt recorded.
     */
    public void startedUnknown(String idempotencyKey, String sessionId, String request) {
        startedUnknown(idempotencyKey, sessionId, request, null);
    }

    /** As {@link #startedUnknown(String, String, String)}, keeping {@code firstAnswer} (null: none) for a repeat. */
    public void startedUnknown(String idempotencyKey, String sessionId, String request, FirstAnswer firstAnswer) {
        put(key(idempotencyKey), new Stored("started", sessionId, "twilio_outcome_unknown", null, request, null, null,
                null, null, firstAnswer), PutObjectRequest.builder());
    }

    /** The request was deferred to the respondent's contact hours, as the scheduled start {@code scheduleId}. */
    public void scheduled(String idempotencyKey, String scheduleId, String request) {
        scheduled(idempotencyKey, scheduleId, request, null);
    }

    /**
     * As {@link #scheduled(String, String, String)}, keeping {@code firstAnswer} (its survey and channel; null: none)
     * for a repeat to be answered alike.
     */
    public void scheduled(String idempotencyKey, String scheduleId, String request, FirstAnswer firstAnswer) {
        put(key(idempotencyKey), new Stored("scheduled", scheduleId, null, null, request, null, null, null, null,
                firstAnswer), PutObjectRequest.builder());
    }

    /** The request was refused for good, with start error code {@code error}; no fingerprint, status nor message. */
    public void failed(String idempotencyKey, String error) {
        put(key(idempotencyKey), new Stored("failed", null, error, null, null), PutObjectRequest.builder());
    }

    /**
     * The request was refused for good: {@code refusal}'s error code, HTTP status and message are kept, so a repeat is
     * answered with the same error (draft-ietf-httpapi-idempotency-key-header, section 2.6); {@code request} as it was
     * claimed. The message is one of the service's own texts (naming at most a validated language tag), never a
     * phone number.
     */
    public void failed(String idempotencyKey, HttpProblem refusal, String request) {
        put(key(idempotencyKey), new Stored("failed", null, refusal.code(), null, request, refusal.status(),
                refusal.getMessage()), PutObjectRequest.builder());
    }

    /**
     * A deferred start's claim ({@code scheduled-start:<id>}), taken by {@code DELETE /scheduled-starts/{id}}: the
     * start was cancelled, never to fire. Written over the claim the cancel took, so a firing that meets it later
     * removes the start unsent, as for any ended claim.
     */
    public void cancelled(String idempotencyKey) {
        put(key(idempotencyKey), new Stored("cancelled", null, null, null, null), PutObjectRequest.builder());
    }

    public void release(String idempotencyKey) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key(idempotencyKey)));
    }

    private String put(String key, Stored record, PutObjectRequest.Builder put) {
        return s3.putObject(put.bucket(bucket).key(key).contentType("application/json").build(),
                RequestBody.fromBytes(bytes(record))).eTag();
    }

    private byte[] bytes(Stored record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
