package com.surveyrelay.campaign;

import com.surveyrelay.schedule.CancelledCampaignRows;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the firing of deferred starts which campaign rows belong to a cancelled campaign, from the campaign's stored
 * status: one S3 read per row that falls due, none once the campaign is known cancelled (a cancel is never undone).
 */
@Component
class CampaignRowsCancelled implements CancelledCampaignRows {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRowsCancelled.class);

    private final CampaignStore store;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    CampaignRowsCancelled(CampaignStore store) {
        this.store = store;
    }

    @Override
    public boolean isCancelled(String idempotencyKey) {
        Optional<String> campaignId = campaignOf(idempotencyKey);
        if (campaignId.isEmpty()) {
            return false;
        }
        if (cancelled.contains(campaignId.get())) {
            return true;
        }
        try {
            if (store.status(campaignId.get()).filter(CampaignStatus::isCancelled).isPresent()) {
                cancelled.add(campaignId.get());
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            LOG.debug("Campaign {}: whether it was cancelled could not be read ({})", campaignId.get(), e.toString());
            return false;
        }
    }

    /** The campaign of a row's key, {@code campaign-row:<campaignId>:<row>}; empty for any other key. */
    static Optional<String> campaignOf(String idempotencyKey) {
        if (idempotencyKey == null || !idempotencyKey.startsWith(RowTask.KEY_PREFIX)) {
            return Optional.empty();
        }
        String rest = idempotencyKey.substring(RowTask.KEY_PREFIX.length());
        int colon = rest.lastIndexOf(':');
        return colon > 0 && CampaignId.isValid(rest.substring(0, colon))
                ? Optional.of(rest.substring(0, colon)) : Optional.empty();
    }
}
