package com.surveyrelay.outbox;

import com.surveyrelay.storage.SessionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's account of what it has yet to deliver, session by session, and of the last failure: read by
 * {@link OutboxRelay#backlog()} for the health endpoint and the gauges, and turned into a warning, at most one
 * a minute, while the oldest entry is older than {@code survey-relay.outbox.warn-age}. Thread-safe: the relay
 * thread and its I/O threads note sessions and failures, the health endpoint and the gauges read.
 */
final class RelayBacklog {

    /** Under the relay's name: the category an operator already raises or silences for the outbox. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private record Pending(int entries, Instant oldest) {
    }

    private final Map<SessionRef, Pending> pending = new ConcurrentHashMap<>();
    private final Duration warnAge;
    private volatile String lastError;
    private volatile Instant lastWarning = Instant.EPOCH;
    private volatile Instant lastCheck = Instant.EPOCH;
    /** When the first warning since entries last went through was logged; null when none was. */
    private final java.util.concurrent.atomic.AtomicReference<Instant> warnedSince =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** When a sink's refusal of access was last logged. */
    private volatile Instant lastDenied = Instant.EPOCH;
    private static final Duration DENIED_EVERY = Duration.ofMinutes(10);

    /** @param warnAge the oldest entry's age past which {@link #warnWhenBehind} logs a warning */
    RelayBacklog(Duration warnAge) {
        this.warnAge = warnAge;
    }

    /** The session has {@code entries} entries undelivered, the oldest stored at {@code oldest}. */
    void waiting(SessionRef ref, int entries, Instant oldest) {
        pending.put(ref, new Pending(entries, oldest));
    }

    /** The session has nothing this instance is to deliver: all delivered, or another instance's to deliver. */
    void clear(SessionRef ref) {
        pending.remove(ref);
    }

    /**
     * Notes a sink's or the store's failure as the backlog's {@code lastError}: the message of the first exception in
     * its cause chain with a message of its own (not only its cause's: a Camel exception wrapping the AWS
     * SDK's often has none, and the warning then read "last error: null" while the backlog grew), or the outermost
     * exception's type when none has.
     */
    void failed(Throwable why) {
        lastError = described(why);
        deniedAccess(why).ifPresent(permission -> {
            Instant now = Instant.now();
            if (Duration.between(lastDenied, now).compareTo(DENIED_EVERY) >= 0) {
                lastDenied = now;
                warnedSince.compareAndSet(null, now);
                LOG.error("Outbox: {} refused this service access (403), which waiting will not mend: allow {} in "
                        + "the service's IAM policy. Entries wait in their sessions' outboxes and go once it is "
                        + "allowed; said again every {} minutes while it lasts. {}", permission.service(),
                        permission.action(), DENIED_EVERY.toMinutes(), described(why));
            }
        });
    }

    /**
     * An entry went through: once after the backlog was warned of, says so at INFO, once, with since when, so that an
     * operator reading the warnings knows the outage is over (until 2026-12-07 nothing said so for the bus or the
     * results sink, where Twilio's recovery was logged: an operator's probe).
     */
    void delivered() {
        Instant since = warnedSince.getAndSet(null);
        if (since != null) {
            LOG.info("Outbox: entries are delivered again, after the delays warned of since {}", since);
        }
    }

    /** What a sink refused for want of a permission: the service, as AWS names it, and the IAM action to allow. */
    record Permission(String service, String action) {
    }

    /**
     * The permission behind an AWS service's {@code 403} in the cause chain: EventBridge's
     * {@code events:PutEvents} on the bus, S3's {@code s3:PutObject} on the results bucket (the sinks the relay calls);
     * empty for any other failure. Until 2026-12-07 EventBridge's 403 was one generic warning a minute on, as an
     * outage that would pass (an operator's probe).
     */
    static java.util.Optional<Permission> deniedAccess(Throwable why) {
        for (Throwable each = why; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (each instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                    && service.statusCode() == 403) {
                boolean storage = service instanceof software.amazon.awssdk.services.s3.model.S3Exception;
                return java.util.Optional.of(storage
                        ? new Permission("S3", "s3:PutObject on the results bucket (SURVEY_RESULTS_BUCKET)")
                        : new Permission(service.awsErrorDetails() == null ? "AWS"
                                : service.awsErrorDetails().serviceName(),
                                "events:PutEvents on the bus (EVENT_BUS_NAME)"));
            }
        }
        return java.util.Optional.empty();
    }

    static String described(Throwable why) {
        for (Throwable each = why; each != null; each = each.getCause() == each ? null : each.getCause()) {
            boolean onlyItsCause = each.getCause() != null && each.getCause().toString().equals(each.getMessage());
            if (each.getMessage() != null && !each.getMessage().isBlank() && !onlyItsCause) {
                return each.getMessage();
            }
        }
        return why.getClass().getSimpleName();
    }

    /** The sessions with entries undelivered, a copy. */
    Set<SessionRef> sessions() {
        return Set.copyOf(pending.keySet());
    }

    OutboxBacklog at(Instant now) {
        int entries = 0;
        Instant oldest = null;
        for (Pending each : pending.values()) {
            entries += each.entries();
            oldest = oldest == null || each.oldest().isBefore(oldest) ? each.oldest() : oldest;
        }
        return new OutboxBacklog(pending.size(), entries,
                oldest == null ? Duration.ZERO : Duration.between(oldest, now), lastError);
    }

    /**
     * Logs a warning when the oldest entry is older than {@code warnAge}, at most once a minute; looks at most once a
     * second, as it is called before every batch.
     *
     * @return whether it logged the warning this time
     */
    boolean warnWhenBehind(Instant now) {
        if (Duration.between(lastCheck, now).compareTo(CHECK_EVERY) < 0) {
            return false;
        }
        lastCheck = now;
        OutboxBacklog backlog = at(now);
        if (backlog.entries() == 0 || backlog.oldestAge().compareTo(warnAge) <= 0
                || Duration.between(lastWarning, now).compareTo(WARN_EVERY) < 0) {
            return false;
        }
        lastWarning = now;
        warnedSince.compareAndSet(null, now);
        LOG.warn("Outbox: {} entries of {} sessions not yet delivered, the oldest for {} s; last error: {}",
                backlog.entries(), backlog.sessions(), backlog.oldestAge().toSeconds(), backlog.lastError() != null
                        ? backlog.lastError() : "none on this instance (its entries may wait for another instance's "
                        + "lease on them to lapse: one that stopped, or is slow)");
        return true;
    }
}
