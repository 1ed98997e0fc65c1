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
import java.time.Duration;
import java.util.Map;
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
 */
class RespondentHashKeyCheckTest extends ServiceTest {

    @Autowired
    S3Client s3Client;
    @Autowired
    SurveyRelayProperties service;
    @Autowired
    ConsentProperties consent;

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
        String kept = object(RespondentHashKeyCheck.KEY);
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            for (String broken : new String[] {"not json", "{\"writtenAt\": \"2026-12-05T15:25:06Z\"}"}) {
                s3Client.putObject(put -> put.bucket(service.bucket()).key(RespondentHashKeyCheck.KEY),
                        RequestBody.fromString(broken));

                assertThatThrownBy(new RespondentHashKeyCheck(s3Client, service, consent, application)
                        ::afterSingletonsInstantiated)
                        .as(broken)
                        .isInstanceOf(SettingRefused.class)
                        .hasMessageStartingWith("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be "
                                + "checked: respondent-hash-key/check.json is not a key check")
                        .hasMessageNotContaining("another key");
            }
        } finally {
            s3Client.putObject(put -> put.bucket(service.bucket()).key(RespondentHashKeyCheck.KEY),
                    RequestBody.fromString(kept));
        }
    }

    /**
     * Storage unreachable at start does not stop it (the webhooks answer through outages); the check is asked again,
     * and a key found wrong then closes the application.
     */
    @Test
    void aKeyFoundWrongOnceStorageIsBackClosesTheApplication() {
        ConsentProperties other = new ConsentProperties("another-respondent-hash-key", consent.frequencyCap(),
                consent.smsReminderAfter(), consent.contactDays(), consent.contactHours(), consent.defaultTimeZone(),
                consent.scheduledStartsPoll(), consent.smsClosedNoticeWindow());
        try (GenericApplicationContext application = new GenericApplicationContext()) {
            application.refresh();
            SERVICES.s3().faults().setAfter(Faults.Mode.ERROR, 0, RespondentHashKeyCheck.KEY);
            RespondentHashKeyCheck check = new RespondentHashKeyCheck(s3Client, service, other, application,
                    Duration.ofMillis(200));

            check.afterSingletonsInstantiated();
            assertThat(application.isActive()).as("started through the outage").isTrue();

            SERVICES.s3().faults().clear();
            await().atMost(Duration.ofSeconds(10)).until(() -> !application.isActive());
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
