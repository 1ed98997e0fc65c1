package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.storage.SurveyCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions a survey's results summary lists ({@link ResultsSummary.VersionSummary}), so that a client can offer
 * the {@code version} filter: those kept under {@code survey-versions/}, the current one, and those only the sessions
 * name, each with the finished sessions that ran it among those the other filters match. Memory grows with the
 * versions, not the sessions.
 */
final class SessionsByVersion {

    private final Map<String, Tally> byVersion = new LinkedHashMap<>();

    private static final class Tally {
        private int sessions;
        private Instant firstStarted;
        private Instant lastStarted;
    }

    /** Counts one finished session document under its {@code surveyVersion}; one without any counts nowhere. */
    void add(JsonNode session) {
        String version = session.path("surveyVersion").asText("");
        if (version.isEmpty()) {
            return;
        }
        Tally tally = byVersion.computeIfAbsent(version, none -> new Tally());
        tally.sessions++;
        Instant started = ResultsSummary.instant(session.path("surveyStarted").asText(null));
        if (started != null) {
            tally.firstStarted = tally.firstStarted == null || started.isBefore(tally.firstStarted) ? started
                    : tally.firstStarted;
            tally.lastStarted = tally.lastStarted == null || started.isAfter(tally.lastStarted) ? started
                    : tally.lastStarted;
        }
    }

    /**
     * The versions, oldest first: the kept ones by when their copy was kept, then the current one if its copy is not
     * kept; those only sessions name (their copy expired) among them by their first session ({@link #placeOf}).
     *
     * <p>S3 gives an object's {@code LastModified} to the second in a listing, so two versions kept within one second
     * (an edit uploaded file by file, a quick fix) have the same {@code keptAt}: of those, the current version is the
     * newest, and the others go by their first session, then by their digits.
     *
     * @param kept the survey's kept versions ({@link SurveyCatalog#keptVersions})
     * @param current the version the survey runs (or, taken out of the bucket, its newest kept one)
     */
    List<ResultsSummary.VersionSummary> list(List<SurveyCatalog.KeptVersion> kept, String current) {
        List<ResultsSummary.VersionSummary> listed = new ArrayList<>();
        Map<String, Tally> unlisted = new LinkedHashMap<>(byVersion);
        List<SurveyCatalog.KeptVersion> oldestFirst = kept.stream()
                .sorted(Comparator.comparing(SurveyCatalog.KeptVersion::keptAt)
                        .thenComparing(version -> version.version().equals(current))
                        .thenComparing(version -> firstStarted(version.version()),
                                Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(SurveyCatalog.KeptVersion::version))
                .toList();
        for (SurveyCatalog.KeptVersion version : oldestFirst) {
            listed.add(summary(version.version(), current, version.keptAt(), unlisted.remove(version.version()),
                    true));
        }
        if (kept.stream().noneMatch(version -> version.version().equals(current))) {
            listed.add(summary(current, current, null, unlisted.remove(current), true));
        }
        unlisted.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Tally> version) -> version.getValue().firstStarted,
                        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Map.Entry::getKey))
                .forEach(version -> listed.add(placeOf(listed, version.getValue().firstStarted),
                        summary(version.getKey(), current, null, version.getValue(), false)));
        return listed;
    }

    /**
     * Where a version whose copy expired goes among {@code listed}: before the first version kept after its first
     * session, or the current one when its copy is not kept (the newest); last when its first session is unknown.
     * Until 2026-12-06 such versions all went last, after today's, and the dashboard, which numbers the versions by
     * their place, called one that ran between v2 and v3 "v7".
     */
    private static int placeOf(List<ResultsSummary.VersionSummary> listed, Instant firstStarted) {
        if (firstStarted == null) {
            return listed.size();
        }
        for (int i = 0; i < listed.size(); i++) {
            ResultsSummary.VersionSummary version = listed.get(i);
            if (version.available() && (version.keptAt() == null
                    || Instant.parse(version.keptAt()).isAfter(firstStarted))) {
                return i;
            }
        }
        return listed.size();
    }

    /** When the first counted session of the version started; null when none did, or none said when. */
    private Instant firstStarted(String version) {
        Tally tally = byVersion.get(version);
        return tally == null ? null : tally.firstStarted;
    }

    private static ResultsSummary.VersionSummary summary(String version, String current, Instant keptAt, Tally tally,
                                                         boolean available) {
        return new ResultsSummary.VersionSummary(version, version.equals(current), available, text(keptAt),
                tally == null ? 0 : tally.sessions, tally == null ? null : text(tally.firstStarted),
                tally == null ? null : text(tally.lastStarted));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
