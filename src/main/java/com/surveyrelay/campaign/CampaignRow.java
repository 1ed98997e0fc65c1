package com.surveyrelay.campaign;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.time.ZoneId;

/**
 * One row of a campaign file, as written, with its start request when the row is valid.
 *
 * @param row the line the row is on (the header is line 1)
 * @param channel the channel cell as written
 * @param timeZone the {@code timeZone} cell as written, null when blank or when the file has no such column; for a row
 *     to start, the zone it names is the request's ({@link InitiationRequest#timeZone()}), judging its quiet hours
 * @param startChannel the channel that cell names (any case); null for a refused row
 * @param verdict the row's result decided by reading the file alone (malformed or invalid); null for a row to
 *     start
 * @param duplicateOf for a row to start, the first earlier row of the file that asks the same survey of the same
 *     number (see {@link CampaignRowDuplicates}): this row is skipped {@code duplicate_row} unless every row before it
 *     that asks it failed; null for the first row that asks it, and for a refused row
 */
public record CampaignRow(int row, String phone, String channel, String language, String surveyId,
        String timeZone, Channel startChannel, InitiationRequest request, RowResult verdict, Integer duplicateOf) {

    /**
     * @param languageTag the row's language in canonical case ({@code es-mx} is {@code es-MX})
     * @param zone the zone {@code timeZone} names, or null to judge quiet hours in the number's zones
     * @param duplicateOf the first earlier row asking the same survey of the same number; null when none does
     */
    static CampaignRow toStart(int row, String phone, String channel, String language, String surveyId,
            String timeZone, Channel startChannel, E164 to, String languageTag, ZoneId zone, Integer duplicateOf) {
        return new CampaignRow(row, phone, channel, language, surveyId, timeZone, startChannel,
                new InitiationRequest(to, languageTag, surveyId, zone), null, duplicateOf);
    }

    static CampaignRow refused(int row, String phone, String channel, String language, String surveyId,
            String timeZone, RowResult.Outcome outcome, String reason, String detail) {
        return new CampaignRow(row, phone, channel, language, surveyId, timeZone, null, null,
                new RowResult(row, phone, channel, language, surveyId, outcome, reason, detail, null, timeZone), null);
    }

    RowResult result(RowResult.Outcome outcome, String reason, String detail, String sessionId) {
        return new RowResult(row, phone, channel, language, surveyId, outcome, reason, detail, sessionId, timeZone);
    }

    /** The masked number for logs; a row's full number never goes above DEBUG. */
    String maskedPhone() {
        return request == null ? "(invalid)" : request.to().masked();
    }
}
