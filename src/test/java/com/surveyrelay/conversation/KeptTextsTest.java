package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptTextsTest {

    private static final String QUEUE = "http://127.0.0.1:9324/000000000000/sms-retries.fifo";

    /** A queue that no route reads kept an opt-out texted during an S3 outage for good, answered as kept. */
    @Test
    void textsAreKeptOnlyWhenTheRouteThatAppliesThemRuns() {
        assertThat(new KeptTexts(null, QUEUE, false).enabled()).isFalse();
        assertThat(new KeptTexts(null, QUEUE, true).enabled()).isTrue();
        assertThat(new KeptTexts(null, " ", true).enabled()).as("no queue").isFalse();
    }
}
