package com.surveyrelay.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.LandedWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Campaigns in the bucket, so that one outlives the instance that took it:
 * {@code campaigns/<id>/campaign.csv} (the file as received), {@code campaigns/<id>/status.json} and
 * {@code campaigns/<id>/results.csv}, and a marker {@code campaign-queue/<id>} while the campaign is
 * unfinished, so a starting instance finds those without reading every campaign ever run. Keys hold only
 * {@link CampaignId}s.
 *
 * <p>The status is written conditionally ({@code If-None-Match: *} to create it, {@code If-Match} to replace it); a
 * refusal, {@code 412} or AWS's {@code 409 ConditionalRequestConflict} (another conditional write to it under way),
 * is another writer's. Except when the AWS SDK sent the write again because the answer to an attempt that S3 stored
 * was lost: its next attempt meets that object. Each status write names its writer in the object's user metadata
 * ({@value #WRITER}, a random id of the write's own; the JSON is unchanged, since an instance of an earlier version
 * reads the status with Jackson's default of refusing unknown fields), and the status read back with exactly the
 * bytes and the writer sent is the write's own ({@link LandedWrites}). Until 2026-12-06 intake then took its new
 * campaign for one "received by another instance" (left to the next resume check), and a run took itself for one
 * that lost the campaign (left to be resumed after {@link CampaignRunner#ABANDONED_AFTER}).
 */
@Component
class CampaignStore {

    static final String PREFIX = "campaigns/";
    static final String QUEUE = "campaign-queue/";
    private static final int NOT_FOUND = 404;

    /**
     * User metadata ({@code x-amz-meta-writer}) naming one status write as its own: a random UUID, so that a status
     * another instance wrote with the same bytes (same counts, same clock instant) is not taken for this write's.
     */
    static final String WRITER = "writer";

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    CampaignStore(S3Client s3, SurveyRelayProperties settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
    }

    String resultsUri(String id) {
        return "s3://" + bucket + "/" + PREFIX + id + "/results.csv";
    }

    /** Keeps the file as received; a copy already there holds the same bytes, since the id holds their hash. */
    void storeFile(String id, byte[] content) {
        createOnly(PREFIX + id + "/campaign.csv", content, "text/csv", Map.of());
    }

    byte[] file(String id) {
        return s3.getObjectAsBytes(get -> get.bucket(bucket).key(PREFIX + id + "/campaign.csv")).asByteArray();
    }

    /**
     * Creates the status unless the campaign has one: false when it was received before (or is being received by
     * another instance now: {@code 409}). A create whose answer S3 lost is this one's ({@link CampaignStore}).
     */
    boolean createStatus(CampaignStatus status) {
        return createOnly(PREFIX + status.id() + "/status.json", bytes(status), "application/json", writer());
    }

    private static Map<String, String> writer() {
        return Map.of(WRITER, UUID.randomUUID().toString());
    }

    /**
     * A stored status and the ETag it was read with, for {@link #replaceStatus}.
     *
     * @param replaced for a status written by {@link #cancelStatus}, the ETag of the status that cancel replaced (the
     *     run whose chain of writes it continues); null for any other status
     */
    record TaggedStatus(CampaignStatus status, String etag, String replaced) {
    }

    /** Object metadata ({@code x-amz-meta-replaced-etag}) where {@link #cancelStatus} keeps the ETag it replaced. */
    static final String REPLACED_ETAG = "replaced-etag";

    /**
     * The status as stored, with its ETag; empty when the campaign has none.
     *
     * @throws UnreadableCampaignStatus when {@code campaigns/<id>/status.json} is not a status (not JSON, or not its
     *     shape): hand-edited or cut short, it stays so until someone mends or deletes it
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    Optional<TaggedStatus> taggedStatus(String id) {
        try {
            var object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(PREFIX + id + "/status.json"));
            return Optional.of(new TaggedStatus(json.readValue(object.asByteArray(), CampaignStatus.class),
                    object.response().eTag(), object.response().metadata().get(REPLACED_ETAG)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UnreadableCampaignStatus(id, e);
        }
    }

    /**
     * Writes the status only if the stored one is still the one read or written with {@code etag} (an S3 conditional
     * write, {@code If-Match}), so that of two instances taking a campaign up at once, one does, and an instance that
     * lost the campaign writes nothing more.
     *
     * @return the written status's ETag, for the next conditional write; empty when another instance wrote the status
     *     since {@code etag} (412 Precondition Failed) or is writing it now (409 ConditionalRequestConflict); a
     *     write whose answer S3 lost is this one's ({@link CampaignStore})
     */
    Optional<String> replaceStatus(CampaignStatus status, String etag) {
        return replaceStatus(status, etag, Map.of());
    }

    /**
     * Writes a cancel's status as {@link #replaceStatus} does, keeping with it the ETag it replaced ({@code etag}, in
     * the object's metadata {@value #REPLACED_ETAG}): the run whose last write that was adopts the cancel and records
     * the campaign's rows; a run that wrote an earlier status lost the campaign to another instance and must not
     * (it would write its own results over the other's). Any later write of the status drops it.
     *
     * @return as {@link #replaceStatus}
     */
    Optional<String> cancelStatus(CampaignStatus status, String etag) {
        return replaceStatus(status, etag, Map.of(REPLACED_ETAG, etag));
    }

    private Optional<String> replaceStatus(CampaignStatus status, String etag, Map<String, String> metadata) {
        String key = PREFIX + status.id() + "/status.json";
        Map<String, String> written = new HashMap<>(metadata);
        written.putAll(writer());
        // A refusal that met this write's own first attempt (LandedWrites) is told by the writer id in `written`.
        return LandedWrites.put(s3, PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json")
                .metadata(written).ifMatch(etag).build(), bytes(status), LandedWrites.Deleted.THROWS);
    }

    /** The stored status's ETag, or null when there is none. */
    String statusEtag(String id) {
        try {
            return s3.headObject(head -> head.bucket(bucket).key(PREFIX + id + "/status.json")).eTag();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /**
     * The status as stored; empty when the campaign has none.
     *
     * @throws UnreadableCampaignStatus when the stored status is not one (see {@link #taggedStatus})
     */
    Optional<CampaignStatus> status(String id) {
        return taggedStatus(id).map(TaggedStatus::status);
    }

    void putResults(String id, byte[] csv) {
        s3.putObject(put -> put.bucket(bucket).key(PREFIX + id + "/results.csv").contentType("text/csv"),
                RequestBody.fromBytes(csv));
    }

    Optional<byte[]> results(String id) {
        return read(PREFIX + id + "/results.csv");
    }

    /**
     * The campaign's {@code results.csv} as S3 sends it, to be read while it is sent on: one GET, so the bytes are one
     * write's, whatever the runner writes meanwhile. The caller closes it.
     *
     * @return empty when the campaign has no results file (none, or no run has written one yet)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails to open it
     */
    Optional<InputStream> openResults(String id) {
        try {
            return Optional.of(s3.getObject(get -> get.bucket(bucket).key(PREFIX + id + "/results.csv")));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** True when the campaign has a stored status: it was received, whatever became of it. */
    boolean hasStatus(String id) {
        return exists(PREFIX + id + "/status.json");
    }

    void enqueue(String id) {
        s3.putObject(put -> put.bucket(bucket).key(QUEUE + id), RequestBody.empty());
    }

    void dequeue(String id) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(QUEUE + id));
    }

    /** Where the outcomes of a campaign's rows deferred by quiet hours are noted, one empty object a row. */
    private static String deferredPrefix(String id) {
        return PREFIX + id + "/deferred/";
    }

    /**
     * Notes how a row deferred by quiet hours ended when it fell due: {@code campaigns/<id>/deferred/<row>.started.
     * <sessionId>} or {@code .refused.<code>}, an empty object whose name is the note (notes written before 2026-12-07
     * end at {@code .started} or {@code .refused}). Writing it again changes nothing.
     *
     * @param detail the session started, or the refusal's code; left out of the name unless it is 1 to 64 of
     *     {@code A-Z a-z 0-9 _ -} (a session id, an error code), as an S3 key holds nothing else of ours
     */
    void noteDeferredRow(String id, int row, boolean started, String detail) {
        String suffix = detail != null && DEFERRED_DETAIL.matcher(detail).matches() ? "." + detail : "";
        s3.putObject(put -> put.bucket(bucket).key(deferredPrefix(id) + row + (started ? ".started" : ".refused")
                + suffix), RequestBody.empty());
    }

    /** What a deferred row's note may carry after its outcome: a session id or an error code. */
    private static final Pattern DEFERRED_DETAIL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A deferred row's note, after the prefix: the row, the outcome, and the detail if any. */
    private static final Pattern DEFERRED_NOTE = Pattern.compile(
            "([0-9]{1,9})\\.(started|refused)(?:\\.([A-Za-z0-9_-]{1,64}))?");

    /** The campaign's deferred rows that fell due, by how they ended: one listing call per 1,000 rows. */
    DeferredRows deferredRows(String id) {
        int started = 0;
        int refused = 0;
        for (DeferredRowEnd end : deferredRowEnds(id).values()) {
            if (end.started()) {
                started++;
            } else {
                refused++;
            }
        }
        return new DeferredRows(started, refused);
    }

    /**
     * How each of the campaign's deferred rows that fell due ended, by row: one listing call per 1,000 rows. A row
     * noted twice (both ways, which no path writes) counts as started.
     */
    SortedMap<Integer, DeferredRowEnd> deferredRowEnds(String id) {
        SortedMap<Integer, DeferredRowEnd> ends = new TreeMap<>();
        String prefix = deferredPrefix(id);
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
            Matcher note = DEFERRED_NOTE.matcher(object.key().substring(prefix.length()));
            if (note.matches()) {
                boolean started = note.group(2).equals("started");
                ends.merge(Integer.parseInt(note.group(1)), new DeferredRowEnd(started, note.group(3)),
                        (one, two) -> one.started() ? one : two);
            }
        }
        return ends;
    }

    /** A stored file's bytes and the ETag they were read with, for {@link #replaceFile}. */
    record TaggedFile(byte[] content, String etag) {
    }

    /** The campaign's {@code campaign.csv} or {@code results.csv} ({@code name}) with its ETag; empty when absent. */
    Optional<TaggedFile> taggedFile(String id, String name) {
        try {
            var object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(PREFIX + id + "/" + name));
            return Optional.of(new TaggedFile(object.asByteArray(), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Takes one line of a file: its text and its number (the first line is 1). */
    @FunctionalInterface
    interface LineReader {
        void line(String text, int number);
    }

    /**
     * Streams the campaign's {@code campaign.csv} or {@code results.csv} ({@code name}) line by line, as UTF-8, split
     * as {@link String#lines} splits ({@code \r\n}, {@code \n} or a lone {@code \r}) and without a leading BOM, so
     * the numbers are {@link CampaignCsv}'s rows; nothing but the line being read is held.
     *
     * @return false when the file is absent
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails, or the stream breaks off
     */
    boolean eachLine(String id, String name, LineReader reader) {
        try (var object = s3.getObject(get -> get.bucket(bucket).key(PREFIX + id + "/" + name));
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(object,
                        java.nio.charset.StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                reader.line(number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line, number);
            }
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (IOException e) {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("Reading campaigns/" + id + "/"
                    + name + " broke off", e);
        }
    }

    /**
     * Writes a campaign's file over the one read with {@code etag} ({@code If-Match}), so that two erasures redacting
     * the same file at once do not lose each other's rows.
     *
     * @return false when the file changed or went since it was read (412, 409 while another conditional write to it
     *     is applied, or 404 when deleted): read it again
     */
    boolean replaceFile(String id, String name, byte[] content, String etag) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(PREFIX + id + "/" + name).contentType("text/csv")
                    .ifMatch(etag).build(), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (LandedWrites.refused(e) || e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** True while the campaign's {@code campaign-queue/<id>} marker is there: it is unfinished. */
    boolean isQueued(String id) {
        return exists(QUEUE + id);
    }

    /** True when the bucket has an object at {@code key} (a HEAD request). */
    private boolean exists(String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The campaigns marked unfinished. */
    List<String> queued() {
        return markers().stream().map(QueueMarker::id).toList();
    }

    /**
     * A campaign's {@code campaign-queue/<id>} marker and when it was written ({@code markedAt}, the object's
     * {@code LastModified} by S3's clock, to the second).
     */
    record QueueMarker(String id, Instant markedAt) {
    }

    /** The markers of the campaigns marked unfinished, with when each was written: one S3 list request a thousand. */
    List<QueueMarker> markers() {
        return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(QUEUE)).contents().stream()
                .map(object -> new QueueMarker(object.key().substring(QUEUE.length()), object.lastModified()))
                .filter(marker -> CampaignId.isValid(marker.id()))
                .toList();
    }

    /**
     * Every campaign's id, in key order: one S3 list request for each thousand. It stopped at the first thousand, so
     * after a few years of campaigns a new one was missing from the list.
     */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        var pages = s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(PREFIX).delimiter("/"));
        for (var page : pages) {
            for (CommonPrefix prefix : page.commonPrefixes()) {
                String id = prefix.prefix().substring(PREFIX.length(), prefix.prefix().length() - 1);
                if (CampaignId.isValid(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates the object unless there is one ({@code If-None-Match: *}).
     *
     * @param metadata user metadata naming the write's writer, read back when S3 refuses a retried attempt; empty
     *     when any copy is as good as this one's (a campaign's file: its id holds the bytes' hash)
     * @return false when the object was there (or being written: {@code 409}) and is not this write's own
     */
    private boolean createOnly(String key, byte[] content, String contentType, Map<String, String> metadata) {
        return LandedWrites.put(s3, PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .metadata(metadata).ifNoneMatch("*").build(), content, LandedWrites.Deleted.THROWS).isPresent();
    }

    private byte[] bytes(CampaignStatus status) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
