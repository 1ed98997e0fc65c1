package com.surveyrelay.schedule;

/**
 * The pace campaign rows start at ({@code CAMPAIGN_RATE_PER_SECOND}), which a campaign row deferred by quiet hours
 * keeps
 * when it falls due: a night's deferred rows all fell due at the opening of contact hours, and went out back to back
 * (15 a second at a rate of 1), over the rate the account's Twilio numbers allow.
 */
@FunctionalInterface
public interface CampaignRowPace {

    /** Takes the next slot of the pace: how many milliseconds to wait for it (0 when it is now). */
    long millisUntilNextSlot();
}
