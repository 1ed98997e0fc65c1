package com.surveyrelay.local;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one call to a virtual phone.
 *
 * @param status     queued, ringing, in-progress, then the final completed or no-answer; a final status is set only
 *                   once the status callback (if any) has been answered, so a test that waits for it waits for
 *                   everything Twilio does for the call
 * @param transcript oldest first
 * @param ended      null until the status is final
 */
public record CallRecord(String sid, String from, String to, String status, List<TranscriptEntry> transcript,
                         Instant started, Instant ended) {

    public CallRecord {
        transcript = List.copyOf(transcript);
    }

    /** Whether the call is over, status callback included. */
    public boolean isOver() {
        return ended != null;
    }
}
