package com.surveyrelay.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.SurveyJson;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * JSON documents in the survey bucket, written pretty-printed and only by compare-and-swap ({@code If-None-Match: *}
 * to create, {@code If-Match: <etag>} to update). Shared by {@link SessionStore} (session documents) and
 * {@link SmsPointers} (a number's SMS pointer), so that both lose a race in the same way: a
 * {@link SessionConflictException}. A refusal that met the write's own first attempt, whose answer was lost, is the
 * write's success ({@link LandedWrites}).
 */
final class BucketDocuments {

    private static final String JSON = "application/json";

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();

    BucketDocuments(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The object's bytes and its response (ETag, {@code Last-Modified}), or empty when there is none. */
    Optional<ResponseBytes<GetObjectResponse>> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes only if the object is still as we read it (or absent, when {@code etag} is null).
     *
     * @return the written object's ETag
     * @throws SessionConflictException when the object is no longer as read
     */
    String write(String key, Object document, String etag) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentType(JSON);
        if (etag == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(etag);
        }
        // 412: changed since it was read; 409 (AWS): another conditional write to it was under way; 404 to an
        // If-Match: deleted since it was read (a respondent's erasure). Each time the copy read is stale.
        return LandedWrites.put(s3, put.build(), serialise(document), LandedWrites.Deleted.REFUSES)
                .orElseThrow(() -> new SessionConflictException(key));
    }

    private byte[] serialise(Object document) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
