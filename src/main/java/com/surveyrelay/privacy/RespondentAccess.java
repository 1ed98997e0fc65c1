package com.surveyrelay.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.surveyrelay.consent.RespondentConsent;
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
 *   when set; ISO-8601 UTC times);
 *   <li>{@code sessions}: every session of every survey the number took, as the results sink holds them (answers,
 *   times, status, channel, language), oldest key first, without the service's bookkeeping (outbox, inbox);
 *   <li>{@code deferredStarts}: surveys waiting for the number's contact hours ({@code scheduledFor},
 *   {@code surveyId}, {@code channel}, {@code language}, {@code requestedAt});
 *   <li>{@code notIncluded}: what holds the number and is not in this answer, one sentence each.
 * </ul>
 * Reads only; a number the service never saw gets empty lists and a consent record with {@code optedOut} false.
 */
@Component("respondentAccess")
public class RespondentAccess {

    private static final Logger LOG = LoggerFactory.getLogger(RespondentAccess.class);
    static final List<String> NOT_INCLUDED = List.of(
            "Events published to the event bus carry the same sessions' answers; their consumers hold their own "
                    + "copies.",
            "Campaign files (campaigns/<id>/campaign.csv and results.csv) that list the number are not searched.");

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
     */
    public ObjectNode report(E164 phone) {
        ObjectNode report = json.createObjectNode();
        report.put("phone", phone.value());
        report.set("consent", consent(consent.record(phone)));
        ArrayNode sessions = report.putArray("sessions");
        for (StoredSession stored : footprint.sessions(phone)) {
            sessions.add(json.valueToTree(stored.session()));
        }
        ArrayNode deferred = report.putArray("deferredStarts");
        for (RespondentFootprint.DeferredStart each : footprint.deferredStarts(phone)) {
            ObjectNode start = deferred.addObject();
            start.put("scheduledFor", text(each.start().scheduledFor()));
            start.put("surveyId", each.start().surveyId());
            start.put("channel", each.start().channel());
            start.put("language", each.start().language());
            start.put("requestedAt", text(each.start().requestedAt()));
        }
        NOT_INCLUDED.forEach(report.putArray("notIncluded")::add);
        LOG.info("Access request for {}: {} sessions, {} deferred starts", phone, sessions.size(), deferred.size());
        return report;
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
        return fields;
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
