package com.surveyrelay.campaign;

import java.util.List;

/**
 * One row of a campaign on its way through a lane of the {@code campaign-run} route.
 *
 * @param resumed whether the run resumes a campaign that had started before it (after a restart), whose rows may
 *     have been claimed under {@link #legacyKey()}
 * @param duplicates the later rows of the file asking the same survey of the same number, in file order, still
 *     without a result: started in turn, in this lane, only while the rows before them fail (see
 *     {@link CampaignRowDuplicates})
 */
public record RowTask(String campaignId, CampaignRow row, CampaignProgress progress, boolean resumed,
        List<CampaignRow> duplicates) {

    public RowTask {
        duplicates = List.copyOf(duplicates);
    }

    /** A row no later row repeats. */
    RowTask(String campaignId, CampaignRow row, CampaignProgress progress, boolean resumed) {
        this(campaignId, row, progress, resumed, List.of());
    }

    /** The task of the first of {@link #duplicates}, with the rest after it; only when there is one. */
    RowTask nextDuplicate() {
        return new RowTask(campaignId, duplicates.get(0), progress, resumed, duplicates.subList(1, duplicates.size()));
    }

    /** Prefix of a campaign row's key; a caller's bus {@code idempotencyKey} may not have it. */
    public static final String KEY_PREFIX = "campaign-row:";

    /**
     * The row's start request key, {@code campaign-row:<campaignId>:<row>}: a restarted campaign meets the same keys
     * and sends nothing twice. Its prefix keeps it apart from the keys callers choose.
     */
    String idempotencyKey() {
        return KEY_PREFIX + legacyKey();
    }

    /**
     * The key rows were claimed with before their keys had a prefix, {@code <campaignId>:<row>}: a campaign under
     * way across the upgrade resumes with rows claimed under it. A caller's key of this shape is not refused, so it
     * is looked up only in resumed runs.
     */
    String legacyKey() {
        return campaignId + ":" + row.row();
    }
}
