package com.surveyrelay.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.RespondentRecords;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Refuses to run under a {@code RESPONDENT_HASH_KEY} other than the one the bucket's respondent records are named
 * under. A number's consent record ({@code respondents/<HMAC of the number>.json}: its opt-out, its last contact) is
 * found by an HMAC under that key, so an instance with another key, or with none beside instances with one, finds no
 * record: every opt-out is forgotten there, and numbers that opted out are texted and called again (TCPA, CTIA). Until
 * 2026-12-05 that happened silently: a replica given another key, or a key changed by mistake (the two-replica probe:
 * three opted-out numbers texted by a third replica with its own key).
 *
 * <p>The bucket keeps {@value #KEY}: {@code {"keyCheck": "<64 hex digits>"}}, {@link RespondentRecords#keyCheck},
 * which reveals no number and, for a key of 32 random bytes, not the key. The first instance to start writes it, once
 * ({@code If-None-Match: *}, so of two first starts one writes and the other reads it); every start reads it and, when
 * it differs, stops with a {@link SettingRefused} naming the variable. Storage unreachable at start does not stop the
 * start (the service's webhooks answer through outages): the check is asked again every {@link #RETRY}, and a key found
 * wrong then closes the application (logged as an error), as a key found wrong at start would have stopped it.
 *
 * <p>Changing the key on purpose forgets every opt-out recorded under the old one; delete {@value #KEY} only after
 * carrying them over.
 */
@Component
public class RespondentHashKeyCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentHashKeyCheck.class);

    /** The object that keeps the check, outside {@code respondents/} (which holds records alone). */
    public static final String KEY = "respondent-hash-key/check.json";

    /** How often a check that storage failed is asked again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private static final int PRECONDITION_FAILED = 412;

    /** What {@link RespondentRecords#keyCheck} writes: an HMAC-SHA256 in hex. */
    private static final Pattern KEY_CHECK = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final String bucket;
    private final String expected;
    private final ConfigurableApplicationContext application;
    private final Duration retry;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    public RespondentHashKeyCheck(S3Client s3, SurveyRelayProperties service, ConsentProperties settings,
            ConfigurableApplicationContext application) {
        this(s3, service, settings, application, RETRY);
    }

    /**
     * As the service's constructor, asking a check that storage failed again every {@code retry} instead of
     * {@link #RETRY}.
     *
     * @param application what a key found wrong after start closes
     */
    public RespondentHashKeyCheck(S3Client s3, SurveyRelayProperties service, ConsentProperties settings,
            ConfigurableApplicationContext application, Duration retry) {
        this.s3 = s3;
        this.bucket = service.bucket();
        this.expected = new RespondentRecords(s3, service, settings.hashKey()).keyCheck();
        this.application = application;
        this.retry = retry;
    }

    /**
     * Checks the key once the beans are made, before the routes start: a wrong key stops the start.
     *
     * @throws SettingRefused when the bucket's records are named under another key
     */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            check();
        } catch (SdkException storageFailed) {
            LOG.warn("Could not check RESPONDENT_HASH_KEY against the bucket's {} ({}); asking again every {} ms",
                    KEY, storageFailed.toString(), retry.toMillis());
            retryInTheBackground();
        }
    }

    /**
     * Reads the bucket's check, writing this key's when there is none.
     *
     * @throws SettingRefused when it names another key, or when it is no key check (not JSON, no {@code keyCheck} of
     *     64 hex digits: until 2026-12-05 such an object was told as written under another key, sending an operator
     *     whose instances all had the same key after a key mismatch that was not there)
     * @throws SdkException when storage fails
     */
    void check() {
        Optional<String> stored = stored();
        if (stored.isEmpty()) {
            try {
                s3.putObject(put -> put.bucket(bucket).key(KEY).contentType("application/json").ifNoneMatch("*"),
                        RequestBody.fromBytes(document()));
                LOG.info("Recorded which RESPONDENT_HASH_KEY names this bucket's respondent records ({}): every "
                        + "instance on the bucket must have the same", KEY);
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != PRECONDITION_FAILED) {
                    throw e;
                }
                stored = stored();
            }
        }
        if (stored.isPresent() && !KEY_CHECK.matcher(stored.get()).matches()) {
            throw new SettingRefused("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be checked: " + KEY
                    + " is not a key check (JSON with \"keyCheck\": 64 hex digits), so it tells nothing of the key "
                    + "this bucket's respondent records are named under. Put back the one the bucket's first instance "
                    + "wrote, or delete it (this instance then records its own key: do that only if every instance on "
                    + "the bucket has the same RESPONDENT_HASH_KEY).");
        }
        if (stored.isPresent() && !stored.get().equals(expected)) {
            throw new SettingRefused("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) is not the key this "
                    + "bucket's respondent records are named under (" + KEY + " was written by an instance with "
                    + "another key, or with none set): this instance would find none of them, forget every opt-out "
                    + "and survey numbers that opted out. Give every instance on the bucket the same "
                    + "RESPONDENT_HASH_KEY. To change the key on purpose, carry the records over, then delete " + KEY
                    + ".");
        }
    }

    private Optional<String> stored() {
        try {
            JsonNode document = json.readTree(s3.getObjectAsBytes(get -> get.bucket(bucket).key(KEY)).asByteArray());
            return Optional.of(document.path("keyCheck").asText(""));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("");
        }
    }

    private byte[] document() {
        try {
            return json.writeValueAsBytes(Map.of("keyCheck", expected, "writtenAt",
                    Clock.systemUTC().instant().toString()));
        } catch (IOException e) {
            throw new IllegalStateException("a map of two strings is JSON", e);
        }
    }

    private void retryInTheBackground() {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "respondent-hash-key-check");
            thread.setDaemon(true);
            return thread;
        });
        retries.scheduleWithFixedDelay(() -> {
            try {
                check();
                LOG.info("RESPONDENT_HASH_KEY checked against the bucket's {}", KEY);
                retries.shutdown();
            } catch (SettingRefused wrongKey) {
                LOG.error("Stopping: {}", wrongKey.getMessage());
                retries.shutdown();
                application.close();
            } catch (RuntimeException stillFailing) {
                LOG.debug("RESPONDENT_HASH_KEY not checked yet: {}", stillFailing.toString());
            }
        }, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }
}
