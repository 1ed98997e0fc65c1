package com.surveyrelay.campaign;

import com.surveyrelay.schedule.CancelledCampaignRows;
import com.surveyrelay.schedule.ScheduledStart;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Tells the firing of deferred starts which campaign rows belong to a cancelled campaign, from the campaign's stored
 * status: one S3 read per campaign every {@link #NOT_CANCELLED_FOR} while its rows fall due (a night's rows of one
 * campaign read it once every few seconds, not once each), none once the campaign is known cancelled (a cancel is
 * never undone).
 */
@Component
class CampaignRowsCancelled implements CancelledCampaignRows {

    /** How long a campaign read as not cancelled is taken as such: a cancel reaches its deferred rows within this. */
    static final Duration NOT_CANCELLED_FOR = Duration.ofSeconds(5);

    private final CampaignStore store;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    /** Campaigns read as not cancelled, and until when ({@link System#nanoTime()}) that answer holds. */
    private final Map<String, Long> notCancelledUntil = new ConcurrentHashMap<>();

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
        Long until = notCancelledUntil.get(campaignId.get());
        if (until != null && System.nanoTime() - until < 0) {
            return false;
        }
        // A storage failure goes up: the poll ends, and the row is looked at again at the next, never fired unread.
        if (store.status(campaignId.get()).filter(CampaignStatus::isCancelled).isPresent()) {
            cancelled.add(campaignId.get());
            notCancelledUntil.remove(campaignId.get());
            return true;
        }
        notCancelledUntil.put(campaignId.get(), System.nanoTime() + NOT_CANCELLED_FOR.toNanos());
        return false;
    }

    /**
     * Takes the campaign for cancelled from now on, without a read: a cancel made on this instance reaches its deferred
     * rows here at once, where a campaign read as not cancelled a moment before was taken as such for up to
     * {@link #NOT_CANCELLED_FOR}.
     */
    void cancelledHere(String campaignId) {
        cancelled.add(campaignId);
        notCancelledUntil.remove(campaignId);
    }

    /** The campaign of a row's key, {@code campaign-row:<campaignId>:<row>}; empty for any other key. */
    static Optional<String> campaignOf(String idempotencyKey) {
        return ScheduledStart.campaignOf(idempotencyKey).filter(CampaignId::isValid);
    }
}
