package com.surveyrelay.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One small document per respondent, across surveys and channels: whether the number opted out (the suppression
 * list) and when it was last asked for a survey (the frequency cap). Stored as
 * {@code respondents/<64 hex digits>.json}, named by the HMAC-SHA256 of the E.164 number under a secret key, and
 * holding no number: the list cannot be read back as a list of phone numbers.
 *
 * <p>Updates read the document and write it back with {@code If-Match} (or {@code If-None-Match: *} for the first),
 * retrying on a conflict, so an opt-out and a start recorded at the same moment on two instances both stay.
 */
public class RespondentRecords {

    public static final String PREFIX = "respondents/";
    private static final String BUILT_IN_KEY = "survey-relay respondent records";
    private static final int PRECONDITION_FAILED = 412;
    private static final int ATTEMPTS = 8;

    /**
     * What is known about one number.
     *
     * @param optedOutAt when it last opted out, null if never or if it opted in since
     * @param optOutSource how: {@code sms-keyword}, {@code sms-phrase}, {@code whatsapp-keyword},
     *     {@code whatsapp-phrase}, {@code twilio-opt-out-type}, {@code voice-key}, {@code voice-phrase} or
     *     {@code twilio-21610}
     * @param optedInAt when it last opted back in, or null
     * @param lastAskedAt when a survey was last sent to it (a text or a call placed), or null
     * @param etag the stored document's ETag, null for a number with no document
     * @param endedOptOutAt when the opt-out that its last opt-in ended was made, or null: the record of consent
     *     keeps it (in fields of their own, so an instance of an earlier version reads the record as before)
     * @param endedOptOutSource how that opt-out was made, or null
     */
    public record Respondent(Instant optedOutAt, String optOutSource, Instant optedInAt, Instant lastAskedAt,
            String etag, Instant endedOptOutAt, String endedOptOutSource) {

        static final Respondent NONE = new Respondent(null, null, null, null, null, null, null);

        /** The record with another last-asked time and ETag, its consent unchanged. */
        Respondent asked(Instant at, String newEtag) {
            return new Respondent(optedOutAt, optOutSource, optedInAt, at, newEtag, endedOptOutAt,
                    endedOptOutSource);
        }

        public boolean optedOut() {
            return optedOutAt != null;
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final Mac hmac;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param hashKey the HMAC key; blank for the built-in one (see {@code ConsentProperties#hashKey})
     */
    public RespondentRecords(S3Client s3, SurveyRelayProperties settings, String hashKey) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        try {
            this.hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec((hashKey.isBlank() ? BUILT_IN_KEY : hashKey).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The object key of a number's record: the prefix and 64 hex digits, never the number. */
    public String key(E164 phone) {
        byte[] digest;
        synchronized (hmac) {
            digest = hmac.doFinal(phone.value().getBytes(StandardCharsets.UTF_8));
        }
        return PREFIX + HexFormat.of().formatHex(digest) + ".json";
    }

    /** The number's record; {@code NONE}-like (all null) when it has none. S3 failures propagate. */
    public Respondent find(E164 phone) {
        try {
            var object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(phone)));
            ObjectNode fields = (ObjectNode) json.readTree(object.asByteArray());
            return new Respondent(instant(fields, "optedOutAt"), text(fields, "optOutSource"),
                    instant(fields, "optedInAt"), instant(fields, "lastAskedAt"), object.response().eTag(),
                    instant(fields, "endedOptOutAt"), text(fields, "endedOptOutSource"));
        } catch (NoSuchKeyException e) {
            return Respondent.NONE;
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("respondent record " + key(phone) + " is not a JSON object", e);
        }
    }

    /** Records an opt-out; an earlier one keeps its time and source, and an opt-in before it stays on record. */
    public Respondent optOut(E164 phone, String source, Instant at) {
        return update(phone, record -> record.optedOut() ? record
                : new Respondent(at, source, record.optedInAt(), record.lastAskedAt(), record.etag(),
                        record.endedOptOutAt(), record.endedOptOutSource()));
    }

    /** Records an opt-in: the number may be asked again. The opt-out it ends stays on record, when and how. */
    public Respondent optIn(E164 phone, Instant at) {
        return update(phone, record -> !record.optedOut() ? record
                : new Respondent(null, null, at, record.lastAskedAt(), record.etag(), record.optedOutAt(),
                        record.optOutSource()));
    }

    /**
     * Takes the number's next contact, atomically: of two starts at once (on one instance or several) only one
     * gets it, by the conditional write.
     *
     * @param mayAsk decides from the current record whether the number may be asked now; it throws to refuse
     * @return the record as it was before (its {@code lastAskedAt}, to give the contact back)
     */
    public Respondent claimContact(E164 phone, Instant at, java.util.function.Consumer<Respondent> mayAsk) {
        Respondent[] before = new Respondent[1];
        update(phone, record -> {
            mayAsk.accept(record);
            before[0] = record;
            return record.asked(at, record.etag());
        });
        return before[0];
    }

    /** Gives back a contact taken at {@code at} that reached nobody: the last asked time is {@code previous} again. */
    public void releaseContact(E164 phone, Instant at, Instant previous) {
        update(phone, record -> !at.equals(record.lastAskedAt()) ? record : record.asked(previous, record.etag()));
    }

    private Respondent update(E164 phone, UnaryOperator<Respondent> change) {
        for (int attempt = 1; ; attempt++) {
            Respondent current = find(phone);
            Respondent next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key(phone))
                    .contentType("application/json");
            if (current.etag() == null) {
                put.ifNoneMatch("*");
            } else {
                put.ifMatch(current.etag());
            }
            try {
                String etag = s3.putObject(put.build(), RequestBody.fromBytes(document(next))).eTag();
                return new Respondent(next.optedOutAt(), next.optOutSource(), next.optedInAt(), next.lastAskedAt(),
                        etag, next.endedOptOutAt(), next.endedOptOutSource());
            } catch (S3Exception e) {
                if (e.statusCode() != PRECONDITION_FAILED || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private byte[] document(Respondent record) {
        ObjectNode fields = json.createObjectNode();
        put(fields, "optedOutAt", record.optedOutAt());
        fields.put("optOutSource", record.optOutSource());
        put(fields, "optedInAt", record.optedInAt());
        put(fields, "lastAskedAt", record.lastAskedAt());
        put(fields, "endedOptOutAt", record.endedOptOutAt());
        fields.put("endedOptOutSource", record.endedOptOutSource());
        try {
            return json.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode fields, String name, Instant value) {
        fields.put(name, value == null ? null : value.toString());
    }

    private static Instant instant(ObjectNode fields, String name) {
        String text = text(fields, name);
        return text == null ? null : Instant.parse(text);
    }

    private static String text(ObjectNode fields, String name) {
        return fields.hasNonNull(name) ? fields.get(name).asText() : null;
    }

    /** Opt-out sources, as stored in {@link Respondent#optOutSource()}. */
    public static final class Sources {
        public static final String SMS_KEYWORD = "sms-keyword";
        public static final String SMS_PHRASE = "sms-phrase";
        /** A WhatsApp message saying stop: Twilio's opt-out keywords do not work there, so only we hear it. */
        public static final String WHATSAPP_KEYWORD = "whatsapp-keyword";
        public static final String WHATSAPP_PHRASE = "whatsapp-phrase";
        public static final String TWILIO_OPT_OUT_TYPE = "twilio-opt-out-type";
        public static final String VOICE_KEY = "voice-key";
        public static final String VOICE_PHRASE = "voice-phrase";
        public static final String TWILIO_21610 = "twilio-21610";

        private Sources() {
        }
    }
}
