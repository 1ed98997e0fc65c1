package com.surveyrelay.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
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
 * claim's {@code claimant}), so that no other writer can have sent the same bytes; a document that names only a time
 * (a respondent's record) could be another writer's at the same instant, which its class says. A document whose
 * bytes another writer may send alike can name its writer in the object's user metadata instead
 * ({@link #holding(S3Client, String, String, byte[], Map)}: a campaign's status).
 */
public final class LandedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(LandedWrites.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;

    private LandedWrites() {
    }

    /**
     * True for S3's refusals of a conditional write that may be the write's own earlier attempt: {@code 412} or
     * {@code 409} answered to an attempt after the first (the SDK's {@code numAttempts}). A first attempt's refusal is
     * always another writer's; so is a {@code 404} (an {@code If-Match} on an object deleted since it was read).
     */
    public static boolean mayBeOwnAttempt(S3Exception refusal) {
        return (refusal.statusCode() == PRECONDITION_FAILED || refusal.statusCode() == CONFLICT)
                && refusal.numAttempts() != null && refusal.numAttempts() > 1;
    }

    /** True for S3's refusals of a conditional write: {@code 412} or {@code 409}, whichever attempt met them. */
    public static boolean refused(S3Exception e) {
        return e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT;
    }

    /**
     * The ETag of the object at {@code key} when it holds exactly {@code written}: the refused write had landed. One
     * {@code GetObject}.
     *
     * @param written the bytes the refused {@code PutObject} sent
     * @return the object's ETag; empty when it holds anything else, is gone, or cannot be read now (S3 failing: the
     *     refusal then stands, and the caller's own read after it meets the failure)
     */
    public static Optional<String> holding(S3Client s3, String bucket, String key, byte[] written) {
        return holding(s3, bucket, key, written, Map.of());
    }

    /**
     * The ETag of the object at {@code key} when it holds exactly {@code written} and carries each of
     * {@code metadata}'s entries in its user metadata ({@code x-amz-meta-<name>}, names in lower case as S3 gives them
     * back): the refused write had landed. One {@code GetObject}. For a document whose bytes another writer may send
     * alike, and which names its writer in the metadata (a random id of the write's own) so that older readers of the
     * bytes see no change.
     *
     * @param written the bytes the refused {@code PutObject} sent
     * @param metadata the user metadata it sent that names its writer; empty to compare the bytes only
     * @return as {@link #holding(S3Client, String, String, byte[])}
     */
    public static Optional<String> holding(S3Client s3, String bucket, String key, byte[] written,
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
