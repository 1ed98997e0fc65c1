package com.surveyrelay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.Faults;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.storage.RespondentRecords.ConsentChange;
import com.surveyrelay.storage.RespondentRecords.Sources;
import com.surveyrelay.survey.E164;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A number's consent record in a real S3-protocol server: its history of opt-outs and opt-ins, bounded, written in
 * the same conditional write as the change, and a record stored before histories were kept read as before.
 */
class RespondentRecordsTest {

    private static final String BUCKET = "respondents";
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");
    private static final SurveyRelayProperties SETTINGS = new SurveyRelayProperties(
            URI.create("https://relay.example.com"), List.of(), BUCKET, BUCKET, "bus", "us-east-1", null, null, null,
            null, 0, null, null);

    private static LocalS3 s3;
    private static S3Client client;
    private static RespondentRecords records;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        records = new RespondentRecords(client, SETTINGS, "");
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        s3.close();
    }

    private static String stored(E164 phone) {
        return client.getObjectAsBytes(get -> get.bucket(BUCKET).key(records.key(phone))).asUtf8String();
    }

    /**
     * An erasure of a number that never opted out or in forgets its last contact, so the frequency cap no longer holds
     * it (kept with no end until 2026-12-07, a compliance officer's probe); a number with a consent history keeps its
     * record whole, its last contact too.
     */
    @Test
    void anErasureForgetsTheLastContactOfANumberThatNeverOptedOutOrIn() {
        E164 capped = new E164("+15550170109");
        records.claimContact(capped, T0, record -> { });
        assertThat(records.find(capped).lastAskedAt()).isEqualTo(T0);
        RespondentRecords.Respondent after = records.forgetContactWithoutConsentHistory(capped);
        assertThat(after.lastAskedAt()).isNull();
        assertThat(after.hasConsentHistory()).isFalse();
        assertThat(records.find(capped).lastAskedAt()).as("as stored").isNull();

        E164 optedOut = new E164("+15550170110");
        records.claimContact(optedOut, T0, record -> { });
        records.optOut(optedOut, Sources.SMS_KEYWORD, T0.plusSeconds(60));
        RespondentRecords.Respondent kept = records.forgetContactWithoutConsentHistory(optedOut);
        assertThat(kept.hasConsentHistory()).isTrue();
        assertThat(kept.lastAskedAt()).isEqualTo(T0);
        assertThat(kept.optedOut()).isTrue();
    }

    /**
     * A contact's claim that S3 stored but whose answer it lost: the SDK's next attempt is refused ({@code 412}, the
     * record being the first attempt's own), and the claim is the writer's, not judged again against its own
     * {@code lastAskedAt} (until 2026-12-06 the rule then refused the start that had just taken the contact).
     */
    @Test
    void aContactClaimWhoseAnswerWasLostIsTheClaimantsOwn() {
        E164 phone = new E164("+15550144401");
        s3.loseAnswers(records.key(phone), 1);
        try {
            RespondentRecords.Respondent before = records.claimContact(phone, T0, record -> {
                if (record.lastAskedAt() != null) {
                    throw new IllegalStateException("asked at " + record.lastAskedAt());
                }
            });
            assertThat(before.lastAskedAt()).isNull();
        } finally {
            s3.loseAnswers("", 0);
        }
        assertThat(records.find(phone).lastAskedAt()).isEqualTo(T0);
    }

    /**
     * Two starts to one number at the same instant on two instances: one's first write of the contact fails before
     * landing (S3 answers 503), the other's lands before the SDK's next attempt, which S3 refuses ({@code 412}). The
     * record read back held exactly the bytes the refused write sent, since they named only the time, so the write
     * took the other start's for its own and both starts took the contact. Each write now names a writer of its own.
     */
    @Test
    void aRetriedWriteDoesNotTakeAnotherStartsWriteAtTheSameInstantForItsOwn() {
        E164 phone = new E164("+15550145201");
        String path = BUCKET + "/" + records.key(phone);
        Consumer<RespondentRecords.Respondent> notAskedYet = record -> {
            if (record.lastAskedAt() != null) {
                throw new IllegalStateException("asked at " + record.lastAskedAt());
            }
        };
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor otherStartBetweenAttempts = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest request = context.httpRequest();
                if (request.method() != SdkHttpMethod.PUT || !request.encodedPath().contains(path)) {
                    return;
                }
                if (attempts.incrementAndGet() == 1) {
                    s3.faults().setFor(Faults.Mode.ERROR, 1, path);
                } else if (attempts.get() == 2) {
                    records.claimContact(phone, T0, notAskedYet);
                }
            }
        };
        try (S3Client retrying = s3.client(List.of(otherStartBetweenAttempts))) {
            RespondentRecords first = new RespondentRecords(retrying, SETTINGS, "");
            assertThatThrownBy(() -> first.claimContact(phone, T0, notAskedYet))
                    .as("the contact is the other start's").hasMessage("asked at " + T0);
        } finally {
            s3.faults().clear();
        }
        assertThat(attempts).as("one write sent twice").hasValue(2);
    }

    /**
     * An opt-out answered {@code 409 ConditionalRequestConflict} (AWS S3's answer while another conditional write to
     * the record is being applied) is read again and written again, as after a {@code 412}: until 2026-12-06 it failed
     * as if S3 were down, and a first write of a record and a later one alike.
     */
    @Test
    void anOptOutMetByAConditionalRequestConflictIsWrittenAgain() {
        E164 phone = new E164("+15550144601");
        records.claimContact(phone, T0, record -> { });
        s3.conflictConditionalPuts(records.key(phone), 1);
        try {
            records.optOut(phone, Sources.SMS_KEYWORD, T0.plusSeconds(60));
        } finally {
            s3.conflictConditionalPuts("", 0);
        }
        RespondentRecords.Respondent stored = records.find(phone);
        assertThat(stored.optedOutAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.lastAskedAt()).as("the contact claimed before stays").isEqualTo(T0);

        E164 fresh = new E164("+15550144602");
        s3.conflictConditionalPuts(records.key(fresh), 1);
        try {
            records.optOut(fresh, Sources.SMS_KEYWORD, T0);
        } finally {
            s3.conflictConditionalPuts("", 0);
        }
        assertThat(records.find(fresh).optedOutAt()).as("a first write (If-None-Match)").isEqualTo(T0);
    }

    /**
     * A change refused at each of its attempts throws S3's own last refusal, with its status, error code and request
     * id: until 2026-12-06 a made-up 412 with neither code nor request id, though S3 had answered 409.
     */
    @Test
    void aChangeRefusedAtEveryAttemptThrowsS3sLastRefusal() {
        E164 phone = new E164("+15550145461");
        records.claimContact(phone, T0, record -> { });
        s3.conflictConditionalPuts(records.key(phone), 100);
        Throwable caught;
        try {
            caught = catchThrowable(() -> records.optOut(phone, Sources.SMS_KEYWORD, T0.plusSeconds(60)));
        } finally {
            s3.conflictConditionalPuts("", 0);
        }
        assertThat(caught).isInstanceOf(S3Exception.class);
        S3Exception thrown = (S3Exception) caught;
        assertThat(thrown.statusCode()).isEqualTo(409);
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("ConditionalRequestConflict");
        assertThat(thrown.requestId()).isEqualTo(LocalS3.FAULT_REQUEST_ID);
        assertThat(records.find(phone).optedOutAt()).as("nothing written").isNull();
    }

    @Test
    void eachOptOutAndOptInIsAppendedToTheHistoryAndARepeatIsNoChange() {
        E164 phone = new E164("+15551239001");
        records.optOut(phone, Sources.SMS_KEYWORD, T0);
        records.optOut(phone, Sources.SMS_PHRASE, T0.plusSeconds(1));
        records.optIn(phone, Sources.SMS_KEYWORD, T0.plusSeconds(2));
        records.optIn(phone, Sources.SMS_KEYWORD, T0.plusSeconds(3));

        assertThat(stored(phone)).matches(Pattern.quote("{\"optedOutAt\":null,\"optOutSource\":null,"
                + "\"optedInAt\":\"2026-12-05T09:00:02Z\",\"lastAskedAt\":null,"
                + "\"endedOptOutAt\":\"2026-12-05T09:00:00Z\",\"endedOptOutSource\":\"sms-keyword\",\"history\":["
                + "{\"at\":\"2026-12-05T09:00:00Z\",\"change\":\"opted_out\",\"source\":\"sms-keyword\"},"
                + "{\"at\":\"2026-12-05T09:00:02Z\",\"change\":\"opted_in\",\"source\":\"sms-keyword\"}],")
                + "\"writer\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"}");
        assertThat(records.find(phone).history().dropped()).isZero();
        assertThat(records.find(phone).history().since()).isNull();
    }

    /** A change keeps its webhook's sid, stored as {@code sid}, and a repeat of that webhook changes nothing. */
    @Test
    void aRepeatOfTheWebhookBehindAChangeIsNoChangeEvenAfterALaterOne() {
        E164 phone = new E164("+15551239002");
        String stop = "SM" + "0a".repeat(16);
        String start = "SM" + "0b".repeat(16);
        records.optOut(phone, Sources.SMS_KEYWORD, T0, stop);
        records.optIn(phone, Sources.SMS_KEYWORD, T0.plusSeconds(1), start);

        assertThat(records.optOut(phone, Sources.SMS_KEYWORD, T0.plusSeconds(2), stop).optedOut()).isFalse();
        records.optOut(phone, Sources.VOICE_KEY, T0.plusSeconds(3), "CA" + "0c".repeat(16) + "/4");
        assertThat(records.optIn(phone, Sources.SMS_KEYWORD, T0.plusSeconds(4), start).optedOut()).isTrue();

        assertThat(records.find(phone).history().changes()).containsExactly(
                new ConsentChange(T0, ConsentChange.OPTED_OUT, Sources.SMS_KEYWORD, stop),
                new ConsentChange(T0.plusSeconds(1), ConsentChange.OPTED_IN, Sources.SMS_KEYWORD, start),
                new ConsentChange(T0.plusSeconds(3), ConsentChange.OPTED_OUT, Sources.VOICE_KEY,
                        "CA" + "0c".repeat(16) + "/4"));
        assertThat(stored(phone)).contains("{\"at\":\"2026-12-05T09:00:00Z\",\"change\":\"opted_out\",\"source\":"
                + "\"sms-keyword\",\"sid\":\"" + stop + "\"}");
        assertThat(records.optOut(phone, Sources.SMS_KEYWORD, T0.plusSeconds(5), null).optedOut())
                .as("already opted out").isTrue();
    }

    /**
     * A texted opt-in comes from the number, so Twilio's refusal of a text to it as no mobile number (21614) is
     * forgotten: a number ported to a mobile line was refused texts for the rest of 30 days (the break-it probe,
     * 2026-12-05). Opted out or not, and the opt-out's end recorded as before.
     */
    @Test
    void aTextedOptInForgetsThatTheNumberWasNoMobile() {
        E164 optedOut = new E164("+15551239011");
        records.optOut(optedOut, Sources.SMS_KEYWORD, T0);
        records.notMobile(optedOut, T0.plusSeconds(1));
        E164 never = new E164("+15551239012");
        records.notMobile(never, T0.plusSeconds(1));

        records.optIn(optedOut, Sources.SMS_KEYWORD, T0.plusSeconds(2));
        records.optIn(never, Sources.SMS_KEYWORD, T0.plusSeconds(2));

        assertThat(records.find(optedOut).notMobileAt()).isNull();
        assertThat(records.find(optedOut).optedOut()).isFalse();
        assertThat(records.find(optedOut).endedOptOutAt()).isEqualTo(T0);
        assertThat(records.find(never).notMobileAt()).isNull();
        assertThat(records.find(never).optedInAt()).as("no opt-out to end").isNull();
    }

    @Test
    void aRecordStoredBeforeHistoriesWereKeptReadsAsBeforeAndStartsOneAtItsNextChange() {
        E164 phone = new E164("+15551239002");
        s3.putDirect(BUCKET, records.key(phone), """
                {"optedOutAt":null,"optOutSource":null,"optedInAt":"2026-12-01T10:00:00Z",
                 "lastAskedAt":"2026-11-20T08:00:00Z","endedOptOutAt":"2026-11-30T10:00:00Z",
                 "endedOptOutSource":"voice-key"}""");

        RespondentRecords.Respondent before = records.find(phone);
        assertThat(before.optedOut()).isFalse();
        assertThat(before.optedInAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(before.endedOptOutSource()).isEqualTo(Sources.VOICE_KEY);
        assertThat(before.history()).as("no history kept for it yet").isNull();

        // A contact changes no consent: the record stays one without a history, not one with an empty history.
        records.claimContact(phone, T0, record -> { });
        assertThat(stored(phone)).doesNotContain("history");

        records.optOut(phone, Sources.WHATSAPP_PHRASE, T0.plusSeconds(5));
        RespondentRecords.Respondent after = records.find(phone);
        assertThat(after.history().changes()).containsExactly(
                new ConsentChange(T0.plusSeconds(5), ConsentChange.OPTED_OUT, Sources.WHATSAPP_PHRASE));
        assertThat(after.history().since()).as("earlier changes are only in the other fields")
                .isEqualTo(T0.plusSeconds(5));
        assertThat(after.endedOptOutAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(after.lastAskedAt()).isEqualTo(T0);
    }

    @Test
    void pastTheLimitTheOldestChangesAreDroppedAndCounted() {
        E164 phone = new E164("+15551239003");
        int changes = RespondentRecords.ConsentHistory.LIMIT + 3;
        for (int i = 0; i < changes; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            if (i % 2 == 0) {
                records.optOut(phone, Sources.SMS_KEYWORD, at);
            } else {
                records.optIn(phone, Sources.SMS_KEYWORD, at);
            }
        }

        RespondentRecords.ConsentHistory history = records.find(phone).history();
        assertThat(history.changes()).hasSize(RespondentRecords.ConsentHistory.LIMIT);
        assertThat(history.dropped()).isEqualTo(3);
        assertThat(history.changes().get(0))
                .isEqualTo(new ConsentChange(T0.plus(Duration.ofMinutes(3)), ConsentChange.OPTED_IN,
                        Sources.SMS_KEYWORD));
        assertThat(history.changes().get(history.changes().size() - 1).at())
                .isEqualTo(T0.plus(Duration.ofMinutes(changes - 1)));
        assertThat(stored(phone)).contains("\"historyDropped\":3");
    }

    /**
     * Two instances: one reads the record to opt the number out, and before its write lands the other records an
     * opt-out and an opt-in. The first's conditional write fails (412), it reads the record again and appends to
     * the history it finds: all three changes stay, in the order they were stored.
     */
    @Test
    void concurrentChangesOnTwoInstancesAreAllKept() {
        E164 phone = new E164("+15551239004");
        RespondentRecords other = new RespondentRecords(client, SETTINGS, "");
        AtomicBoolean interleaved = new AtomicBoolean();
        S3Client racing = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putObject") && interleaved.compareAndSet(false, true)) {
                        other.optOut(phone, Sources.VOICE_KEY, T0);
                        other.optIn(phone, Sources.TWILIO_OPT_OUT_TYPE, T0.plusSeconds(1));
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        new RespondentRecords(racing, SETTINGS, "").optOut(phone, Sources.SMS_PHRASE, T0.plusSeconds(2));

        assertThat(interleaved).isTrue();
        RespondentRecords.Respondent record = records.find(phone);
        assertThat(record.history().changes()).containsExactly(
                new ConsentChange(T0, ConsentChange.OPTED_OUT, Sources.VOICE_KEY),
                new ConsentChange(T0.plusSeconds(1), ConsentChange.OPTED_IN, Sources.TWILIO_OPT_OUT_TYPE),
                new ConsentChange(T0.plusSeconds(2), ConsentChange.OPTED_OUT, Sources.SMS_PHRASE));
        assertThat(record.optOutSource()).isEqualTo(Sources.SMS_PHRASE);
        assertThat(record.endedOptOutSource()).isEqualTo(Sources.VOICE_KEY);
    }
}
