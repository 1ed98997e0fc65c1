package com.surveyrelay.schedule;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.ObjectsAfter;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deferred starts in the bucket, as {@code scheduled-starts/<when, 13-digit epoch milliseconds>-<id>.json}, and
 * campaign rows' as {@code scheduled-starts/campaign-rows/<when>-<id>.json}: the keys sort by firing time, so the due
 * ones are the first of a listing, and a restart loses none. Campaign rows are kept apart so that a night's rows
 * falling due together (tens of thousands at the opening of contact hours) do not fill the first pages of every
 * listing of the other starts (a campaign row deferred before 2026-12-04 stays where it was, and fires as before).
 * The number is in the document, never in the key. How each start ended is kept apart, under
 * {@code scheduled-start-outcomes/<id>.json} ({@link ScheduledStartOutcome}), outside every listing of the starts.
 *
 * <p>An object there that is not a start this store can fire (not JSON, or without a number, channel or time it
 * needs) is skipped with a warning naming its key, and left where it is: one such object must not stop every other
 * start from firing, nor a respondent's access or erasure from reading the rest.
 */
@Component
public class ScheduledStartStore {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledStartStore.class);
    public static final String PREFIX = "scheduled-starts/";
    /** Where campaign rows' deferred starts are kept. */
    public static final String CAMPAIGN_ROWS = PREFIX + "campaign-rows/";
    /**
     * Where how each deferred start ended is kept, {@code <scheduleId>.json} ({@link ScheduledStartOutcome}): apart
     * from {@link #PREFIX}, so that what is under it is only starts still to fire.
     */
    public static final String OUTCOMES = "scheduled-start-outcomes/";
    private static final String ID = "[0-9a-f-]{36}";
    private static final int NOT_FOUND = 404;
    private static final Pattern OUTCOME_KEY = Pattern.compile(Pattern.quote(OUTCOMES) + "(" + ID + ")\\.json");
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "(?:campaign-rows/)?(\\d{13})-(" + ID
            + ")\\.json");

    private final S3Client s3;
    private final String bucket;
    /** Lenient about fields it does not know, as the other documents' readers are: a later version may add one. */
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ScheduledStartStore(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    static String key(ScheduledStart start) {
        return key(folder(start.idempotencyKey()), start.scheduledFor(), start.id());
    }

    private static String key(String folder, Instant scheduledFor, String id) {
        return folder + String.format("%013d", scheduledFor.toEpochMilli()) + "-" + id + ".json";
    }

    /** Where the start of a request under {@code idempotencyKey} is kept: apart for a campaign row's. */
    private static String folder(String idempotencyKey) {
        return ScheduledStart.campaignRow(idempotencyKey) ? CAMPAIGN_ROWS : PREFIX;
    }

    /**
     * Whether the deferred start {@code id}, stored for a request under {@code idempotencyKey} (null for none) to
     * fire at {@code scheduledFor}, is in the bucket: at that key, or, once it fell due ({@code now} not before
     * {@code scheduledFor}), at a later one of its folder, where {@code ScheduledStartFiring} moves a start that
     * fell due outside contact hours or whose number is busy (same id, later time). A start that fired and was
     * removed is not; its firing's claim in the trigger ledger tells of it.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public boolean holds(String id, String idempotencyKey, Instant scheduledFor, Instant now) {
        String folder = folder(idempotencyKey);
        String at = key(folder, scheduledFor, id);
        try {
            s3.headObject(head -> head.bucket(bucket).key(at));
            return true;
        } catch (S3Exception e) {
            // A HEAD's 404 has no error code to tell a missing key by: not there (moved later, fired, never stored).
            if (e.statusCode() != NOT_FOUND) {
                throw e;
            }
        }
        if (now.isBefore(scheduledFor)) {
            return false;
        }
        // Rare (a repeat of a deferral whose outcome storage failed to record, once due): one walk of the later keys.
        for (S3Object object : new ObjectsAfter(s3, bucket, folder, "/", at)) {
            if (isKeyOf(object.key(), id)) {
                return true;
            }
        }
        return false;
    }

    /** Stores a deferred start. S3 failures propagate (the caller answers 5xx and nothing is scheduled). */
    public void save(ScheduledStart start) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key(start))
                    .contentType("application/json"), RequestBody.fromBytes(json.writeValueAsBytes(start)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The keys of starts due at {@code now}, earliest first, at most {@code limit}: requests' starts (and campaign
     * rows' deferred before they were kept apart), not those under {@link #CAMPAIGN_ROWS}.
     *
     * @param after the last key of the page before, to list the next page; null for the first
     */
    public List<String> dueKeys(Instant now, int limit, String after) {
        return due(PREFIX, now, limit, after);
    }

    /**
     * The keys of campaign rows' starts due at {@code now}, earliest first, at most {@code limit}.
     *
     * @param after the last key of the page before, to list the next page; null for the first
     */
    public List<String> dueCampaignRows(Instant now, int limit, String after) {
        return due(CAMPAIGN_ROWS, now, limit, after);
    }

    private List<String> due(String prefix, Instant now, int limit, String after) {
        List<String> due = new ArrayList<>();
        // The delimiter leaves the campaign rows' folder out of a listing of the others.
        for (S3Object object : new ObjectsAfter(s3, bucket, prefix, "/", after)) {
            Matcher key = KEY.matcher(object.key());
            if (!key.matches()) {
                continue;
            }
            if (Long.parseLong(key.group(1)) > now.toEpochMilli() || due.size() >= limit) {
                break;
            }
            due.add(object.key());
        }
        return due;
    }

    /**
     * The keys of every deferred start (the requests', then the campaign rows', each earliest first); keys this store
     * did not write are skipped.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public List<String> allKeys() {
        List<String> all = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(PREFIX)).contents()) {
            if (KEY.matcher(object.key()).matches()) {
                all.add(object.key());
            }
        }
        return all;
    }

    /** Whether {@code key} is a deferred start's key ({@code <folder><firing time>-<id>.json}) of start {@code id}. */
    private static boolean isKeyOf(String key, String id) {
        return key.endsWith("-" + id + ".json") && KEY.matcher(key).matches();
    }

    /** A deferred start still waiting to fire, with the key it is kept under. */
    public record Pending(String key, ScheduledStart start) {
    }

    /**
     * The deferred start {@code scheduleId}, while it waits to fire: its key holds its firing time, so every key is
     * listed (one S3 LIST per 1,000 deferred starts) and the one ending in the id is read.
     *
     * @param scheduleId a UUID in lower case
     * @return empty when none waits under that id (it ended, never was, or cannot be read: see {@link #find})
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<Pending> findById(String scheduleId) {
        for (String key : allKeys()) {
            if (isKeyOf(key, scheduleId)) {
                Optional<ScheduledStart> start = find(key);
                if (start.isPresent()) {
                    return Optional.of(new Pending(key, start.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Keeps how a deferred start ended, under {@code scheduled-start-outcomes/<scheduleId>.json}, replacing what was
     * kept for it before (a start ends once; a later write only repeats it).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void saveOutcome(ScheduledStartOutcome outcome) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(OUTCOMES + outcome.scheduleId() + ".json")
                    .contentType("application/json"), RequestBody.fromBytes(json.writeValueAsBytes(outcome)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the deferred start {@code scheduleId} ended, as kept ({@link #saveOutcome}).
     *
     * @return empty when none is kept (the start has not ended, ended before outcomes were kept, or its outcome was
     *     pruned or erased), or when the object is not an outcome (logged with a warning naming its key)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<ScheduledStartOutcome> outcome(String scheduleId) {
        return readOutcome(OUTCOMES + scheduleId + ".json");
    }

    /**
     * Every outcome kept, read one by one (one GET each), for a respondent's access and erasure; one that cannot be
     * read is left out, with a warning naming its key.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public List<ScheduledStartOutcome> allOutcomes() {
        List<ScheduledStartOutcome> all = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(OUTCOMES)).contents()) {
            if (OUTCOME_KEY.matcher(object.key()).matches()) {
                readOutcome(object.key()).ifPresent(all::add);
            }
        }
        return all;
    }

    private Optional<ScheduledStartOutcome> readOutcome(String key) {
        try {
            ScheduledStartOutcome outcome = json.readValue(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key))
                    .asByteArray(), ScheduledStartOutcome.class);
            if (outcome.scheduleId() != null && outcome.state() != null) {
                return Optional.of(outcome);
            }
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Not shown: the parser's message may quote the document, number and all.
        }
        LOG.warn("The deferred start outcome {} cannot be read: left out, and left in the bucket", key);
        return Optional.empty();
    }

    /**
     * Deletes the outcome kept for {@code scheduleId}, if any.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void deleteOutcome(String scheduleId) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(OUTCOMES + scheduleId + ".json"));
    }

    /**
     * Deletes the outcomes written before {@code before} (by the object's {@code Last-Modified}): one listing, and
     * one DELETE each; returns how many.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public int pruneOutcomes(Instant before) {
        int pruned = 0;
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(OUTCOMES)).contents()) {
            if (OUTCOME_KEY.matcher(object.key()).matches() && object.lastModified().isBefore(before)) {
                delete(object.key());
                pruned++;
            }
        }
        return pruned;
    }

    /**
     * A deferred start by key.
     *
     * @return empty when another instance fired and removed it meanwhile, or when the object is not a start that can
     *     fire (not JSON; no id of a UUID's form, channel, number or times; a number not in E.164 form; an unknown
     *     channel or time zone; a {@code fallbackFrom} naming no session id): that one is skipped with a warning
     *     naming its key (keys hold no number), and left in the bucket
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public Optional<ScheduledStart> find(String key) {
        byte[] content;
        try {
            content = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        Optional<String> problem;
        ScheduledStart start = null;
        try {
            start = json.readValue(content, ScheduledStart.class);
            problem = problem(start);
        } catch (IOException e) {
            problem = Optional.of("it is not a deferred start's JSON");
        }
        if (problem.isPresent()) {
            LOG.warn("The scheduled start {} cannot be read ({}): skipped, and left in the bucket", key,
                    problem.get());
            return Optional.empty();
        }
        return Optional.of(start);
    }

    /** Why a start read from the bucket could not fire as {@code SurveyStarts} asks it; empty when it can. */
    private static Optional<String> problem(ScheduledStart start) {
        if (start == null || start.id() == null || !start.id().matches(ID) || start.scheduledFor() == null
                || start.requestedAt() == null) {
            return Optional.of("it lacks its id (a UUID), scheduledFor or requestedAt");
        }
        if (start.fallbackFrom() != null && !SessionStore.isSessionId(start.fallbackFrom().sessionId())) {
            return Optional.of("its fallbackFrom names no session id");
        }
        try {
            new E164(start.to());
            Channel.fromValue(start.channel());
            if (start.timeZone() != null) {
                ZoneId.of(start.timeZone());
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.of("its to is no E.164 number, or its channel or timeZone is not one the service knows");
        }
        return Optional.empty();
    }

    /**
     * Removes a deferred start, so it never fires.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    public void delete(String key) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }
}
