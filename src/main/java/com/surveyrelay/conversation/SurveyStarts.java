package com.surveyrelay.conversation;

import com.surveyrelay.consent.ConsentProperties;
import com.surveyrelay.consent.QuietHours;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.schedule.ScheduledStartStore;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts surveys, for the initiation routes, bus triggers and campaigns: once per idempotency key (the trigger ledger
 * keeps each key's claim, outcome and request fingerprint, keyed: {@link RequestFingerprint}), and outside the
 * respondent's contact hours deferred to a scheduled start instead, which it fires when due (a call's SMS fallback
 * is started and deferred by {@link FallbackStarts}). {@link SurveyOpener} opens each session and makes its first
 * contact.
 */
@Component("surveyStarts")
public class SurveyStarts {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyStarts.class);

    private final SurveyOpener opener;
    private final TriggerLedger ledger;
    private final SurveyCatalog catalog;
    private final Clock clock;
    private final RespondentConsent consent;
    private final QuietHours quietHours;
    private final ScheduledStartStore scheduledStarts;
    private final AbandonedClaims abandonedClaims;
    private final ClaimedDeferrals claimedDeferrals;
    private final FallbackStarts fallbacks;
    /** {@code RESPONDENT_HASH_KEY}, keying the request fingerprints the ledger keeps; blank for none. */
    private final String hashKey;

    public SurveyStarts(SurveyOpener opener, TriggerLedger ledger, SurveyCatalog catalog, Clock clock,
            RespondentConsent consent, QuietHours quietHours, ScheduledStartStore scheduledStarts,
            AbandonedClaims abandonedClaims, ClaimedDeferrals claimedDeferrals, FallbackStarts fallbacks,
            ConsentProperties consentSettings) {
        this.opener = opener;
        this.ledger = ledger;
        this.catalog = catalog;
        this.clock = clock;
        this.consent = consent;
        this.quietHours = quietHours;
        this.scheduledStarts = scheduledStarts;
        this.abandonedClaims = abandonedClaims;
        this.claimedDeferrals = claimedDeferrals;
        this.fallbacks = fallbacks;
        this.hashKey = consentSettings.hashKey();
    }

    /**
     * The surveyId a request naming no survey starts now (the survey at the bucket root, or the only one); empty when
     * none would start (several surveys and none at the root, or none loaded yet). For a campaign, whose blank
     * {@code surveyId} cell asks this survey as a row naming it does.
     */
    public Optional<String> defaultSurveyId() {
        try {
            return Optional.of(catalog.survey(null).surveyId());
        } catch (HttpProblem noDefault) {
            return Optional.empty();
        }
    }

    /**
     * Starts the survey a request asks for, once per idempotency key when it carries one; outside the respondent's
     * contact hours the start is deferred instead ({@link #startScheduled} fires it), answered 202.
     */
    public StartedSurvey start(StartRequest request) {
        return start(request, ContactPace.NONE);
    }

    /**
     * As {@link #start(StartRequest)}, the first contact waiting for {@code pace} once the session is stored (a
     * campaign row's start: see {@link ContactPace}); a start deferred by quiet hours contacts nobody now, and waits
     * for nothing.
     *
     * <p>The start runs in the survey's own tag ({@code en-US} for a request's {@code en}), but its key's fingerprint
     * is of the language as asked ({@link RequestFingerprint}), so an honest retry stays a repeat when the survey
     * gained a second English or changed its default since. A refusal found before the key is claimed (the survey,
     * quiet hours, and for a deferred start its language and consent) yields to a claim the key already has: the
     * repeat is answered as the first request was.
     */
    public StartedSurvey start(StartRequest given, ContactPace pace) {
        StartRequest request = underItsKey(given);
        InitiationRequest asked = request.request();
        Survey survey = null;
        InitiationRequest resolved;
        Optional<Instant> later;
        try {
            survey = catalog.survey(asked.surveyId());
            // A language the survey cannot take is refused as an immediate start opens, where a key records it.
            List<String> meant = asked.language() == null ? List.of() : survey.languagesMeant(asked.language());
            resolved = meant.size() == 1 ? asked.withLanguage(meant.get(0)) : asked;
            later = quietHours.deferUntil(resolved.to(), survey, resolved.timeZone());
            if (later.isPresent()) {
                // A deferred start is refused now rather than when it fires, by the frequency cap as it will stand
                // then, and a text by a refusal of the number as no mobile number (21614) remembered then.
                resolved = SurveyOpener.inSurveyLanguage(survey, asked);
                consent.checkMayAsk(resolved.to(), later.get(), request.channel() == Channel.SMS);
            }
        } catch (HttpProblem refused) {
            return refusedUnlessRepeat(request, fingerprint(request.channel(), asked, survey), refused);
        }
        RequestFingerprint fingerprint = fingerprint(request.channel(), asked, survey);
        if (later.isPresent()) {
            return defer(request, resolved, fingerprint, survey, later.get());
        }
        return request.idempotencyKey() == null ? start(request.channel(), resolved, pace)
                : startOnce(request, resolved, fingerprint, pace);
    }

    /**
     * As {@link #start}, answered as the HTTP initiation endpoints answer: a repeat of a request that was refused
     * (its key's ledger entry {@code failed}: when first asked, or when its start, deferred by quiet hours, fell due)
     * throws that error again rather than answering {@code 201} with {@code "success": false}, so a client's retry
     * reads the refusal.
     *
     * @throws HttpProblem as {@link #start} does, and the first request's refusal (400 to 499) for such a repeat
     */
    public StartedSurvey startOrReplayRefusal(StartRequest request) {
        return start(request).orFirstRefusal(clock.instant());
    }

    /**
     * Stores a start for the respondent's next contact hours, checked already ({@link #start}: language, opt-out,
     * frequency cap), so a refusal is answered at once rather than at firing time. Its key's claim names the deferred
     * start, drawn first, so that should the deferral go unrecorded under the key, a repeat can tell whether it was
     * stored ({@link ClaimedDeferrals}).
     *
     * @param resolved the request in the survey's own language tag, which the start runs in
     * @param fingerprint what the request asked, as its key's claim keeps it
     */
    private StartedSurvey defer(StartRequest request, InitiationRequest resolved, RequestFingerprint fingerprint,
            Survey survey, Instant at) {
        String key = request.idempotencyKey();
        ScheduledStart scheduled = new ScheduledStart(UUID.randomUUID().toString(), request.channel().value(),
                resolved.to().value(), resolved.language(), resolved.surveyId(),
                resolved.timeZone() == null ? null : resolved.timeZone().getId(), key, at, clock.instant(),
                request.request().language());
        if (key != null && !claim(key, resolved.to(), fingerprint, null,
                new TriggerLedger.Deferral(scheduled.id(), scheduled.scheduledFor()))) {
            return duplicate(key, compared(request, fingerprint));
        }
        try {
            scheduledStarts.save(scheduled);
        } catch (RuntimeException e) {
            if (key != null) {
                release(key, e);
            }
            throw e;
        }
        if (key != null) {
            try {
                ledger.scheduled(key, scheduled.id(), fingerprint.kept(), new TriggerLedger.FirstAnswer(
                        survey.surveyId(), request.channel().value(), null, null));
            } catch (RuntimeException e) {
                // The start is stored and will fire: answering 503 would invite a retry (a campaign row's was recorded
                // skipped, start_interrupted, beside a start that still went out). The key stays claimed, naming the
                // deferred start, so a repeat is answered as deferred and defers nothing again, and is never taken
                // over (ClaimedDeferrals); the firing records its outcome under the key.
                LOG.warn("Deferred a start, but storage failed recording it under its idempotency key ({}); the key "
                        + "stays claimed, so a repeat defers nothing again", e.toString());
            }
        }
        // The scheduled start's id, which GET and DELETE /scheduled-starts/{scheduleId} take: a bus request's sender
        // gets no answer, and until 2026-12-07 the id was in no log line (an operator's probe).
        LOG.info("Deferred a {} survey to {} until {}: quiet hours (scheduled start {})", request.channel().value(),
                resolved.to(), at, scheduled.id());
        return StartedSurvey.deferred(scheduled.id(), at.toString(), survey.surveyId(), request.channel().value());
    }

    /**
     * When a deferred start that fell due must wait again: it fires late (an outage, an instance down overnight, a
     * backlog of due starts) and the respondent's contact hours have closed since, or the survey's hours changed.
     * Quiet hours hold for a late start as for a new one (47 CFR 64.1200(c)(1), state quiet-hours laws).
     *
     * @return the next allowed instant; empty to fire now (also when the survey is gone: the start then fails, or is
     *     refused, as it is fired)
     * @throws HttpProblem {@code 422 contact_hours_never_open} when the survey's hours were narrowed since, so that
     *     they never open in all of the number's zones at once: the start is refused then, never sent at any hour
     */
    public Optional<Instant> stillQuiet(ScheduledStart scheduled) {
        Survey survey;
        try {
            survey = catalog.survey(scheduled.surveyId());
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
        InitiationRequest asked = asked(scheduled);
        return quietHours.deferUntil(asked.to(), survey, asked.timeZone());
    }

    /** The request a deferred start keeps, in the survey's language tag it resolved to (validated then). */
    private static InitiationRequest asked(ScheduledStart scheduled) {
        return new InitiationRequest(new E164(scheduled.to()), scheduled.language(), scheduled.surveyId(),
                scheduled.timeZone() == null ? null : ZoneId.of(scheduled.timeZone()));
    }

    /**
     * The fingerprint a deferred start's outcome is recorded with under its key: of the request as it was asked
     * ({@link ScheduledStart#askedLanguage}), as its claim was taken; none for a call's fallback, whose key was claimed
     * without one ({@link FallbackStarts}).
     */
    private String keptFingerprint(ScheduledStart scheduled) {
        if (scheduled.fallbackFrom() != null) {
            return null;
        }
        return fingerprint(Channel.fromValue(scheduled.channel()),
                asked(scheduled).withLanguage(scheduled.askedLanguage())).kept();
    }

    /**
     * Records a deferred start refused when due without being fired ({@link #stillQuiet}'s refusal) under its
     * request's idempotency key, with the request's fingerprint, so a repeat of the request is answered with it.
     *
     * @throws RuntimeException when storage fails
     */
    public void refuseScheduled(ScheduledStart scheduled, HttpProblem refusal) {
        if (scheduled.idempotencyKey() == null) {
            return;
        }
        ledger.failed(scheduled.idempotencyKey(), refusal, keptFingerprint(scheduled));
    }

    /**
     * Fires a start deferred by quiet hours, as it was asked (the respondent's opt-out and the frequency cap are
     * checked again now), and records its outcome under its idempotency key. A call's deferred SMS fallback
     * ({@link ScheduledStart#fallbackFrom}) fires as that call's fallback ({@link FallbackStarts#fireDeferred}): not
     * held back by the frequency cap.
     *
     * @param pace what the first contact waits for once the session is stored: a campaign's deferred row keeps the
     *     campaign's rate ({@link ContactPace}); {@link ContactPace#NONE} for any other start
     * @throws HttpProblem as a start does
     */
    public StartedSurvey startScheduled(ScheduledStart scheduled, ContactPace pace) {
        if (scheduled.fallbackFrom() != null) {
            return fallbacks.fireDeferred(scheduled, pace);
        }
        Channel channel = Channel.fromValue(scheduled.channel());
        InitiationRequest request = asked(scheduled);
        String key = scheduled.idempotencyKey();
        String fingerprint = keptFingerprint(scheduled);
        try {
            StartedSurvey started = start(channel, request, pace);
            if (key != null) {
                recordSent(() -> ledger.started(key, started.sessionId(), fingerprint, started.firstAnswer()));
            }
            return started;
        } catch (StartOutcomeUnknown unknown) {
            if (key != null) {
                recordSent(() -> ledger.startedUnknown(key, unknown.sessionId(), fingerprint, unknown.firstAnswer()));
            }
            throw unknown;
        } catch (HttpProblem problem) {
            // A busy number leaves the key scheduled: the start waits for the number (its caller moves it, or refuses
            // it for good with refuseScheduled). Freeing the key let a repeat of the request start a second survey.
            if (key != null && !SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code()) && problem.status() < 500) {
                ledger.failed(key, problem, fingerprint);
            }
            throw problem;
        }
    }

    /**
     * The request under the key it is claimed by: an {@code Idempotency-Key} header's value as given
     * ({@link StartRequest#withHeaderKeyAsGiven}), unless the ledger holds a claim under {@code header:<value>}, made
     * before 2026-12-06, whose repeat must still be answered as one. One read of the ledger, for a header's key only.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (the start fails, sending nothing)
     */
    private StartRequest underItsKey(StartRequest request) {
        return request.withHeaderKeyAsGiven()
                .filter(asGiven -> ledger.find(request.idempotencyKey()).isEmpty())
                .orElse(request);
    }

    /**
     * Starts a survey once per idempotency key (the request's, not null), however often the request is delivered. A
     * duplicate is answered with what the first delivery did ({@code duplicate: true}) and sends nothing.
     *
     * @param asked the request, in the survey's language tag when its own tag resolved to one
     * @param fingerprint what the request asked, as the key's claim keeps it
     */
    private StartedSurvey startOnce(StartRequest request, InitiationRequest asked, RequestFingerprint fingerprint,
            ContactPace pace) {
        Channel channel = request.channel();
        String idempotencyKey = request.idempotencyKey();
        String sessionId = SessionStore.newSessionId();
        if (!claim(idempotencyKey, asked.to(), fingerprint, sessionId, null)) {
            return duplicate(idempotencyKey, compared(request, fingerprint));
        }
        StartedSurvey started;
        try {
            started = opener.open(channel, asked, null, sessionId, pace);
        } catch (StartOutcomeUnknown unknown) {
            recordSent(() -> ledger.startedUnknown(idempotencyKey, unknown.sessionId(), fingerprint.kept(),
                    unknown.firstAnswer()));
            throw unknown;
        } catch (HttpProblem problem) {
            // A busy number is no outcome to keep: as for a failure on our side, a retry may start the survey.
            if (problem.status() >= 500 || SurveyOpener.SURVEY_IN_PROGRESS.equals(problem.code())) {
                release(idempotencyKey, problem);
            } else {
                ledger.failed(idempotencyKey, problem, fingerprint.kept());
            }
            throw problem;
        } catch (RuntimeException e) {
            release(idempotencyKey, e);
            throw e;
        }
        recordSent(() -> ledger.started(idempotencyKey, started.sessionId(), fingerprint.kept(),
                started.firstAnswer()));
        return started;
    }

    /**
     * Frees the key of a start that sent nothing ({@code failure}), so that a retry under it may start the survey.
     *
     * @throws HttpProblem when storage fails the release too (probe H51: the answer said "Try again shortly", and the
     *     retry under the key read as a start): {@code failure}'s status and code ({@code 503 survey_unavailable} for
     *     a failure that is no {@link HttpProblem}), its message saying the key stays taken, to resend under it after
     *     {@link AbandonedClaims#ABANDONED_AFTER} (the claim's expiry; until then a retry under it is {@code 409
     *     idempotency_key_in_use}) or under a new key now, and {@code Retry-After} that long, in seconds
     */
    private void release(String idempotencyKey, RuntimeException failure) {
        try {
            ledger.release(idempotencyKey);
        } catch (RuntimeException releaseFailed) {
            long minutes = AbandonedClaims.ABANDONED_AFTER.toMinutes();
            LOG.warn("A start failed and sent nothing, but storage failed freeing its idempotency key ({}); the key "
                    + "stays claimed for {} minutes", releaseFailed.toString(), minutes);
            String kept = " The idempotency key stays taken, as storage failed freeing it: resend under the same key "
                    + "after " + minutes + " minutes (until then it is answered 409 idempotency_key_in_use), or under "
                    + "a new key now.";
            int retryAfter = (int) AbandonedClaims.ABANDONED_AFTER.toSeconds();
            throw failure instanceof HttpProblem problem
                    ? new HttpProblem(problem.status(), problem.code(), problem.getMessage() + kept, retryAfter)
                    : new HttpProblem(503, "survey_unavailable", "Survey storage is unavailable for a moment; nothing "
                            + "was sent." + kept, retryAfter);
        }
    }

    /**
     * Claims the key for this request, now, naming what its start stores: the session it opens ({@code sessionId})
     * or, for a start deferred by quiet hours, the deferred start ({@code deferral}; the other null). Or takes over a
     * claim whose start was abandoned before it stored anything ({@link AbandonedClaims}).
     *
     * @return false when the key is another delivery's: answer the request as a repeat
     */
    private boolean claim(String idempotencyKey, E164 to, RequestFingerprint fingerprint, String sessionId,
            TriggerLedger.Deferral deferral) {
        Instant now = clock.instant();
        Optional<TriggerLedger.Entry> claimed = deferral == null
                ? ledger.claim(idempotencyKey, now, fingerprint.kept(), sessionId)
                : ledger.claimDeferral(idempotencyKey, now, fingerprint.kept(), deferral);
        return claimed.isPresent()
                || abandonedClaims.takeOver(idempotencyKey, to, fingerprint, sessionId, deferral).isPresent();
    }

    /**
     * Records in the trigger ledger how a start whose text or call went out ended. Never throws: should storage fail,
     * the key's claim stays {@code claimed}, so a repeat is answered as still starting and sends nothing. Freeing the
     * key, or answering the start's request with an error that says nothing was sent, would have its retry text or
     * call the respondent a second time.
     */
    static void recordSent(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("A survey went out, but storage failed recording it under its idempotency key ({}); the key "
                    + "stays claimed, so a repeat sends nothing", e.toString());
        }
    }

    /** What a repeated request is answered: the first delivery's outcome, sending nothing. */
    private StartedSurvey duplicate(String idempotencyKey) {
        return duplicate(idempotencyKey, null);
    }

    /**
     * The fingerprint a repeat under the request's key is compared with ({@link #duplicate}): none for a campaign
     * row's ({@link StartRequest#campaignRow}). Its key is the row's own (the campaign's id hashes its file), so a
     * claim under it is the row's, only fingerprinted another way: {@code RESPONDENT_HASH_KEY} changed since, or
     * an instance on another version claimed it. Compared, it was refused {@code 422 idempotency_key_reused}, and the
     * row recorded failed, "nothing was sent", beside a text that went. A caller's key is always compared.
     */
    private static RequestFingerprint compared(StartRequest request, RequestFingerprint fingerprint) {
        return request.campaignRow() ? null : fingerprint;
    }

    /**
     * What a request under a key already claimed is answered: the first delivery's outcome, sending nothing.
     *
     * @param fingerprint what this request asks, or null not to compare (a channel fallback's, a campaign row's:
     *     {@link #compared})
     * @throws HttpProblem {@code 422 idempotency_key_reused} when the first request under the key asked something
     *     else (draft-ietf-httpapi-idempotency-key-header, section 2.7); a claim kept without a fingerprint (written
     *     before they were kept) is taken for a repeat, as it was then, and one kept plain (written before they were
     *     keyed) is compared as plain ({@link RequestFingerprint#matches})
     */
    private StartedSurvey duplicate(String idempotencyKey, RequestFingerprint fingerprint) {
        return repeatOf(idempotencyKey, ledger.find(idempotencyKey).orElse(null), fingerprint);
    }

    /**
     * A refusal found before the request's key is claimed ({@link #start}), unless the key is claimed already: then
     * the request is answered as a repeat of the first ({@link #duplicate}), which may have started while the survey,
     * its languages, its hours or the respondent's consent were as it asked. A refusal on our side (5xx) stands.
     *
     * @throws HttpProblem {@code refused} when the request has no key, or its key no claim; as {@link #duplicate}
     */
    private StartedSurvey refusedUnlessRepeat(StartRequest request, RequestFingerprint fingerprint,
            HttpProblem refused) {
        TriggerLedger.Entry first = request.idempotencyKey() == null || refused.status() >= 500 ? null
                : ledger.find(request.idempotencyKey()).orElse(null);
        if (first == null) {
            throw refused;
        }
        return repeatOf(request.idempotencyKey(), first, compared(request, fingerprint));
    }

    /**
     * {@link #duplicate}'s answer to a repeat of the request {@code first} (null: none found), the entry under
     * {@code idempotencyKey}, records. A deferral's claim whose deferred start was stored ({@link ClaimedDeferrals})
     * is answered as the deferral was, {@code scheduled} with its {@code scheduleId}: it fires once. Any other claim
     * is answered {@code claimed} (still starting, or its outcome or release not stored), which the HTTP endpoints
     * answer {@code 409 idempotency_key_in_use} ({@link StartedSurvey#orFirstRefusal}).
     */
    private StartedSurvey repeatOf(String idempotencyKey, TriggerLedger.Entry first, RequestFingerprint fingerprint) {
        if (first != null && fingerprint != null && first.request() != null && !fingerprint.matches(first.request())) {
            throw new HttpProblem(422, "idempotency_key_reused", "The idempotency key was already used for a "
                    + "different request (another number, channel, language, survey or time zone); nothing was sent. "
                    + "Give each new request a key of its own.");
        }
        if (first == null) {
            // Freed since this request found it claimed: a repeat may claim it now.
            return StartedSurvey.repeat("claimed", null, null, clock.instant(), null);
        }
        if (claimedDeferrals.stored(idempotencyKey, first)) {
            return StartedSurvey.repeat("scheduled", first.deferral().scheduleId(), null);
        }
        HttpProblem refusal = "failed".equals(first.state()) ? refusalOf(first) : null;
        return StartedSurvey.repeat(first.state(), first.sessionId(), refusal,
                AbandonedClaims.abandonedAt(first).orElse(null), first.firstAnswer());
    }

    /**
     * The error the key's request was refused with (when first asked, or when a start deferred by quiet hours fell
     * due): its status and code as kept, its message after a sentence saying it is the first request's (it may name
     * a time or a state since past: "the frequency cap allows another from ..."), or, for a refusal kept before its
     * status and message were, {@code 422} with its code.
     */
    private static HttpProblem refusalOf(TriggerLedger.Entry first) {
        String code = first.error() == null ? "failed" : first.error();
        String replay = "The request under this idempotency key was refused (" + code + "); nothing was sent, then "
                + "or now, and a new request needs a new key.";
        return first.status() == null ? new HttpProblem(422, code, replay)
                : new HttpProblem(first.status(), code, replay + " " + first.message());
    }

    private RequestFingerprint fingerprint(Channel channel, InitiationRequest request) {
        return RequestFingerprint.of(channel, request, hashKey);
    }

    /**
     * The fingerprint of the request as asked, also matching one kept of it in a language of {@code survey} (null:
     * not found) that its tag may mean, as kept before asked tags were.
     */
    private RequestFingerprint fingerprint(Channel channel, InitiationRequest asked, Survey survey) {
        return RequestFingerprint.of(channel, asked, survey == null ? List.of() : languagesKeptBefore(survey, asked),
                hashKey);
    }

    /**
     * The survey's languages a claim of the request may have been kept in before asked tags were: for a bare language
     * ({@code en}) every tag of the survey in that language, whichever it meant then (its default may have changed
     * since); for any other tag what it may mean now ({@link Survey#languagesMeant}; a region the survey lacks was
     * refused then, a tag the survey has was kept as itself). None when the request names no language.
     */
    private static List<String> languagesKeptBefore(Survey survey, InitiationRequest request) {
        String tag = request.language();
        if (tag == null) {
            return List.of();
        }
        if (tag.contains("-")) {
            return survey.languagesMeant(tag);
        }
        return survey.languages().keySet().stream().filter(candidate -> candidate.startsWith(tag + "-")).sorted()
                .toList();
    }

    private StartedSurvey start(Channel channel, InitiationRequest request, ContactPace pace) {
        return opener.open(channel, request, null, SessionStore.newSessionId(), pace);
    }
}
