package com.surveyrelay.campaign;

import com.surveyrelay.schedule.ScheduledStartEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Notes in the campaign's folder how each of its rows deferred by quiet hours ended when it fell due, so
 * {@code GET /campaigns/{id}} can say how many started: the row's start fires from {@code scheduled-starts}, long
 * after the campaign's run wrote {@code scheduled} in its results file. The row is known by its start's key,
 * {@code campaign-row:<campaignId>:<row>} ({@link RowTask#idempotencyKey}); other deferred starts are not
 * campaigns'. A note that fails to be written only logs: the row's outcome is in the trigger ledger all the same.
 */
@Component
class CampaignDeferredRowsNotes {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignDeferredRowsNotes.class);

    private final CampaignStore store;

    CampaignDeferredRowsNotes(CampaignStore store) {
        this.store = store;
    }

    @EventListener
    void on(ScheduledStartEnded ended) {
        String key = ended.idempotencyKey();
        if (key == null || !key.startsWith(RowTask.KEY_PREFIX)) {
            return;
        }
        String rest = key.substring(RowTask.KEY_PREFIX.length());
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || !CampaignId.isValid(rest.substring(0, colon))) {
            return;
        }
        int row;
        try {
            row = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            return;
        }
        try {
            store.noteDeferredRow(rest.substring(0, colon), row, ended.started(),
                    ended.started() ? ended.sessionId() : ended.code());
        } catch (RuntimeException e) {
            LOG.warn("Campaign {} row {}: its deferred start ended, but noting it failed: {}", rest.substring(0, colon),
                    row, e.toString());
        }
    }
}
