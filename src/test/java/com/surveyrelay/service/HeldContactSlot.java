package com.surveyrelay.service;

import com.surveyrelay.conversation.ContactPace;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A start's pace that holds it at its contact slot (its key claimed, its session stored, nothing sent yet) until the
 * test {@link #give}s the slot, or for 20 s at most: a start caught half way, for as long as the test needs.
 */
final class HeldContactSlot implements ContactPace {

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch given = new CountDownLatch(1);

    @Override
    public boolean awaitTurn() {
        reached.countDown();
        try {
            return !given.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** True once the start waits at its slot, within 20 s. */
    boolean reached() throws InterruptedException {
        return reached.await(20, TimeUnit.SECONDS);
    }

    /** Lets the held start make its contact. */
    void give() {
        given.countDown();
    }
}
