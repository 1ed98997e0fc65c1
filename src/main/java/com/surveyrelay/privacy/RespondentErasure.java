package com.surveyrelay.privacy;

import com.surveyrelay.schedule.ScheduledStartCancels;
import com.surveyrelay.schedule.ScheduledStart;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.campaign.CampaignErasures;
import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.conversation.SurveyOpener;
import com.surveyrelay.schedule.ScheduledStartEnded;
import com.surveyrelay.schedule.ScheduledStartOutcome;
import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.SmsConversation;
import com.surveyrelay.storage.SmsPointers;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Erases what the service stores about one number, on the respondent's request (GDPR article 17, the right to
 * erasure): its sessions, their copies in the results sink, its SMS and call pointers, the starts deferred for it and
 * the outcomes kept of those that ended ({@code scheduled-start-outcomes/}), and
 * its rows in finished campaigns' files (redacted in place, see {@link CampaignRespondentRows#redact}). A survey of the
 * number still running, or finished with events still to deliver, is ended first ({@link OpenSurveyEnds}: reason
 * {@code erased}, its undelivered events dropped, none published) and erased with the rest in the same request, since
 * the article asks for erasure "without undue delay" and a text survey may stay open for 24 hours. Refused only while
 * a survey is being started (for up to {@link #STARTING}, until its respondent has reached it: see {@link #starting}),
 * whose send would follow the erasure (a campaign row's start waiting longer for its contact slot reads its session
 * again and sends nothing), and while another instance delivers a survey's events
 * ({@link OpenSurveyEnds#refuseWhileDeliveredElsewhere}), which it would publish after it.
 *
 * <p>An unfinished campaign (queued or running) that holds a row naming the number is left as it is and named in the
 * answer ({@code unfinishedCampaigns}), but its rows to the number start nothing more: a marker holding no number
 * ({@link CampaignErasures}) has each skipped {@code respondent_erased}, on whichever instance runs it; everything
 * else is erased. {@code CampaignRunner} keeps every row's result, number included, in memory and writes the whole
 * {@code results.csv} from it at each store without a condition, and a resumed run reads the results and the file
 * again: a row redacted under it would be written back within seconds. Refusing the whole erasure instead would keep
 * the number's sessions for as long as the campaign runs (hours for a large one; for ever for one paused on an
 * instance with campaigns switched off), so the rest goes now and the same request again, once
 * {@code GET /campaigns/{id}} says {@code finished}, redacts the campaign's rows. A finished campaign's files are
 * written by nobody else: the same file dropped again is ignored as received before.
 *
 * <p>Kept on purpose: the number's consent record ({@code respondents/<HMAC>.json}), which holds no number, so an
 * opt-out is still honoured after the erasure (TCPA, CTIA; GDPR article 17(3)(b)), with its history of opt-outs and
 * opt-ins, the proof of their handling, less its {@code notMobileAt} (no consent: the next SMS start asks Twilio
 * again). It is also not deleted because S3
 * (and S3Proxy) cannot delete conditionally: an opt-out written between a read and a delete would be lost.
 *
 * <p>Copies first, then sessions, then pointers, then campaign rows: an erasure that fails half way (S3 down) answers
 * 503 and leaves sessions and rows that name what is left, so the same request again finishes it.
 */
@Component("respondentErasure")
public class RespondentErasure {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentErasure.class);
    /** A pointer to a session not yet stored is a start under way for this long (as the starts themselves judge). */
    static final Duration STARTING = Duration.ofMinutes(1);
    /** Why a deferred start of an erased number ended without starting. */
    static final String ERASED = SurveyOpener.RESPONDENT_ERASED;
    /**
     * Twilio's own logs of the account's texts and calls: this service never asks Twilio to delete them, so both
     * access and erasure name them.
     */
    static final String TWILIO_RECORDS = "Twilio keeps its own record of every text to and from the number (the "
            + "number and each body: the respondent's answers, and the summary the last text repeats them in) and of "
            + "every call (the number), under the account: this service does not delete them. Find them in Twilio "
            + "(the Messages and Calls resources, listed by To and From) and delete them there, or set the account's "
            + "message retention.";
    static final List<String> NOT_ERASED = List.of(
            "Events already published to the event bus (they carry the number and the answers) are with their "
                    + "consumers and the bus's archive, if any: erase them there.",
            "Campaign files (campaigns/<id>/campaign.csv and results.csv) keep their other rows; the number's rows "
                    + "are redacted in place (in campaign.csv the phone reads \"erased\"; in results.csv the phone "
                    + "is empty and the reason respondent_erased), keeping their row "
                    + "numbers and outcomes so the campaign's counts stay true. A campaign still queued or running "
                    + "(unfinishedCampaigns) is left as it is, its rows naming the number skipped (respondent_erased) "
                    + "without starting anything: send the "
                    + "request again once it has finished. Copies of a campaign file outside the bucket (the inbox "
                    + "it came from, downloads) are not reached.",
            "Copies of finished sessions are looked for in the results bucket only: where SURVEY_RESULTS_ENDPOINT "
                    + "sends them elsewhere, erase them there.",
            "The consent record (respondents/<HMAC of the number>.json, holding no number), when the number ever "
                    + "opted out or in (consentRecordKept), is kept with its history of opt-outs and opt-ins, so "
                    + "that an opt-out and the contact limits still hold and their handling can be shown; when "
                    + "Twilio refused a text to the number as no mobile number (notMobileAt) is removed from it. A "
                    + "record of a number that never opted out or in forgets its last contact (lastAskedAt): the "
                    + "frequency cap no longer holds the number.",
            "Logs name numbers by their last four digits only.",
            "The idempotency ledger (survey-triggers/) keeps, per request key, the session id, the first answer "
                    + "(its status and Twilio's MessageSid or CallSid, which Twilio's console ties to the number: a "
                    + "repeat of the request is answered with it) and a fingerprint "
                    + "of the request (channel, number, language, survey, time zone): an HMAC-SHA256 under "
                    + "RESPONDENT_HASH_KEY, which cannot be reversed without that secret. An entry written before "
                    + "2026-12-05, or while no RESPONDENT_HASH_KEY was set, keeps a plain SHA-256 instead, from which "
                    + "the number can be recovered by trying every number. The ledger is not indexed by number: "
                    + "expire survey-triggers/ with a lifecycle rule.",
            "Messages on the SQS queues hold the number as sent until they are consumed or expire: a start request "
                    + "on the trigger queue, a dead letter on its dead-letter queue (kept for the queue's retention "
                    + "period), a text kept on the SMS retry queue during a storage outage. Purge or expire them "
                    + "there; so too a folder of trigger files and its .done/ copies, where triggers come from one.",
            TWILIO_RECORDS,
            "A campaign's id, its keys (campaigns/<id>/) and the fileName in its status come from the name of the "
                    + "file it came from, which the erasure leaves as it is: a number in that name keeps its last four "
                    + "digits there (followup_***4567.csv), but a campaign received before 2026-12-05 from a file "
                    + "named after a number keeps the whole number there and in the campaign's URLs. Name campaign "
                    + "files without numbers.");

    private final RespondentFootprint footprint;
    private final SessionStore sessions;
    private final SmsPointers smsPointers;
    private final CallPointers callPointers;
    private final RespondentConsent consent;
    private final OpenSurveyEnds ends;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** Stops the rows of unfinished campaigns that name the number. */
    private final CampaignErasures campaignErasures;

    private final SurveyStarts starts;

    RespondentErasure(RespondentFootprint footprint, SessionStore sessions, SmsPointers smsPointers,
            CallPointers callPointers, RespondentConsent consent, OpenSurveyEnds ends,
            CampaignErasures campaignErasures, ApplicationEventPublisher events, Clock clock, SurveyStarts starts) {
        this.footprint = footprint;
        this.starts = starts;
        this.campaignErasures = campaignErasures;
        this.sessions = sessions;
        this.smsPointers = smsPointers;
        this.callPointers = callPointers;
        this.consent = consent;
        this.ends = ends;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a deferred start the erasure deleted as cancelled under its request's idempotency key, as a cancel does
     * ({@code 409 schedule_cancelled}), so a repeat of the request is told so and starts nothing: until 2026-12-07 it
     * was answered {@code 202 "scheduled"} for a start that would never fire (an integrator's probe). A campaign row's
     * start is its campaign's, which counts it as erased. A failure is logged: the repeat is then answered as still
     * scheduled, and starts nothing.
     */
    private void refuseUnderItsKey(ScheduledStart start) {
        if (start.campaignRow() || start.idempotencyKey() == null) {
            return;
        }
        try {
            starts.refuseScheduled(start, new HttpProblem(409, ScheduledStartCancels.CANCELLED, "The start was "
                    + "deferred to the respondent's contact hours and then cancelled, as the respondent's data was "
                    + "erased (POST /respondents/erasure)."));
        } catch (RuntimeException e) {
            LOG.warn("A deferred start was erased, but recording it under its request's key failed ({}): a repeat of "
                    + "the request is answered as still scheduled, and starts nothing", e.toString());
        }
    }

    /**
     * Erases the number's data, ending first each of its surveys that still runs or still delivers its events. A
     * session whose document reads as no session (empty, cut short) is deleted by its key,
     * with the results copies that what is left of it names ({@link RespondentFootprint#resultsCopies(SessionRef)}).
     *
     * @return what was removed and what was kept
     * @throws HttpProblem {@code 409 survey_in_progress} when a survey to the number is being started (its pointer
     *     written under {@link #STARTING} ago, its session not stored yet or not yet reached by its respondent), or
     *     another instance holds the delivery lease of a survey's events; nothing is erased (a survey ended before a
     *     lease taken meanwhile was met stays ended, reason {@code erased}): try again in a minute;
     *     {@code 503 busy} when a running survey kept changing under its end (nothing of it is erased);
     *     {@code 503 campaign_busy} when a campaign file kept changing under its conditional writes;
     *     {@code 400 invalid_phone} for a number of an impossible length under which nothing was stored
     *     ({@link RespondentRequests#refuseMistypedWhenNothingFound})
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503); what was erased before
     *     stays erased, and the same request again erases the rest
     */
    public ErasureReport erase(E164 phone) {
        List<SessionRef> marked = footprint.openSessions(phone);
        RespondentFootprint.Sessions found = footprint.sessions(phone);
        Set<String> erased = found.ids();
        Optional<SmsConversation> smsPointer = smsPointer(phone);
        Optional<CallPointers.CallPointer> callPointer = callPointers.find(phone);
        Map<String, StoredSession> byId = new HashMap<>();
        found.stored().forEach(session -> byId.put(session.session().sessionId(), session));
        if (starting(smsPointer.map(SmsConversation::sessionId), smsPointer.map(SmsConversation::pointedAt), byId)
                || starting(callPointer.map(CallPointers.CallPointer::sessionId),
                        callPointer.map(CallPointers.CallPointer::pointedAt), byId)) {
            throw inProgress();
        }
        // Checked for every session before any is ended, so a refusal leaves them all as they were (OpenSurveyEnds
        // checks again as it ends each, for a lease taken since).
        found.stored().forEach(ends::refuseWhileDeliveredElsewhere);
        // Running surveys, and finished ones still delivering, are ended first: the end's conditional write fences off
        // webhooks, and the copies are then found by the session as it ended.
        Set<String> open = new HashSet<>();
        marked.forEach(ref -> open.add(ref.sessionId()));
        List<StoredSession> stored = new ArrayList<>();
        List<StoredSession> undelivered = new ArrayList<>();
        int surveysEnded = 0;
        for (StoredSession session : found.stored()) {
            if (!open.contains(session.session().sessionId()) && session.session().surveyStatus().isFinal()) {
                stored.add(session);
                continue;
            }
            Optional<OpenSurveyEnds.Ending> ending = ends.end(session.ref());
            if (ending.isEmpty()) {
                // Deleted meanwhile (a concurrent erasure), or no longer a session: deleted by its key below.
                stored.add(session);
                continue;
            }
            stored.add(ending.get().stored());
            if (ending.get().ended()) {
                surveysEnded++;
                SurveySession ended = ending.get().stored().session();
                events.publishEvent(new SurveyEndedByErasure(ended.surveyId(), ended.surveyMedium()));
            }
            if (ending.get().hadUndelivered()) {
                undelivered.add(ending.get().stored());
            }
        }
        if (surveysEnded > 0) {
            LOG.info("Ended {} survey(s) of {} for its erasure (reason {})", surveysEnded, phone,
                    OpenSurveyEnds.REASON);
        }
        List<CampaignRespondentRows.CampaignRows> campaigns = footprint.campaignRows(phone);

        int copies = 0;
        for (StoredSession session : stored) {
            for (String key : footprint.resultsCopies(session.session())) {
                footprint.deleteResultsCopy(key);
                copies++;
            }
            sessions.erase(session.ref());
            ends.erased(session.ref());
        }
        // A document that reads as no session takes no step of a survey either: deleted by its key, with the copies
        // what is left of it still names.
        for (SessionRef unreadable : found.unreadable()) {
            for (String key : footprint.resultsCopies(unreadable)) {
                footprint.deleteResultsCopy(key);
                copies++;
            }
            sessions.erase(unreadable);
            ends.erased(unreadable);
        }
        // Read again just before each is deleted, and deleted only if it still names no live survey: a start may have
        // taken the number since the first read, and its texts must still find its session.
        int pointers = 0;
        if (smsPointer(phone).filter(pointer -> namesNoLiveSurvey(phone, pointer.sessionId(), pointer.pointedAt(),
                erased)).isPresent()) {
            smsPointers.removeSmsConversation(phone);
            pointers++;
        }
        if (callPointers.find(phone).filter(pointer -> namesNoLiveSurvey(phone, pointer.sessionId(),
                pointer.pointedAt(), erased)).isPresent()) {
            callPointers.remove(phone);
            pointers++;
        }
        List<RespondentFootprint.DeferredStart> deferred = footprint.deferredStarts(phone);
        for (RespondentFootprint.DeferredStart start : deferred) {
            footprint.deleteDeferredStart(start.key());
            refuseUnderItsKey(start.start());
            // Its campaign row, if it is one, is counted as never started (campaigns/<id>/deferred/).
            events.publishEvent(new ScheduledStartEnded(start.start().idempotencyKey(),
                    start.start().channel(), false, ERASED));
        }
        List<ScheduledStartOutcome> outcomes = footprint.deferredStartOutcomes(phone);
        for (ScheduledStartOutcome outcome : outcomes) {
            footprint.deleteDeferredStartOutcome(outcome.scheduleId());
        }
        List<String> campaignFiles = new ArrayList<>();
        List<String> unfinishedCampaigns = new ArrayList<>();
        for (CampaignRespondentRows.CampaignRows campaign : campaigns) {
            Optional<List<String>> written = campaign.finished()
                    ? footprint.redactCampaign(campaign.campaignId(), phone) : Optional.empty();
            written.ifPresentOrElse(campaignFiles::addAll, () -> {
                // Its rows naming the number start nothing more, on whichever instance runs it.
                campaignErasures.record(campaign.campaignId(), phone);
                unfinishedCampaigns.add(campaign.campaignId());
            });
        }
        // A results copy the relay was writing as the survey ended lands after the first deletion: looked for again.
        for (StoredSession session : undelivered) {
            for (String key : footprint.resultsCopies(session.session())) {
                footprint.deleteResultsCopy(key);
                copies++;
            }
        }
        // Not consent nor a contact limit: Twilio's refusal of a text as no mobile number goes with the rest.
        boolean consentKept;
        try {
            consentKept = consent.forgetUnlessConsentKept(phone);
        } catch (RespondentRecords.UnreadableRecord unreadable) {
            // Kept as it is, as a readable one is; the rest is erased (until 2026-12-06 the request failed 500 first).
            LOG.warn("Erasure of {}: {}", phone, unreadable.getMessage());
            consentKept = true;
        }
        List<SessionRef> startedMeanwhile = new ArrayList<>();
        for (SessionRef stillMarked : footprint.openSessions(phone)) {
            if (!erased.contains(stillMarked.sessionId())) {
                startedMeanwhile.add(stillMarked);
            } else {
                // Written back by a step that stored its entry (an opt-out after completion) before the session was
                // deleted, and its marker after ours was removed: it names the number, and no document.
                ends.erased(stillMarked);
            }
        }
        events.publishEvent(new RespondentErased(phone));
        LOG.info("Erased the data of {}: {} sessions, {} results copies, {} pointers, {} deferred starts, {} campaign "
                + "files redacted", phone, erased.size(), copies, pointers, deferred.size(), campaignFiles.size());
        if (!unfinishedCampaigns.isEmpty()) {
            LOG.info("Campaigns {} still run and name {}: their rows are redacted by an erasure once they have "
                    + "finished", unfinishedCampaigns, phone);
        }
        if (!startedMeanwhile.isEmpty()) {
            LOG.warn("{} survey(s) to {} started while its data was erased; they are not erased",
                    startedMeanwhile.size(), phone);
        }
        RespondentRequests.refuseMistypedWhenNothingFound(phone, !erased.isEmpty() || copies > 0 || pointers > 0
                || !deferred.isEmpty() || !outcomes.isEmpty() || !campaignFiles.isEmpty()
                || !unfinishedCampaigns.isEmpty() || consentKept || !startedMeanwhile.isEmpty());
        return new ErasureReport(erased.size(), copies, pointers, deferred.size(), outcomes.size(),
                List.copyOf(campaignFiles),
                List.copyOf(unfinishedCampaigns), consentKept, startedMeanwhile.size(), surveysEnded, NOT_ERASED);
    }

    /** The number's SMS pointer; one this service did not write (naming no session) counts as one to delete. */
    private Optional<SmsConversation> smsPointer(E164 phone) {
        try {
            return smsPointers.findSmsConversation(phone);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            return Optional.of(new SmsConversation(null, null, Instant.EPOCH));
        }
    }

    /**
     * True when a pointer may go: it names none of our sessions, an erased one, or one whose document is not there
     * and was written over {@link #STARTING} ago (an erasure that failed half way deleted it; a start under way stores
     * its session within that).
     */
    private boolean namesNoLiveSurvey(E164 phone, String sessionId, Instant pointedAt, Set<String> erased) {
        return sessionId == null || erased.contains(sessionId) || !pointedAt.isAfter(clock.instant().minus(STARTING))
                && sessions.find(new SessionRef(phone, sessionId)).isEmpty();
    }

    /**
     * True when a pointer written under {@link #STARTING} ago names a session not stored yet, or stored, not final and
     * not yet reached by its respondent (no text in its inbox, no call webhook): a start that may still be sending its
     * first text or placing its call. A start stores its session before it sends; the session ended and deleted under
     * it would not stop it: it would text or call the number after the erasure, and its relay publish "Survey Started"
     * (with the number) from the copy it holds. An HTTP or bus start sends within seconds of its claim (Twilio's
     * timeouts and retries stay inside the webhook budget), well within the minute. A campaign row's waits for its
     * contact slot, about the spread of its S3 writes (rows already start at the campaign rate), and reads its session
     * again once the slot comes, sending nothing when the session is gone or ended {@code erased}
     * ({@code SurveyOpener}, {@code 409 respondent_erased}, the row recorded skipped), so a store slow enough to
     * stretch that wait past the minute is covered too; the minute is kept, not widened. Not covered: an erasure
     * landing in the instant between that second read and the start's request to Twilio, after the minute (the text or
     * call goes out, and its "Survey Started" is published), and a "Survey Started" the relay's sweep delivered during
     * such a long wait; a row of a running campaign that read no erasure marker ({@link CampaignErasures}) an instant
     * before the erasure wrote it.
     */
    private boolean starting(Optional<String> sessionId, Optional<Instant> pointedAt,
            Map<String, StoredSession> stored) {
        if (sessionId.isEmpty() || pointedAt.isEmpty() || !pointedAt.get().isAfter(clock.instant().minus(STARTING))) {
            return false;
        }
        StoredSession session = stored.get(sessionId.get());
        if (session == null) {
            return true;
        }
        Inbox inbox = session.inbox();
        boolean reached = inbox != null
                && (inbox.textedInThisSession() || inbox.callSid() != null || inbox.callStep() != null);
        return !session.session().surveyStatus().isFinal() && !reached;
    }

    /** With {@code Retry-After} a minute ({@link #STARTING}; none until 2026-12-07, a compliance officer's probe). */
    private static HttpProblem inProgress() {
        return new HttpProblem(409, "survey_in_progress", "A survey to this number was started under a minute ago and "
                + "may still be sending its first message, or another erasure of the number is under way; nothing was "
                + "erased. Send the request again in a minute: a survey running then is ended and erased.",
                (int) STARTING.toSeconds());
    }
}
