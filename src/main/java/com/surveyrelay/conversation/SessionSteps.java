package com.surveyrelay.conversation;

import com.surveyrelay.outbox.DeliveredEntries;
import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.SurveyCatalog;
import com.surveyrelay.survey.Decision;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * One step of a session: read it (or start from this instance's newest copy), let the {@link SurveyProcessor}
 * decide, and store the new session together with what the step publishes (its outbox entries, less those the
 * relay delivered since the last write) and, for a text, that the text was applied (its inbox
 * entry; for a call step that moved the call on or ended it, the TwiML it is answered with), all in one
 * conditional write. When another request wrote first, the step is re-read and re-applied, so no answer is lost
 * or counted twice, on one instance or several; a text or call step already applied is answered as it was the
 * first time, and nothing is written. A call's webhooks bind its session to the call ({@link #applyCallWebhook}).
 */
@Component
public class SessionSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSteps.class);
    /** The MDC key of the session a log line is about (a field of structured logs, a column of plain ones). */
    public static final String SESSION_ID = "sessionId";
    private static final int MAX_ATTEMPTS = 8;

    private final SessionStore store;
    private final OpenSessionMarkers markers;
    private final SurveyCatalog catalog;
    private final SurveyProcessor processor;
    private final OutboxLeases leases;
    private final DeliveredEntries delivered;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public SessionSteps(SessionStore store, OpenSessionMarkers markers, SurveyCatalog catalog,
            SurveyProcessor processor, OutboxLeases leases, DeliveredEntries delivered, Clock clock,
            ApplicationEventPublisher events) {
        this.delivered = delivered;
        this.events = events;
        this.store = store;
        this.markers = markers;
        this.catalog = catalog;
        this.processor = processor;
        this.leases = leases;
        this.clock = clock;
    }

    /**
     * What a step did.
     *
     * @param before the session as the step found it
     * @param decision what the processor decided; null when nothing was applied: the text or call step was
     *     applied before ({@code replayed}), or the session had finished and the caller asked for open ones only
     * @param replies the texts to answer an inbound text with: the decision's, or the first delivery's
     * @param twiml the TwiML to answer a call step with: the decision's, or the first delivery's; null when there is
     *     none (a text, a call status, a step that ends the call with a hang-up of the caller's choosing)
     * @param stored the document as written, or null when nothing was written
     * @param replayed true when this was a repeat of a text or call step already applied
     * @param appliedBefore for a repeat of a text, its inbox entry (who applied it, how its replies went); null
     *     otherwise
     */
    public record Step(SurveySession before, Decision decision, List<String> replies, String twiml,
            StoredSession stored, boolean replayed, Inbox.InboundMessage appliedBefore) {

        /** False when nothing was applied: a repeat, or a finished session asked to take only open ones. */
        public boolean applied() {
            return decision != null;
        }
    }

    /**
     * How an inbound text came to a step, as its inbox entry records it ({@link Inbox.InboundMessage}).
     *
     * @param messageSid the text's Twilio {@code MessageSid}
     * @param deliveryId the webhook delivery's own id ({@link Inbox.InboundMessage#deliveryId()}), or null
     * @param fromQueue true when a copy kept during a storage outage is applied: its replies go through the Twilio
     *     REST API, not in a webhook's TwiML
     */
    public record InboundText(String messageSid, String deliveryId, boolean fromQueue) {
    }

    /**
     * The session as the bucket holds it now, with nothing applied (one read): for a question asked of it before a
     * step whose answer is written outside the step's conditional write (whether a call's words opt the number out,
     * by its survey's bar). Not this instance's copy, which another instance's step may have left behind: until
     * 2026-12-06 a copy at a keypad question judged words without a {@code Confidence} no opt-out while the step, on
     * the stored session at a spoken question, ended the survey opted out, the number left off the suppression list.
     * Give the step that follows the same read ({@link #applyCallWebhook(SessionRef, SurveyInput, String, Optional)},
     * {@link #apply(SessionRef, SurveyInput, Optional)}), so that it is judged and applied on one copy, read once.
     *
     * @return the document and its ETag; empty when there is no such session
     * @throws RuntimeException when storage fails
     */
    public Optional<StoredSession> stored(SessionRef ref) {
        return store.find(ref);
    }

    /** Applies an input that is not an inbound text (a voice step, a call status, an expiry). */
    public Optional<Step> apply(SessionRef ref, SurveyInput input) {
        return apply(ref, input, (InboundText) null, true);
    }

    /**
     * As {@link #apply(SessionRef, SurveyInput)}, starting from {@code read}, the session as {@link #stored} read it
     * just before, instead of reading it again: a step that writes is conditional on that read's ETag, and one that
     * does not (a repeat answered as before) takes it as the bucket's.
     *
     * @param read what {@link #stored} returned for {@code ref}; empty when the session was not there
     */
    public Optional<Step> apply(SessionRef ref, SurveyInput input, Optional<StoredSession> read) {
        return apply(ref, input, null, true, null, null, read);
    }

    /** Applies an input at most once per {@code messageSid}, recorded with neither delivery id nor queue. */
    public Optional<Step> apply(SessionRef ref, SurveyInput input, String messageSid, boolean evenIfFinished) {
        return apply(ref, input, messageSid == null ? null : new InboundText(messageSid, null, false),
                evenIfFinished);
    }

    /**
     * Applies an input to the session, at most once per {@code MessageSid}.
     *
     * @param text the inbound text's Twilio {@code MessageSid} and delivery, or null when the input has none (then
     *     every delivery is applied, as before idempotency existed)
     * @param evenIfFinished false to leave a finished session untouched (a step that is not {@link Step#applied()}
     *     comes back) unless it applied this text before: an SMS webhook asks a possibly stale session so, and
     *     then the number's current one
     * @return empty when there is no such session
     * @throws HttpProblem 503 {@code busy} when the session kept changing under us {@value #MAX_ATTEMPTS} times
     */
    public Optional<Step> apply(SessionRef ref, SurveyInput input, InboundText text, boolean evenIfFinished) {
        return apply(ref, input, text, evenIfFinished, null);
    }

    /**
     * Applies an input that is not an inbound text only while {@code condition} holds of the session as stored: the
     * condition is asked of the copy each attempt reads (the bucket's, before a step is refused for it), and the write
     * is conditional on that copy, so a change that lands meanwhile (a respondent's reply) makes the step read again
     * and ask again.
     *
     * @return empty when there is no such session; a step that is not {@link Step#applied()} when the condition does
     *     not hold
     * @throws HttpProblem 503 {@code busy} when the session kept changing under us
     */
    public Optional<Step> applyIf(SessionRef ref, SurveyInput input, Predicate<StoredSession> condition) {
        return apply(ref, input, null, true, null, condition, null);
    }

    /**
     * Applies a webhook of the call {@code callSid} (a voice step, a status callback) to the call survey's session,
     * only if the call is the session's: the session is bound to the call of the first call webhook it stores, by the
     * same conditional write (no request of its own), and a webhook of any other call is not applied. A session not
     * bound yet (no call webhook stored, or stored before bindings were kept) takes any call's webhook, unless
     * {@code unboundCheck} says no; that check is made on the session as the bucket holds it (a read), since this
     * instance's copy may predate the binding.
     *
     * @param callSid the webhook's {@code CallSid} ({@code CA} and 32 hex digits), or null when it named none of that
     *     shape: applied to a session not bound yet (binding nothing), never to a bound one
     * @param unboundCheck whether the call may be the one of a session not bound yet, asked at most once (a status
     *     callback asks the number's call pointer); null when any call may (the first voice step binds)
     * @return empty when there is no such session
     * @throws OtherCallException when the call is not the session's: nothing was written
     * @throws HttpProblem 503 {@code busy} when the session kept changing under us
     */
    public Optional<Step> applyCallWebhook(SessionRef ref, SurveyInput input, String callSid,
            BooleanSupplier unboundCheck) {
        return apply(ref, input, null, true, new CallOfWebhook(callSid, unboundCheck), null, null);
    }

    /**
     * As {@link #applyCallWebhook(SessionRef, SurveyInput, String, BooleanSupplier)} for a voice step (no
     * {@code unboundCheck}: the first voice step binds), starting from {@code read}, the session as {@link #stored}
     * read it just before (see {@link #apply(SessionRef, SurveyInput, Optional)}): a call's opt-out is judged on that
     * read and applied from it, one GET in all (until 2026-12-06 Twilio's repeat of an opt-out step read it twice).
     *
     * @param read what {@link #stored} returned for {@code ref}; empty when the session was not there
     */
    public Optional<Step> applyCallWebhook(SessionRef ref, SurveyInput input, String callSid,
            Optional<StoredSession> read) {
        return apply(ref, input, null, true, new CallOfWebhook(callSid, null), null, read);
    }

    /** The call a webhook came from: see {@link #applyCallWebhook}. */
    private record CallOfWebhook(String callSid, BooleanSupplier unboundCheck) {
    }

    private Optional<Step> apply(SessionRef ref, SurveyInput input, InboundText text, boolean evenIfFinished,
            CallOfWebhook call) {
        return apply(ref, input, text, evenIfFinished, call, null, null);
    }

    /** @param read the session as {@link #stored} just read it, to start from; null to read or use the copy */
    private Optional<Step> apply(SessionRef ref, SurveyInput input, InboundText text, boolean evenIfFinished,
            CallOfWebhook call, Predicate<StoredSession> condition, Optional<StoredSession> read) {
        String outer = MDC.get(SESSION_ID);
        MDC.put(SESSION_ID, ref.sessionId());
        try {
            return applyOnce(ref, input, text, evenIfFinished, call, condition, read);
        } finally {
            if (outer == null) {
                MDC.remove(SESSION_ID);
            } else {
                MDC.put(SESSION_ID, outer);
            }
        }
    }

    private Optional<Step> applyOnce(SessionRef ref, SurveyInput input, InboundText text, boolean evenIfFinished,
            CallOfWebhook call, Predicate<StoredSession> condition, Optional<StoredSession> justRead) {
        String messageSid = text == null ? null : text.messageSid();
        // The first try starts from this instance's newest copy, which spares a read, or from the bucket's copy the
        // caller just read; a later one, after a conflict or where a stale copy could have misled a step that writes
        // nothing, reads the bucket.
        boolean fresh = justRead != null;
        Boolean unboundTakesCall = null;
        boolean markedOpen = false;
        for (int attempt = 1; ; attempt++) {
            Optional<StoredSession> found = attempt == 1 && justRead != null ? justRead
                    : fresh ? store.find(ref) : store.findRecent(ref);
            if (found.isEmpty()) {
                if (markedOpen) {
                    unmarkErased(ref);
                }
                return Optional.empty();
            }
            StoredSession read = found.get();
            SurveySession before = read.session();
            if (condition != null && !condition.test(read)) {
                if (!fresh) {
                    fresh = true;
                    continue;
                }
                return Optional.of(new Step(before, null, List.of(), null, null, false, null));
            }
            if (call != null) {
                String bound = read.inbox().callSid();
                if (bound == null && call.callSid() != null && call.unboundCheck() != null) {
                    if (!fresh) {
                        fresh = true;
                        continue;
                    }
                    unboundTakesCall = unboundTakesCall != null ? unboundTakesCall : call.unboundCheck().getAsBoolean();
                    if (!unboundTakesCall) {
                        throw new OtherCallException(before);
                    }
                } else if (bound != null && !bound.equals(call.callSid())) {
                    throw new OtherCallException(before);
                }
            }
            if (messageSid != null) {
                Optional<Inbox.InboundMessage> seen = read.inbox().find(messageSid);
                if (seen.isPresent() && !fresh) {
                    // A repeat is answered as the bucket has it: this instance's copy may predate a later write of
                    // the entry (its replies sent by REST after all, repliedByRest), and would send them twice. One
                    // read, for a repeat only.
                    fresh = true;
                    continue;
                }
                if (seen.isPresent()) {
                    LOG.info("Text {} to session {} was applied before: answered again, nothing changed",
                            messageSid, before.sessionId());
                    return Optional.of(new Step(before, null, seen.get().replies(), null, null, true, seen.get()));
                }
            }
            if (input instanceof SurveyInput.VoiceInput voice) {
                Optional<String> answered = read.inbox().answerToCallStep(voice.turn());
                if (answered.isPresent() && !fresh) {
                    fresh = true; // as for a text's repeat: answered as the bucket has it
                    continue;
                }
                if (answered.isPresent()) {
                    LOG.info("Call step {} of session {} was applied before: answered again, nothing changed",
                            voice.turn(), before.sessionId());
                    return Optional.of(new Step(before, null, List.of(), answered.get(), null, true, null));
                }
            }
            boolean finished = before.surveyStatus().isFinal();
            if (!evenIfFinished && finished) {
                return Optional.of(new Step(before, null, List.of(), null, null, false, null));
            }
            Survey survey = catalog.survey(before.surveyId(), before.surveyVersion());
            Decision decision = withoutEventsOnceErased(before, processor.process(survey, before, input));
            Instant now = clock.instant();
            boolean ended = !finished && decision.session().surveyStatus().isFinal();
            // An opt-out after the end is part of the result: the results copy is made again, under its key; never
            // for a session ended by an erasure, whose copy the erasure deleted.
            boolean optedOutAfterEnd = finished && before.optedOutAfterEnd() == null
                    && decision.session().optedOutAfterEnd() != null
                    && !SurveyProcessor.ERASED.equals(before.endReason());
            // Entries the relay delivered since the last write leave with this one: their removal costs no write.
            Outbox kept = delivered.removeFrom(ref, read.outbox());
            Outbox appended = kept.append(decision.events(), ended || optedOutAfterEnd ? decision.session() : null,
                    now);
            boolean adds = appended != kept;
            // Whoever adds entries takes the lease if nobody holds it, so they go out without waiting for a sweep.
            Outbox outbox = adds ? leases.claim(appended, now) : appended;
            Inbox inbox = text != null ? read.inbox().with(new Inbox.InboundMessage(messageSid, decision.messages(),
                    text.deliveryId(), text.fromQueue()))
                    : input instanceof SurveyInput.VoiceInput voice && answersForRepeats(voice, before, decision)
                    ? read.inbox().withCallStep(voice.turn(), decision.twiml()) : read.inbox();
            // On a finished session the relay empties the outbox once it has delivered the rest (its results copy):
            // a step that would only take out delivered entries leaves them to that write instead of racing it.
            boolean relayEmpties = !adds && finished;
            if (decision.session().equals(before) && (relayEmpties || outbox.equals(read.outbox()))
                    && inbox.equals(read.inbox())) {
                // A stale copy could hide a state this input would change, unless the copy is finished: a session
                // never leaves a final status, and a finished one's later versions differ in what a step after the
                // end may add (an opt-out's event), not in what this input does (a completed call's status callback).
                if (!fresh && !finished) {
                    fresh = true;
                    continue;
                }
                return Optional.of(new Step(before, decision, decision.messages(), decision.twiml(), null, false,
                        null));
            }
            // A finished session may have lost its open marker once it had delivered everything: an entry added
            // now (a STOP after completion) needs it back, before the write and again after (see OutboxRelay).
            boolean reopens = finished && adds;
            if (reopens) {
                markers.markOpen(ref);
                markedOpen = true;
            }
            if (call != null && call.callSid() != null) {
                inbox = inbox.boundTo(call.callSid());
            }
            try {
                StoredSession written = store.replace(read, decision.session(), outbox, inbox);
                if (reopens) {
                    markers.markOpen(ref);
                }
                if (!decision.events().isEmpty()) {
                    events.publishEvent(new SurveyEventsStored(decision.events(),
                            input instanceof SurveyInput.Ended end && end.startRefused()));
                }
                if (ended) {
                    events.publishEvent(new SessionEnded(written, input));
                }
                return Optional.of(new Step(before, decision, decision.messages(), decision.twiml(), written,
                        false, null));
            } catch (SessionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new HttpProblem(503, "busy", "The session kept changing under us; try again.");
                }
                fresh = true;
                LOG.debug("Session {} changed while we worked; re-applying", before.sessionId());
            }
        }
    }

    /**
     * Removes the open marker this step wrote for an entry whose document was deleted since (an erasure): it would
     * keep the erased number in its key until the relay's sweep found it five minutes old. S3 failing here is logged
     * and left to that sweep: the step's outcome, no session, stands.
     */
    private void unmarkErased(SessionRef ref) {
        try {
            markers.unmarkOpen(ref);
        } catch (RuntimeException e) {
            LOG.warn("Session {} is gone (erased), but removing the open marker its step wrote failed ({}); the "
                    + "relay's sweep removes it", ref.sessionId(), e.getClass().getSimpleName());
        }
    }

    /**
     * The decision without its events when the session was ended by its respondent's erasure
     * ({@link SurveyProcessor#ERASED}), which deletes it next: an opt-out's {@code SURVEY_OPTED_OUT} added in that
     * instant would carry the erased number out after the erasure answered, and the open marker written for it
     * would outlive the document. The opt-out itself is kept in the number's consent record, which the erasure keeps.
     */
    private static Decision withoutEventsOnceErased(SurveySession before, Decision decision) {
        if (!SurveyProcessor.ERASED.equals(before.endReason()) || decision.events().isEmpty()) {
            return decision;
        }
        return new Decision(decision.session(), decision.voiceResponse(), decision.messages(), List.of());
    }

    /**
     * Records that the replies of a text the session applied before went through the Twilio REST API after all
     * ({@link Inbox.InboundMessage#repliedByRest()}), in one conditional write of the inbox alone, re-read and retried
     * when another request wrote first. Nothing is written when the text is not in the inbox or is marked already.
     *
     * @throws HttpProblem 503 {@code busy} when the session kept changing under us {@value #MAX_ATTEMPTS} times
     * @throws RuntimeException when storage fails
     */
    public void recordRepliedByRest(SessionRef ref, String messageSid) {
        rewriteInbox(ref, inbox -> inbox.withRepliedByRest(messageSid));
    }

    /**
     * Takes back the {@link Inbox.InboundMessage#repliedByRest()} mark of a text none of whose replies went out (Twilio
     * refused them for good, or never took them), so that Twilio's repeat of the text, if one comes, is answered with
     * them in TwiML: one conditional write of the inbox alone, as {@link #recordRepliedByRest}. Nothing is written
     * unless the text is in the inbox, marked, with exactly {@code unsent} as its replies: when some of them went out,
     * the mark stays (a repeat would send those again).
     *
     * @return true when the mark was taken back
     * @throws HttpProblem 503 {@code busy} when the session kept changing under us {@value #MAX_ATTEMPTS} times
     * @throws RuntimeException when storage fails
     */
    public boolean takeBackRepliedByRest(SessionRef ref, String messageSid, List<String> unsent) {
        return rewriteInbox(ref, inbox -> inbox.find(messageSid)
                .filter(applied -> applied.repliedByRest() && applied.replies().equals(unsent))
                .map(applied -> inbox.withRepliedByRest(messageSid, false)).orElse(inbox));
    }

    /**
     * Writes the session's inbox as {@code change} makes it, by a conditional write of the inbox alone, re-read and
     * retried when another request wrote first; nothing when it changes nothing.
     *
     * @return true when something was written
     */
    private boolean rewriteInbox(SessionRef ref, java.util.function.UnaryOperator<Inbox> change) {
        for (int attempt = 1; ; attempt++) {
            // Read, not this instance's copy: a stale copy could lack the text and so write nothing.
            Optional<StoredSession> found = store.find(ref);
            if (found.isEmpty()) {
                return false;
            }
            StoredSession read = found.get();
            Inbox changed = change.apply(read.inbox());
            if (changed.equals(read.inbox())) {
                return false;
            }
            try {
                store.replace(read, read.session(), read.outbox(), changed);
                return true;
            } catch (SessionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new HttpProblem(503, "busy", "The session kept changing under us; try again.");
                }
            }
        }
    }

    /**
     * Whether a call step's answer is kept for Twilio's repeats of it: a step to a turn our URLs name (0 and up; a
     * storage retry that lost its input asks -1) that moved the call to another turn or ended the session, so that
     * no later request of the call names its turn. A step that says the same step again, with the same turn, would
     * take the caller's next input for a repeat; one that changed nothing needs nothing kept: it answers the same.
     */
    private static boolean answersForRepeats(SurveyInput.VoiceInput voice, SurveySession before, Decision decision) {
        SurveySession after = decision.session();
        return voice.turn() >= 0 && decision.twiml() != null && !after.equals(before)
                && (after.turn() != voice.turn() || after.surveyStatus().isFinal());
    }
}
