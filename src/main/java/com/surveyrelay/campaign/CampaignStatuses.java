package com.surveyrelay.campaign;

import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /campaigns} and {@code GET /campaigns/{id}}: live counts for a campaign running on this
 * instance, the bucket's copy for any other (finished, queued, or running elsewhere).
 */
@Component("campaignStatuses")
public class CampaignStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignStatuses.class);

    private final CampaignRunner runner;
    private final CampaignStore store;
    private final CampaignProperties settings;
    private final CampaignSizeLimit limit;
    private final Clock clock;

    public CampaignStatuses(CampaignRunner runner, CampaignStore store, CampaignProperties settings,
            CampaignSizeLimit limit, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.settings = settings;
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * The campaign's status, and for one with rows deferred by quiet hours what became of those that fell due (one
     * listing of its {@code deferred/} folder per 1,000 rows). A campaign waiting for an instance with more heap than
     * this one (received by such an instance, and no instance running it now) says so in its {@code reason}, as the
     * runner's warning does in this instance's log.
     *
     * @throws HttpProblem 404 {@code unknown_campaign}; 500 {@code campaign_status_unreadable} when the stored
     *     {@code status.json} is not a status (not JSON, or not its shape), logged as a warning naming the campaign
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (answered 503 by the route)
     */
    public CampaignReport status(String campaignId) {
        if (!CampaignId.isValid(campaignId)) {
            throw unknown();
        }
        CampaignStatus status = runner.live(campaignId)
                .or(() -> stored(campaignId).map(stored -> stored.at(settings)).map(this::withHeapWait)
                        .map(this::withStaleRun))
                .orElseThrow(CampaignStatuses::unknown);
        return CampaignReport.of(status, status.scheduled() > 0 ? store.deferredRows(campaignId) : null);
    }

    private Optional<CampaignStatus> stored(String campaignId) {
        try {
            return store.status(campaignId);
        } catch (UnreadableCampaignStatus unreadable) {
            throw unreadable("GET /campaigns/" + campaignId, campaignId, unreadable);
        }
    }

    /**
     * The answer to a request about a campaign whose stored status is not one: not storage failing (a 503 would
     * invite a retry that cannot help), the object needs mending. Logged as a warning naming the request.
     */
    static HttpProblem unreadable(String request, String campaignId, UnreadableCampaignStatus unreadable) {
        LOG.warn("{} answered 500 campaign_status_unreadable: {}", request, unreadable.getMessage());
        return new HttpProblem(500, "campaign_status_unreadable", "The campaign's stored status (campaigns/"
                + campaignId + "/status.json) is not readable, so its progress cannot be shown and it is not run; "
                + "it needs mending or deleting in the bucket.");
    }

    /**
     * A stored {@code running} status no instance has written for longer than a heartbeat and a half, with why nothing
     * moves: its instance may have died, and another takes it up once {@link CampaignRunner#ABANDONED_AFTER} passed
     * and it looks (each {@link CampaignRunner#HEARTBEAT}). Until 2026-12-07 it read running, with its ETA, for some
     * three minutes after a {@code kill -9}, no word said (an operator's probe).
     */
    private CampaignStatus withStaleRun(CampaignStatus stored) {
        Instant now = clock.instant();
        if (stored.reason() != null || !CampaignStatus.RUNNING.equals(stored.state()) || stored.updatedAt() == null
                || stored.updatedAt().isAfter(now.minus(CampaignRunner.HEARTBEAT.multipliedBy(3).dividedBy(2)))) {
            return stored;
        }
        Instant takenUpBy = stored.updatedAt().plus(CampaignRunner.ABANDONED_AFTER).plus(CampaignRunner.HEARTBEAT);
        return stored.waitingFor("No instance has stored its progress since " + stored.updatedAt().truncatedTo(
                ChronoUnit.SECONDS) + " (the instance running it may have stopped): an instance "
                + (takenUpBy.isAfter(now) ? "takes it up by about " + takenUpBy.truncatedTo(
                        ChronoUnit.SECONDS) : "takes it up at its next look, within a minute")
                + ", and its rows go on then; none is sent twice.");
    }

    /** The stored status, with why it waits when it is unfinished, run nowhere, and too large for this heap. */
    private CampaignStatus withHeapWait(CampaignStatus stored) {
        if (!stored.isUnfinished() || stored.runningElsewhere(clock.instant(), CampaignRunner.ABANDONED_AFTER)
                || limit.heapHolds(stored.total())) {
            return stored;
        }
        return stored.waitingFor("Its " + stored.total() + " rows are more than the heap of the instance answering ("
                + limit.maxHeapMib() + " MiB) holds while they run (" + limit.heapRows() + " rows): that instance "
                + "cannot run it, and an instance with more heap (-Xmx) can. To run it on this one, split the file.");
    }

    public Map<String, List<String>> list() {
        return Map.of("campaigns", store.ids());
    }

    static HttpProblem unknown() {
        return new HttpProblem(404, "unknown_campaign", "There is no campaign with that id.");
    }
}
