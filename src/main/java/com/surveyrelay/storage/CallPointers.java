package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which survey call a number was last given: {@code call-surveys/<digits>.json} ({@code {"sessionId": ...,
 * "callSid": ...}}, the sid once Twilio answered the call's creation) in the survey bucket, changed only by
 * conditional writes ({@code If-None-Match: *} for a number without one, else {@code If-Match} its ETag), so of two
 * call surveys started to one number at the same moment, on one instance or several, one takes the number. Calls carry
 * their session in every webhook, so nothing routes by it: it only keeps a number to one survey call at a time, and
 * names the call to ask Twilio about when its status callback never came. The number in the key is a validated E.164
 * number's digits, as in {@code sms-conversations/}.
 */
@Component
public class CallPointers {

    /** The folder of the pointers. */
    public static final String PREFIX = "call-surveys/";

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();

    public CallPointers(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    /**
     * A number's pointer as read.
     *
     * @param sessionId the call survey's session; null when the stored pointer is not this service's
     * @param callSid Twilio's sid of the call ({@code CA} and 32 hex digits); null until Twilio answered the call's
     *     creation, when it never did ({@code twilio_outcome_unknown}), or in a pointer written before sids were kept
     * @param retriedCreation true when the call's creation was sent again after Twilio answered it 5xx
     *     ({@code "retriedCreation": true}, written only then): Twilio may have placed a second call for the session,
     *     whose sid is not known
     * @param etag what a conditional write taking the number over must match
     * @param pointedAt when it was written (the object's {@code Last-Modified}, to the second)
     */
    public record CallPointer(String sessionId, String callSid, boolean retriedCreation, String etag,
            Instant pointedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Stored(String sessionId, String callSid, Boolean retriedCreation) {

        /** As written: {@code retriedCreation} only when true, so a pointer keeps its old shape otherwise. */
        static Stored of(String sessionId, String callSid, boolean retriedCreation) {
            return new Stored(sessionId, callSid, retriedCreation ? Boolean.TRUE : null);
        }
    }

    /**
     * The number's pointer, if it was ever given a survey call.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<CallPointer> find(E164 phone) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(phone)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        Stored stored;
        try {
            stored = json.readValue(object.asByteArray(), Stored.class);
        } catch (IOException e) {
            stored = new Stored(null, null, null);
        }
        // A pointer this service did not write names no call: taken over (If-Match its ETag) like an ended one,
        // rather than refusing every call start to the number for good.
        return Optional.of(new CallPointer(stored.sessionId(), stored.callSid(),
                Boolean.TRUE.equals(stored.retriedCreation()), object.response().eTag(),
                object.response().lastModified()));
    }

    /**
     * Points the number at a new call survey, only if its pointer is still {@code previous}.
     *
     * @param previous the pointer as read, or null when the number had none
     * @return the new pointer's ETag; empty when another start changed the pointer since it was read
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails otherwise
     */
    public Optional<String> claim(E164 phone, String sessionId, CallPointer previous) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key(phone))
                .contentType("application/json");
        if (previous == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(previous.etag());
        }
        // 412 or 409: another start took the number; 404 to an If-Match: the pointer was deleted since it was read
        // (a respondent's erasure).
        return LandedWrites.put(s3, put.build(), bytes(Stored.of(sessionId, null, false)),
                LandedWrites.Deleted.REFUSES);
    }

    /**
     * Removes the number's pointer, for a respondent's erasure: the next call start to the number finds none.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void remove(E164 phone) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key(phone)));
    }

    /**
     * Undoes a {@link #claim} for a session that was never stored: the pointer names {@code before}'s session again
     * (if it is still as claimed, {@code claimedEtag}), or is removed when the number had none. No other start can
     * have taken the number since: a pointer to a session not yet stored refuses them for a minute.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void giveBack(E164 phone, String claimedEtag, Optional<CallPointer> before) {
        if (before.isEmpty()) {
            s3.deleteObject(delete -> delete.bucket(bucket).key(key(phone)));
            return;
        }
        try {
            s3.putObject(put -> put.bucket(bucket).key(key(phone)).contentType("application/json")
                    .ifMatch(claimedEtag), RequestBody.fromBytes(json.writeValueAsBytes(
                            Stored.of(before.get().sessionId(), before.get().callSid(),
                                    before.get().retriedCreation()))));
        } catch (S3Exception e) {
            if (!LandedWrites.refused(e)) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the sid Twilio gave the call of session {@code sessionId} to the number's pointer, only if the pointer is
     * still as this start {@link #claim claimed} it ({@code claimedEtag}): the sid is what a later start asks Twilio
     * about when the call's status callback never came. One conditional write per call placed; also how a status
     * callback moves the pointer to the session's other call ({@code claimedEtag} then the pointer's as read).
     *
     * @param retriedCreation see {@link CallPointer#retriedCreation}
     * @return false when the pointer changed since (an erasure removed it): nothing was written
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails otherwise
     */
    public boolean recordCall(E164 phone, String claimedEtag, String sessionId, String callSid,
            boolean retriedCreation) {
        return LandedWrites.put(s3, PutObjectRequest.builder().bucket(bucket).key(key(phone))
                .contentType("application/json").ifMatch(claimedEtag).build(),
                bytes(Stored.of(sessionId, callSid, retriedCreation)), LandedWrites.Deleted.REFUSES).isPresent();
    }

    private byte[] bytes(Stored pointer) {
        try {
            return json.writeValueAsBytes(pointer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(E164 phone) {
        return PREFIX + phone.value().substring(1) + ".json";
    }
}
