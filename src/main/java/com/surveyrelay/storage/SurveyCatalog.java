package com.surveyrelay.storage;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.ConsentWords;
import com.surveyrelay.survey.SurveyWarnings;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigException;
import com.surveyrelay.survey.SurveyConfigLoader;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every survey in the bucket, read once and then kept in memory: a webhook never waits for S3 to learn what
 * to say. Layout:
 * <ul>
 *   <li>{@code survey-config.json} and {@code voice-prompts/} at the bucket root: the default survey, the
 *       original template's layout, run when a request names no {@code surveyId};</li>
 *   <li>{@code surveys/<surveyId>/survey-config.json} and {@code surveys/<surveyId>/voice-prompts/}: one more
 *       survey per folder, whose {@code surveyId} must be the folder's name.</li>
 * </ul>
 * The {@code survey-catalog} route calls {@link #refresh()} on a timer; it lists the objects' ETags and reloads
 * only the surveys whose files changed, once they have stayed unchanged for {@code SURVEY_UPLOAD_SETTLE}
 * ({@link FolderChanges}): an upload of a config and its prompts is read whole, not the new config beside the old
 * prompts. Each survey is linted on its own ({@link SurveyFolderLint}): a new version that fails the lint is
 * refused with a logged error, its last good version stays in use, and the other surveys are not touched; one that
 * loads with the lint's warnings ({@link SurveyWarnings}) runs, each warning logged once for the version and listed in
 * {@code GET /surveys}. A folder
 * with prompt files but no {@code survey-config.json}, of which no version ran, is a survey being uploaded (prompts
 * first): it is not a survey yet, noted once at INFO, neither listed nor refused until its config arrives; one whose
 * survey ran and whose config is gone is refused as any broken version, and keeps running that survey.
 *
 * <p><b>Versions.</b> A session finishes on the version it started with ({@link Survey#version()}). Before a
 * version is run, a copy of its files is written under {@code survey-versions/<surveyId>/<version>/}
 * (conditional create, so replicas and restarts write it once); a session on a version that is no longer the
 * current one is served from that copy. Copies are never deleted by the service: they are small, and a session
 * may be answered for as long as its reminders and fallbacks allow. A bucket lifecycle rule on
 * {@code survey-versions/} may expire them after the longest session (days, not hours); the results CSV then has no
 * column for the questions only an expired version had, and keeps their answers in its {@code otherAnswers} column.
 */
@Component("surveyCatalog")
// It writes the copies of the versions it loads: not before the hash key check has let this instance run.
@DependsOn("respondentHashKeyCheck")
public class SurveyCatalog implements InitializingBean {

    /** Where the surveys other than the default one live, one folder each. */
    public static final String SURVEYS_FOLDER = "surveys/";
    /** Where every version that ran is kept, for the sessions that started on it. */
    public static final String VERSIONS_FOLDER = SurveyVersions.FOLDER;

    private static final Logger LOG = LoggerFactory.getLogger(SurveyCatalog.class);
    private static final String ROOT = "";
    /**
     * The {@code unknown_survey} message for a survey id the bucket has no survey for (or that no survey can have),
     * wherever it is given: a start (HTTP, the bus, a folder trigger), a campaign row, the results API. It names where
     * to look, as {@code survey_id_required} does (a newcomer sending {@code "surveyId": "nps"} was told only that there
     * is none; until 2026-12-05 campaign rows and the results API still said only that), and where a survey is read
     * from. A survey uploaded since the catalog's last look answers {@code 503 survey_unavailable} instead
     * ({@link UnlistedSurveys}), so the 404 no longer speaks of the next look, as it did for a day (a carried gap).
     */
    public static final String NO_SUCH_SURVEY = "There is no survey with that surveyId (GET /surveys lists the surveys "
            + "in the bucket; a survey is read from surveys/<surveyId>/survey-config.json).";
    private static final Pattern SURVEY_FOLDER = Pattern.compile("surveys/([^/]+)/(.+)");

    /**
     * The refusal of a survey id the bucket has no survey for: {@code 404 unknown_survey} with {@link #NO_SUCH_SURVEY},
     * the one every caller throws (or, for a campaign row, records) for it.
     */
    public static HttpProblem unknownSurvey() {
        return new HttpProblem(404, "unknown_survey", NO_SUCH_SURVEY);
    }

    /**
     * The refusal of a surveyId no survey can have, as {@code "Odd Id"}: {@code 404 unknown_survey}, as for an id the
     * bucket lacks, saying what a surveyId is. {@code GET /surveys} lists a folder of that name as refused, so "no
     * such survey" alone contradicted it.
     */
    public static HttpProblem notASurveyId() {
        return new HttpProblem(404, "unknown_survey", "There is no survey with that surveyId: a surveyId is "
                + SurveyConfigLoader.SURVEY_ID_FORM + " (GET /surveys lists the surveys in the bucket, and why a "
                + "folder of another name is refused).");
    }

    private final S3Client s3;
    private final String bucket;
    private final SurveyConfigLoader loader = new SurveyConfigLoader();
    private final SurveyFolderLint folderLint = new SurveyFolderLint();
    private final StraySurveyConfigs strays;
    private final UnlistedSurveys unlisted;
    /** A start named a survey uploaded since the last look: the next {@link #refreshSettled()} looks at once. */
    private volatile boolean lookSoon;
    /** By folder ({@code ""} for the root, else {@code surveys/<id>/}): what was last tried and what runs. */
    private final Map<String, Folder> folders = new ConcurrentHashMap<>();
    private final SurveyVersions versions;
    private final FolderChanges changes;
    private volatile ConsentWords consent = ConsentWords.defaults("en");
    /** Whether a look at the bucket succeeded: the first one reads every folder at once, with nothing to settle. */
    private boolean looked;
    /** The folders the look under way listed. */
    private Set<String> listed = Set.of();
    private final Clock clock;
    private final Duration refreshEvery;
    /** When the last look at the bucket failed, or null after one that did not: the settled look then waits. */
    private volatile Instant lookFailedAt;

    /**
     * One folder's state.
     *
     * @param etags the ETags of the files last tried, good or refused, so a refused version is reported once
     * @param survey the version in use, or null when no version of this folder ever passed the lint
     * @param refusal why the newest files were refused, or null when they are in use
     * @param notASurveyYet the folder holds prompt files but no {@code survey-config.json}, and no version of it ran:
     *     a survey being uploaded, prompts first as the README advises, which is neither listed nor refused
     */
    private record Folder(Map<String, String> etags, Survey survey, String refusal, boolean notASurveyYet) {

        Folder(Map<String, String> etags, Survey survey, String refusal) {
            this(etags, survey, refusal, false);
        }
    }

    /**
     * One survey as {@code GET /surveys} lists it.
     *
     * @param state {@code active} (its newest files run), {@code refused} (its newest files failed the lint; the
     *     previous version, if any, still runs and {@code version} names it)
     * @param refusal the lint's findings for the refused files, file and key first; null when active
     * @param warnings the lint's warnings about the version in use ({@link SurveyWarnings}: a standard prompt one
     *     language has and another lacks, a texted reply word the survey does not take), one sentence each naming the
     *     survey, the language and the prompt keys; empty when none, or when no version is in use
     */
    public record Listing(String surveyId, String folder, String state, String version, String defaultLanguage,
                          List<String> languages, List<QuestionListing> questions, String refusal,
                          List<String> warnings) {
    }

    /** One question as listed: its name and its {@code questionType} as the definition declares it. */
    public record QuestionListing(String questionName, String questionType) {
    }

    /**
     * @param settings the bucket, and how long a changed folder's files must stay unchanged before they are read
     *     ({@link SurveyRelayProperties#catalogSettle()})
     * @param clock the service's clock, for that wait
     */
    public SurveyCatalog(S3Client s3, SurveyRelayProperties settings, Clock clock) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.versions = new SurveyVersions(s3, bucket, loader);
        this.strays = new StraySurveyConfigs(s3, bucket, clock);
        this.unlisted = new UnlistedSurveys(s3, bucket, clock);
        this.changes = new FolderChanges(settings.catalogSettle(), clock);
        this.clock = clock;
        this.refreshEvery = settings.catalogRefresh();
    }

    @Override
    public void afterPropertiesSet() {
        refresh();
    }

    /**
     * Reloads every survey whose files changed and have since stayed unchanged for the settle time (at the first look,
     * every survey at once); safe to call at any rate. S3 errors are logged and retried.
     */
    public synchronized void refresh() {
        Map<String, Map<String, String>> etags;
        try {
            etags = configurationEtags();
        } catch (SdkException e) {
            LOG.warn("Cannot list the survey configuration in bucket {}: {}", bucket, e.getMessage());
            lookFailedAt = clock.instant();
            return;
        }
        lookFailedAt = null;
        strays.look(etags.keySet());
        listed = etags.keySet();
        Set<String> reloaded = new java.util.HashSet<>();
        for (Map.Entry<String, Map<String, String>> folder : etags.entrySet()) {
            Folder before = folders.get(folder.getKey());
            if (before != null && before.etags().equals(folder.getValue())) {
                changes.forget(folder.getKey()); // changed and back, or read
            } else if (!looked || changes.settled(folder.getKey(), where(folder.getKey()), folder.getValue())) {
                changes.forget(folder.getKey());
                reload(folder.getKey(), folder.getValue(), before);
                reloaded.add(folder.getKey());
            }
        }
        looked = true;
        changes.keepOnly(etags.keySet());
        for (String gone : List.copyOf(folders.keySet())) {
            if (!etags.containsKey(gone)) {
                Folder removed = folders.remove(gone);
                reloaded.add(gone);
                if (removed.notASurveyYet()) {
                    continue; // never a survey: nothing to retire
                }
                LOG.info("Survey folder {} is gone from bucket {}: {}", gone.isEmpty() ? "(root)" : gone, bucket,
                        removed.survey() == null ? "it ran no survey" : removed.survey().surveyId()
                                + " takes no new sessions, and the sessions on it finish on their version");
                retire(gone, removed.survey());
            }
        }
        if (!reloaded.isEmpty()) {
            relintRefused(etags, reloaded);
        }
        consent = folders.values().stream().map(Folder::survey).filter(java.util.Objects::nonNull)
                .map(Survey::consent).reduce(ConsentWords.defaults("en"), ConsentWords::plus);
    }

    /**
     * Looks at the bucket when a changed folder's files have stayed unchanged for the settle time, so that an upload
     * is read that long after its last file rather than at the next {@link #refresh()}; does nothing otherwise (no
     * S3 request). Called every second by the {@code survey-catalog-settled} route. After a look that failed (S3
     * down), it waits for the next {@link #refresh()}, so that an outage costs one listing and one warning every
     * {@code SURVEY_CATALOG_REFRESH}, not every second.
     */
    public void refreshSettled() {
        Instant failed = lookFailedAt;
        if (failed != null && clock.instant().isBefore(failed.plus(refreshEvery))) {
            return;
        }
        if (lookSoon || changes.anyDue()) {
            lookSoon = false;
            refresh();
        }
    }

    /**
     * Lints again the refused folders whose files did not change, once other folders changed: a folder refused for
     * another's surveyId or consent words passes once that other is mended or gone. Until 2026-12-06 it stayed refused
     * with the stale reason, and its starts answered {@code 404 unknown_survey}, until one of its own files changed.
     */
    private void relintRefused(Map<String, Map<String, String>> etags, Set<String> reloaded) {
        folders.forEach((folder, state) -> {
            if (state.refusal() != null && !reloaded.contains(folder) && etags.containsKey(folder)
                    && etags.get(folder).containsKey(folder + SurveyConfigLoader.SURVEY_CONFIG)) {
                reload(folder, etags.get(folder), state);
            }
        });
    }

    private static String where(String folder) {
        return folder.isEmpty() ? "the bucket root" : folder;
    }

    private void reload(String folder, Map<String, String> etags, Folder before) {
        Survey previous = before == null ? null : before.survey();
        String where = where(folder);
        if (!etags.containsKey(folder + SurveyConfigLoader.SURVEY_CONFIG)) {
            if (previous == null) {
                previous = lastKept(folder).orElse(null);
            }
            Optional<SurveyConfigException> misnamed = SurveyFolderLint.misnamedConfig(folder,
                    etags.keySet().stream().map(key -> key.substring(folder.length())).toList());
            if (previous == null && misnamed.isPresent()) {
                String refusal = misnamed.get().getMessage();
                folders.put(folder, new Folder(etags, null, refusal));
                if (before == null || !refusal.equals(before.refusal())) {
                    LOG.error("New survey configuration in {} of bucket {} refused, no version stays in use. {}", where,
                            bucket, refusal);
                }
                return;
            }
            if (previous == null) {
                // Prompt files come first when a survey is uploaded: not a survey until its config arrives.
                folders.put(folder, new Folder(etags, null, null, true));
                if (before == null || !before.notASurveyYet()) {
                    LOG.info("Survey folder {} of bucket {} has prompt files but no {} yet: not a survey until it "
                            + "arrives", where, bucket, SurveyConfigLoader.SURVEY_CONFIG);
                }
                return;
            }
        }
        try {
            SurveyFolderLint.checkFolderName(folder);
            List<ConfigFile> files = new ArrayList<>();
            for (String key : etags.keySet()) {
                String name = key.substring(folder.length());
                // A file refused for its name is not read: a 2 MB recording in voice-prompts/ was refused as too big,
                // and that hid what was wrong with it, and every other problem of the folder.
                files.add(new ConfigFile(name, SurveyConfigLoader.isReadByName(name) ? readFile(key) : new byte[0]));
            }
            Survey survey = folderLint.lint(folder, files, runningByFolder());
            refuseRootTakingAFoldersSurvey(folder, survey);
            try {
                versions.keep(survey, files);
                versions.markRunning(folder, survey);
            } catch (SdkException e) {
                // The files were read: it is the version's copy that could not be written (an IAM policy without
                // s3:PutObject, a read-only store). Until 2026-12-07 this said "Cannot read" (an operator's probe).
                LOG.warn("Survey {} version {} in {} of bucket {} read and passed the lint, but its version copy "
                        + "could not be stored under {}: it is not offered until it can be, as sessions need that copy "
                        + "to finish on their version (can the service write to the bucket, s3:PutObject?): {}",
                        survey.surveyId(), survey.version(), where, bucket, SurveyVersions.FOLDER, e.getMessage());
                return;
            }
            folders.put(folder, new Folder(etags, survey, null));
            LOG.info("Survey {} version {} loaded from {} of bucket {}: {} questions in {}", survey.surveyId(),
                    survey.version(), where, bucket, survey.questions().size(),
                    survey.languages().keySet().stream().sorted().toList());
            if (previous == null || !previous.version().equals(survey.version())) {
                // Once a version: the same files uploaded again, or back after a refused edit, are not news.
                SurveyWarnings.of(survey).forEach(warning -> LOG.warn("Survey configuration in {} of bucket {} loaded "
                        + "with a warning: {}", where, bucket, warning));
            }
        } catch (SurveyConfigException e) {
            if (previous == null) {
                // Refused at this instance's start (a restart, a new replica): the version that ran before is the
                // last one kept, so a typo in an edit does not take the survey offline.
                previous = lastKept(folder).orElse(null);
            }
            folders.put(folder, new Folder(etags, previous, e.getMessage()));
            if (before == null || !etags.equals(before.etags()) || !e.getMessage().equals(before.refusal())) {
                // Once a refusal: a folder linted again as another changed, and refused as before, is not news.
                LOG.error("New survey configuration in {} of bucket {} refused, {} stays in use. {}", where, bucket,
                        previous == null ? "no version" : previous.surveyId() + " version " + previous.version(),
                        e.getMessage());
            }
        } catch (SdkException e) {
            // Not recorded as tried: the next refresh reads it again.
            LOG.warn("Cannot read the survey configuration in {} of bucket {}: {}", where, bucket, e.getMessage());
        } catch (RuntimeException e) {
            // A case the lint does not foresee: this folder is refused alone, so that the others still load.
            folders.put(folder, new Folder(etags, previous, where + " could not be read (" + e + ")"));
            LOG.error("New survey configuration in {} of bucket {} could not be read, {} stays in use", where, bucket,
                    previous == null ? "no version" : previous.surveyId() + " version " + previous.version(), e);
        }
    }

    /**
     * At an instance's first look, refuses a root survey whose surveyId is the survey that folder {@code surveys/<id>/}
     * of the listing ran last, as it was refused while that folder's survey ran: the look reads the root first, so an
     * edit of the root to another survey's id, refused while it ran, took that survey's id at the next restart, and
     * the folder was refused for it. Two GETs of the running records, only for a root whose id names a listed folder.
     *
     * @throws SurveyConfigException naming the folder, as the lint's clash does
     */
    private void refuseRootTakingAFoldersSurvey(String folder, Survey survey) {
        String owner = SURVEYS_FOLDER + survey.surveyId() + "/";
        if (!folder.isEmpty() || looked || !listed.contains(owner) || folders.containsKey(owner)) {
            return;
        }
        if (versions.ranLast(owner, survey.surveyId()) && !versions.ranLast(folder, survey.surveyId())) {
            throw SurveyFolderLint.clashRefusal(folder, survey.surveyId(), owner);
        }
    }

    /** Each folder's survey in use, by folder. */
    private Map<String, Survey> runningByFolder() {
        Map<String, Survey> running = new TreeMap<>();
        folders.forEach((folder, state) -> {
            if (state.survey() != null) {
                running.put(folder, state.survey());
            }
        });
        return running;
    }

    /**
     * Records the folder's survey as taken out, so that no later refused upload into the folder runs it again; a
     * storage failure only logs (the next instance to see the folder gone tries again only after a restart).
     */
    private void retire(String folder, Survey survey) {
        String surveyId = SurveyFolderLint.folderSurveyId(folder);
        if (survey == null && surveyId == null) {
            return;
        }
        try {
            versions.retire(folder, surveyId != null ? surveyId : survey.surveyId());
        } catch (SdkException e) {
            LOG.warn("Cannot record survey folder {} as taken out of bucket {}: {}", folder.isEmpty() ? "(root)"
                    : folder, bucket, e.getMessage());
        }
    }

    /**
     * The version of the folder's survey that ran last (on any instance), read back from its copy under
     * {@code survey-versions/}; empty when none ran, when that survey is another folder's now, or when S3 fails
     * (logged).
     */
    private Optional<Survey> lastKept(String folder) {
        String surveyId = SurveyFolderLint.folderSurveyId(folder);
        try {
            // A survey another folder runs is not this folder's: surveys/customer-satisfaction/ refused for taking
            // the root survey's surveyId found the root survey's copies, and was listed as running it.
            return versions.lastRunning(folder, surveyId)
                    .filter(kept -> SurveyFolderLint.clash(folder, kept.surveyId(), runningByFolder()) == null);
        } catch (SdkException e) {
            LOG.warn("Cannot read the kept versions of {} in bucket {}: {}", folder.isEmpty() ? "the bucket root"
                    : folder, bucket, e.getMessage());
            return Optional.empty();
        }
    }

    /** Lints a folder's files; the problems name each file by its key in the bucket. */
    private static final int MAX_FILE_BYTES = SurveyFolderLint.MAX_FILE_BYTES;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    /**
     * A survey file's bytes, read with a ranged GET of at most {@value #MAX_FILE_BYTES} bytes: a 120 MB file was read
     * whole at every refresh, holding up every survey's and taking gigabytes of memory.
     *
     * @throws SurveyConfigException when the object is bigger
     */
    private byte[] readFile(String key) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key).range("bytes=0-" + (MAX_FILE_BYTES - 1)));
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return new byte[0]; // an empty object has no byte 0: the lint says what an empty file lacks
            }
            throw e;
        }
        String range = object.response().contentRange();
        long total = range == null || range.lastIndexOf('/') < 0 ? object.asByteArray().length
                : parseTotal(range.substring(range.lastIndexOf('/') + 1));
        if (total > MAX_FILE_BYTES) {
            throw SurveyFolderLint.tooBig(key, total);
        }
        return object.asByteArray();
    }

    /** The total of a {@code Content-Range} ({@code bytes 0-9/1234}); unknown ({@code *}) counts as too big. */
    private static long parseTotal(String total) {
        try {
            return Long.parseLong(total.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** For each folder with a survey in it, its configuration objects' ETags by key. */
    private Map<String, Map<String, String>> configurationEtags() {
        Map<String, Map<String, String>> etags = new TreeMap<>();
        Map<String, String> root = new TreeMap<>();
        try {
            root.put(SurveyConfigLoader.SURVEY_CONFIG,
                    s3.headObject(head -> head.bucket(bucket).key(SurveyConfigLoader.SURVEY_CONFIG)).eTag());
        } catch (NoSuchKeyException e) {
            // Prompt files without it are not a survey yet (see reload).
        }
        // Keys URL-encoded in the listing (the SDK decodes them): XML 1.0 cannot carry a control character, and one
        // object uploaded as "surveys/x<ESC>/survey-config.json" failed every look ("Could not parse XML response"),
        // so no survey or edit was loaded again until it was deleted (a breaker's probe, 2026-12-08).
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).encodingType(EncodingType.URL)
                .prefix(SurveyConfigLoader.PROMPTS_FOLDER)).contents()) {
            if (!object.key().endsWith("/")) {
                root.put(object.key(), object.eTag());
            }
        }
        if (!root.isEmpty()) {
            etags.put(ROOT, root);
        }
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).encodingType(EncodingType.URL)
                .prefix(SURVEYS_FOLDER)).contents()) {
            Matcher inFolder = SURVEY_FOLDER.matcher(object.key());
            if (inFolder.matches() && !object.key().endsWith("/")) {
                etags.computeIfAbsent(SURVEYS_FOLDER + inFolder.group(1) + "/", folder -> new TreeMap<>())
                        .put(object.key(), object.eTag());
            }
        }
        return etags;
    }

    /** Why the default survey's newest files were refused, while its previous version stays in use. */
    public Optional<String> lastRefusal() {
        return Optional.ofNullable(folders.get(ROOT)).map(Folder::refusal);
    }

    /** Why the newest files of the survey in {@code surveys/<surveyId>/} were refused, if they were. */
    public Optional<String> lastRefusal(String surveyId) {
        return Optional.ofNullable(folders.get(SURVEYS_FOLDER + surveyId + "/")).map(Folder::refusal);
    }

    /**
     * The current version of a survey, for a new session.
     *
     * @param surveyId the survey asked for, or null for the default one: the survey at the bucket root, or the
     *     only survey when the root has none
     * @throws HttpProblem 404 {@code unknown_survey} for an id no loaded survey has (a folder with prompt files but no
     *     {@code survey-config.json} yet has none, and its message does not send to {@code GET /surveys}); 400
     *     {@code survey_id_required} when no survey is named and the bucket holds several with none at the root; 503
     *     {@code survey_unavailable} when no valid survey has been loaded, or when the named survey's folder, with no
     *     version running, changed and waits for {@code SURVEY_UPLOAD_SETTLE}, or was uploaded since the last look
     *     ({@link UnlistedSurveys}) (with {@code Retry-After})
     */
    public Survey survey(String surveyId) {
        List<Survey> running = running();
        if (running.isEmpty()) {
            throw new HttpProblem(503, "survey_unavailable", "No valid survey configuration has been loaded yet.");
        }
        if (surveyId == null) {
            Folder root = folders.get(ROOT);
            if (root != null && root.survey() != null) {
                return root.survey();
            }
            if (running.size() == 1) {
                return running.get(0);
            }
            throw new HttpProblem(400, "survey_id_required", "This service runs several surveys; name one with "
                    + "surveyId (GET /surveys lists them).");
        }
        Folder folder = folders.get(SURVEYS_FOLDER + surveyId + "/");
        Optional<Survey> found = running.stream().filter(survey -> survey.surveyId().equals(surveyId)).findFirst();
        if (found.isEmpty() && changes.waiting(SURVEYS_FOLDER + surveyId + "/")
                && (folder == null || folder.survey() == null)) {
            // Uploaded a moment ago: a campaign's rows failed unknown_survey for good while its files settled (an
            // operator's probe, 2026-12-06); 503 is retried, by a row and by a client reading Retry-After.
            throw new HttpProblem(503, "survey_unavailable", "The files of survey " + surveyId + " changed a moment "
                    + "ago; it is read once they have stayed unchanged for SURVEY_UPLOAD_SETTLE ("
                    + changes.settleSeconds() + " s): try again then.", (int) changes.settleSeconds() + 1);
        }
        if (found.isEmpty() && folder == null && SurveyConfigLoader.isSurveyId(surveyId)
                && unlisted.uploaded(surveyId)) {
            // Uploaded since the last look: read at once rather than at the next SURVEY_CATALOG_REFRESH, and 503
            // meanwhile, which a campaign row retries (it failed unknown_survey for good: a newcomer's probe).
            lookSoon = true;
            throw new HttpProblem(503, "survey_unavailable", "Survey " + surveyId + " was uploaded since the "
                    + "catalog's last look; it is read once its files have stayed unchanged for SURVEY_UPLOAD_SETTLE ("
                    + changes.settleSeconds() + " s): try again then.", (int) changes.settleSeconds() + 2);
        }
        return found
                .orElseThrow(() -> folder != null && !folder.notASurveyYet()
                        ? new HttpProblem(404, "unknown_survey", "That survey is in the bucket, but no version of it "
                                + "passed the lint; GET /surveys shows why.")
                        : unknownSurvey());
    }

    /**
     * The version a session started on, so that it finishes on it: the current version when it is that one,
     * otherwise the copy kept under {@code survey-versions/}. A session stored before versions were recorded
     * ({@code version} null), or whose copy is missing from the bucket, gets the current version, the latter
     * with a logged error.
     *
     * @throws HttpProblem as {@link #survey(String)} when neither the version nor a current one is there
     * @throws SdkException when the copy cannot be read (the caller's step fails and is retried)
     */
    public Survey survey(String surveyId, String version) {
        if (version == null) {
            return survey(surveyId);
        }
        Optional<Survey> copy = version(surveyId, version);
        if (copy.isEmpty()) {
            LOG.error("Survey {} version {} has no copy under {} in bucket {}: its sessions go on with the current "
                    + "version", surveyId, version, VERSIONS_FOLDER, bucket);
            return survey(surveyId);
        }
        return copy.get();
    }

    /**
     * A version of a survey as it ran: in memory (current, or read back before), else read from its copy under
     * {@code survey-versions/}; empty when neither has it (a lifecycle rule expired the copy). For a session finishing
     * on its version, and for the results summary, which counts an answer only on the scale it was given on.
     *
     * @param version the version's 16 hex digits, not null
     * @throws SdkException when the copy cannot be read
     */
    public Optional<Survey> version(String surveyId, String version) {
        return loaded(surveyId, version).or(() -> versions.read(surveyId, version));
    }

    /**
     * A version already in memory (current, or read back before), without a request to S3: for what a caller
     * hears while S3 is failing. Empty when it is not in memory.
     */
    public Optional<Survey> loaded(String surveyId, String version) {
        for (Survey survey : running()) {
            if (survey.surveyId().equals(surveyId) && (version == null || survey.version().equals(version))) {
                return Optional.of(survey);
            }
        }
        return versions.inMemory(surveyId, version);
    }

    /**
     * The survey whose words a reply from nobody's session is answered in (an opt-out confirmation): the default
     * survey, else the first running survey by surveyId; empty when none is loaded.
     */
    public Optional<Survey> defaultSurvey() {
        Folder root = folders.get(ROOT);
        if (root != null && root.survey() != null) {
            return Optional.of(root.survey());
        }
        return running().stream().min(java.util.Comparator.comparing(Survey::surveyId));
    }

    /**
     * The survey whose results are asked for: the running one, or, for a survey taken out of the bucket (or whose
     * every newer version failed the lint), the newest version kept under {@code survey-versions/}, so its results
     * stay listable and exportable.
     *
     * @throws HttpProblem 404 {@code unknown_survey} when no version of it was ever loaded here
     * @throws SdkException when the kept copies cannot be listed or read
     */
    public Survey surveyWithResults(String surveyId) {
        Optional<Survey> running = running().stream().filter(survey -> survey.surveyId().equals(surveyId))
                .findFirst();
        if (running.isPresent() || !SurveyConfigLoader.isSurveyId(surveyId)) {
            return running.orElseGet(() -> survey(surveyId));
        }
        Optional<String> newest = versions.newest(surveyId);
        if (newest.isEmpty()) {
            return survey(surveyId);
        }
        String version = newest.get();
        return version(surveyId, version).orElseThrow(SurveyCatalog::unknownSurvey);
    }

    /**
     * Every question name of the survey's versions that have a copy under {@code survey-versions/} (every version
     * that ran, unless a lifecycle rule expired its copy), each once: the oldest copy's questions in their order,
     * then those only a newer copy has. For the results export, whose columns must be known before its first row.
     *
     * @return the names; empty when no copy is kept, or for a malformed survey id
     * @throws SdkException when the copies cannot be listed or read
     */
    public List<String> keptQuestionNames(String surveyId) {
        return versions.questionNames(surveyId);
    }

    /**
     * A version of a survey whose copy is kept under {@code survey-versions/}.
     *
     * @param version the version's 16 hex digits
     * @param keptAt when its copy's first file was written: about when the version first ran on this bucket
     */
    public record KeptVersion(String version, Instant keptAt) {
    }

    /**
     * The survey's versions that have a copy under {@code survey-versions/} (every version that ran, unless a
     * lifecycle rule expired its copy), oldest first: for the results summary's list of versions, and the refusal of
     * one the survey never had. One listing of S3, no read.
     *
     * @return the versions; empty when no copy is kept, or for a malformed survey id
     * @throws SdkException when the copies cannot be listed
     */
    public List<KeptVersion> keptVersions(String surveyId) {
        return versions.kept(surveyId);
    }

    /** The surveys that take new sessions, by surveyId. */
    private List<Survey> running() {
        return folders.values().stream().map(Folder::survey).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The opt-out, opt-in and help words of every running survey's languages: a text is classified before the
     * service knows which survey it answers.
     */
    public ConsentWords consent() {
        return consent;
    }

    /** The body of {@code GET /surveys}: {@code {"surveys": [listing, ...]}}, see {@link #listings()}. */
    public Map<String, List<Listing>> describe() {
        return Map.of("surveys", listings());
    }

    /**
     * Every survey folder in the bucket, the default survey (folder {@code /}) first, then by folder; a folder holding
     * prompt files but no {@code survey-config.json}, of which no version ran, is not a survey yet and not listed.
     */
    public List<Listing> listings() {
        List<Listing> listings = new ArrayList<>();
        new TreeMap<>(folders).forEach((folder, state) -> {
            if (state.notASurveyYet()) {
                return;
            }
            Survey survey = state.survey();
            String surveyId = survey != null ? survey.surveyId()
                    : SurveyFolderLint.folderSurveyId(folder);
            listings.add(new Listing(surveyId, folder.isEmpty() ? "/" : folder,
                    state.refusal() == null ? "active" : "refused",
                    survey == null ? null : survey.version(),
                    survey == null ? null : survey.defaultLanguage(),
                    survey == null ? List.of() : survey.languages().keySet().stream().sorted().toList(),
                    survey == null ? List.of() : survey.questions().stream()
                            .map(question -> new QuestionListing(question.name(), question.type().configName()))
                            .toList(),
                    state.refusal(),
                    survey == null ? List.of() : SurveyWarnings.of(survey)));
        });
        return listings;
    }
}
