package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveyConfigLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Survey configurations uploaded where the catalog does not read them: {@code my-survey/survey-config.json} (the
 * folder put at the bucket root, without {@code surveys/}) or {@code survey/my-survey/survey-config.json} (a
 * misspelt {@code surveys/}). The catalog reads only the root's {@code survey-config.json} and
 * {@code surveys/<surveyId>/survey-config.json}, so such a survey answered {@code 404 unknown_survey} and nothing
 * said why (a survey author's probe, 2026-12-07). Each is logged once at WARN, naming where it would be read.
 *
 * <p>Cost: one listing of the bucket's top-level folders ({@code ListObjectsV2} with the delimiter {@code /}) at
 * each {@link SurveyCatalog#refresh()}, and one listing of at most {@value #KEYS_LOOKED_AT} keys of each top-level
 * folder the first time it is seen (the folders the service writes, {@code finished-sessions/} say, included: a
 * stray configuration may be anywhere). A folder gone from the bucket is looked at again if it comes back. S3
 * failing is left to the catalog's own listing to report: this look is skipped until the next refresh.
 */
final class StraySurveyConfigs {

    private static final Logger LOG = LoggerFactory.getLogger(StraySurveyConfigs.class);
    /** The most keys of one top-level folder looked at: one page of {@code ListObjectsV2}. */
    static final int KEYS_LOOKED_AT = 1000;
    /** The configuration's name, as a key's last part. */
    private static final String CONFIG_IN_A_FOLDER = "/" + SurveyConfigLoader.SURVEY_CONFIG;

    /**
     * The folders whose configurations are read ({@code surveys/}, the root's {@code voice-prompts/}) or written by
     * the service ({@code survey-versions/}, the copy of each version kept: until a breaker's probe the same day, each
     * was warned of as a stray at every start, and the operator told to move it).
     */
    private static final Set<String> READ_OR_WRITTEN = Set.of(SurveyCatalog.SURVEYS_FOLDER,
            SurveyConfigLoader.PROMPTS_FOLDER, SurveyVersions.FOLDER);

    private final S3Client s3;
    private final String bucket;
    /** The top-level folders looked at, with their trailing slash. */
    private Set<String> seen = Set.of();

    StraySurveyConfigs(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Looks at the top-level folders not seen before, and logs each stray configuration found in them. */
    synchronized void lookAtNewFolders() {
        Set<String> now = new HashSet<>();
        try {
            for (CommonPrefix prefix : s3.listObjectsV2Paginator(list -> list.bucket(bucket).delimiter("/"))
                    .commonPrefixes()) {
                now.add(prefix.prefix());
            }
            for (String folder : now) {
                if (!seen.contains(folder) && !READ_OR_WRITTEN.contains(folder)) {
                    strayIn(folder).forEach(key -> LOG.warn("Bucket {} holds {}, which no survey is read from: the "
                            + "catalog reads {} at the bucket root and {}<surveyId>/{} (move it to {}); a start "
                            + "naming its survey answers 404 unknown_survey", bucket, key,
                            SurveyConfigLoader.SURVEY_CONFIG, SurveyCatalog.SURVEYS_FOLDER,
                            SurveyConfigLoader.SURVEY_CONFIG, meant(key)));
                }
            }
        } catch (SdkException e) {
            return; // the catalog's listing says S3 fails; looked at again at the next refresh
        }
        seen = Set.copyOf(now);
    }

    /** The keys of {@code folder}'s first page that name a survey configuration, in key order. */
    private List<String> strayIn(String folder) {
        return s3.listObjectsV2(list -> list.bucket(bucket).prefix(folder).maxKeys(KEYS_LOOKED_AT)).contents()
                .stream().map(S3Object::key).filter(key -> key.endsWith(CONFIG_IN_A_FOLDER)).sorted().toList();
    }

    /** Where a stray configuration would be read: {@code surveys/<its folder's name>/survey-config.json}. */
    private static String meant(String key) {
        String[] parts = key.split("/");
        return SurveyCatalog.SURVEYS_FOLDER + parts[parts.length - 2] + CONFIG_IN_A_FOLDER;
    }
}
