package com.surveyrelay.campaign;

import com.surveyrelay.conversation.ContactPace;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The campaign rate ({@code CAMPAIGN_RATE_PER_SECOND}) where Twilio counts it: a campaign row's text or call request
 * waits, after its session is stored, until {@code 1 / rate} seconds after the one before, across every lane,
 * campaign and deferred row of this instance.
 *
 * <p>Why a second pace after {@link CampaignPacer}'s: the row pace spaces the starts, but between its slot and Twilio
 * a start makes several S3 writes (the ledger claim, the number's pointer, the open-session marker, the session),
 * and those take a varying few milliseconds, up to whole seconds when the store is slow. A start slowed so reached
 * Twilio together with the rows after it, and a second held more than the rate (24 at 20 a second in a CI run).
 * Spaced again here, the requests keep the rate in every second; the wait is about the spread of those S3 times,
 * since the row pace already spaced the starts. Rows still start at the row pace, so no lane holds a stored,
 * uncontacted session for longer than that spread.
 */
@Component("campaignContactPace")
public class CampaignContactPace implements ContactPace {

    private final CampaignPacer slots;

    @Autowired
    public CampaignContactPace(CampaignProperties settings) {
        this(new CampaignPacer(settings));
    }

    /** @param slots the spacing, its own (a pacer shared with the row pace would count every row twice) */
    CampaignContactPace(CampaignPacer slots) {
        this.slots = slots;
    }

    /**
     * Waits for this contact's slot, as {@link ContactPace#awaitTurn} says. A thread interrupted before it asks, whose
     * slot is now, is reported and its flag cleared too: it kept the flag, and the start's HTTP or S3 request after
     * the wait was aborted.
     *
     * @return true when the thread was or got interrupted (its flag now cleared, for the caller to set again)
     */
    @Override
    public boolean awaitTurn() {
        long wait = slots.millisUntilNextSlot();
        if (wait <= 0) {
            return Thread.interrupted();
        }
        try {
            Thread.sleep(wait);
            return false;
        } catch (InterruptedException stopping) {
            return true;
        }
    }
}
