package com.surveyrelay.campaign;

/**
 * One row of a campaign on its way through a lane of the {@code campaign-run} route.
 *
 * @param resumed whether the run resumes a campaign that had started before it (after a restart), whose rows may
 *     have been claimed under {@link #legacyKey()}
 */
public record RowTask(String campaignId, CampaignRow row, CampaignProgress progress, boolean resumed) {

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
