package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The retries' count, pacing and give-up, with a first wait short enough to watch them all. */
class StatusCallbackRetriesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aStepStorageKeepsRefusingIsTriedSixTimesOverSixtyThreeFirstWaitsThenGivenUpOnce() throws Exception {
        StatusCallbackRetries retries = new StatusCallbackRetries(registry, Duration.ofMillis(20));
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger givenUp = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        retries.retry("session", "Call status", () -> {
            tries.incrementAndGet();
            throw SdkClientException.create("storage unavailable");
        }, () -> {
            givenUp.incrementAndGet();
            done.countDown();
        });
        done.await();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tries).hasValue(StatusCallbackRetries.ATTEMPTS);
        assertThat(givenUp).hasValue(1);
        // 20 + 40 + 80 + 160 + 320 + 640 ms: the waits double from the first.
        assertThat(waitedMillis).isGreaterThanOrEqualTo(63 * 20);
        assertThat(registry.counter(StatusCallbackRetries.RETRIES, "outcome", "failed").count())
                .isEqualTo(StatusCallbackRetries.ATTEMPTS - 1);
        assertThat(registry.counter(StatusCallbackRetries.RETRIES, "outcome", "given_up").count()).isEqualTo(1);
        retries.destroy();
    }

    @Test
    void aStepStorageTakesOnRetryIsCountedStoredAndNotGivenUp() {
        StatusCallbackRetries retries = new StatusCallbackRetries(registry, Duration.ofMillis(5));
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger givenUp = new AtomicInteger();
        retries.retry("session", "Call status", () -> {
            if (tries.incrementAndGet() < 3) {
                throw SdkClientException.create("storage unavailable");
            }
        }, givenUp::incrementAndGet);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.counter(StatusCallbackRetries.RETRIES, "outcome", "stored").count()).isEqualTo(1));
        assertThat(tries).hasValue(3);
        assertThat(givenUp).hasValue(0);
        retries.destroy();
    }

    @Test
    void aFirstWaitUnderOneMillisecondOrOverAMinuteIsRefusedNamingTheSetting() {
        for (Duration wrong : new Duration[] {Duration.ZERO, Duration.ofMillis(-5), Duration.ofSeconds(61)}) {
            assertThatThrownBy(() -> new StatusCallbackRetries(registry, wrong)).as(wrong.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("survey-relay.status-callback-retries.first-wait");
        }
    }
}
