package com.surveyrelay.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether a conditional write that S3 refused had landed all the same. The AWS SDK tries a {@code PutObject} again
 * when its answer is lost (the connection reset or timed out after S3 stored the object: up to three attempts by the
 * SDK's standard retry mode), and the next attempt's {@code If-None-Match: *} or {@code If-Match} then meets the
 * object its own first attempt wrote: {@code 412 Precondition Failed} (or {@code 409 ConditionalRequestConflict} on
 * AWS while that attempt was still being applied). Read as another writer's, such a refusal made a survey start refuse
 * itself ({@code 409 survey_in_progress} naming a start "at the same moment", the number then held for a minute) or
 * fail with {@code 500} after storing its session. The object is read back once, on such a refusal of a retried
 * attempt only: when it holds exactly the bytes this write sent, the write took place and its ETag is the write's
 * answer. Only for documents that name something of their writer's own (a new session's random id, an idempotency
 * claim's {@code claimant}, a respondent record's {@code writer}), so that no other writer can have sent the same
 * bytes; a document that named only a time could be another writer's at the same instant. A document whose
 * bytes another writer may send alike can name its writer in the object's user metadata instead (a campaign's
 * status): the metadata read back must then match too.
 *
 * <p>Every conditional write that cares goes through {@link #put}, which answers the write's ETag, or empty for
 * another writer's object; its caller says only what a {@code 404} means to it ({@link Deleted}), and may be told
 * each refusal that stands (to throw S3's own after giving up).
 */
public final class LandedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(LandedWrites.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;
    /** The pause before the write after a first {@code 409 ConditionalRequestConflict}, in milliseconds. */
    static final long FIRST_CONFLICT_PAUSE_MILLIS = 100;
    /** S3's error code for a bucket that does not exist. */
    private static final String NO_SUCH_BUCKET = "NoSuchBucket";

    /**
     * What S3's {@code 404} to an {@code If-Match} write means to its writer: the object was deleted since it was read
     * (a respondent's erasure). A {@code 404} to an {@code If-None-Match: *} write, and a {@code 404 NoSuchBucket} to
     * any write (the bucket deleted or misnamed: a failure for every writer, not a change of one object), are always
     * thrown.
     */
    public enum Deleted {
        /** Another writer's change, as a {@code 412}: {@link #put} answers empty. */
        REFUSES,
        /** A failure: {@link #put} throws the {@code 404}. */
        THROWS
    }

    private LandedWrites() {
    }

    /**
     * Writes {@code bytes} by the conditional {@code PutObject} {@code request} ({@code If-None-Match: *} or
     * {@code If-Match: <etag>}; bucket and key set), and tells a refusal that met this write's own earlier attempt from
     * another writer's: on {@code 412} or {@code 409} answered to a retried attempt the object is read back once
     * ({@code GetObject}), and when it holds exactly {@code bytes} and the user metadata {@code request} sent
     * ({@code x-amz-meta-<name>}, names in lower case), the write landed and its ETag is the answer.
     *
     * @param bytes the object's content, as sent
     * @param deleted what a {@code 404} to an {@code If-Match} write means (see {@link Deleted})
     * @return the written object's ETag; empty when S3 refused the write ({@code 412 Precondition Failed}, or
     *     {@code 409 ConditionalRequestConflict} while another conditional write to the key is applied on AWS) for
     *     another writer's object, or when the object was deleted since it was read and {@code deleted} is
     *     {@link Deleted#REFUSES}
     * @throws S3Exception any other answer of S3's (S3 failing, access denied, {@code 404 NoSuchBucket} whatever
     *     {@code deleted} says)
     * @throws SdkException when S3 cannot be reached
     */
    public static Optional<String> put(S3Client s3, PutObjectRequest request, byte[] bytes, Deleted deleted) {
        return put(s3, request, bytes, deleted, refusal -> { });
    }

    /**
     * As {@link #put(S3Client, PutObjectRequest, byte[], Deleted)}, telling {@code refusals} each refusal that stands
     * (its status, error code, request id and the SDK's {@code numAttempts}) before answering empty for it: for a
     * caller that gives up after many and throws the last.
     */
    public static Optional<String> put(S3Client s3, PutObjectRequest request, byte[] bytes, Deleted deleted,
            Consumer<S3Exception> refusals) {
        try {
            return Optional.of(s3.putObject(request, RequestBody.fromBytes(bytes)).eTag());
        } catch (S3Exception e) {
            if (mayBeOwnAttempt(e)) {
                Optional<String> landed = holding(s3, request.bucket(), request.key(), bytes, request.metadata());
                if (landed.isPresent()) {
                    return landed;
                }
            }
            if (refused(e) || deleted == Deleted.REFUSES && request.ifMatch() != null && objectGone(e)) {
                refusals.accept(e);
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * True for S3's refusals of a conditional write that may be the write's own earlier attempt: {@code 412} or
     * {@code 409} answered to an attempt after the first (the SDK's {@code numAttempts}). A first attempt's refusal is
     * always another writer's; so is a {@code 404} (an {@code If-Match} on an object deleted since it was read).
     */
    private static boolean mayBeOwnAttempt(S3Exception refusal) {
        return refused(refusal) && refusal.numAttempts() != null && refusal.numAttempts() > 1;
    }

    /**
     * Waits before a conditional write answered AWS's {@code 409 ConditionalRequestConflict} (another conditional
     * write to the key still being applied) is sent again: {@value #FIRST_CONFLICT_PAUSE_MILLIS} ms before the second
     * write, doubling for each later one, each with up to half again at random, so that two writers that met do not
     * meet again at once and the other write has time to be applied. S3 gives no wait for it; its documentation says
     * only that the write may be retried. An interrupt ends the wait early and stays set.
     *
     * @param conflicts how many writes of the key met a {@code 409} so far: 1 or more
     */
    public static void pauseAfterConflict(int conflicts) {
        long pause = FIRST_CONFLICT_PAUSE_MILLIS << Math.min(Math.max(conflicts - 1, 0), 4);
        try {
            Thread.sleep(pause + java.util.concurrent.ThreadLocalRandom.current().nextLong(pause / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True for a {@code 404} that is about the object, not its bucket ({@code NoSuchBucket}). */
    private static boolean objectGone(S3Exception e) {
        return e.statusCode() == NOT_FOUND && !(e.awsErrorDetails() != null
                && NO_SUCH_BUCKET.equals(e.awsErrorDetails().errorCode()));
    }

    /** True for S3's refusals of a conditional write: {@code 412} or {@code 409}, whichever attempt met them. */
    public static boolean refused(S3Exception e) {
        return e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT;
    }

    /**
     * The ETag of the object at {@code key} when it holds exactly {@code written} and carries each of
     * {@code metadata}'s entries in its user metadata: the refused write had landed. One {@code GetObject}.
     *
     * @return the object's ETag; empty when it holds anything else, is gone, or cannot be read now (S3 failing: the
     *     refusal then stands, and the caller's own read after it meets the failure)
     */
    private static Optional<String> holding(S3Client s3, String bucket, String key, byte[] written,
            Map<String, String> metadata) {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key));
            Map<String, String> stored = object.response().metadata();
            boolean sameWriter = metadata.entrySet().stream()
                    .allMatch(entry -> entry.getValue().equals(stored.get(entry.getKey())));
            return sameWriter && Arrays.equals(object.asByteArrayUnsafe(), written)
                    ? Optional.of(object.response().eTag()) : Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            LOG.debug("Could not read {} back after a refused conditional write: {}", key, e.toString());
            return Optional.empty();
        }
    }
}
