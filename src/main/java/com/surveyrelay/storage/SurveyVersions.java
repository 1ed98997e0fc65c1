package com.surveyrelay.storage;

import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigException;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The copies of every survey version that ran, for {@link SurveyCatalog}: written under
 * {@code survey-versions/<surveyId>/<version>/} before a version runs, read back for a session that started on a
 * version the bucket no longer holds, for the results of a survey taken out of the bucket, and for the question
 * names of every version, which name the results export's columns. Versions read back are kept in memory, the
 * {@value #IN_MEMORY} most recently used.
 *
 * <p>Every call reaches S3 except {@link #inMemory}; S3 failures propagate as the SDK's exceptions.
 */
final class SurveyVersions {

    /** Where every version that ran is kept, for the sessions that started on it. */
    static final String FOLDER = "survey-versions/";
    /** Where the version each folder's survey runs is recorded. */
    private static final String RUNNING = FOLDER + "_running/";
    /** The older versions kept in memory; more are read again from their copies when asked for. */
    static final int IN_MEMORY = 64;
    /** The versions whose question names are kept in memory; more are read again from their copies. */
    static final int NAMES_IN_MEMORY = 1024;

    /** The form of a version: the first 16 hex digits of its files' SHA-256. */
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");

    private static final Logger LOG = LoggerFactory.getLogger(SurveyVersions.class);
    private static final int PRECONDITION_FAILED = 412;
    /** The writes of one file of a copy at most while AWS answers {@code 409 ConditionalRequestConflict}. */
    private static final int WRITES = 3;

    private final S3Client s3;
    private final String bucket;
    private final SurveyConfigLoader loader;
    /** Versions read back from their copies, by {@code surveyId/version}, least recently used first. */
    private final Map<String, Survey> readBack = leastRecentlyUsed(IN_MEMORY);
    /** The question names of kept versions, by {@code surveyId/version}: a version's copy never changes. */
    private final Map<String, List<String>> namesByVersion = leastRecentlyUsed(NAMES_IN_MEMORY);

    SurveyVersions(S3Client s3, String bucket, SurveyConfigLoader loader) {
        this.s3 = s3;
        this.bucket = bucket;
        this.loader = loader;
    }

    /**
     * Writes the version's files unless they are there (conditional create, {@code If-None-Match: *}), so that a
     * session started on it can finish on it after the bucket changed or the service restarted; replicas and
     * restarts write each file once. A file S3 refuses to write ({@code 412 Precondition Failed}) is kept already; one
     * answered AWS's {@code 409 ConditionalRequestConflict} (another instance writing it now) is written again after a
     * pause ({@link LandedWrites#pauseAfterConflict}), up to {@value #WRITES} writes, until it is written or refused as
     * there.
     *
     * @throws S3Exception any other answer of S3's (S3 failing), or a {@code 409} to each of {@value #WRITES} writes
     */
    void keep(Survey survey, List<ConfigFile> files) {
        String prefix = prefix(survey.surveyId(), survey.version());
        for (ConfigFile file : files) {
            for (int write = 1; ; write++) {
                try {
                    s3.putObject(put -> put.bucket(bucket).key(prefix + file.name()).ifNoneMatch("*"),
                            RequestBody.fromBytes(file.content()));
                    break;
                } catch (S3Exception e) {
                    // 412: written before, by this or another instance; a version's files never change, so that
                    // copy is this one. 409 ConditionalRequestConflict: another instance writing it now (AWS), whose
                    // write may yet fail: write again (until 2026-12-06 a 409 was taken for a copy kept, which then
                    // stayed missing when the other write never landed; before, it failed the refresh).
                    if (e.statusCode() == PRECONDITION_FAILED) {
                        break;
                    }
                    if (!LandedWrites.refused(e) || write == WRITES) {
                        throw e;
                    }
                    LandedWrites.pauseAfterConflict(write);
                }
            }
        }
    }

    /**
     * Records which version of a folder's survey runs, under {@code survey-versions/_running/<surveyId>} (the root's
     * under {@code _root}; no survey id starts with {@code _}), for an instance that starts while the folder's newest
     * files fail the lint. A version's copy keeps the date it was first written, so the newest copy need not be the
     * one that ran last (A, then B, then A again).
     */
    void markRunning(String folder, Survey survey) {
        s3.putObject(put -> put.bucket(bucket).key(RUNNING + runningName(folder, survey.surveyId())),
                RequestBody.fromString(survey.surveyId() + "/" + survey.version()));
    }

    /** What {@link #retire} records instead of a version. */
    private static final String RETIRED = "retired";

    /**
     * Records that the folder's survey was taken out of the bucket: a broken upload into the folder later finds no
     * version to fall back on, where it brought the deleted survey back to life (starts answered 201 on it).
     */
    void retire(String folder, String surveyId) {
        s3.putObject(put -> put.bucket(bucket).key(RUNNING + runningName(folder, surveyId)),
                RequestBody.fromString(RETIRED));
    }

    /**
     * The version of a folder's survey that ran last, read back from its copy: by {@link #markRunning}'s record, else
     * (a bucket written before there was one) the newest copy of the folder's survey. Empty when there is none, or
     * when the survey was {@link #retire retired}.
     *
     * @param surveyId the folder's survey id, or null for the root folder
     */
    Optional<Survey> lastRunning(String folder, String surveyId) {
        try {
            String recorded = s3.getObjectAsBytes(get -> get.bucket(bucket).key(RUNNING
                    + runningName(folder, surveyId))).asUtf8String().strip();
            if (RETIRED.equals(recorded)) {
                return Optional.empty();
            }
            String[] running = recorded.split("/", 2);
            if (running.length == 2) {
                return read(running[0], running[1], true);
            }
        } catch (NoSuchKeyException e) {
            // Not recorded yet: the newest copy.
        }
        return surveyId == null ? Optional.empty()
                : newest(surveyId).flatMap(version -> read(surveyId, version, true));
    }

    /**
     * Whether {@code surveyId} is what the folder's survey ran last, by {@link #markRunning}'s record alone (one GET,
     * no copy read): false when the record names another survey, is missing or says retired.
     */
    boolean ranLast(String folder, String surveyId) {
        try {
            return s3.getObjectAsBytes(get -> get.bucket(bucket).key(RUNNING + runningName(folder, surveyId)))
                    .asUtf8String().strip().startsWith(surveyId + "/");
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private static String runningName(String folder, String surveyId) {
        return folder.isEmpty() ? "_root" : surveyId;
    }

    /** A version read back before and still in memory; empty otherwise. Never reaches S3. */
    Optional<Survey> inMemory(String surveyId, String version) {
        return Optional.ofNullable(readBack.get(surveyId + "/" + version));
    }

    /**
     * A version's copy, read and linted again as a copy ({@link SurveyConfigLoader#loadKept}: the checks added since it
     * may have run are left out, so its sessions in flight finish on it), then kept in memory; empty when the ids are
     * malformed (a version is 16 hex digits), when there is no copy, or when the copy no longer passes (logged).
     */
    Optional<Survey> read(String surveyId, String version) {
        return read(surveyId, version, false);
    }

    /**
     * @param strict true to lint the copy as a new upload is linted ({@link SurveyConfigLoader#load}): for the version
     *     a folder falls back on when its newest files are refused, which then takes new sessions; a version that
     *     fails a check added since it ran does not, as its files in the folder would not
     */
    private Optional<Survey> read(String surveyId, String version, boolean strict) {
        if (!SurveyConfigLoader.isSurveyId(surveyId) || version == null || !VERSION.matcher(version).matches()) {
            return Optional.empty();
        }
        String prefix = prefix(surveyId, version);
        List<ConfigFile> files = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
            files.add(new ConfigFile(object.key().substring(prefix.length()),
                    s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray()));
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try {
            Survey survey = strict ? loader.load(files) : loader.loadKept(files);
            readBack.put(surveyId + "/" + version, survey);
            return Optional.of(survey);
        } catch (SurveyConfigException e) {
            LOG.error("The copy of survey {} version {} in bucket {} no longer passes the lint: {}", surveyId,
                    version, bucket, e.getMessage());
            return Optional.empty();
        }
    }

    /** The version of the survey whose copy was written last; empty when none was kept. */
    Optional<String> newest(String surveyId) {
        String prefix = FOLDER + surveyId + "/";
        S3Object newest = null;
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()) {
            if (newest == null || object.lastModified().isAfter(newest.lastModified())) {
                newest = object;
            }
        }
        return newest == null ? Optional.empty()
                : Optional.of(newest.key().substring(prefix.length()).split("/", 2)[0]);
    }

    /**
     * Every question name of every version of the survey that has a copy under {@code survey-versions/<surveyId>/},
     * each once, in the order it first appears: the version whose copy was written first, then the next (by the
     * date each copy's first file was written), each version's questions in its order. A version's names are read
     * from its {@code survey-config.json} once, then kept in memory ({@value #NAMES_IN_MEMORY} versions); a copy
     * deleted meanwhile, or no longer JSON (logged), names none. Empty for a malformed survey id.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails the listing or a read
     */
    List<String> questionNames(String surveyId) {
        Set<String> names = new LinkedHashSet<>();
        kept(surveyId).forEach(version -> names.addAll(questionNames(surveyId, version.version())));
        return List.copyOf(names);
    }

    /**
     * The versions of the survey that have a copy under {@code survey-versions/<surveyId>/}, oldest first: by the
     * date each copy's first file was written (about when the version first ran here), then by version. One listing.
     * Empty for a malformed survey id.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails the listing
     */
    List<SurveyCatalog.KeptVersion> kept(String surveyId) {
        if (!SurveyConfigLoader.isSurveyId(surveyId)) {
            return List.of();
        }
        String folder = FOLDER + surveyId + "/";
        Map<String, Instant> firstWritten = new HashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(folder)).contents()) {
            String version = object.key().substring(folder.length()).split("/", 2)[0];
            if (VERSION.matcher(version).matches()) {
                firstWritten.merge(version, object.lastModified(), (one, other) -> one.isBefore(other) ? one : other);
            }
        }
        return firstWritten.entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(version -> new SurveyCatalog.KeptVersion(version.getKey(), version.getValue())).toList();
    }

    /** One kept version's question names, from memory or from its copy's {@code survey-config.json}. */
    private List<String> questionNames(String surveyId, String version) {
        String id = surveyId + "/" + version;
        List<String> known = namesByVersion.get(id);
        if (known != null) {
            return known;
        }
        List<String> names;
        try {
            names = loader.questionNames(s3.getObjectAsBytes(get -> get.bucket(bucket)
                    .key(prefix(surveyId, version) + SurveyConfigLoader.SURVEY_CONFIG)).asByteArray());
        } catch (NoSuchKeyException e) {
            return List.of();
        } catch (IllegalArgumentException e) {
            LOG.warn("The copy of survey {} version {} in bucket {} names no questions: its {} is {}", surveyId,
                    version, bucket, SurveyConfigLoader.SURVEY_CONFIG, e.getMessage());
            return List.of();
        }
        namesByVersion.put(id, names);
        return names;
    }

    /** A map that holds at most {@code capacity} entries, dropping the least recently used; safe across threads. */
    private static <V> Map<String, V> leastRecentlyUsed(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }

    private static String prefix(String surveyId, String version) {
        return FOLDER + surveyId + "/" + version + "/";
    }
}
