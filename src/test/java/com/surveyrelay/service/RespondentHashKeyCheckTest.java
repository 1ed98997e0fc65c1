package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.consent.RespondentHashKeyCheck;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalServices;
import com.surveyrelay.storage.RespondentRecords;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A replica with another {@code RESPONDENT_HASH_KEY} names every number's consent record differently, finds none of
 * the others' and texted numbers that had opted out (the two-replica probe, 2026-12-05: three opted-out numbers texted
 * by a third replica). The bucket now records which key names its records, and an instance with another one stops.
 * The checks built here use buckets of their own: the test context's instance checks its bucket every 30 s, and would
 * stop at a wrong check put there.
 */
class RespondentHashKeyCheckTest extends ServiceTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Autowired
    S3Client s3Client;
    @Autowired
    SurveyRelayProperties service;
    @Autowired
    ConsentProperties consent;

    /** The test context's settings on a new, empty bucket of this test's own. */
    private SurveyRelayProperties ownBucket() {
        String bucket = "hash-key-check-" + BUCKETS.incrementAndGet();
        SERVICES.s3().createBucket(bucket);
        return new SurveyRelayProperties(service.publicBaseUrl(), service.apiKeys(), bucket, bucket,
                service.eventBus(), service.region(), service.s3Endpoint(), service.eventBridgeEndpoint(),
                service.catalogRefresh(), service.smsConversationTimeout(), service.maxRequestBytes(),
                service.webhookBudget(), service.catalogSettle());
    }

    private ConsentProperties withKey(String hashKey) {
        return new ConsentProperties(hashKey, consent.frequencyCap(), consent.smsReminderAfter(),
                consent.contactDays(), consent.contactHours(), consent.defaultTimeZone(), consent.scheduledStartsPoll(),
                consent.smsClosedNoticeWindow(), consent.notMobileMemory(), consent.scheduledStartOutcomesKept());
    }

    /**
     * An instance on AWS's S3 without RESPONDENT_HASH_KEY says at start that its records are named under a public key;
     * with a key, or on a local S3 (the local default runs without one), it says nothing.
     */
    @Test
    void anInstanceWithoutAKeyOfItsOwnWarnsAtStart() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(RespondentHashKeyCheck.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (String key : new String[] {"", "a-key-of-its-own"}) {
                for (boolean onAws : new boolean[] {true, false}) {
                    SurveyRelayProperties own = ownBucket();
                    // The client stays the local server's; the setting alone says where the bucket is.
                    SurveyRelayProperties where = onAws ? new SurveyRelayProperties(own.publicBaseUrl(),
                            own.apiKeys(), own.bucket(), own.resultsBucket(), own.eventBus(), own.region(), null,
                            own.eventBridgeEndpoint(), own.catalogRefresh(), own.smsConversationTimeout(),
                            own.maxRequestBytes(), own.webhookBudget(), own.catalogSettle()) : own;
                    RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, where, withKey(key),
                            new GenericApplicationContext());
                    check.afterPropertiesSet();
                    check.destroy();
                }
            }
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(line -> line.getFormattedMessage().startsWith("RESPONDENT_HASH_KEY is not "
                + "set")).as("once, for the instance on AWS without a key").singleElement()
                .satisfies(line -> assertThat(line.getLevel().toString()).isEqualTo("WARN"));
    }

    @Test
    void theBucketRecordsWhichKeyNamesItsRecordsWithoutTheKey() throws Exception {
        String check = object(RespondentHashKeyCheck.KEY);

        assertThat(json(check).get("keyCheck").asText()).matches("[0-9a-f]{64}");
        assertThat(check).doesNotContain(LocalServices.RESPONDENT_HASH_KEY);
    }

    @Test
    void anInstanceWithAnotherKeyOrNoneStopsNamingTheVariable() {
        for (String other : new String[] {"another-respondent-hash-key", ""}) {
            assertThatThrownBy(() -> ServiceInstance.start(Map.of("survey-relay.consent.hash-key", other)).close())
                    .as("key '%s'", other)
                    .satisfies(refused -> assertThat(Assertions.catchThrowable(() -> {
                        throw rootCause(refused);
                    })).isInstanceOf(SettingRefused.class).hasMessageStartingWith("RESPONDENT_HASH_KEY "
                            + "(survey-relay.consent.hash-key) is not the key this bucket's respondent records are "
                            + "named under").hasMessageContaining("Give every instance on the bucket the same "
                            + "RESPONDENT_HASH_KEY"));
        }
        try (ServiceInstance same = ServiceInstance.start(Map.of())) {
            assertThat(same.port()).as("the same key starts").isPositive();
        }
    }

    /**
     * A check object that is no key check (an operator's hand edit, a truncated copy) tells nothing of the key; it was
     * told as written under another key, sending an operator whose instances all had the same key after a mismatch
     * that was not there. It now stops the start saying what is wrong with the object.
     */
    @Test
    void aCheckObjectThatIsNoKeyCheckStopsTheStartSayingSo() {
        SurveyRelayProperties own = ownBucket();
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            for (String broken : new String[] {"not json", "{\"writtenAt\": \"2026-12-05T15:25:06Z\"}"}) {
                s3Client.putObject(put -> put.bucket(own.bucket()).key(RespondentHashKeyCheck.KEY),
                        RequestBody.fromString(broken));
                RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, own, consent, application);
                try {
                    assertThatThrownBy(check::afterPropertiesSet)
                            .as(broken)
                            .isInstanceOf(SettingRefused.class)
                            .hasMessageStartingWith("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be "
                                    + "checked: respondent-hash-key/check.json is not a key check")
                            .hasMessageNotContaining("another key");
                } finally {
                    check.destroy();
                }
            }
        }
    }

    /**
     * Storage unreachable at start does not stop it (the webhooks answer through outages); the check is asked again,
     * and a key found wrong then closes the application.
     */
    @Test
    void aKeyFoundWrongOnceStorageIsBackClosesTheApplication() {
        SurveyRelayProperties own = ownBucket();
        RespondentHashKeyCheck first = new RespondentHashKeyCheck(s3Client, own, consent,
                new GenericApplicationContext());
        first.afterPropertiesSet();
        first.destroy();
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            SERVICES.s3().faults().setAfter(Faults.Mode.ERROR, 0, own.bucket() + "/" + RespondentHashKeyCheck.KEY);
            AtomicInteger exitStatus = new AtomicInteger(-1);
            RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, own,
                    withKey("another-respondent-hash-key"), application, Duration.ofMillis(200), exitStatus::set);

            check.afterPropertiesSet();
            assertThat(application.isActive()).as("started through the outage").isTrue();

            SERVICES.s3().faults().clear();
            await().atMost(Duration.ofSeconds(10)).until(() -> !application.isActive());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exitStatus).as("the process's exit "
                    + "status, for a supervisor to see a failure").hasValue(RespondentHashKeyCheck.EXIT_STATUS));
        }
    }

    /**
     * The check runs on while the instance does (a probe deleted the check, started an instance with another key, and
     * it recorded its own and ran beside the first): a running instance writes a deleted check again, and stops when
     * the check it finds names another key.
     */
    @Test
    void aRunningInstanceRestoresADeletedCheckAndStopsAtAnotherKeys() throws Exception {
        SurveyRelayProperties own = ownBucket();
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            AtomicInteger exitStatus = new AtomicInteger(-1);
            RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, own, consent, application,
                    Duration.ofMillis(200), exitStatus::set);
            check.afterPropertiesSet();
            String written = object(own.bucket(), RespondentHashKeyCheck.KEY);

            s3Client.deleteObject(delete -> delete.bucket(own.bucket()).key(RespondentHashKeyCheck.KEY));
            await().atMost(Duration.ofSeconds(10)).until(() -> !keys(own.bucket(), RespondentHashKeyCheck.KEY)
                    .isEmpty());
            assertThat(json(object(own.bucket(), RespondentHashKeyCheck.KEY)).get("keyCheck"))
                    .isEqualTo(json(written).get("keyCheck"));
            assertThat(application.isActive()).isTrue();

            String another = new RespondentRecords(s3Client, own, "another-respondent-hash-key").keyCheck();
            s3Client.putObject(put -> put.bucket(own.bucket()).key(RespondentHashKeyCheck.KEY),
                    RequestBody.fromString("{\"keyCheck\": \"" + another + "\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !application.isActive());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exitStatus)
                    .hasValue(RespondentHashKeyCheck.EXIT_STATUS));
        }
    }

    /**
     * Two first instances with different keys start at once on AWS: one's conditional write of the check is answered
     * {@code 409 ConditionalRequestConflict} while the other's is being applied. As after a {@code 412}, it reads the
     * other's check and stops naming the variable (until 2026-12-06 it took the 409 for storage failing: a warning,
     * and it ran unchecked until its next check 30 s later).
     */
    @Test
    void aFirstStartMeetingAnotherFirstStartsWriteUnderWayReadsItsCheck() {
        AtomicBoolean raced = new AtomicBoolean();
        stopsAtTheOthersCheck((other, checkPath) -> around(call -> {
            if (call.equals("putObject") && raced.compareAndSet(false, true)) {
                other.afterPropertiesSet();
                SERVICES.s3().conflictConditionalPuts(checkPath, 1);
            }
        }, call -> { }), raced);
    }

    /**
     * As above, but as AWS answers: the {@code 409 ConditionalRequestConflict} comes while the other first instance's
     * write is still being applied, so the check read just after it is not there yet, and the other's lands a moment
     * later. The write is tried again, is refused ({@code 412}: the other's check is there now), and the instance
     * stops naming the variable (until 2026-12-06 the check found nothing after the refusal and agreed: the instance
     * logged its key as checked and ran under another key until its next check 30 s later).
     */
    @Test
    void aFirstStartWhoseCheckIsNotThereYetAfterAConflictWritesAgainAndReadsTheOthers() {
        AtomicInteger puts = new AtomicInteger();
        AtomicBoolean landed = new AtomicBoolean();
        stopsAtTheOthersCheck((other, checkPath) -> around(call -> {
            if (call.equals("putObject") && puts.incrementAndGet() == 1) {
                SERVICES.s3().conflictConditionalPuts(checkPath, 1);
            }
        }, call -> {
            if (call.equals("getObjectAsBytes") && puts.get() == 1 && landed.compareAndSet(false, true)) {
                other.afterPropertiesSet();
            }
        }), landed);
    }

    /**
     * Checks a new bucket through the client {@code racing} gives, with the test context's key, beside another first
     * instance with another key ({@code racing}'s first argument, not started; its second, the check object's path);
     * asserts the check stopped naming the variable, and that {@code raced} (the race took place).
     */
    private void stopsAtTheOthersCheck(BiFunction<RespondentHashKeyCheck, String, S3Client> racing,
            AtomicBoolean raced) {
        SurveyRelayProperties own = ownBucket();
        RespondentHashKeyCheck other = new RespondentHashKeyCheck(s3Client, own,
                withKey("another-respondent-hash-key"), new GenericApplicationContext());
        try {
            assertThat(refusalAtStart(racing.apply(other, own.bucket() + "/" + RespondentHashKeyCheck.KEY), own))
                    .isInstanceOf(SettingRefused.class)
                    .hasMessageStartingWith("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) is not the key this "
                            + "bucket's respondent records are named under");
            assertThat(raced).as("the race took place").isTrue();
        } finally {
            other.destroy();
            SERVICES.s3().conflictConditionalPuts("", 0);
        }
    }

    /** S3 refusing this instance the check object (403: an IAM policy leaving it out) stops the start, saying so. */
    @Test
    void aCheckS3RefusesThisInstanceStopsTheStart() {
        SurveyRelayProperties own = ownBucket();
        SERVICES.s3().faults().setAfter(Faults.Mode.DENIED, 0, own.bucket() + "/" + RespondentHashKeyCheck.KEY);
        try {
            assertThat(refusalAtStart(s3Client, own)).isInstanceOf(SettingRefused.class)
                    .hasMessageStartingWith("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be "
                            + "checked: S3 refuses this instance respondent-hash-key/check.json (403 AccessDenied)")
                    .hasMessageContaining("Allow s3:GetObject and s3:PutObject on it");
        } finally {
            SERVICES.s3().faults().clear();
        }
    }

    /**
     * S3 refusing the check object (403) for a few seconds while a checked instance runs (an IAM policy or KMS key
     * being edited) stopped it within 30 s, and every replica with it, for good. It now warns and runs on; a key found
     * wrong after the denial still stops it.
     */
    @Test
    void aCheckedInstanceRunsOnThroughADenialOfTheCheck() {
        SurveyRelayProperties own = ownBucket();
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            AtomicInteger exitStatus = new AtomicInteger(-1);
            RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, own, consent, application,
                    Duration.ofMillis(100), exitStatus::set);
            check.afterPropertiesSet();
            SERVICES.s3().faults().setFor(Faults.Mode.DENIED, 3, own.bucket() + "/" + RespondentHashKeyCheck.KEY);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> SERVICES.s3().faults().mode() == Faults.Mode.NONE);
                await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(application::isActive);
            } finally {
                SERVICES.s3().faults().clear();
            }
            String another = new RespondentRecords(s3Client, own, "another-respondent-hash-key").keyCheck();
            s3Client.putObject(put -> put.bucket(own.bucket()).key(RespondentHashKeyCheck.KEY),
                    RequestBody.fromString("{\"keyCheck\": \"" + another + "\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !application.isActive());
            assertThat(exitStatus).hasValue(RespondentHashKeyCheck.EXIT_STATUS);
            check.destroy();
        }
    }

    /**
     * The test context's client, calling {@code before} and {@code after} with the name of each of its methods called
     * ({@code putObject}, {@code getObjectAsBytes}) around the call, whether it returns or throws.
     */
    private S3Client around(Consumer<String> before, Consumer<String> after) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    before.accept(method.getName());
                    try {
                        return method.invoke(s3Client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        after.accept(method.getName());
                    }
                });
    }

    /** What a check of {@code own}'s bucket through {@code client}, with the test context's key, throws when made. */
    private Throwable refusalAtStart(S3Client client, SurveyRelayProperties own) {
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            RespondentHashKeyCheck check = new RespondentHashKeyCheck(client, own, consent, application);
            try {
                return Assertions.catchThrowable(check::afterPropertiesSet);
            } finally {
                check.destroy();
            }
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
