package com.surveyrelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lint <folder>} tells an author before the upload what the catalog would say after it: the same refusals,
 * worded the same, with the exit status a script can test.
 */
class SurveyLintCommandTest {

    private static final Path SHIPPED = Path.of("config-files");

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int lint(String... args) {
        return SurveyLintCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedSurveysPass() {
        assertThat(lint(SHIPPED.toString())).isZero();
        assertThat(out()).startsWith("PASSED / (the bucket root): survey customer-satisfaction version ")
                .contains("\nPASSED surveys/quarterly-nps/: survey quarterly-nps version ")
                .contains(", 7 questions in en-US, es-MX, fr-CA\n")
                .endsWith("2 surveys passed, 0 refused.\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** Each folder gets the catalog's verdict, the others going on: one problem does not hide the next folder's. */
    @Test
    void everyFolderIsToldWhatTheCatalogWouldRefuse() throws IOException {
        Path bucket = copy(SHIPPED, temp.resolve("bucket"));
        replace(bucket.resolve("survey-config.json"), "\"maxRetries\"", "\"maxRetriez\"");
        copy(bucket.resolve("surveys/quarterly-nps"), bucket.resolve("surveys/Odd Id"));
        copy(bucket.resolve("surveys/quarterly-nps"), bucket.resolve("surveys/second-nps"));
        Path yaml = Files.createDirectories(bucket.resolve("surveys/yaml-survey"));
        Files.copy(bucket.resolve("survey-config.json"), yaml.resolve("survey-config.yaml"));
        copy(bucket.resolve("voice-prompts"), bucket.resolve("surveys/prompts-first/voice-prompts"));

        assertThat(lint(bucket.toString())).isEqualTo(1);

        assertThat(out()).contains("REFUSED / (the bucket root): survey configuration refused, 1 problem:\n"
                        + "  - survey-config.json: maxRetriez: unknown key (known: ")
                .contains("questions, surveyId); did you mean maxRetries?\n")
                .contains("REFUSED surveys/Odd Id/: survey configuration refused, 1 problem:\n  - surveys/Odd Id/: "
                        + "\"Odd Id\" cannot be a survey's folder: a surveyId, which the folder must be named after, "
                        + "is lower-case letters, digits and dashes, starting with a letter or a digit, at most 63 "
                        + "characters; move the files to surveys/<surveyId>/\n")
                .contains("REFUSED surveys/second-nps/: survey configuration refused, 1 problem:\n"
                        + "  - surveys/second-nps/survey-config.json: surveyId: is \"quarterly-nps\" but the folder is "
                        + "surveys/second-nps/ (they must be the same)\n")
                .contains("SKIPPED surveys/prompts-first/: no survey-config.json, so not a survey yet")
                .contains("PASSED surveys/quarterly-nps/: survey quarterly-nps")
                .contains("REFUSED surveys/yaml-survey/: survey configuration refused, 1 problem:\n"
                        + "  - surveys/yaml-survey/survey-config.yaml: is not read: a survey's configuration is JSON, "
                        + "in a file named exactly survey-config.json\n")
                .endsWith("1 survey passed, 4 refused; 1 folder without survey-config.json skipped.\n");
    }

    /** A survey's own folder, named on its own, is held to its name, as it would be under surveys/ in the bucket. */
    @Test
    void aSurveysOwnFolderIsHeldToItsName() throws IOException {
        Path renamed = copy(SHIPPED.resolve("surveys/quarterly-nps"), temp.resolve("surveys/annual-nps"));

        assertThat(lint(renamed.toString())).isEqualTo(1);
        assertThat(out()).startsWith("REFUSED surveys/annual-nps/: survey configuration refused, 1 problem:\n"
                + "  - surveys/annual-nps/survey-config.json: surveyId: is \"quarterly-nps\" but the folder is "
                + "surveys/annual-nps/ (they must be the same)\n");
    }

    /**
     * A survey's folder not inside surveys/ is linted as the bucket root, and passes; uploaded as a folder under
     * surveys/, it would be refused for its name, so the lint says so (a newcomer's probe, 2026-12-07: a green lint,
     * then the upload refused).
     */
    @Test
    void aSurveyLintedAsTheRootIsToldTheNameItNeedsUnderSurveys() throws IOException {
        Path elsewhere = copy(SHIPPED.resolve("surveys/quarterly-nps"), temp.resolve("my-survey"));

        assertThat(lint(elsewhere.toString())).isEqualTo(0);
        assertThat(out()).contains("Note: " + elsewhere + " was linted as the bucket root (its default survey). Under "
                + "surveys/my-survey/, where uploading the folder puts it, its surveyId must be \"my-survey\", not "
                + "\"quarterly-nps\"");
    }

    /**
     * Folders are linted in the catalog's order, the root first: a survey answering "app" beside a root survey
     * listing it as a stop word is refused, as its respondents answering it would be opted out.
     */
    @Test
    void anAnswerThatAnEarlierSurveyTakesAsAStopWordIsRefused() throws IOException {
        Path bucket = copy(SHIPPED, temp.resolve("bucket"));
        replace(bucket.resolve("voice-prompts/survey-en-US.env"), "\noptOutWords=", "\noptOutWords=app, ");

        assertThat(lint(bucket.toString())).isEqualTo(1);
        assertThat(out()).contains("PASSED / (the bucket root)").contains("REFUSED surveys/quarterly-nps/: ")
                .contains("  - surveys/quarterly-nps/voice-prompts/: optOutWords, optOutPhrases, optInWords, "
                        + "helpWords: \"app\", a consent word of survey customer-satisfaction, answers "
                        + "questionChannel");
    }

    /** A bucket with no default survey: its root is not a folder to report, nor one skipped. */
    @Test
    void aBucketOfNamedSurveysOnlyReportsTheirFolders() throws IOException {
        Path bucket = temp.resolve("bucket");
        copy(SHIPPED.resolve("surveys/quarterly-nps"), bucket.resolve("surveys/quarterly-nps"));

        assertThat(lint(bucket.toString())).isZero();
        assertThat(out()).startsWith("PASSED surveys/quarterly-nps/: survey quarterly-nps version ")
                .endsWith("\n1 survey passed, 0 refused.\n").doesNotContain("bucket root");
    }

    @Test
    void aFileOverAMegabyteIsRefusedUnread() throws IOException {
        Path bucket = copy(SHIPPED.resolve("surveys/quarterly-nps"), temp.resolve("surveys/quarterly-nps"));
        Files.write(bucket.resolve("voice-prompts/survey-de-DE.env"), new byte[1024 * 1024 + 1]);

        assertThat(lint(bucket.toString())).isEqualTo(1);
        assertThat(out()).contains("  - surveys/quarterly-nps/voice-prompts/survey-de-DE.env: is 1048577 bytes; a "
                + "survey file may hold at most 1048576\n");
    }

    @Test
    void aFolderWithoutASurveySaysWhereOneGoes() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        assertThat(lint(empty.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("No survey found in " + empty.toAbsolutePath() + ": a survey is a "
                + "survey-config.json with its voice-prompts/, at the top of the folder or in surveys/<surveyId>/.\n");
    }

    @Test
    void noFolderOrTwoAreAUsageError() {
        assertThat(lint()).isEqualTo(2);
        assertThat(lint(temp.resolve("missing").toString())).isEqualTo(2);
        assertThat(lint("a", "b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: lint <folder>")
                .contains("missing is not a folder: name a folder laid out like the bucket");
        assertThat(out()).isEmpty();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
