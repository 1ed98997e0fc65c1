package com.surveyrelay.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.E164;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
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
 * retrying on a conflict ({@code 412}, or AWS's {@code 409 ConditionalRequestConflict} while another conditional
 * write to the record is being applied), so an opt-out and a start recorded at the same moment on two instances both
 * stay; after eight refused attempts S3's last refusal is thrown, with its status, error code and request id. Each
 * opt-out and opt-in is also appended to the record's {@link ConsentHistory} in that same write (no extra
 * request): a retry re-reads the document and appends to the history it finds, so no change is lost to a concurrent
 * one.
 * A write whose answer S3 lost, refused when the AWS SDK sent it again, is the writer's own when the document holds
 * exactly the bytes it sent ({@link LandedWrites}): re-applied instead, a contact's claim met its own
 * {@code lastAskedAt} and the start was refused {@code 422 contacted_recently} (until 2026-12-06). Each write names
 * its writer ({@value #WRITER}: a random UUID of the write's own, which readers ignore, and which records written
 * before 2026-12-06 lack): a record's other fields name only the time of the change, so until then two starts to one
 * number at the same instant (to the clock's microsecond, or a fixed test clock), one of whose writes failed before
 * landing, could each take the other's write for its own, and both took the contact.
 */
public class RespondentRecords {

    public static final String PREFIX = "respondents/";
    private static final String BUILT_IN_KEY = "survey-relay respondent records";
    private static final Logger LOG = LoggerFactory.getLogger(RespondentRecords.class);
    private static final int ATTEMPTS = 8;
    /** The field naming a record's writer, so that a write read back is told from another writer's alike. */
    private static final String WRITER = "writer";

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
     * @param history every opt-out and opt-in of the number, oldest first; null for a record written before
     *     2026-12-05 that has seen no opt-out or opt-in since (it keeps only the fields above)
     * @param notMobileAt when Twilio last refused a text to the number as no mobile number (error 21614), or null:
     *     an SMS start is refused without asking Twilio for a while after ({@code RespondentConsent})
     */
    public record Respondent(Instant optedOutAt, String optOutSource, Instant optedInAt, Instant lastAskedAt,
            String etag, Instant endedOptOutAt, String endedOptOutSource, ConsentHistory history,
            Instant notMobileAt) {

        static final Respondent NONE = new Respondent(null, null, null, null, null, null, null, ConsentHistory.EMPTY);

        /** A record that Twilio never refused a text to as no mobile number. */
        public Respondent(Instant optedOutAt, String optOutSource, Instant optedInAt, Instant lastAskedAt,
                String etag, Instant endedOptOutAt, String endedOptOutSource, ConsentHistory history) {
            this(optedOutAt, optOutSource, optedInAt, lastAskedAt, etag, endedOptOutAt, endedOptOutSource, history,
                    null);
        }

        /** The record with another last-asked time, its consent unchanged. */
        Respondent asked(Instant at) {
            return new Respondent(optedOutAt, optOutSource, optedInAt, at, etag, endedOptOutAt, endedOptOutSource,
                    history, notMobileAt);
        }

        /** The record as stored under another ETag. */
        Respondent stored(String newEtag) {
            return new Respondent(optedOutAt, optOutSource, optedInAt, lastAskedAt, newEtag, endedOptOutAt,
                    endedOptOutSource, history, notMobileAt);
        }

        /**
         * The record opted out at {@code at} by {@code source}, the change appended to its history.
         *
         * @param sid the Twilio webhook that made it ({@link ConsentChange#sid}), or null
         */
        Respondent withOptOut(Instant at, String source, String sid) {
            return new Respondent(at, source, optedInAt, lastAskedAt, etag, endedOptOutAt, endedOptOutSource,
                    historyWith(new ConsentChange(at, ConsentChange.OPTED_OUT, source, sid)), notMobileAt);
        }

        /**
         * The record opted back in at {@code at} by {@code source}: the opt-out it ends kept, the change appended.
         *
         * @param sid the Twilio webhook that made it ({@link ConsentChange#sid}), or null
         */
        Respondent withOptIn(Instant at, String source, String sid) {
            return new Respondent(null, null, at, lastAskedAt, etag, optedOutAt, optOutSource,
                    historyWith(new ConsentChange(at, ConsentChange.OPTED_IN, source, sid)), notMobileAt);
        }

        /**
         * Whether the webhook {@code sid} already changed this record's consent: Twilio delivers each webhook at least
         * once, and a repeat of an old START after a later STOP took the number off the suppression list (a results
         * analyst's probe, 2026-12-06). False for a null sid, and for a change older than the history keeps.
         */
        boolean changedBy(String sid) {
            return sid != null && history != null
                    && history.changes().stream().anyMatch(change -> sid.equals(change.sid()));
        }

        /** The record with Twilio's refusal of a text as no mobile number (error 21614) at {@code at}. */
        Respondent notMobile(Instant at) {
            return new Respondent(optedOutAt, optOutSource, optedInAt, lastAskedAt, etag, endedOptOutAt,
                    endedOptOutSource, history, at);
        }

        private ConsentHistory historyWith(ConsentChange change) {
            if (history != null) {
                return history.with(change);
            }
            // A record from before histories were kept: what came before this change is only in the fields above.
            boolean earlierChanges = optedOutAt != null || optedInAt != null || endedOptOutAt != null;
            return new ConsentHistory(List.of(), 0, earlierChanges ? change.at() : null).with(change);
        }

        public boolean optedOut() {
            return optedOutAt != null;
        }

        /** Whether the number ever opted out or in: the record then keeps that history, and proves its handling. */
        public boolean hasConsentHistory() {
            return optedOutAt != null || optedInAt != null || endedOptOutAt != null
                    || history != null && (!history.changes().isEmpty() || history.dropped() > 0);
        }
    }

    /**
     * One opt-out or opt-in, as kept in a record's history.
     *
     * @param at when it was recorded (stored as ISO-8601 UTC)
     * @param change {@link #OPTED_OUT} or {@link #OPTED_IN}
     * @param source how: one of {@link Sources}, the words the record uses for its last opt-out (an opt-in by text
     *     is {@code sms-keyword}, {@code sms-phrase}, {@code whatsapp-keyword}, {@code whatsapp-phrase} or
     *     {@code twilio-opt-out-type}); null for an opt-in recorded without one
     * @param sid the Twilio webhook that made it, so that a repeat of it changes nothing: a text's {@code MessageSid}
     *     ({@code SM} or {@code MM} and 32 hex digits), a status callback's {@code MessageSid} (error 21610), or a call
     *     step's {@code CallSid} and turn ({@code CA…/13}); null for a change no webhook made, and in records written
     *     before 2026-12-06
     */
    public record ConsentChange(Instant at, String change, String source, String sid) {
        public static final String OPTED_OUT = "opted_out";
        public static final String OPTED_IN = "opted_in";

        /** A change no Twilio webhook names: a send Twilio refused, a record written before sids were kept. */
        public ConsentChange(Instant at, String change, String source) {
            this(at, change, source, null);
        }
    }

    /**
     * A record's consent changes, oldest first, at most {@link #LIMIT} of them (a number that opts out and in
     * without end must not grow its record without end: 100 entries are about 8 KB).
     *
     * @param changes the changes kept, oldest first
     * @param dropped how many older changes were dropped to keep within {@link #LIMIT}; 0 when the list is complete
     * @param since for a record written before 2026-12-05: the first change recorded in the history, before which
     *     only the record's last opt-out and opt-in are known; null for a record whose history starts with it
     */
    public record ConsentHistory(List<ConsentChange> changes, int dropped, Instant since) {

        public static final int LIMIT = 100;
        static final ConsentHistory EMPTY = new ConsentHistory(List.of(), 0, null);

        /** This history with {@code change} appended, the oldest dropped (and counted) past {@link #LIMIT}. */
        ConsentHistory with(ConsentChange change) {
            List<ConsentChange> next = new ArrayList<>(changes);
            next.add(change);
            int overLimit = Math.max(next.size() - LIMIT, 0);
            return new ConsentHistory(List.copyOf(next.subList(overLimit, next.size())), dropped + overLimit, since);
        }

        /**
         * Puts this history into a record's JSON, as stored and as a respondent's access request shows it:
         * {@code history} (each {@code {"at": ISO-8601 UTC, "change", "source", "sid"}}, a null source or sid
         * left out), and
         * {@code historyDropped} and {@code historySince} when set.
         */
        public void writeTo(ObjectNode fields) {
            ArrayNode entries = fields.putArray("history");
            for (ConsentChange each : changes) {
                ObjectNode entry = entries.addObject();
                entry.put("at", each.at().toString());
                entry.put("change", each.change());
                if (each.source() != null) {
                    entry.put("source", each.source());
                }
                if (each.sid() != null) {
                    entry.put("sid", each.sid());
                }
            }
            if (dropped > 0) {
                fields.put("historyDropped", dropped);
            }
            if (since != null) {
                fields.put("historySince", since.toString());
            }
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

    /**
     * What tells this instance's key from another without revealing it: the HMAC of a fixed text (no number) under
     * the key the records are named by, 64 hex digits. Two instances with one key give the same; instances with
     * different keys (or one with none) name a number's record differently, and do not find each other's
     * ({@code RespondentHashKeyCheck}).
     */
    public String keyCheck() {
        byte[] digest;
        synchronized (hmac) {
            digest = hmac.doFinal(KEY_CHECK_TEXT.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest);
    }

    private static final String KEY_CHECK_TEXT = "survey-relay: the key respondent records are named under";

    /** The object key of a number's record: the prefix and 64 hex digits, never the number. */
    public String key(E164 phone) {
        byte[] digest;
        synchronized (hmac) {
            digest = hmac.doFinal(phone.value().getBytes(StandardCharsets.UTF_8));
        }
        return PREFIX + HexFormat.of().formatHex(digest) + ".json";
    }

    /**
     * The number's record; {@code NONE}-like (all null) when it has none. S3 failures propagate.
     *
     * @throws UnreadableRecord when the stored document is no record (cut short, hand-edited, a field of the wrong
     *     type): answered {@code 500 respondent_record_unreadable}, never taken for "no record", which would forget an
     *     opt-out
     */
    public Respondent find(E164 phone) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(phone)));
        } catch (NoSuchKeyException e) {
            return Respondent.NONE;
        }
        try {
            ObjectNode fields = (ObjectNode) json.readTree(object.asByteArray());
            return new Respondent(instant(fields, "optedOutAt"), text(fields, "optOutSource"),
                    instant(fields, "optedInAt"), instant(fields, "lastAskedAt"), object.response().eTag(),
                    instant(fields, "endedOptOutAt"), text(fields, "endedOptOutSource"), history(fields),
                    instant(fields, "notMobileAt"));
        } catch (IOException | RuntimeException e) {
            // Not JSON, not an object, a time that does not parse, a history entry that is no object: until
            // 2026-12-06 an IllegalStateException, answered 500 internal_error to access, erasure, starts and STOP.
            LOG.warn("The record of consent {} is stored but cannot be read ({}): no survey goes to its number until "
                    + "it is put back", key(phone), e.getClass().getSimpleName());
            throw new UnreadableRecord(key(phone), object.response().eTag());
        }
    }

    /**
     * A number's record that is stored but cannot be read: {@code 500 respondent_record_unreadable}, naming the
     * object (its key holds no number). A start to the number is refused with it, nothing sent, since whether the
     * number opted out cannot be told; an opt-out replaces the record ({@link #optOut}).
     */
    public static final class UnreadableRecord extends com.surveyrelay.web.HttpProblem {
        private final transient String etag;

        UnreadableRecord(String key, String etag) {
            super(500, "respondent_record_unreadable", "The number's record of consent (" + key + ") is stored but "
                    + "cannot be read, so whether it opted out cannot be told; nothing was sent. Put it back from a "
                    + "backup or an earlier version of the object; deleting it forgets any opt-out it held.");
            this.etag = etag;
        }

        /** The unreadable object's ETag, for a conditional write replacing it. */
        String etag() {
            return etag;
        }
    }

    /**
     * Records an opt-out and appends it to the history; an earlier one keeps its time and source (a repeat is no
     * change: nothing is written), and an opt-in before it stays on record. A record that cannot be read
     * ({@link UnreadableRecord}) is replaced by one holding this opt-out alone, by a write conditional on the
     * unreadable object's ETag, with a warning naming it: the opt-out must be kept whatever became of the record
     * (until 2026-12-06 a STOP from such a number was answered 500 and not recorded); what the old one held is lost
     * unless the bucket keeps versions.
     */
    public Respondent optOut(E164 phone, String source, Instant at) {
        return optOut(phone, source, at, null);
    }

    /**
     * Records an opt-out that the Twilio webhook {@code sid} made, as {@link #optOut(E164, String, Instant)}; a repeat
     * of that webhook ({@link ConsentChange#sid}) changes nothing, even after an opt-in since.
     */
    public Respondent optOut(E164 phone, String source, Instant at, String sid) {
        for (int attempt = 1; ; attempt++) {
            try {
                return update(phone, record -> record.optedOut() || record.changedBy(sid) ? record
                        : record.withOptOut(at, source, sid));
            } catch (UnreadableRecord unreadable) {
                PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key(phone))
                        .contentType("application/json").ifMatch(unreadable.etag()).build();
                Respondent next = Respondent.NONE.withOptOut(at, source, sid);
                Optional<String> written = LandedWrites.put(s3, put, document(next), LandedWrites.Deleted.REFUSES);
                if (written.isPresent()) {
                    LOG.warn("Replaced the unreadable record of consent {} with the number's opt-out ({})",
                            key(phone), source);
                    return next.stored(written.get());
                }
                if (attempt == ATTEMPTS) {
                    throw unreadable;
                }
                // Changed or deleted since it was read: read again.
            }
        }
    }

    /**
     * Records an opt-in by {@code source} (the words of {@link Sources}) and appends it to the history: the number may
     * be asked again. The opt-out it ends stays on record, when and how. A number not opted out is left as it is.
     * Either way the opt-in, a text from the number, forgets Twilio's refusal of a text to it as no mobile number
     * ({@link Respondent#notMobileAt}): a number ported to a mobile line that texts START is texted again at once, not
     * refused for the rest of the memory (if Twilio refuses again, the refusal is remembered again).
     */
    public Respondent optIn(E164 phone, String source, Instant at) {
        return optIn(phone, source, at, null);
    }

    /**
     * Records an opt-in that the Twilio webhook {@code sid} made, as {@link #optIn(E164, String, Instant)}; a repeat of
     * that webhook ({@link ConsentChange#sid}) changes nothing, even after an opt-out since.
     */
    public Respondent optIn(E164 phone, String source, Instant at, String sid) {
        return update(phone, record -> {
            if (record.changedBy(sid)) {
                return record;
            }
            Respondent texting = record.notMobileAt() == null ? record : record.notMobile(null);
            return !texting.optedOut() ? texting : texting.withOptIn(at, source, sid);
        });
    }

    /**
     * Records that Twilio refused a text to the number at {@code at} as no mobile number (error 21614); its consent and
     * contacts are left as they are. S3 failures propagate.
     */
    public Respondent notMobile(E164 phone, Instant at) {
        return update(phone, record -> record.notMobile(at));
    }

    /**
     * Forgets Twilio's refusal of a text to the number as no mobile number ({@link Respondent#notMobileAt}), for an
     * erasure: the next SMS start asks Twilio again. Its consent and contacts are left as they are; a record without
     * one is not written. S3 failures propagate.
     */
    /**
     * Forgets the number's last contact ({@code lastAskedAt}, the frequency cap's) when it never opted out or in, for
     * its erasure: the record then holds nothing of it. A record with a consent history keeps it, and the contact
     * limits with it. S3 failures propagate.
     *
     * @return the record as it stands after
     */
    public Respondent forgetContactWithoutConsentHistory(E164 phone) {
        return update(phone, record -> record.hasConsentHistory() ? record : record.asked(null));
    }

    public Respondent forgetNotMobile(E164 phone) {
        return update(phone, record -> record.notMobileAt() == null ? record : record.notMobile(null));
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
            return record.asked(at);
        });
        return before[0];
    }

    /** Gives back a contact taken at {@code at} that reached nobody: the last asked time is {@code previous} again. */
    public void releaseContact(E164 phone, Instant at, Instant previous) {
        update(phone, record -> !at.equals(record.lastAskedAt()) ? record : record.asked(previous));
    }

    /**
     * Forgets the number's last contact when it was taken from {@code from} to {@code until} (inclusive): the start
     * that took it reached nobody, found out after the fact. The contact before it, taken at least the frequency cap
     * earlier (else this one was refused), holds nothing back either, so the last asked time is left empty.
     */
    public void releaseContactTakenBetween(E164 phone, Instant from, Instant until) {
        update(phone, record -> record.lastAskedAt() == null || record.lastAskedAt().isBefore(from)
                || record.lastAskedAt().isAfter(until) ? record : record.asked(null));
    }

    private Respondent update(E164 phone, UnaryOperator<Respondent> change) {
        S3Exception[] refusal = new S3Exception[1];
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
            // A retried attempt refused because its own first attempt landed (its answer lost) is the write's own:
            // applying the change again to what it wrote would judge a contact against itself (contacted_recently).
            // 409 ConditionalRequestConflict: AWS S3 was applying another conditional write to the record (a change
            // on another instance); read it again as after a 412 (until 2026-12-06 a failure of S3). A 404 to the
            // If-Match (the record deleted since it was read) is thrown, as before.
            Optional<String> written = LandedWrites.put(s3, put.build(), document(next), LandedWrites.Deleted.THROWS,
                    refused -> refusal[0] = refused);
            if (written.isPresent()) {
                return next.stored(written.get());
            }
            if (attempt == ATTEMPTS) {
                // S3's own last refusal (412, or 409 ConditionalRequestConflict), with its request id and error code:
                // until 2026-12-06 a made-up 412 without either was thrown.
                throw refusal[0];
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
        if (record.notMobileAt() != null) {
            put(fields, "notMobileAt", record.notMobileAt());
        }
        // A record from before 2026-12-05 with no consent change since stays without one: "no history kept".
        if (record.history() != null) {
            record.history().writeTo(fields);
        }
        fields.put(WRITER, UUID.randomUUID().toString());
        try {
            return json.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode fields, String name, Instant value) {
        fields.put(name, value == null ? null : value.toString());
    }

    /** The stored history; null when the document has none (written before 2026-12-05). */
    private static ConsentHistory history(ObjectNode fields) {
        JsonNode stored = fields.get("history");
        if (stored == null || stored.isNull()) {
            return null;
        }
        List<ConsentChange> changes = new ArrayList<>();
        for (JsonNode entry : (ArrayNode) stored) {
            ObjectNode change = (ObjectNode) entry;
            changes.add(new ConsentChange(instant(change, "at"), text(change, "change"), text(change, "source"),
                    text(change, "sid")));
        }
        return new ConsentHistory(List.copyOf(changes), fields.path("historyDropped").asInt(0),
                instant(fields, "historySince"));
    }

    private static Instant instant(ObjectNode fields, String name) {
        String text = text(fields, name);
        return text == null ? null : Instant.parse(text);
    }

    private static String text(ObjectNode fields, String name) {
        return fields.hasNonNull(name) ? fields.get(name).asText() : null;
    }

    /**
     * Opt-out sources, as stored in {@link Respondent#optOutSource()}; the history's opt-ins by text use the same
     * words ({@link ConsentChange#source()}).
     */
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
