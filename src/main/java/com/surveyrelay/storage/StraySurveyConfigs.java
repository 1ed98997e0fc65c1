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
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Survey configurations uploaded where the catalog does not read them: {@code my-survey/survey-config.json} (the
 * folder put at the bucket root, without {@code surveys/}) or {@code survey/my-survey/survey-config.json} (a
 * misspelt {@code surveys/}). The catalog reads only the root's {@code survey-config.json} and
 * {@code surveys/<surveyId>/survey-config.json}, so such a survey answered {@code 404 unknown_survey} and nothing
 * said why (a survey author's probe, 2026-12-07). Each is logged once at WARN, naming where it would be read; not
 * when {@code surveys/<its folder's name>/} holds a survey already (an archived copy, whose "move it" would overwrite
 * the survey running: a breaker's probe the same day). One folder too deep inside {@code surveys/} is the folder
 * lint's to refuse ({@link SurveyFolderLint#misnamedConfig}).
 *
 * <p>Cost, at a {@link SurveyCatalog#refresh()}: one listing of the bucket's top-level folders ({@code ListObjectsV2}
 * with the delimiter {@code /}) and one listing of at most {@value #KEYS_LOOKED_AT} keys of each top-level folder the
 * service does not write ({@link #OWN}), at the first refresh and then at most once every {@link #LOOK_AGAIN_AFTER},
 * so that a configuration put in a folder after it was first seen is found too (prompts uploaded first, a breaker's
 * probe); and one {@code GetObject} of each stray when it is first listed. S3 failing is left to the catalog's own
 * listing to report: this look is skipped until the next refresh.
 */
final class StraySurveyConfigs {

    private static final Logger LOG = LoggerFactory.getLogger(StraySurveyConfigs.class);
    /** The most keys of one top-level folder looked at: one page of {@code ListObjectsV2}. */
    static final int KEYS_LOOKED_AT = 1000;
    /** The configuration's name, as a key's last part. */
    private static final String CONFIG_IN_A_FOLDER = "/" + SurveyConfigLoader.SURVEY_CONFIG;

    /**
     * The top-level folders whose configurations the catalog reads ({@code surveys/}, the root's
     * {@code voice-prompts/}) or the service writes, never looked at: the copy of each version kept
     * ({@code survey-versions/}: each was warned of at every start for a few hours that day, the operator told to move
     * it), sessions, results, pointers, markers and records, and the campaigns' and deferred starts' folders.
     */
    private static final Set<String> OWN = Set.of(SurveyCatalog.SURVEYS_FOLDER, SurveyConfigLoader.PROMPTS_FOLDER,
            SurveyVersions.FOLDER, SessionStore.RESULTS_PREFIX, ResultExports.FOLDER, ResultExports.LEGACY_FOLDER,
            CallPointers.PREFIX, SmsPointers.SMS_CONVERSATIONS_PREFIX, OpenSessionMarkers.OPEN_SESSIONS_PREFIX,
            RespondentRecords.PREFIX, TriggerLedger.PREFIX,
            // CampaignStore (PREFIX, QUEUE), CampaignErasures.PREFIX, ScheduledStartStore (PREFIX, which holds its
            // campaign-rows/, and OUTCOMES) and RespondentHashKeyCheck.KEY's folder, named here as they write them
            // (those packages build on this one). A top-level campaign-rows/ is none of them: it was listed until
            // 2026-12-07, and an author's config put there went without a word (a code reviewer's probe).
            "campaigns/", "campaign-erasures/", "campaign-queue/", "scheduled-starts/", "scheduled-start-outcomes/",
            "respondent-hash-key/");
    /**
     * How often the bucket's folders are looked at again after the first look: a refresh may come every 200 ms (the
     * tests'), and a listing with a delimiter walks the whole bucket on S3Proxy's filesystem store; a stray is a
     * mistake an author makes once, told within a minute.
     */
    static final java.time.Duration LOOK_AGAIN_AFTER = java.time.Duration.ofMinutes(1);

    private final S3Client s3;
    private final String bucket;
    private final java.time.Clock clock;
    /** The stray keys warned of, so each is said once; one gone from the bucket is forgotten. */
    private Set<String> warned = Set.of();
    /** When the folders were last looked at; null before the first look. */
    private java.time.Instant lastLook;
    /** Where each stray listed is to be moved ({@link #folderOfItsSurveyId}), read once a key. */
    private final java.util.Map<String, String> targets = new java.util.HashMap<>();

    StraySurveyConfigs(S3Client s3, String bucket, java.time.Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /**
     * Looks at the top-level folders the service does not write, and logs each stray configuration not said before.
     *
     * @param surveyFolders the survey folders the catalog listed ({@code surveys/<name>/}): a stray whose folder's
     *     name is one of them is a copy, not a survey that failed to load
     */
    synchronized void look(Set<String> surveyFolders) {
        java.time.Instant at = clock.instant();
        if (lastLook != null && at.isBefore(lastLook.plus(LOOK_AGAIN_AFTER))) {
            return;
        }
        lastLook = at;
        Set<String> now = new HashSet<>();
        Set<String> listed = new HashSet<>();
        try {
            // URL-encoded, as the catalog lists (SurveyCatalog): a key with a control character failed the look.
            for (CommonPrefix prefix : s3.listObjectsV2Paginator(list -> list.bucket(bucket).delimiter("/")
                    .encodingType(EncodingType.URL)).commonPrefixes()) {
                String folder = prefix.prefix();
                if (OWN.contains(folder)) {
                    continue;
                }
                // Not a copy of a survey running, by its folder's name or by the surveyId it holds (a copy of a running
                // survey was told to be moved over it: a breaker's probe, 2026-12-07).
                List<String> strays = strayIn(folder);
                listed.addAll(strays);
                strays.stream().filter(key -> !surveyFolders.contains(meantFolder(key))
                        && !surveyFolders.contains(target(key))).forEach(now::add);
            }
        } catch (SdkException e) {
            lastLook = null; // the catalog's listing says S3 fails; looked at again at the next refresh
            return;
        }
        for (String key : now) {
            if (!warned.contains(key)) {
                LOG.warn("Bucket {} holds {}, which no survey is read from: the catalog reads {} at the bucket root "
                        + "and {}<surveyId>/{} (move it to {}{}); a start naming its survey answers 404 unknown_survey",
                        bucket, key, SurveyConfigLoader.SURVEY_CONFIG, SurveyCatalog.SURVEYS_FOLDER,
                        SurveyConfigLoader.SURVEY_CONFIG, target(key), SurveyConfigLoader.SURVEY_CONFIG);
            }
        }
        warned = Set.copyOf(now);
        // Each stray listed is read once while it stays (not once a minute), one gone is forgotten.
        targets.keySet().retainAll(listed);
    }


    private String target(String key) {
        return targets.computeIfAbsent(key, this::folderOfItsSurveyId);
    }

    /** The keys of {@code folder}'s first page that name a survey configuration, in key order. */
    private List<String> strayIn(String folder) {
        return s3.listObjectsV2(list -> list.bucket(bucket).prefix(folder).maxKeys(KEYS_LOOKED_AT)
                .encodingType(EncodingType.URL)).contents()
                .stream().map(S3Object::key).filter(key -> key.endsWith(CONFIG_IN_A_FOLDER)).sorted().toList();
    }

    /**
     * The folder a stray configuration is to be moved to: {@code surveys/<its surveyId>/}, read from it once, when it
     * is warned of (the folder lint refuses a {@code surveyId} other than its folder's name: following the advice
     * {@code surveys/campaign-rows/} for a config whose {@code surveyId} is {@code brk-d} was refused, a breaker's
     * probe, 2026-12-07); {@link #meantFolder} when it holds none, or cannot be read.
     */
    private String folderOfItsSurveyId(String key) {
        try {
            String surveyId = com.surveyrelay.survey.SurveyJson.mapper().readTree(s3.getObjectAsBytes(get -> get
                    .bucket(bucket).key(key)).asByteArray()).path("surveyId").asText("");
            return SurveyConfigLoader.isSurveyId(surveyId) ? SurveyCatalog.SURVEYS_FOLDER + surveyId + "/"
                    : meantFolder(key);
        } catch (java.io.IOException | SdkException e) {
            return meantFolder(key);
        }
    }

    /** The folder a stray configuration would be read from: {@code surveys/<its folder's name>/}. */
    private static String meantFolder(String key) {
        String[] parts = key.split("/");
        return SurveyCatalog.SURVEYS_FOLDER + parts[parts.length - 2] + "/";
    }
}
