package com.surveyrelay.campaign;

import com.surveyrelay.web.HttpProblem;
import java.io.InputStream;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /campaigns/{id}/results.csv}: the campaign's results file as stored, so that an operator needs
 * the API key, not S3 credentials, to read it. The file is sent as S3 sends it, never held whole here, its rows
 * deferred by quiet hours as they ended once due ({@link DeferredRowsOverlay}: one S3 listing); while the
 * campaign runs it is the latest copy the runner stored (it rewrites the file every few seconds), and a download is
 * one of those writes whole, since it is one S3 GET.
 */
@Component("campaignResultsDownloads")
public class CampaignResultsDownloads {

    private final CampaignStore store;

    public CampaignResultsDownloads(CampaignStore store) {
        this.store = store;
    }

    /**
     * The campaign's {@code results.csv}: UTF-8, RFC 4180, a header row ({@code row,phone,channel,language,surveyId,
     * outcome,reason,detail,sessionId,timeZone}; a file stored before 2026-12-05 has no {@code timeZone}) then a line
     * a row, byte for byte as stored but for a {@code scheduled} row whose deferred start has ended since, which
     * gives that end ({@link DeferredRowsOverlay}). The caller (the HTTP response) reads and closes it.
     *
     * @throws HttpProblem 404 {@code unknown_campaign} for an id that is not a {@link CampaignId} or names no
     *     campaign; 404 {@code no_results_yet} for a campaign that has stored no results (queued and never started,
     *     or refused as a whole, which never will)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails before the first byte (a 503)
     */
    public InputStream csv(String campaignId) {
        if (!CampaignId.isValid(campaignId)) {
            throw CampaignStatuses.unknown();
        }
        InputStream stored = store.openResults(campaignId).orElseThrow(() -> store.hasStatus(campaignId)
                ? new HttpProblem(404, "no_results_yet", "The campaign has stored no results yet: it has not "
                        + "started, or it was refused (see GET /campaigns/{campaignId}).")
                : CampaignStatuses.unknown());
        Map<Integer, DeferredRowEnd> ends;
        try {
            ends = store.deferredRowEnds(campaignId);
        } catch (RuntimeException e) {
            closeQuietly(stored);
            throw e;
        }
        return ends.isEmpty() ? stored : DeferredRowsOverlay.over(stored, ends);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (java.io.IOException e) {
            // The listing's failure is the one answered.
        }
    }
}
