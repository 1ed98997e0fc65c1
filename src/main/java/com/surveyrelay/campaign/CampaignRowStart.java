package com.surveyrelay.campaign;

import com.surveyrelay.conversation.ContactPace;
import com.surveyrelay.conversation.StartOutcomeUnknown;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyOpener;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.schedule.ScheduledStartFiring;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.TwilioFailure;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one campaign row's start comes to: it looks for the row's claim under its old key (a resumed run), for the
 * erasure of its number while the campaign ran ({@link CampaignErasures}), then starts its survey once through
 * {@link SurveyStarts#startOnce} with the row's key, and turns what happened into the row's result. A start that
 * failed on our side is tried again ({@link #ROW_ATTEMPTS} tries, 1, 2 and 4 s apart). The {@link CampaignRunner}
 * records the result and handles the rows duplicating this one.
 */
final class CampaignRowStart {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRowStart.class);
    /** Tries a row's start gets when it fails on our side: the first, then 1, 2 and 4 s later. */
    static final int ROW_ATTEMPTS = 4;
    private static final long FIRST_ROW_RETRY_MILLIS = 1_000;
    /** A row's detail when Twilio did not answer its start; the HTTP API's message speaks of a key rows never set. */
    static final String OUTCOME_UNKNOWN_DETAIL = "Twilio did not answer in time, so the text or call may or may not "
            + "have gone out; the survey stays open for a reply, and the row is not sent again.";

    /**
     * A row whose start failed on our side (storage or Twilio failing, {@code 5xx}; an SDK or other unexpected error)
     * is tried again: a blip of a few seconds must not cost the respondent their survey for good, as a campaign never
     * comes back to a row with a result. Such a failure freed the row's key ({@link SurveyStarts#startOnce}), so no
     * try sends twice; a start whose text or call may have gone out ({@code twilio_outcome_unknown}) is never tried
     * again, nor is a refusal ({@code 4xx}).
     */
    private final Retry rowRetry = Retry.of("campaign-row", RetryConfig.custom()
            .maxAttempts(ROW_ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_ROW_RETRY_MILLIS, 2))
            .retryOnException(CampaignRowStart::failedOnOurSide)
            .build());
    /** A pause's probe ({@link CampaignOutagePause.Permit#probe}): one try, as the pause tries again itself. */
    private final Retry probeRetry = Retry.of("campaign-row-probe", RetryConfig.custom().maxAttempts(1).build());
    private final SurveyStarts conversations;
    private final TriggerLedger ledger;
    private final CampaignRowClaims claims;
    private final ContactPace contactPace;
    /**
     * Whether a row's number was erased while its campaign ran ({@link CampaignErasures}, set through
     * {@link #checkErasuresWith}); none until it is set.
     */
    private volatile BiPredicate<String, E164> erasedMeanwhile = (campaignId, phone) -> false;

    /**
     * @param contactPace what each row's first contact waits for right before Twilio, after the row pace's slot (the
     *     route's delay) and its session's S3 writes: the campaign rate where Twilio counts it
     */
    CampaignRowStart(SurveyStarts conversations, TriggerLedger ledger, ContactPace contactPace) {
        this.conversations = conversations;
        this.ledger = ledger;
        this.claims = new CampaignRowClaims(ledger);
        this.contactPace = contactPace;
    }

    /**
     * A row's start and its result. Never throws: a refused row gets a {@code failed} or {@code skipped} result
     * ({@link RowResult#refusalOutcome}), a failure on our side after its last try {@code failed, internal_error}
     * (logged as a warning with its stack trace), a start Twilio did not answer {@code started} with the doubt.
     *
     * @param probe whether the row goes as an outage pause's probe ({@link CampaignOutagePause.Permit#probe}): the
     *     start is then tried once, not {@link #ROW_ATTEMPTS} times
     * @return the survey started ({@link StartedSurvey#NOTHING} when none was: refused, deferred, skipped, erased)
     *     and the row's result
     */
    Attempt attempt(RowTask task, boolean probe) {
        Retry tries = probe ? probeRetry : rowRetry;
        CampaignRow row = task.row();
        try {
            // The lookup under the old key is tried again too: a storage blip there would record a row "not started"
            // (failed, internal_error) that may well have been started before the restart.
            Optional<TriggerLedger.Entry> legacy = task.resumed()
                    ? tries.executeSupplier(() -> claims.legacyClaim(task)) : Optional.empty();
            if (legacy.isPresent()) {
                TriggerLedger.Entry first = legacy.get();
                return Attempt.none(CampaignRowClaims.startedBefore(row, first.state(), first.sessionId(),
                        first::error));
            }
            if (tries.executeSupplier(() -> erasedMeanwhile.test(task.campaignId(), row.request().to()))) {
                return Attempt.none(erased(task));
            }
            // Called off while it waits for its contact slot when the campaign is cancelled: a row whose text or call
            // has not gone out is not under way, and sends nothing.
            StartedSurvey attempt = tries.executeSupplier(() -> conversations.start(
                    StartRequest.ofCampaignRow(row.startChannel(), row.request(), task.idempotencyKey()),
                    contactPace.calledOffWhen(task.progress()::isCancelled)));
            if (attempt.repeatsEarlierRequest()) {
                return Attempt.none(CampaignRowClaims.startedBefore(row, attempt.status(), attempt.sessionId(),
                        () -> ledger.find(task.idempotencyKey()).map(TriggerLedger.Entry::error).orElse(null)));
            }
            if (attempt.deferredByQuietHours()) {
                return Attempt.none(row.result(RowResult.Outcome.SCHEDULED, "quiet_hours", "Deferred to the "
                        + "respondent's contact hours: " + attempt.scheduledFor() + ".", null));
            }
            return new Attempt(attempt, row.result(RowResult.Outcome.STARTED, null, null, attempt.sessionId()));
        } catch (StartOutcomeUnknown unknown) {
            // The text or call left without Twilio's answer: it may have reached the respondent, whose session stays
            // open for the reply and whose row key stays taken. Recorded started with the doubt, as a deferred start
            // is: a row recorded failed, without its session, read as nobody contacted and invited a second send.
            return Attempt.none(row.result(RowResult.Outcome.STARTED, unknown.code(), TwilioGateway.OUTCOME_UNKNOWN
                    .equals(unknown.code()) ? OUTCOME_UNKNOWN_DETAIL : unknown.getMessage(), unknown.sessionId()));
        } catch (HttpProblem problem) {
            if (ScheduledStartFiring.CAMPAIGN_CANCELLED.equals(problem.code())) {
                return Attempt.none(row.result(RowResult.Outcome.SKIPPED, CampaignProgress.CANCELLED,
                        CampaignProgress.CANCELLED_DETAIL, null));
            }
            RowResult refused = row.result(RowResult.refusalOutcome(problem.code()), problem.code(),
                    problem.getMessage(), null);
            return failedOnOurSide(problem) ? Attempt.failedOnOurSide(refused) : Attempt.none(refused);
        } catch (RuntimeException e) {
            logFailure(task.campaignId(), row.row(), e);
            return Attempt.failedOnOurSide(row.result(RowResult.Outcome.FAILED, "internal_error",
                    "Something went wrong on our side; the survey was not started.", null));
        }
    }

    /**
     * Logs a row's start that failed on our side after its tries: storage failing in one line (an outage pauses the
     * rows after it; until 2026-12-07 each row's came with the AWS SDK's stack trace, some 60 lines a row through an
     * outage), the stack trace at DEBUG; anything else, a fault of ours to look into, with its stack trace.
     */
    static void logFailure(String campaignId, int row, RuntimeException e) {
        if (com.surveyrelay.web.ErrorResponses.storageFailure(e) != null) {
            LOG.warn("Campaign {} row {}: the start failed on our side, storage failing: {}", campaignId, row,
                    e.toString());
            LOG.debug("The failure's stack trace", e);
        } else {
            LOG.warn("Campaign {} row {}: the start failed on our side", campaignId, row, e);
        }
    }

    /**
     * The result of a row whose number was erased while the campaign ran: {@code skipped, respondent_erased}, unless a
     * resumed run's row was started before the restart, when its claim says what it came to, as it would have.
     */
    private RowResult erased(RowTask task) {
        CampaignRow row = task.row();
        Optional<TriggerLedger.Entry> claimed = task.resumed()
                ? rowRetry.executeSupplier(() -> ledger.find(task.idempotencyKey())) : Optional.empty();
        return claimed.map(first -> CampaignRowClaims.startedBefore(row, first.state(), first.sessionId(),
                first::error)).orElseGet(() -> row.result(RowResult.Outcome.SKIPPED, SurveyOpener.RESPONDENT_ERASED,
                        "The respondent's data was erased while the campaign ran; nothing was sent.", null));
    }

    /**
     * True for a start failure worth another try (see {@link #rowRetry}): storage failing, or Twilio unreachable or
     * answering 5xx or 429 ({@link TwilioFailure#worthAnotherTryLater()}), or refusing this service's credentials
     * (401, error 20003: {@link TwilioFailure#credentialsRefused()}, a token rotated at night, which the operator
     * mends; until 2026-12-07 it failed every row of a campaign in seconds, an operator's probe); not a Twilio refusal
     * that will not change (a 4xx such as error 21408, a region not enabled, answered {@code 502 twilio_error} too):
     * each try opens a session and publishes its start and its end.
     */
    static boolean failedOnOurSide(Throwable failure) {
        if (failure instanceof StartOutcomeUnknown || failure instanceof HttpProblem problem
                && TwilioGateway.OUTCOME_UNKNOWN.equals(problem.code())) {
            return false;
        }
        if (failure instanceof TwilioFailure twilio) {
            return twilio.worthAnotherTryLater() || twilio.credentialsRefused();
        }
        return failure instanceof HttpProblem problem ? problem.status() >= 500 : failure instanceof RuntimeException;
    }

    /**
     * Has each row ask {@code erased} whether its number was erased while the campaign ran, before its start: set by
     * {@link CampaignErasures} through {@link CampaignRunner#checkErasuresWith}. {@code erased} may throw as S3 fails
     * (tried again as any failure on our side).
     */
    void checkErasuresWith(BiPredicate<String, E164> erased) {
        erasedMeanwhile = erased;
    }

    /**
     * One row's start: the survey it started ({@link StartedSurvey#NOTHING} when none) and the row's result.
     *
     * @param started the session started and its first contact's outcome, or {@link StartedSurvey#NOTHING}
     * @param result what the row's line in the campaign's results says
     * @param failedOnOurSide whether the start failed on our side after its last try ({@link #failedOnOurSide
     *     (Throwable)}): Twilio or storage failing, which the {@link CampaignOutagePause} holds the row for
     */
    record Attempt(StartedSurvey started, RowResult result, boolean failedOnOurSide) {

        Attempt(StartedSurvey started, RowResult result) {
            this(started, result, false);
        }

        static Attempt none(RowResult result) {
            return new Attempt(StartedSurvey.NOTHING, result);
        }

        static Attempt failedOnOurSide(RowResult result) {
            return new Attempt(StartedSurvey.NOTHING, result, true);
        }
    }
}
