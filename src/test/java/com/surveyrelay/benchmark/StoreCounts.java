package com.surveyrelay.benchmark;

import java.util.Map;

/**
 * What the local servers counted of the service's requests: S3 GETs, PUTs and the rest (DELETE, HEAD, LIST) and
 * PutEvents calls since they started, the events on the bus since its last clear (a run's start), and each S3 method
 * by the key's first folder ({@code "PUT survey-results"}). Two snapshots' {@link #minus} is what happened between
 * them, when both come after the same clear.
 */
record StoreCounts(long gets, long puts, long other, long putEventsCalls, long events,
        Map<String, Long> byFolder) {
    StoreCounts minus(StoreCounts earlier) {
        Map<String, Long> folders = new java.util.TreeMap<>();
        byFolder.forEach((folder, count) -> {
            long delta = count - earlier.byFolder.getOrDefault(folder, 0L);
            if (delta > 0) {
                folders.put(folder, delta);
            }
        });
        return new StoreCounts(gets - earlier.gets, puts - earlier.puts, other - earlier.other,
                putEventsCalls - earlier.putEventsCalls, events - earlier.events, folders);
    }

    /** Without the GETs the audit made to read what was stored: they are the benchmark's, not the service's. */
    StoreCounts withoutAuditReads(AnswerAudit.Findings audit) {
        Map<String, Long> folders = new java.util.TreeMap<>(byFolder);
        folders.computeIfPresent("GET survey-results",
                (folder, count) -> count - audit.reads());
        return new StoreCounts(gets - audit.reads(), puts, other, putEventsCalls, events, folders);
    }

    /**
     * S3 requests per answered question: GETs, PUTs and the rest (DELETE, HEAD, LIST), and each method by the key's
     * first folder ({@code "PUT survey-results"}); {@code sweeps} is a count, not per answer: the outbox sweeps
     * (listings of the open-session markers) in the count, each of which reads every open session it has not seen.
     */
    record S3Cost(double gets, double puts, double other, Map<String, Double> byFolder, long sweeps) {
    }
}
