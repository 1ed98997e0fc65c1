package com.surveyrelay;

import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.SurveyFolderLint;
import com.surveyrelay.survey.ConfigFile;
import com.surveyrelay.survey.SurveyWarnings;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyConfigException;
import com.surveyrelay.survey.SurveyConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code lint <folder>}: the lint the survey catalog applies to the bucket, run on a folder on disk before it is
 * uploaded, with no S3, no Spring and no network. Until 2026-12-06 an author learnt of a problem only from the
 * service's log or {@code GET /surveys}, 5 to 35 s after the upload, and one problem hid the next behind it upload by
 * upload.
 *
 * <p>The folder is read as the bucket is: its {@code survey-config.json} and {@code voice-prompts/} are the default
 * survey, each {@code surveys/<surveyId>/} another survey ({@code survey-versions/} and other files at the top are not
 * read, as the catalog does not read them). A folder inside a folder named {@code surveys} is linted as that one
 * survey's folder, its name held to the surveyId. Folders are linted in the catalog's order, the root first, so that
 * a surveyId or consent word clashing with a survey before it is refused as the catalog would refuse it.
 *
 * <p>Prints one block a folder to {@code out}: {@code PASSED <folder>} with the survey's id, version, questions and
 * languages and the lint's warnings, or {@code REFUSED <folder>} with every problem, each naming its file from the
 * bucket root (at most 100, as the catalog's log); then a count. Answers exit status 0 when every folder passed
 * (warnings allowed), 1 when one was refused or no survey was found, 2 when the folder cannot be read.
 */
public final class SurveyLintCommand {

    /** The first argument that runs this command instead of the service: {@code java -jar survey-relay.jar lint x}. */
    public static final String NAME = "lint";

    static final int PASSED = 0;
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;
    private static final String PASSED_LINE = "PASSED";
    private static final String REFUSED_LINE = "REFUSED";
    private static final String SKIPPED = "SKIPPED";

    private final SurveyFolderLint folderLint = new SurveyFolderLint();
    private final PrintStream out;

    SurveyLintCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@value #NAME}: exactly one folder
     * @param out where the verdicts go
     * @param err where a usage error or an unreadable folder is told
     * @return the exit status: 0, 1 or 2, as the class says
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("Usage: lint <folder>: a folder laid out like the bucket (config-files/), or one survey's "
                    + "folder (config-files/surveys/<surveyId>/).");
            return UNREADABLE;
        }
        Path folder = Path.of(args.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            err.println(args.get(0) + " is not a folder: name a folder laid out like the bucket (config-files/), or "
                    + "one survey's folder.");
            return UNREADABLE;
        }
        try {
            return new SurveyLintCommand(out).lint(folder);
        } catch (IOException | UncheckedIOException e) {
            err.println("Cannot read " + args.get(0) + ": " + e.getMessage());
            return UNREADABLE;
        }
    }

    private int lint(Path folder) throws IOException {
        Map<String, Path> folders = new TreeMap<>();
        Path parent = folder.getParent();
        if (parent != null && parent.getFileName() != null
                && (parent.getFileName() + "/").equals(SurveyCatalog.SURVEYS_FOLDER)) {
            folders.put(SurveyCatalog.SURVEYS_FOLDER + folder.getFileName() + "/", folder);
        } else {
            folders.put("", folder);
            Path surveys = folder.resolve(SurveyCatalog.SURVEYS_FOLDER);
            if (Files.isDirectory(surveys)) {
                try (Stream<Path> listing = Files.list(surveys)) {
                    listing.filter(Files::isDirectory).forEach(survey -> folders.put(
                            SurveyCatalog.SURVEYS_FOLDER + survey.getFileName() + "/", survey));
                }
            }
        }
        Map<String, Survey> running = new TreeMap<>();
        int refused = 0;
        int skipped = 0;
        for (Map.Entry<String, Path> entry : folders.entrySet()) {
            String name = entry.getKey();
            List<String> files = files(name, entry.getValue());
            Optional<String> verdict = verdict(name, entry.getValue(), files, running);
            if (verdict.isEmpty()) {
                continue; // a root holding only surveys/: no default survey, and nothing to say
            }
            if (verdict.get().startsWith(SKIPPED)) {
                skipped++;
            } else if (verdict.get().startsWith(REFUSED_LINE)) {
                refused++;
            }
            out.println(verdict.get());
        }
        Survey root = running.get("");
        String folderName = folder.getFileName() == null ? "" : folder.getFileName().toString();
        if (root != null && folders.size() == 1 && !Files.isDirectory(folder.resolve(SurveyCatalog.SURVEYS_FOLDER))
                && !root.surveyId().equals(folderName)) {
            // A survey's own folder, linted as the bucket root: the README's upload puts it under surveys/<folder>/,
            // where its surveyId must be the folder's name (a newcomer's probe, 2026-12-07: a green lint, then the
            // upload refused).
            out.println("Note: " + folder + " was linted as the bucket root (its default survey). Under "
                    + SurveyCatalog.SURVEYS_FOLDER + folderName + "/, where uploading the folder puts it, its surveyId "
                    + "must be \"" + folderName + "\", not \"" + root.surveyId() + "\": rename one or the other, "
                    + "and lint it inside a folder named surveys/ to check it as the catalog will.");
        }
        int passed = running.size();
        if (passed + refused == 0) {
            out.println("No survey found in " + folder + ": a survey is a " + SurveyConfigLoader.SURVEY_CONFIG
                    + " with its " + SurveyConfigLoader.PROMPTS_FOLDER + ", at the top of the folder or in "
                    + SurveyCatalog.SURVEYS_FOLDER + "<surveyId>/.");
            return REFUSED;
        }
        out.println(passed + (passed == 1 ? " survey passed" : " surveys passed") + ", " + refused + " refused"
                + (skipped == 0 ? "." : "; " + skipped + " folder" + (skipped == 1 ? "" : "s")
                        + " without " + SurveyConfigLoader.SURVEY_CONFIG + " skipped."));
        return refused == 0 ? PASSED : REFUSED;
    }

    /**
     * The folder's verdict as printed: {@code PASSED}, {@code REFUSED}, or {@code SKIPPED} for a folder without
     * {@code survey-config.json} (nor a file the catalog would take for one under another name); empty for a root
     * holding none of a survey's files.
     */
    private Optional<String> verdict(String name, Path path, List<String> files, Map<String, Survey> running)
            throws IOException {
        String shown = name.isEmpty() ? "/ (the bucket root)" : name;
        try {
            if (!files.contains(SurveyConfigLoader.SURVEY_CONFIG)) {
                List<String> named = name.isEmpty() ? topLevelFiles(path) : files;
                Optional<SurveyConfigException> misnamed = SurveyFolderLint.misnamedConfig(name, named);
                if (misnamed.isPresent()) {
                    throw misnamed.get();
                }
                if (name.isEmpty() && files.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(SKIPPED + " " + shown + ": no " + SurveyConfigLoader.SURVEY_CONFIG
                        + ", so not a survey yet (the catalog neither lists nor refuses it)");
            }
            SurveyFolderLint.checkFolderName(name);
            List<ConfigFile> configFiles = new ArrayList<>();
            for (String file : files) {
                Path onDisk = path.resolve(file);
                long size = Files.size(onDisk);
                if (size > SurveyFolderLint.MAX_FILE_BYTES) {
                    throw SurveyFolderLint.tooBig(name + file, size);
                }
                configFiles.add(new ConfigFile(file,
                        SurveyConfigLoader.isReadByName(file) ? Files.readAllBytes(onDisk) : new byte[0]));
            }
            Survey survey = folderLint.lint(name, configFiles, running);
            running.put(name, survey);
            StringBuilder passed = new StringBuilder(PASSED_LINE + " " + shown + ": survey " + survey.surveyId()
                    + " version " + survey.version() + ", " + survey.questions().size() + " questions in "
                    + String.join(", ", survey.languages().keySet().stream().sorted().toList()));
            SurveyWarnings.of(survey).forEach(warning -> passed.append("\n  warning: ").append(warning));
            return Optional.of(passed.toString());
        } catch (SurveyConfigException e) {
            return Optional.of(REFUSED_LINE + " " + shown + ": " + e.getMessage());
        }
    }

    /**
     * The folder's files as the catalog lists them, relative to it with {@code /}: for the root, its
     * {@code survey-config.json} and everything under {@code voice-prompts/}; for a survey's folder, everything in it.
     */
    private static List<String> files(String name, Path path) throws IOException {
        List<String> files = new ArrayList<>();
        if (name.isEmpty()) {
            if (Files.isRegularFile(path.resolve(SurveyConfigLoader.SURVEY_CONFIG))) {
                files.add(SurveyConfigLoader.SURVEY_CONFIG);
            }
            Path prompts = path.resolve(SurveyConfigLoader.PROMPTS_FOLDER);
            if (Files.isDirectory(prompts)) {
                files.addAll(walk(path, prompts));
            }
        } else {
            files.addAll(walk(path, path));
        }
        return files;
    }

    private static List<String> walk(Path root, Path under) throws IOException {
        try (Stream<Path> tree = Files.walk(under)) {
            return tree.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** The root's own files, for a configuration there under another name, which the catalog never lists. */
    private static List<String> topLevelFiles(Path path) throws IOException {
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
