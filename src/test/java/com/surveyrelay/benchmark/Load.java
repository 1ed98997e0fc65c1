package com.surveyrelay.benchmark;

import com.surveyrelay.benchmark.ServiceMeters.GcPauses;
import com.surveyrelay.benchmark.ServiceMeters.OutboxBacklog;
import java.time.Duration;

/**
 * What a run did: how long it took, its surveys, the bus's calls under load, the service's backlog and collections,
 * and this JVM's own pauses.
 *
 * @param seconds from the first request to the last answer
 * @param surveys surveys begun
 * @param errors surveys that failed (a request refused or unreachable)
 * @param firstError the first failure's message; null when none failed
 * @param maxResidentMiB the service's peak resident memory ({@code VmRSS}, sampled every 0.5 s), in MiB
 * @param heapMiB the service's heap in use two thirds in, in MiB; -1 when not read
 * @param underLoad PutEvents calls and events the bus received while every respondent was busy: from
 *     {@code rampUp} after the start to the end of the run's time, before the last surveys are let finish; null when
 *     the run is too short to leave its start out
 * @param rampUp how long after the start {@code underLoad} begins: {@link ProductionBenchmark#RAMP_UP} for texts,
 *     more for calls (three of the callers' longest pauses)
 * @param backlogAtEnd the service's outbox backlog when the respondents stopped
 * @param collections the service's garbage collections during the run
 * @param harness this JVM's own pauses during the load ({@link HarnessPauses})
 * @param probes liveness probes on the service's port once a second from {@code rampUp} to the end of the load
 *     ({@link ProbeLatencies})
 */
record Load(double seconds, int surveys, int errors, String firstError, long maxResidentMiB, long heapMiB,
        BusCounts underLoad, Duration rampUp, OutboxBacklog backlogAtEnd, GcPauses collections,
        HarnessPauses.Figures harness, ProbeLatencies.Figures probes) {

    /**
     * PutEvents calls (since the endpoint started) and the events they carried (since its last clear), as the local
     * EventBridge endpoint counted them.
     *
     * @param byEntries element {@code n}: the calls that carried {@code n} entries
     */
    record BusCounts(long putEventsCalls, long events, long[] byEntries) {
        BusCounts minus(BusCounts earlier) {
            long[] calls = new long[byEntries.length];
            for (int n = 0; n < calls.length; n++) {
                calls[n] = byEntries[n] - earlier.byEntries[n];
            }
            return new BusCounts(putEventsCalls - earlier.putEventsCalls, events - earlier.events, calls);
        }

        /** "10 entries: 88 calls, 9: 3, ..." from the fullest down, calls that carried none left out. */
        String callsByEntries() {
            StringBuilder text = new StringBuilder();
            for (int n = byEntries.length - 1; n > 0; n--) {
                if (byEntries[n] > 0) {
                    text.append(text.isEmpty() ? n + " entries: " + byEntries[n] + " calls" : ", " + n + ": "
                            + byEntries[n]);
                }
            }
            return text.toString();
        }

        double putEventsPerEvent() {
            return putEventsCalls / (double) Math.max(1, events);
        }
    }
}
