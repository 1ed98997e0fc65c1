package com.surveyrelay.storage;

import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.ConfigProblem;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigException;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lint of one survey folder of the bucket, beyond its files' own ({@link SurveyConfigLoader#load}): the folder's
 * name, a configuration under another name, the surveyId against the folder, and the running surveys it would
 * clash with. {@link SurveyCatalog} applies it to what S3 lists; {@code SurveyLintCommand} to a folder on disk laid
 * out like the bucket, so that an author hears before uploading what the catalog would say after.
 *
 * <p>A folder is named as the catalog keys it: {@code ""} for the bucket root (its {@code survey-config.json} and
 * {@code voice-prompts/}), {@code surveys/<surveyId>/} for every other survey. File names are relative to it.
 */
public final class SurveyFolderLint {

    /** The most bytes a survey's file may hold: one of 100 questions, the most a survey may ask, is some 10 KB. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    /**
     * A survey folder's file named as its configuration was meant to be, but not exactly {@code survey-config.json}:
     * another extension ({@code survey-config.yaml}), case or separator ({@code Survey_Config.json}).
     */
    private static final Pattern MISNAMED_CONFIG = Pattern.compile("(?i)survey[-_ .]?config[^/]*");

    private final SurveyConfigLoader loader = new SurveyConfigLoader();

    /**
     * The refusal of a folder without {@code survey-config.json} that holds the configuration under another name, or
     * empty when it holds none (a survey being uploaded, prompts first, is not a survey yet).
     *
     * @param folder {@code ""} or {@code surveys/<name>/}
     * @param names the folder's file names, relative to it
     */
    public static Optional<SurveyConfigException> misnamedConfig(String folder, Collection<String> names) {
        // survey-config.yaml, Survey-Config.json: told only at INFO as "no survey-config.json yet", and the folder left
        // out of GET /surveys (a survey author's probe, 2026-12-06).
        Optional<SurveyConfigException> deeper = names.stream()
                .filter(name -> name.endsWith("/" + SurveyConfigLoader.SURVEY_CONFIG)
                        && !name.startsWith(SurveyConfigLoader.PROMPTS_FOLDER)).sorted().findFirst()
                // surveys/team/pulse/survey-config.json was told only "has prompt files but no survey-config.json
                // yet" (a breaker's probe, 2026-12-07).
                .map(name -> new SurveyConfigException(List.of(new ConfigProblem(folder + name, null, "is one folder "
                        + "too deep: a survey's configuration is read at " + SurveyCatalog.SURVEYS_FOLDER
                        + "<surveyId>/" + SurveyConfigLoader.SURVEY_CONFIG + "; move the files of "
                        + name.substring(0, name.lastIndexOf('/') + 1) + " up into " + folder + ", or into "
                        + SurveyCatalog.SURVEYS_FOLDER + name.substring(0, name.lastIndexOf('/') + 1)))));
        if (deeper.isPresent()) {
            return deeper;
        }
        return names.stream().filter(name -> MISNAMED_CONFIG.matcher(name).matches()).sorted().findFirst()
                .map(name -> new SurveyConfigException(List.of(new ConfigProblem(folder + name, null, "is not read: a "
                        + "survey's configuration is JSON, in a file named exactly "
                        + SurveyConfigLoader.SURVEY_CONFIG))));
    }

    /**
     * Refuses a folder no surveyId can match ({@code surveys/Odd Id/}), before any of its files is read: "they must be
     * the same" left the author nothing to write.
     *
     * @throws SurveyConfigException naming the folder and what a surveyId is
     */
    public static void checkFolderName(String folder) {
        String named = folderSurveyId(folder);
        if (named != null && !SurveyConfigLoader.isSurveyId(named)) {
            throw new SurveyConfigException(List.of(new ConfigProblem(folder, null, "\"" + named + "\" cannot "
                    + "be a survey's folder: a surveyId, which the folder must be named after, is "
                    + SurveyConfigLoader.SURVEY_ID_FORM + "; move the files to "
                    + SurveyCatalog.SURVEYS_FOLDER + "<surveyId>/")));
        }
    }

    /** The refusal of a file over {@value #MAX_FILE_BYTES} bytes, which is not read. */
    public static SurveyConfigException tooBig(String key, long bytes) {
        return new SurveyConfigException(List.of(new ConfigProblem(key, null, "is " + bytes + " bytes; a survey "
                + "file may hold at most " + MAX_FILE_BYTES)));
    }

    /**
     * Lints a folder's files and builds its survey.
     *
     * @param folder {@code ""} or {@code surveys/<surveyId>/}
     * @param files every file of the folder, named relative to it; one refused for its name
     *     ({@link SurveyConfigLoader#isReadByName}) may have no bytes
     * @param running the other folders' running surveys, by folder: a surveyId or a consent word they hold is refused
     * @return the survey, when nothing is refused
     * @throws SurveyConfigException listing every problem, each file named from the bucket root
     */
    public Survey lint(String folder, List<ConfigFile> files, Map<String, Survey> running) {
        Survey survey = load(folder, files);
        String expected = folderSurveyId(folder);
        if (expected != null && !expected.equals(survey.surveyId())) {
            throw refused(folder, "surveyId", "is \"" + survey.surveyId() + "\" but the folder is " + folder
                    + " (they must be the same)");
        }
        String clash = clash(folder, survey.surveyId(), running);
        if (clash != null) {
            throw clashRefusal(folder, survey.surveyId(), clash);
        }
        String consentClash = consentClash(folder, survey, running);
        if (consentClash != null) {
            throw new SurveyConfigException(List.of(new ConfigProblem(folder + "voice-prompts/",
                    "optOutWords, optOutPhrases, optInWords, helpWords", consentClash)));
        }
        return survey;
    }

    /** The survey id a folder must hold, {@code surveys/<surveyId>/}; null for the bucket root's. */
    static String folderSurveyId(String folder) {
        return folder.isEmpty() ? null
                : folder.substring(SurveyCatalog.SURVEYS_FOLDER.length(), folder.length() - 1);
    }

    private Survey load(String folder, List<ConfigFile> files) {
        try {
            return loader.load(files);
        } catch (SurveyConfigException e) {
            if (folder.isEmpty()) {
                throw e;
            }
            throw new SurveyConfigException(e.problems().stream()
                    .map(problem -> new ConfigProblem(folder + problem.file(), problem.key(), problem.message()))
                    .toList());
        }
    }

    private static SurveyConfigException refused(String folder, String key, String message) {
        return new SurveyConfigException(List.of(new ConfigProblem(folder + SurveyConfigLoader.SURVEY_CONFIG, key,
                message)));
    }

    /**
     * Why the survey's own consent words cannot run beside the other running surveys, or null: every survey's opt-out,
     * opt-in and help words count for every respondent (a text is classified before the service knows which survey it
     * answers), so a word one survey takes as an answer ("9", "app", "yes") and another lists as an opt-out put the
     * first survey's respondents on the suppression list for answering. Checked both ways; the survey loading is the
     * one refused.
     */
    private static String consentClash(String folder, Survey survey, Map<String, Survey> running) {
        for (Map.Entry<String, Survey> other : running.entrySet()) {
            Survey theirs = other.getValue();
            if (other.getKey().equals(folder) || theirs == null) {
                continue;
            }
            for (String word : survey.ownConsentWords()) {
                Optional<String> answered = theirs.questionAnsweredBy(word);
                if (answered.isPresent()) {
                    return "the consent word \"" + word + "\" answers " + answered.get() + " of survey "
                            + theirs.surveyId() + ": its respondents answering it would be opted out";
                }
            }
            for (String word : theirs.ownConsentWords()) {
                Optional<String> answered = survey.questionAnsweredBy(word);
                if (answered.isPresent()) {
                    return "\"" + word + "\", a consent word of survey " + theirs.surveyId() + ", answers "
                            + answered.get() + ": respondents answering it would be opted out";
                }
            }
        }
        return null;
    }

    /**
     * The refusal of a folder's survey whose id is the survey of folder {@code other} ({@code the bucket root} or
     * {@code surveys/<id>/}), named on its {@code surveyId}.
     */
    static SurveyConfigException clashRefusal(String folder, String surveyId, String other) {
        return refused(folder, "surveyId", "\"" + surveyId + "\" is already the surveyId of the survey in " + other);
    }

    /** The folder of {@code running} whose survey already has this id, or null. */
    static String clash(String folder, String surveyId, Map<String, Survey> running) {
        for (Map.Entry<String, Survey> other : running.entrySet()) {
            if (!other.getKey().equals(folder) && other.getValue() != null
                    && other.getValue().surveyId().equals(surveyId)) {
                return other.getKey().isEmpty() ? "the bucket root" : other.getKey();
            }
        }
        return null;
    }
}
