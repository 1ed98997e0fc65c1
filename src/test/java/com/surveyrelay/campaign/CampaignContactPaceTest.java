package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CampaignContactPaceTest {

    /** The next contact's turn is 100 s away (one a hundred seconds); the clock does not move. */
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final CampaignContactPace pace = new CampaignContactPace(
            new CampaignPacer(new BigDecimal("0.01"), now::get));

    @Test
    void theFirstContactGoesAtOnce() {
        long started = System.nanoTime();
        assertThat(pace.awaitTurn()).as("not interrupted").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * The instance stopping interrupts a lane waiting for its contact's turn: its session is stored, so the contact
     * goes at once rather than leave it open with nobody asked, with the interrupt cleared (an HTTP or S3 client
     * aborts a request on an interrupted thread) and reported, for the start to set again once done.
     */
    @Test
    void anInterruptedWaitReturnsAtOnceWithTheInterruptClearedAndReported() {
        pace.awaitTurn();
        long started = System.nanoTime();
        assertThat(awaitTurnInterrupted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 100 s to its turn")
                .isLessThan(Duration.ofSeconds(10));
    }

    /**
     * A lane interrupted before it asks, whose contact's turn is now, kept the flag: the start's Twilio request then
     * failed on the interrupted thread. The flag is cleared and reported as for a wait.
     */
    @Test
    void anInterruptBeforeATurnThatIsNowIsClearedAndReported() {
        assertThat(awaitTurnInterrupted()).as("reported, for the start to set again").isTrue();
    }

    /** Asks for a turn on an interrupted thread: what it answered, once the flag was found cleared. */
    private boolean awaitTurnInterrupted() {
        Thread.currentThread().interrupt();
        try {
            boolean interrupted = pace.awaitTurn();
            assertThat(Thread.currentThread().isInterrupted()).as("cleared for the contact").isFalse();
            return interrupted;
        } finally {
            Thread.interrupted();
        }
    }
}
