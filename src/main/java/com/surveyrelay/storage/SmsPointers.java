package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Which SMS session a number's texts go to: {@code sms-conversations/<digits>.json} ({@code {"sessionId": ...}}) in
 * the survey bucket, the twin of the call pointer ({@link CallPointers}). Texts carry the sender's number, not our
 * session id, so an inbound text finds its session through it. Changed only by conditional writes
 * ({@code If-None-Match: *} for a number without one, else {@code If-Match} its ETag), so of two surveys started to
 * one number at once only one gets the number. The number in the key is a validated E.164 number's digits.
 */
@Component
public class SmsPointers {

    public static final String SMS_CONVERSATIONS_PREFIX = "sms-conversations/";

    private final S3Client s3;
    private final String bucket;
    private final BucketDocuments documents;

    public SmsPointers(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.documents = new BucketDocuments(s3, bucket);
    }

    static String smsConversationKey(E164 phone) {
        return SMS_CONVERSATIONS_PREFIX + phone.value().substring(1) + ".json";
    }

    /**
     * A number's SMS pointer as stored: {@code {"sessionId":"..."}}, with {@code "firstTextUnknown": true} only once
     * Twilio left the session's first text unanswered ({@link SmsConversation#firstTextUnknown}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record SmsPointer(String sessionId, Boolean firstTextUnknown) {

        SmsPointer(String sessionId) {
            this(sessionId, null);
        }
    }

    /**
     * The session a number's texts go to, if any.
     *
     * @return the pointer with its ETag and when it was written (the object's {@code Last-Modified}, to the second);
     *     empty when the number has none
     * @throws IllegalStateException when the stored pointer names no session (a document this service did not write)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<SmsConversation> findSmsConversation(E164 phone) {
        return documents.read(smsConversationKey(phone)).map(object -> {
            SmsPointer stored = documents.parse(object.asByteArray(), SmsPointer.class);
            if (stored.sessionId() == null) {
                throw new IllegalStateException("An SMS pointer names no session");
            }
            return new SmsConversation(stored.sessionId(), object.response().eTag(), object.response().lastModified(),
                    Boolean.TRUE.equals(stored.firstTextUnknown()));
        });
    }

    /**
     * Points the number's texts at a session, only if the pointer is still {@code previous} ({@code If-Match} its
     * ETag, or {@code If-None-Match: *} when there was none).
     *
     * @param previous the pointer read or written before, or null when there was none
     * @return the new pointer's ETag
     * @throws SessionConflictException when the pointer is no longer {@code previous}
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails otherwise
     */
    public String pointSmsConversation(E164 phone, String sessionId, SmsConversation previous) {
        return documents.write(smsConversationKey(phone), new SmsPointer(sessionId),
                previous == null ? null : previous.etag());
    }

    /**
     * Marks the number's pointer to {@code sessionId} as a session whose first text Twilio never answered
     * ({@code "firstTextUnknown": true}), only if the pointer is still as {@code claimedEtag} (the start's own claim).
     *
     * @return the new pointer's ETag
     * @throws SessionConflictException when the pointer changed since the claim (an erasure removed it)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails otherwise
     */
    public String markFirstTextUnknown(E164 phone, String sessionId, String claimedEtag) {
        return documents.write(smsConversationKey(phone), new SmsPointer(sessionId, Boolean.TRUE), claimedEtag);
    }

    /**
     * Removes the number's pointer: its texts go to no session, as before its first survey.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void removeSmsConversation(E164 phone) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(smsConversationKey(phone)));
    }
}
