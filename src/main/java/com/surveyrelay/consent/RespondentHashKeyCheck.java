package com.surveyrelay.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SettingRefused;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.LandedWrites;
import com.surveyrelay.storage.RespondentRecords;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
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
 * it differs, stops with a {@link SettingRefused} naming the variable. The check runs before the survey catalog and the
 * routes, so a refused instance writes and sends nothing. Storage unreachable at start does not stop the start (the
 * service's webhooks answer through outages). Every {@link #RETRY} while it runs, the instance checks again: a check
 * deleted is written again, and a key found wrong then closes the application (logged as an error) and ends the
 * process with exit status {@value #EXIT_STATUS}, as a key found wrong at start would have stopped it (with status 1,
 * Spring Boot's for a start that failed): not 0, so a supervisor (systemd's {@code Restart=on-failure}, an
 * orchestrator's restart count, an alert on a failed unit) sees a failure, not an instance stopped on purpose.
 *
 * <p>Changing the key on purpose forgets every opt-out recorded under the old one: stop every instance, carry the
 * records over, delete {@value #KEY}, and start the instances with the new key.
 */
@Component("respondentHashKeyCheck")
public class RespondentHashKeyCheck implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentHashKeyCheck.class);

    /**
     * The process's exit status when a running instance stops at a wrong key: {@code EX_CONFIG} of BSD's
     * {@code sysexits.h}, "something was found in an unconfigured or misconfigured state".
     */
    public static final int EXIT_STATUS = 78;

    /** The object that keeps the check, outside {@code respondents/} (which holds records alone). */
    public static final String KEY = "respondent-hash-key/check.json";
    /**
     * Logged at start when {@code RESPONDENT_HASH_KEY} is not set and the bucket is AWS's ({@code S3_ENDPOINT} unset;
     * the local default has none either, and says nothing): the built-in key is public, so anyone who can list
     * the bucket finds a number's consent record, and the ledger's fingerprints, by hashing the number.
     */
    static final String BUILT_IN_KEY_WARNING = "RESPONDENT_HASH_KEY is not set: respondent records are named under "
            + "the built-in key, which keeps numbers out of their names but is public, so anyone who can list the "
            + "bucket finds a number's record by hashing it; set a secret of your own before real respondents (see "
            + "the README's Suppression list)";
    /** Whether {@code RESPONDENT_HASH_KEY} is unset on AWS's S3, and the built-in key names real records. */
    private final boolean builtInKey;

    /** How often a running instance checks again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private static final int ACCESS_DENIED = 403;
    /** The writes of the check one check makes at most while S3 refuses them and no check can be read. */
    private static final int WRITES = 3;

    /** What {@link RespondentRecords#keyCheck} writes: an HMAC-SHA256 in hex. */
    private static final Pattern KEY_CHECK = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final String bucket;
    private final String expected;
    private final ConfigurableApplicationContext application;
    private final Duration retry;
    private final IntConsumer exit;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService rechecks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "respondent-hash-key-check");
        thread.setDaemon(true);
        return thread;
    });
    /** True once a check passed: storage failing after that is no news here. */
    private volatile boolean checked;
    /** Whether a 403 to the check was warned of since the last check passed (only the check's thread reads it). */
    private boolean deniedWarned;

    @Autowired
    public RespondentHashKeyCheck(S3Client s3, SurveyRelayProperties service, ConsentProperties settings,
            ConfigurableApplicationContext application) {
        this(s3, service, settings, application, RETRY, System::exit);
    }

    /**
     * As the service's constructor, asking a check that storage failed again every {@code retry} instead of
     * {@link #RETRY}, and ending the process through {@code exit}.
     *
     * @param application what a key found wrong after start closes
     * @param exit given {@link #EXIT_STATUS} once {@code application} is closed after a key found wrong while running
     *     ({@link System#exit} in the service)
     */
    public RespondentHashKeyCheck(S3Client s3, SurveyRelayProperties service, ConsentProperties settings,
            ConfigurableApplicationContext application, Duration retry, IntConsumer exit) {
        this.s3 = s3;
        this.bucket = service.bucket();
        this.expected = new RespondentRecords(s3, service, settings.hashKey()).keyCheck();
        // On AWS's S3 (no S3_ENDPOINT): the local default and a local S3 of your own run without a key, as demos do.
        this.builtInKey = (settings.hashKey() == null || settings.hashKey().isBlank()) && service.s3Endpoint() == null;
        this.application = application;
        this.retry = retry;
        this.exit = exit;
    }

    /**
     * Checks the key as this bean is made: before the survey catalog (which writes its versions' copies:
     * {@code @DependsOn} on it) and the routes, so an instance refused writes and sends nothing. Then checks again
     * every {@link #RETRY} while the instance runs ({@link #recheck}).
     *
     * @throws SettingRefused when the bucket's records are named under another key, the check object is no key
     *     check, or S3 refuses this instance the check object (403: an IAM policy or a KMS key that leaves it out)
     */
    @Override
    public void afterPropertiesSet() {
        if (builtInKey) {
            // Until 2026-12-07 nothing said so, and production could run on the public key (a compliance officer).
            LOG.warn(BUILT_IN_KEY_WARNING);
        }
        try {
            refuseUnlessAgreed(check());
            checked = true;
        } catch (SdkException failed) {
            if (accessDenied(failed)) {
                throw accessDeniedRefusal((S3Exception) failed);
            }
            LOG.warn("Could not check RESPONDENT_HASH_KEY against the bucket's {} ({}); asking again every {} ms",
                    KEY, failed.toString(), retry.toMillis());
        }
        rechecks.scheduleWithFixedDelay(this::recheck, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One check while the instance runs: a check deleted meanwhile is written again with this key (so an instance
     * with another key started later is refused), and a key found wrong (another instance wrote its check after a
     * deletion, or a check the start could not read), or the check object refused (403) to an instance never checked,
     * closes the application and ends the process with {@link #EXIT_STATUS}, as at start, logged as an error. A 403 to
     * an instance checked before is a warning (see {@link #denied}). Storage failing is a warning until the first
     * check passed, then a debug line (the outage shows in storage health). A check object that is no key check is an
     * error each time, not a reason to stop instances that were checked.
     */
    void recheck() {
        try {
            Verdict verdict = check();
            if (verdict == Verdict.NOT_A_CHECK && checked) {
                LOG.error("{}", refusal(verdict).getMessage());
                return;
            }
            refuseUnlessAgreed(verdict);
            if (!checked || deniedWarned) {
                LOG.info("RESPONDENT_HASH_KEY checked against the bucket's {}", KEY);
            }
            checked = true;
            deniedWarned = false;
        } catch (SettingRefused wrong) {
            stop(wrong);
        } catch (SdkException failed) {
            if (accessDenied(failed) && !checked) {
                stop(accessDeniedRefusal((S3Exception) failed));
            } else if (accessDenied(failed)) {
                denied(failed);
            } else {
                storageFailed(failed);
            }
        } catch (RuntimeException failed) {
            storageFailed(failed);
        }
    }

    /**
     * S3 refusing the check object (403) to an instance whose key was checked: a warning, once until a check passes
     * again, and the instance runs on, as through any other S3 outage. Until 2026-12-06 it stopped, so a denial of a
     * few seconds (an IAM policy or KMS key being edited) stopped every instance within 30 s, for good.
     */
    private void denied(SdkException failed) {
        if (!deniedWarned) {
            deniedWarned = true;
            LOG.warn("S3 refuses this instance {} ({}); RESPONDENT_HASH_KEY was checked before, so the instance runs "
                    + "on and asks again every {} ms. Allow s3:GetObject and s3:PutObject on it in the service's IAM "
                    + "policy (and its KMS key, if any)", KEY, failed.toString(), retry.toMillis());
        }
    }

    private void storageFailed(RuntimeException failed) {
        if (checked) {
            LOG.debug("RESPONDENT_HASH_KEY not checked again: {}", failed.toString());
        } else {
            LOG.warn("RESPONDENT_HASH_KEY still not checked against the bucket's {} ({})", KEY, failed.toString());
        }
    }

    private void stop(SettingRefused refusal) {
        LOG.error("Stopping: {}", refusal.getMessage());
        rechecks.shutdown();
        // On a thread of its own: closing destroys this bean, whose shutdownNow would interrupt the close itself.
        // SpringApplication.exit closes the application, then the status goes to the process.
        new Thread(() -> exit.accept(SpringApplication.exit(application, () -> EXIT_STATUS)),
                "respondent-hash-key-stop").start();
    }

    private static boolean accessDenied(SdkException failed) {
        return failed instanceof S3Exception refused && refused.statusCode() == ACCESS_DENIED;
    }

    private static SettingRefused accessDeniedRefusal(S3Exception refused) {
        return new SettingRefused("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be checked: S3 refuses "
                + "this instance " + KEY + " (" + refused.statusCode() + " " + refused.awsErrorDetails().errorCode()
                + "). Allow s3:GetObject and s3:PutObject on it in the service's IAM policy (and its KMS key, if "
                + "any): without the check an instance with another key would forget every opt-out.", "Allow the "
                + "service s3:GetObject and s3:PutObject on " + KEY + ".");
    }

    @Override
    public void destroy() {
        rechecks.shutdownNow();
    }

    /** What the bucket's check says of this instance's key. */
    private enum Verdict { AGREES, NOT_A_CHECK, ANOTHER_KEY }

    /**
     * Reads the bucket's check, writing this key's when there is none (then it agrees).
     *
     * @throws SdkException when storage fails, or refuses {@value #WRITES} writes of the check ({@code 412} or
     *     {@code 409}) with none to read after each
     */
    private Verdict check() {
        Optional<String> stored = stored();
        for (int write = 1; stored.isEmpty(); write++) {
            try {
                s3.putObject(put -> put.bucket(bucket).key(KEY).contentType("application/json").ifNoneMatch("*"),
                        RequestBody.fromBytes(document()));
                LOG.info("Recorded which RESPONDENT_HASH_KEY names this bucket's respondent records ({}): every "
                        + "instance on the bucket must have the same", KEY);
                return Verdict.AGREES;
            } catch (S3Exception e) {
                // 412: another instance wrote its check first; 409 ConditionalRequestConflict: another instance is
                // writing it now (AWS). Either way read it (until 2026-12-06 a 409 was taken for S3 failing: a
                // warning, and the key left unchecked until the next check 30 s later).
                if (!LandedWrites.refused(e)) {
                    throw e;
                }
                stored = stored();
                // Nothing there yet (a 409's other write still being applied, or one that failed; or a check deleted
                // just after a 412): write again rather than agree with a check never read. Still nothing after
                // WRITES: unchecked, as S3 failing (until 2026-12-06 such a check agreed, and an instance with another
                // key ran as checked until its next check).
                if (stored.isEmpty() && write == WRITES) {
                    throw e;
                }
                if (stored.isEmpty()) {
                    LandedWrites.pauseAfterConflict(write);
                }
            }
        }
        if (stored.get().equals(expected)) {
            return Verdict.AGREES;
        }
        return KEY_CHECK.matcher(stored.get()).matches() ? Verdict.ANOTHER_KEY : Verdict.NOT_A_CHECK;
    }

    /**
     * @throws SettingRefused when the check names another key, or is no key check (not JSON, no {@code keyCheck} of
     *     64 hex digits: until 2026-12-05 such an object was told as written under another key, sending an operator
     *     whose instances all had the same key after a key mismatch that was not there)
     */
    private static void refuseUnlessAgreed(Verdict verdict) {
        if (verdict != Verdict.AGREES) {
            throw refusal(verdict);
        }
    }

    private static SettingRefused refusal(Verdict verdict) {
        if (verdict == Verdict.NOT_A_CHECK) {
            return new SettingRefused("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) cannot be checked: " + KEY
                    + " is not a key check (JSON with \"keyCheck\": 64 hex digits), so it tells nothing of the key "
                    + "this bucket's respondent records are named under. Put back the one the bucket's first instance "
                    + "wrote, or delete it (this instance then records its own key: do that only if every instance on "
                    + "the bucket has the same RESPONDENT_HASH_KEY).", "Put back " + KEY + " as the bucket's first "
                    + "instance wrote it, or delete it once every instance has the same RESPONDENT_HASH_KEY.");
        }
        return new SettingRefused("RESPONDENT_HASH_KEY (survey-relay.consent.hash-key) is not the key this "
                + "bucket's respondent records are named under (" + KEY + " was written by an instance with "
                + "another key, or with none set): this instance would find none of them, forget every opt-out "
                + "and survey numbers that opted out. Give every instance on the bucket the same "
                + "RESPONDENT_HASH_KEY. To change the key on purpose, stop every instance, carry the records over, "
                + "then delete " + KEY + ".", "Set RESPONDENT_HASH_KEY to the key of the bucket's other instances "
                + "(unset only if they have none).");
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
}
