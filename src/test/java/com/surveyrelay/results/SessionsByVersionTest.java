package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.storage.SurveyCatalog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsByVersionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "00000000000000aa";
    private static final String B = "00000000000000bb";
    private static final String CURRENT = "00000000000000cc";
    private static final String EXPIRED = "00000000000000ee";
    private static final String D = "00000000000000dd";

    private static JsonNode session(String version, String started) {
        var session = JSON.createObjectNode().put("surveyStatus", "COMPLETED").put("surveyStarted", started);
        return version == null ? session : session.put("surveyVersion", version);
    }

    /**
     * The summary lists every version a client may ask for, oldest first: the kept ones, the current one (its copy not
     * kept here), and one only sessions name, which cannot be asked for, where it ran; each with its sessions and their
     * days.
     */
    @Test
    void listsKeptCurrentAndSessionOnlyVersionsWithTheirSessions() {
        SessionsByVersion versions = new SessionsByVersion();
        versions.add(session(A, "2026-11-03T10:00:00Z"));
        versions.add(session(A, "2026-11-01T09:00:00Z"));
        versions.add(session(A, "2026-11-02T09:00:00.5Z"));
        versions.add(session(EXPIRED, "2026-10-01T08:00:00Z"));
        versions.add(session(CURRENT, "2026-12-01T08:00:00Z"));
        versions.add(session(null, "2026-12-01T08:00:00Z"));

        List<ResultsSummary.VersionSummary> listed = versions.list(List.of(
                new SurveyCatalog.KeptVersion(A, Instant.parse("2026-10-30T12:00:00Z")),
                new SurveyCatalog.KeptVersion(B, Instant.parse("2026-11-20T12:00:00Z"))), CURRENT);

        assertThat(listed).containsExactly(
                new ResultsSummary.VersionSummary(EXPIRED, false, false, null, 1, "2026-10-01T08:00:00Z",
                        "2026-10-01T08:00:00Z"),
                new ResultsSummary.VersionSummary(A, false, true, "2026-10-30T12:00:00Z", 3, "2026-11-01T09:00:00Z",
                        "2026-11-03T10:00:00Z"),
                new ResultsSummary.VersionSummary(B, false, true, "2026-11-20T12:00:00Z", 0, null, null),
                new ResultsSummary.VersionSummary(CURRENT, true, true, null, 1, "2026-12-01T08:00:00Z",
                        "2026-12-01T08:00:00Z"));
    }

    /**
     * A version whose copy expired went last, after today's, and the dashboard, numbering versions by their place,
     * called one that ran between v2 and v3 "v7". It goes where it ran: before the first version kept after its first
     * session.
     */
    @Test
    void aVersionWhoseCopyExpiredIsListedWhereItRan() {
        SessionsByVersion versions = new SessionsByVersion();
        versions.add(session(EXPIRED, "2026-11-10T08:00:00Z"));
        versions.add(session(D, null));

        List<ResultsSummary.VersionSummary> listed = versions.list(List.of(
                new SurveyCatalog.KeptVersion(A, Instant.parse("2026-10-30T12:00:00Z")),
                new SurveyCatalog.KeptVersion(B, Instant.parse("2026-11-20T12:00:00Z")),
                new SurveyCatalog.KeptVersion(CURRENT, Instant.parse("2026-11-25T12:00:00Z"))), CURRENT);

        assertThat(listed).extracting(ResultsSummary.VersionSummary::version)
                .as("one whose first session is unknown, last").containsExactly(A, EXPIRED, B, CURRENT, D);
    }

    /**
     * A listing gives {@code LastModified} to the second: two versions kept within one second tied, and went by their
     * digits, so today's version could be listed first, as "v1" (DashboardBrowserTest failed so in CI). The current
     * version is the newest of a tie; the others go by their first session.
     */
    @Test
    void versionsKeptWithinOneSecondGoTheCurrentOneLastAndTheOthersByTheirFirstSession() {
        SessionsByVersion versions = new SessionsByVersion();
        versions.add(session(B, "2026-11-01T09:00:00Z"));
        versions.add(session(CURRENT, "2026-11-01T09:00:02Z"));
        versions.add(session(D, "2026-11-01T09:00:01Z"));
        Instant second = Instant.parse("2026-11-01T09:00:00Z");

        List<ResultsSummary.VersionSummary> listed = versions.list(List.of(
                new SurveyCatalog.KeptVersion(A, second), new SurveyCatalog.KeptVersion(CURRENT, second),
                new SurveyCatalog.KeptVersion(D, second), new SurveyCatalog.KeptVersion(B, second),
                new SurveyCatalog.KeptVersion("0000000000000001", second.plusSeconds(1))), CURRENT);

        assertThat(listed).extracting(ResultsSummary.VersionSummary::version)
                .containsExactly(B, D, A, CURRENT, "0000000000000001");
    }
}
