package com.surveyrelay.campaign;

import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;

/**
 * One row of a campaign file, as written, with its start request when the row is valid.
 *
 * @param row the line the row is on (the header is line 1)
 * @param channel the channel cell as written
 * @param startChannel the channel that cell names (any case); null for a refused row
 * @param verdict the row's result decided by reading the file alone (malformed or invalid); null for a row to
 *     start
 * @param duplicateOf for a row to start, the first earlier row of the file that asks the same survey of the same
 *     number (see {@link CampaignRowDuplicates}): this row is skipped {@code duplicate_row} unless every row before it
 *     that asks it failed; null for the first row that asks it, and for a refused row
 */
public record CampaignRow(int row, String phone, String channel, String language, String surveyId,
        Channel startChannel, InitiationRequest request, RowResult verdict, Integer duplicateOf) {

    /**
     * @param languageTag the row's language in canonical case ({@code es-mx} is {@code es-MX})
     * @param duplicateOf the first earlier row asking the same survey of the same number; null when none does
     */
    static CampaignRow toStart(int row, String phone, String channel, String language, String surveyId,
            Channel startChannel, E164 to, String languageTag, Integer duplicateOf) {
        return new CampaignRow(row, phone, channel, language, surveyId, startChannel,
                new InitiationRequest(to, languageTag, surveyId), null, duplicateOf);
    }

    static CampaignRow refused(int row, String phone, String channel, String language, String surveyId,
            RowResult.Outcome outcome, String reason, String detail) {
        return new CampaignRow(row, phone, channel, language, surveyId, null, null,
                new RowResult(row, phone, channel, language, surveyId, outcome, reason, detail, null), null);
    }

    RowResult result(RowResult.Outcome outcome, String reason, String detail, String sessionId) {
        return new RowResult(row, phone, channel, language, surveyId, outcome, reason, detail, sessionId);
    }

    /** The masked number for logs; a row's full number never goes above DEBUG. */
    String maskedPhone() {
        return request == null ? "(invalid)" : request.to().masked();
    }
}
