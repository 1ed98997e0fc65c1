package com.surveyrelay.results;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.LandedWrites;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.survey.SurveyJson;
import com.surveyrelay.survey.SurveySession;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies what the results sink wrote before its names carried status, channel and language
 * ({@code completed-surveys/<surveyId>/<day>/<sessionId>.json}) to the current layout ({@link ResultExports#key}),
 * so the results API finds every finished session. Run by {@code routes/results-migration.camel.yaml} once at each
 * start-up while {@code survey-relay.results.migrate} is on ({@code RESULTS_MIGRATE}, checked by
 * {@code BooleanSettingCheck}).
 *
 * <p>Idempotent and safe on several instances at once: a day folder's current names are listed once, and a
 * session already there is not read again; a copy is a conditional create ({@code If-None-Match: *}), so a race
 * writes it once. The old objects are left in place: delete them (or let a lifecycle rule expire them) once the
 * copies are checked.
 */
@Component("resultsMigration")
public class ResultsMigration {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsMigration.class);
    private static final Pattern LEGACY_KEY = Pattern.compile(Pattern.quote(ResultExports.LEGACY_FOLDER)
            + "([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([^/]+)\\.json");

    private final S3Client s3;
    private final String bucket;
    private final ResultExports exports;
    private volatile Counts lastRun;

    /**
     * What one run found.
     *
     * @param examined objects under {@code completed-surveys/}
     * @param copied copies written
     * @param alreadyThere sessions the current layout held already (an earlier run, another instance, the sink), or
     *     that another instance was copying at that moment (AWS S3's {@code 409 ConditionalRequestConflict})
     * @param unreadable objects left alone: not named as the sink named them, or not a session document
     */
    public record Counts(int examined, int copied, int alreadyThere, int unreadable) {
    }

    public ResultsMigration(S3Client s3Client, SurveyRelayProperties settings, ResultExports exports) {
        this.s3 = s3Client;
        this.bucket = settings.resultsBucket();
        this.exports = exports;
    }

    /**
     * Copies every old-layout object of the results bucket that the current layout lacks, and logs one INFO line
     * with the counts.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (the next start-up tries again)
     */
    public synchronized Counts migrate() {
        int examined = 0;
        int copied = 0;
        int alreadyThere = 0;
        int unreadable = 0;
        String folder = null;
        Set<String> present = Set.of();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket)
                .prefix(ResultExports.LEGACY_FOLDER)).contents()) {
            examined++;
            Matcher key = LEGACY_KEY.matcher(object.key());
            if (!key.matches()) {
                unreadable++;
                LOG.warn("Results migration: {} is not named as the results sink named its objects; left alone",
                        object.key());
                continue;
            }
            String newFolder = ResultExports.FOLDER + key.group(1) + "/" + key.group(2) + "/";
            if (!newFolder.equals(folder)) {
                folder = newFolder;
                present = sessionIdsIn(folder);
            }
            if (present.contains(key.group(3))) {
                alreadyThere++;
                continue;
            }
            switch (copy(object.key())) {
                case COPIED -> copied++;
                case ALREADY_THERE -> alreadyThere++;
                case UNREADABLE -> unreadable++;
            }
        }
        Counts counts = new Counts(examined, copied, alreadyThere, unreadable);
        LOG.info("Results migration from {} to {} in bucket {}: {} objects, {} copied, {} already there, {} left "
                + "alone as unreadable; the old objects stay", ResultExports.LEGACY_FOLDER, ResultExports.FOLDER,
                bucket, examined, copied, alreadyThere, unreadable);
        lastRun = counts;
        return counts;
    }

    /**
     * {@link #migrate} as the start-up route runs it: S3 failing (the results bucket missing, credentials refused,
     * storage down) is logged as one warning naming the bucket and the failure, not thrown for Camel to log with a
     * stack trace, and the next start-up tries again.
     *
     * @return the counts, or empty when S3 failed
     */
    public Optional<Counts> migrateAtStart() {
        try {
            return Optional.of(migrate());
        } catch (SdkException e) {
            LOG.warn("Results migration did not run: S3 failed on bucket {} ({}: {}); the next start tries again "
                    + "(RESULTS_MIGRATE=false turns it off)", bucket, e.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The counts of the last run that finished, or null before one did. */
    public Counts lastRun() {
        return lastRun;
    }

    private enum Copy { COPIED, ALREADY_THERE, UNREADABLE }

    private Copy copy(String legacyKey) {
        byte[] content;
        SurveySession session;
        try {
            content = s3.getObjectAsBytes(get -> get.bucket(bucket).key(legacyKey)).asByteArray();
            session = SurveyJson.readSession(new String(content, java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchKeyException gone) {
            return Copy.UNREADABLE;
        } catch (UncheckedIOException | NullPointerException | IllegalArgumentException e) {
            LOG.warn("Results migration: {} is not a session document ({}); left alone", legacyKey,
                    e.getClass().getSimpleName());
            return Copy.UNREADABLE;
        }
        if (session.surveyStarted() == null) {
            LOG.warn("Results migration: {} has no surveyStarted; left alone", legacyKey);
            return Copy.UNREADABLE;
        }
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(exports.key(session))
                    .contentType("application/json").ifNoneMatch("*").build(), RequestBody.fromBytes(content));
            return Copy.COPIED;
        } catch (S3Exception e) {
            // 409 ConditionalRequestConflict: another instance's run is copying the same bytes there now (until
            // 2026-12-06 it ended this run as S3 failing). Should that copy fail, the next start copies it.
            if (LandedWrites.refused(e)) {
                return Copy.ALREADY_THERE;
            }
            throw e;
        }
    }

    private Set<String> sessionIdsIn(String folder) {
        Set<String> ids = new HashSet<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(folder)).contents()) {
            FinishedName.parse(object.key().substring(folder.length())).ifPresent(name -> ids.add(name.sessionId()));
        }
        return ids;
    }
}
