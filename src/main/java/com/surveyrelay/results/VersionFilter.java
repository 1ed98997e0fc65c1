package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.web.HttpProblem;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code version} parameter of the results summary, exports and sessions list (the list since 2026-12-05): the
 * sessions that ran one version of the survey (their {@code surveyVersion}), answered as that version asked them, its
 * questions and their scales. Surveys are
 * edited while they run, each edit a version ({@link Survey#version()}); without it a researcher could not compare
 * the answers before and after a question changed, as the summary sums every version up on today's questions.
 *
 * <p>Unlike {@link SessionFilter}'s filters, a version is not in the results object's name ({@link FinishedName}):
 * every matching document is read anyway (the summary and exports read them all; a sessions page reads on until it
 * is full), and those of other versions are skipped. A session stored before versions were recorded (no
 * {@code surveyVersion}) is of no version.
 */
final class VersionFilter {

    /** A version as {@code SurveyConfigLoader} makes it: the first 16 hex digits of its files' SHA-256. */
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");
    /** The kept versions a refusal names, newest first; the summary lists them all. */
    static final int NAMED_IN_REFUSAL = 10;

    private VersionFilter() {
    }

    /**
     * The survey as the version asked for ran it.
     *
     * @param value the {@code version} parameter (16 hex digits, any case), or null when absent
     * @return the version (the current one from memory, an older one from its copy under {@code survey-versions/}),
     *     or null when none is asked for
     * @throws HttpProblem 400 {@code invalid_version} (not 16 hex digits), {@code unknown_version} (the survey has no
     *     such version kept: it never ran, or its copy expired; the message names the newest kept versions, and
     *     {@code GET /surveys/{surveyId}/summary} lists them all under {@code versions})
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails to read or list the copies
     */
    static Survey chosen(SurveyCatalog catalog, String surveyId, String value) {
        if (value == null) {
            return null;
        }
        String version = value.strip().toLowerCase(Locale.ROOT);
        if (!VERSION.matcher(version).matches()) {
            throw new HttpProblem(400, "invalid_version", "version must be a survey version, 16 hex digits such as "
                    + "3f2a9c41d07be815 (each session's surveyVersion; GET /surveys/" + surveyId
                    + "/summary lists them under versions).");
        }
        // The current version, or one whose copy is still kept: an instance that read a version before its copy
        // expired answered version= with it from memory, while one started since refused it, and the summary said
        // available: false (until 2026-12-08, a breaker's probe). One listing of the copies, for an older version.
        boolean current = catalog.loaded(surveyId, null).map(Survey::version).filter(version::equals).isPresent();
        Optional<Survey> kept = catalog.version(surveyId, version).filter(survey -> current || catalog
                .keptVersions(surveyId).stream().anyMatch(copy -> copy.version().equals(version)));
        if (kept.isEmpty()) {
            throw new HttpProblem(400, "unknown_version", "Survey " + surveyId + " has no version " + version
                    + " kept under " + SurveyCatalog.VERSIONS_FOLDER + surveyId + "/ (it never ran, or its copy "
                    + "expired). " + keptVersions(catalog.keptVersions(surveyId)) + " GET /surveys/" + surveyId
                    + "/summary lists them under versions, with their sessions.");
        }
        return kept.get();
    }

    /** True when no version is asked for ({@code chosen} null), or when the session ran that one. */
    static boolean matches(Survey chosen, JsonNode session) {
        return chosen == null || chosen.version().equals(session.path("surveyVersion").asText(null));
    }

    /** The newest {@value #NAMED_IN_REFUSAL} kept versions in a sentence, each with when its copy was kept. */
    private static String keptVersions(List<SurveyCatalog.KeptVersion> kept) {
        if (kept.isEmpty()) {
            return "It has no version kept.";
        }
        StringBuilder named = new StringBuilder("Its versions kept, newest first: ");
        for (int i = kept.size() - 1; i >= Math.max(0, kept.size() - NAMED_IN_REFUSAL); i--) {
            SurveyCatalog.KeptVersion version = kept.get(i);
            named.append(i == kept.size() - 1 ? "" : ", ").append(version.version()).append(" (kept ")
                    .append(version.keptAt()).append(')');
        }
        int older = kept.size() - NAMED_IN_REFUSAL;
        return named.append(older > 0 ? " and " + older + " older." : ".").toString();
    }
}
