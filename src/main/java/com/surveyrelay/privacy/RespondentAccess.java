package com.surveyrelay.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.campaign.CampaignRespondentRows;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.schedule.ScheduledStartOutcome;
import com.surveyrelay.storage.Inbox;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.storage.RespondentRecords.ConsentHistory;
import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyJson;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gathers what the service stores about one number, on the respondent's request (GDPR article 15, the right of
 * access): the answer to {@code POST /respondents/access}, a JSON object of
 * <ul>
 *   <li>{@code phone}: the number, as stored (E.164);
 *   <li>{@code consent}: its record of consent and contact ({@code optedOut}, and {@code optedOutAt},
 *   {@code optOutSource}, {@code optedInAt}, {@code endedOptOutAt}, {@code endedOptOutSource}, {@code lastAskedAt}
 *   when set; ISO-8601 UTC times; {@code {"unreadable": true}} alone when the record is stored but cannot be read,
 *   since 2026-12-06), and {@code history}: every opt-out and opt-in, oldest first, each
 *   {@code {"at", "change": "opted_out"|"opted_in", "source"}}, with {@code historyDropped} (how many of the oldest
 *   were dropped, past {@link ConsentHistory#LIMIT}) and {@code historySince} (a record from before
 *   2026-12-05: the history's first change, earlier ones being only in the fields above) when set. A record from
 *   before 2026-12-05 with no change since has no {@code history};
 *   <li>{@code sessions}: every session of every survey the number took, as the results sink holds them (answers,
 *   times, status, channel, language), oldest key first, without the service's bookkeeping (its outbox of events
 *   not yet published, which repeat the answers), with {@code twilio} when its inbox keeps any exchange with Twilio:
 *   {@code callSid}, and {@code texts}, each {@code {"messageSid", "replies": [the texts it was answered with]}}
 *   (until 2026-12-05 left out, though the replies are texts sent to the number and the last repeats its answers);
 *   <li>{@code unreadableSessions}: the ids of the number's sessions whose document is there but reads as no session
 *   (empty, cut short, not a JSON object), logged with a warning; empty when none;
 *   <li>{@code deferredStarts}: surveys waiting for the number's contact hours ({@code scheduleId}, by which
 *   {@code DELETE /scheduled-starts/{id}} cancels one (until 2026-12-06 left out: only an erasure reached them),
 *   {@code scheduledFor},
 *   {@code surveyId}, {@code channel}, {@code language}, {@code requestedAt}, {@code timeZone},
 *   {@code idempotencyKey}; a field not given in the request is null), as {@code scheduled-starts/} holds them; one
 *   that cannot be read is left out, with a warning naming its key;
 *   <li>{@code deferredStartOutcomes}: how the number's deferred starts that ended went, as kept for their lookup
 *   ({@code scheduleId}, {@code state}, {@code scheduledFor}, {@code endedAt}, {@code surveyId}, {@code channel},
 *   {@code campaignId}, {@code sessionId}, {@code code}; null when not set), from {@code scheduled-start-outcomes/};
 *   <li>{@code campaigns}: each campaign whose files name the number ({@code campaignId}, {@code finished}), with
 *   {@code campaignFile} (the rows of {@code campaign.csv}) and {@code results} (the rows of {@code results.csv}), each
 *   {@code {"header": [cells], "rows": [{"row": n, "cells": [cells]}]}}; a line that is not CSV gives {@code text}, the
 *   line as written, instead of {@code cells}. A row names the number when a cell is that number after the E.164
 *   normalisation campaign rows are started with; see {@link CampaignRespondentRows} for the cost (two GETs per
 *   campaign kept);
 *   <li>{@code notIncluded}: what holds the number and is not in this answer, one sentence each (one more when
 *   {@code unreadableSessions} names any).
 * </ul>
 * Reads only; a number the service never saw gets empty lists and a consent record with {@code optedOut} false.
 */
@Component("respondentAccess")
public class RespondentAccess {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentAccess.class);
    static final List<String> NOT_INCLUDED = List.of(
            "Events published to the event bus carry the same sessions' answers; their consumers hold their own "
                    + "copies.",
            "Copies of campaign files outside the bucket (the inbox or folder they came from, downloads) are not "
                    + "searched.",
            "The idempotency ledger (survey-triggers/) is not searched: it is not indexed by number, and keeps per "
                    + "request key a session id, the first answer (with Twilio's MessageSid or CallSid) and a "
                    + "fingerprint of the request, not the number: an HMAC-SHA256 "
                    + "under RESPONDENT_HASH_KEY, or a plain SHA-256 in an entry written before 2026-12-05 or while "
                    + "no RESPONDENT_HASH_KEY was set.",
            "Messages on the SQS queues are not searched: a start request on the trigger queue or its dead-letter "
                    + "queue, or a text kept on the SMS retry queue during a storage outage, holds the number as sent "
                    + "until it is consumed or expires, as do trigger files where triggers come from a folder.",
            RespondentErasure.TWILIO_RECORDS);
    /** Said when a session's document reads as no session. */
    static final String UNREADABLE = "Sessions named in unreadableSessions have a document that no longer reads as "
            + "a session (empty, or cut short): its content is not shown. An erasure deletes it.";

    /** The line {@code notIncluded} gains when the number's record of consent is stored but cannot be read. */
    static final String UNREADABLE_RECORD = "The number's record of consent is stored but cannot be read (consent is "
            + "{\"unreadable\": true}): its content is not shown, and no survey is sent to the number until it is put "
            + "back; an opt-out from the number replaces it.";

    private final RespondentFootprint footprint;
    private final RespondentConsent consent;
    private final ObjectMapper json = SurveyJson.mapper();

    RespondentAccess(RespondentFootprint footprint, RespondentConsent consent) {
        this.footprint = footprint;
        this.consent = consent;
    }

    /**
     * Everything stored about the number.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503)
     * @throws com.surveyrelay.web.HttpProblem {@code 400 invalid_phone} for a number of an impossible length under
     *     which nothing is stored ({@link RespondentRequests#refuseMistypedWhenNothingFound})
     */
    public ObjectNode report(E164 phone) {
        ObjectNode report = json.createObjectNode();
        report.put("phone", phone.value());
        boolean recordFound;
        boolean recordUnreadable = false;
        try {
            Respondent record = consent.record(phone);
            report.set("consent", consent(record));
            recordFound = record.etag() != null;
        } catch (RespondentRecords.UnreadableRecord unreadable) {
            // Answered all the same, as unreadable sessions are (until 2026-12-06 the whole request failed 500).
            LOG.warn("Access request for {}: {}", phone, unreadable.getMessage());
            report.putObject("consent").put("unreadable", true);
            recordFound = true;
            recordUnreadable = true;
        }
        RespondentFootprint.Sessions found = footprint.sessions(phone);
        ArrayNode sessions = report.putArray("sessions");
        for (StoredSession stored : found.stored()) {
            ObjectNode session = json.valueToTree(stored.session());
            putIfSet(session, "twilio", twilio(stored.inbox()));
            sessions.add(session);
        }
        ArrayNode unreadable = report.putArray("unreadableSessions");
        found.unreadable().forEach(ref -> unreadable.add(ref.sessionId()));
        ArrayNode deferred = report.putArray("deferredStarts");
        for (RespondentFootprint.DeferredStart each : footprint.deferredStarts(phone)) {
            ObjectNode start = deferred.addObject();
            start.put("scheduleId", each.start().id());
            start.put("scheduledFor", text(each.start().scheduledFor()));
            start.put("surveyId", each.start().surveyId());
            start.put("channel", each.start().channel());
            start.put("language", each.start().language());
            start.put("requestedAt", text(each.start().requestedAt()));
            start.put("timeZone", each.start().timeZone());
            start.put("idempotencyKey", each.start().idempotencyKey());
        }
        ArrayNode outcomes = report.putArray("deferredStartOutcomes");
        for (ScheduledStartOutcome each : footprint.deferredStartOutcomes(phone)) {
            ObjectNode outcome = outcomes.addObject();
            outcome.put("scheduleId", each.scheduleId());
            outcome.put("state", each.state());
            outcome.put("scheduledFor", text(each.scheduledFor()));
            outcome.put("endedAt", text(each.endedAt()));
            outcome.put("surveyId", each.surveyId());
            outcome.put("channel", each.channel());
            outcome.put("campaignId", each.campaignId());
            outcome.put("sessionId", each.sessionId());
            outcome.put("code", each.code());
        }
        ArrayNode campaigns = report.putArray("campaigns");
        for (CampaignRespondentRows.CampaignRows each : footprint.campaignRows(phone)) {
            ObjectNode campaign = campaigns.addObject();
            campaign.put("campaignId", each.campaignId());
            campaign.put("finished", each.finished());
            campaign.set("campaignFile", rows(each.fileHeader(), each.fileRows()));
            campaign.set("results", rows(CampaignRespondentRows.resultHeader(), each.resultRows()));
        }
        RespondentRequests.refuseMistypedWhenNothingFound(phone, recordFound || !sessions.isEmpty()
                || !unreadable.isEmpty() || !deferred.isEmpty() || !outcomes.isEmpty() || !campaigns.isEmpty());
        NOT_INCLUDED.forEach(report.putArray("notIncluded")::add);
        if (!unreadable.isEmpty()) {
            ((ArrayNode) report.get("notIncluded")).add(UNREADABLE);
        }
        if (recordUnreadable) {
            ((ArrayNode) report.get("notIncluded")).add(UNREADABLE_RECORD);
        }
        LOG.info("Access request for {}: {} sessions, {} deferred starts, {} campaigns", phone, sessions.size(),
                deferred.size(), campaigns.size());
        return report;
    }

    private ObjectNode rows(List<String> header, List<CampaignRespondentRows.NamingRow> rows) {
        ObjectNode file = json.createObjectNode();
        header.forEach(file.putArray("header")::add);
        ArrayNode list = file.putArray("rows");
        for (CampaignRespondentRows.NamingRow row : rows) {
            ObjectNode each = list.addObject();
            each.put("row", row.row());
            if (row.cells() != null) {
                row.cells().forEach(each.putArray("cells")::add);
            } else {
                each.put("text", row.text());
            }
        }
        return file;
    }

    private ObjectNode consent(Respondent record) {
        ObjectNode fields = json.createObjectNode();
        fields.put("optedOut", record.optedOut());
        putIfSet(fields, "optedOutAt", text(record.optedOutAt()));
        putIfSet(fields, "optOutSource", record.optOutSource());
        putIfSet(fields, "optedInAt", text(record.optedInAt()));
        putIfSet(fields, "endedOptOutAt", text(record.endedOptOutAt()));
        putIfSet(fields, "endedOptOutSource", record.endedOptOutSource());
        putIfSet(fields, "lastAskedAt", text(record.lastAskedAt()));
        putIfSet(fields, "notMobileAt", text(record.notMobileAt()));
        if (record.history() != null) {
            record.history().writeTo(fields);
        }
        return fields;
    }

    /**
     * What the session's inbox keeps of its exchanges with Twilio: the call's {@code callSid}, and per text applied its
     * {@code messageSid} and the {@code replies} it was answered with (texts sent to the number, the last one repeating
     * the answers); not the previous session's texts it keeps to know their repeats. Null when it keeps none. Its turn
     * bookkeeping (delivery ids, the call's last TwiML, a fixed prompt) is left out.
     */
    private ObjectNode twilio(Inbox inbox) {
        if (inbox.callSid() == null && !inbox.textedInThisSession()) {
            return null;
        }
        ObjectNode twilio = json.createObjectNode();
        if (inbox.callSid() != null) {
            twilio.put("callSid", inbox.callSid());
        }
        if (inbox.textedInThisSession()) {
            ArrayNode texts = twilio.putArray("texts");
            // The previous session's texts, kept to know their repeats, are that session's: shown there.
            for (Inbox.InboundMessage message : inbox.messages().stream()
                    .filter(message -> !message.earlierSession()).toList()) {
                ObjectNode text = texts.addObject();
                text.put("messageSid", message.messageSid());
                message.replies().forEach(text.putArray("replies")::add);
            }
        }
        return twilio;
    }

    private static void putIfSet(ObjectNode fields, String name, ObjectNode value) {
        if (value != null) {
            fields.set(name, value);
        }
    }

    private static void putIfSet(ObjectNode fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
