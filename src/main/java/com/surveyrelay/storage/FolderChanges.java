package com.surveyrelay.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The survey folders whose files changed, each waiting until its files have stayed as listed for the settle time
 * ({@code SURVEY_UPLOAD_SETTLE}) before the catalog reads them: an upload of several files (a config and its prompt
 * files, one {@code PUT} each) is then read once it is done, not half done, when the new config would meet the old
 * prompts. S3 has no transaction over several objects, so "done" is judged by the listing alone: the same ETags,
 * for each key, at two looks at least the settle time apart. An upload pausing longer than that between two files is
 * still read in between. Times come from the service's clock, never from the store's {@code LastModified}, so a
 * store whose clock is off makes no difference. Thread-safe.
 */
final class FolderChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyCatalog.class);

    /** The files of a changed folder as first listed so, and when. */
    private record Seen(Map<String, String> etags, Instant since) {
    }

    private final Duration settle;
    private final Clock clock;
    private final Map<String, Seen> changed = new ConcurrentHashMap<>();

    /**
     * @param settle how long a folder's files must stay as listed: zero takes every change at its first look
     * @param clock the service's clock
     */
    FolderChanges(Duration settle, Clock clock) {
        this.settle = settle;
        this.clock = clock;
    }

    /**
     * Whether the folder's changed files, listed now as {@code etags} (by key), have settled: listed so for at least
     * the settle time. When they differ from what was last listed, they are noted from now (logged at INFO, once for
     * each new listing) and answer false, unless the settle time is zero.
     *
     * @param where the folder as the log names it ({@code the bucket root}, {@code surveys/<surveyId>/})
     */
    boolean settled(String folder, String where, Map<String, String> etags) {
        if (settle.isZero()) {
            return true;
        }
        Instant now = clock.instant();
        Seen seen = changed.get(folder);
        if (seen == null || !seen.etags().equals(etags)) {
            changed.put(folder, new Seen(Map.copyOf(etags), now));
            LOG.info("Survey files in {} changed: read once they stay unchanged for {} s", where,
                    settle.toMillis() / 1000.0);
            return false;
        }
        return !now.isBefore(seen.since().plus(settle));
    }

    /** Whether the folder's files changed and wait for the settle time, to be read then. */
    boolean waiting(String folder) {
        return changed.containsKey(folder);
    }

    /** The settle time, in whole seconds, rounded up. */
    long settleSeconds() {
        return (settle.toMillis() + 999) / 1000;
    }

    /** Nothing waits for the folder any more: its files were read, went back to those in use, or are gone. */
    void forget(String folder) {
        changed.remove(folder);
    }

    /** Forgets every folder but {@code listed}: the others are gone from the bucket. */
    void keepOnly(Set<String> listed) {
        changed.keySet().retainAll(listed);
    }

    /** Whether some folder's files have stayed unchanged for the settle time, so that a look now would read them. */
    boolean anyDue() {
        Instant now = clock.instant();
        return changed.values().stream().anyMatch(seen -> !now.isBefore(seen.since().plus(settle)));
    }
}
