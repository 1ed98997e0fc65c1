package com.surveyrelay.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.surveyrelay.config.SurveyRelayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deferred starts in the bucket, as {@code scheduled-starts/<when, 13-digit epoch milliseconds>-<id>.json}, and
 * campaign rows' as {@code scheduled-starts/campaign-rows/<when>-<id>.json}: the keys sort by firing time, so the due
 * ones are the first of a listing, and a restart loses none. Campaign rows are kept apart so that a night's rows
 * falling due together (tens of thousands at the opening of contact hours) do not fill the first pages of every
 * listing of the other starts (a campaign row deferred before 2026-12-04 stays where it was, and fires as before).
 * The number is in the document, never in the key.
 */
@Component
public class ScheduledStartStore {

    public static final String PREFIX = "scheduled-starts/";
    /** Where campaign rows' deferred starts are kept. */
    public static final String CAMPAIGN_ROWS = PREFIX + "campaign-rows/";
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "(?:campaign-rows/)?(\\d{13})-"
            + "([0-9a-f-]{36})\\.json");

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ScheduledStartStore(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    static String key(ScheduledStart start) {
        return (start.campaignRow() ? CAMPAIGN_ROWS : PREFIX) + String.format("%013d",
                start.scheduledFor().toEpochMilli()) + "-" + start.id() + ".json";
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
     * The keys of starts due at {@code now}, earliest first, at most {@code limit}: requests' starts (and campaign rows'
     * deferred before they were kept apart), not those under {@link #CAMPAIGN_ROWS}.
     */
    public List<String> dueKeys(Instant now, int limit) {
        return due(PREFIX, now, limit);
    }

    /** The keys of campaign rows' starts due at {@code now}, earliest first, at most {@code limit}. */
    public List<String> dueCampaignRows(Instant now, int limit) {
        return due(CAMPAIGN_ROWS, now, limit);
    }

    private List<String> due(String prefix, Instant now, int limit) {
        List<String> due = new ArrayList<>();
        // The delimiter leaves the campaign rows' folder out of a listing of the others.
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix).delimiter("/"))
                .contents()) {
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
     * The keys of every deferred start, earliest first; keys this store did not write are skipped.
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

    /** A deferred start by key; empty when another instance fired and removed it meanwhile. */
    public Optional<ScheduledStart> find(String key) {
        try {
            return Optional.of(json.readValue(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray(),
                    ScheduledStart.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("scheduled start " + key + " is not readable JSON", e);
        }
    }

    public void delete(String key) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }
}
