package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.surveyrelay.LoggedLines;
import com.surveyrelay.storage.SessionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backlog the health endpoint and the gauges show: entries and sessions waiting, the oldest's age, the error. */
class RelayBacklogTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    private static SessionRef ref(String phone) {
        return SessionRef.of(OutboxRelayBatchTest.session(phone));
    }

    @Test
    void nothingWaitingIsZeroEverywhere() {
        OutboxBacklog backlog = new RelayBacklog(Duration.ofSeconds(60)).at(NOW);

        assertThat(backlog).isEqualTo(new OutboxBacklog(0, 0, Duration.ZERO, null));
    }

    /**
     * A sink refusing the service access (403) is a permission to grant, not an outage to wait out: until 2026-12-07
     * EventBridge's 403 was one generic warning a minute on (an operator's probe). It is an ERROR at once naming the
     * IAM action, said again only every ten minutes while it lasts.
     */
    @Test
    void aSinkRefusingAccessIsAnErrorNamingThePermission() throws Exception {
        Throwable denied = new org.apache.camel.RuntimeCamelException(
                software.amazon.awssdk.services.eventbridge.model.EventBridgeException.builder().statusCode(403)
                        .message("not authorized to perform: events:PutEvents")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .serviceName("EventBridge").errorCode("AccessDeniedException").build()).build());
        assertThat(RelayBacklog.deniedAccess(denied)).contains(new RelayBacklog.Permission("EventBridge",
                "events:PutEvents on the bus (EVENT_BUS_NAME)"));
        assertThat(RelayBacklog.deniedAccess(software.amazon.awssdk.services.s3.model.S3Exception.builder()
                .statusCode(403).build())).map(RelayBacklog.Permission::action)
                .contains("s3:PutObject on the results bucket (SURVEY_RESULTS_BUCKET)");
        assertThat(RelayBacklog.deniedAccess(software.amazon.awssdk.services.eventbridge.model.EventBridgeException
                .builder().statusCode(503).build())).as("an outage").isEmpty();

        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        List<ILoggingEvent> logged = LoggedLines.during(OutboxRelay.class, () -> {
            relay.failed(denied);
            relay.failed(denied);
        });
        assertThat(logged).as("once, not at every retry").singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(event.getFormattedMessage()).startsWith("Outbox: EventBridge refused this service access "
                    + "(403), which waiting will not mend: allow events:PutEvents on the bus (EVENT_BUS_NAME)");
        });
    }

    /**
     * After the backlog was warned of, the first entry through says so once at INFO: nothing told an operator that a
     * bus outage was over (an operator's probe, 2026-12-07).
     */
    @Test
    void theFirstDeliveryAfterAWarningSaysTheDelaysAreOver() throws Exception {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        assertThat(LoggedLines.during(OutboxRelay.class, relay::delivered)).as("nothing was warned of").isEmpty();
        List<ILoggingEvent> logged = LoggedLines.during(OutboxRelay.class, () -> {
            relay.waiting(ref("+15550196401"), 3, NOW.minusSeconds(120));
            assertThat(relay.warnWhenBehind(NOW)).isTrue();
            relay.delivered();
            relay.delivered();
        });
        assertThat(logged).extracting(ILoggingEvent::getFormattedMessage).last().asString().isEqualTo(
                "Outbox: entries are delivered again, after the delays warned of since " + NOW);
        assertThat(logged).hasSize(2);
    }

    /** A failure without a message of its own is described by its cause's, never as "null". */
    @Test
    void theLastErrorNamesTheFirstMessageInTheCauseChain() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        relay.failed(new RuntimeException(new IllegalStateException("Total size of the entries is over the limit")));
        assertThat(relay.at(NOW).lastError()).isEqualTo("Total size of the entries is over the limit");

        relay.failed(new org.apache.camel.RuntimeCamelException((String) null, new IllegalStateException("bus down")));
        assertThat(relay.at(NOW).lastError()).isEqualTo("bus down");

        relay.failed(new NullPointerException());
        assertThat(relay.at(NOW).lastError()).isEqualTo("NullPointerException");
    }

    @Test
    void countsEverySessionsEntriesAndAgesTheOldest() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        SessionRef first = ref("+15550100001");
        SessionRef second = ref("+15550100002");
        relay.waiting(first, 3, NOW.minusSeconds(4));
        relay.waiting(second, 2, NOW.minusSeconds(9));

        assertThat(relay.at(NOW)).isEqualTo(new OutboxBacklog(2, 5, Duration.ofSeconds(9), null));
        assertThat(relay.sessions()).containsExactlyInAnyOrder(first, second);

        relay.waiting(first, 1, NOW.minusSeconds(1));
        relay.clear(second);

        assertThat(relay.at(NOW)).isEqualTo(new OutboxBacklog(1, 1, Duration.ofSeconds(1), null));
        assertThat(relay.sessions()).containsExactly(first);
    }

    @Test
    void theLastFailureIsKeptOnceTheBacklogClears() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        SessionRef ref = ref("+15550100001");
        relay.waiting(ref, 1, NOW);
        relay.failed(new IllegalStateException("PutEvents timed out"));
        relay.failed(new IllegalStateException("EventBridge answered 503"));
        relay.clear(ref);

        assertThat(relay.at(NOW)).isEqualTo(new OutboxBacklog(0, 0, Duration.ZERO, "EventBridge answered 503"));
    }

    @Test
    void warnsOnceTheOldestEntryIsOlderThanTheWarnAgeAndThenAtMostOnceAMinute() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        relay.waiting(ref("+15550100001"), 2, NOW.minusSeconds(60));

        assertThat(relay.warnWhenBehind(NOW)).as("60 s old is not past a 60 s warn age").isFalse();
        assertThat(relay.warnWhenBehind(NOW.plusSeconds(1))).as("61 s old").isTrue();
        assertThat(relay.warnWhenBehind(NOW.plusSeconds(30))).as("still behind, within the minute").isFalse();
        assertThat(relay.warnWhenBehind(NOW.plusSeconds(61))).as("a minute after the warning").isTrue();
    }

    @Test
    void nothingWaitingOrNothingOldIsNoWarning() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));

        assertThat(relay.warnWhenBehind(NOW)).isFalse();

        relay.waiting(ref("+15550100001"), 1, NOW.minusSeconds(5));
        assertThat(relay.warnWhenBehind(NOW.plusSeconds(1))).isFalse();
    }

    @Test
    void looksAtMostOnceASecondAsItIsCalledBeforeEveryBatch() {
        RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
        assertThat(relay.warnWhenBehind(NOW)).isFalse();
        relay.waiting(ref("+15550100001"), 1, NOW.minusSeconds(120));

        assertThat(relay.warnWhenBehind(NOW.plusMillis(500))).as("half a second after the last look").isFalse();
        assertThat(relay.warnWhenBehind(NOW.plusSeconds(1))).isTrue();
    }

    /**
     * A new instance waiting out a stopped one's leases had no error of its own, and its warning read "last error:
     * null" at 3 a.m.: it now says there is none here, and what the entries may wait for.
     */
    @Test
    void aWarningWithNoErrorHereSaysWhatTheEntriesMayWaitFor() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                OutboxRelay.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            RelayBacklog relay = new RelayBacklog(Duration.ofSeconds(60));
            relay.waiting(ref("+15550100001"), 7, NOW.minusSeconds(71));
            assertThat(relay.warnWhenBehind(NOW)).isTrue();
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).singleElement().extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .asString().endsWith("last error: none on this instance (its entries may wait for another instance's "
                        + "lease on them to lapse: one that stopped, or is slow)").doesNotContain("null");
    }
}
