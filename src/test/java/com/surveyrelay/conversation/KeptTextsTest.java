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

    /** A mistyped queue URL stops the start naming it: until 2026-12-07 it failed every poll with a stack trace. */
    @Test
    void aQueueUrlThatIsNoUrlStopsTheStartNamingTheVariable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KeptTexts(null, "http://127.0.0.1:1", true))
                .isInstanceOf(com.surveyrelay.config.SettingRefused.class)
                .hasMessageStartingWith("SMS_RETRY_QUEUE_URL (survey-relay.sms-retries.queue-url) must be an SQS "
                        + "queue URL");
    }

    /**
     * A picture texted during a storage outage is applied later as a picture (no answer, {@code MediaOnlyText}), not
     * as an empty answer: the kept copy carries its {@code NumMedia}; a copy kept before it did reads as none.
     */
    @Test
    void aKeptTextKeepsHowManyAttachmentsItCarried() throws Exception {
        KeptTexts kept = new KeptTexts(null, QUEUE, true);
        KeptText picture = new KeptText("+15550141402", "", null, "MM" + "b".repeat(32)).withMedia(2);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(picture);
        assertThat(kept.read(json).media()).isEqualTo(2);
        assertThat(kept.read(json).withRepliesToSend(java.util.List.of("a reply"), 1L).media()).isEqualTo(2);
        KeptText plain = new KeptText("+15550141402", "4", null, "SM" + "b".repeat(32)).withMedia(0);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(plain))
                .doesNotContain("numMedia");
        assertThat(kept.read("{\"from\":\"+15550141402\",\"body\":\"\",\"messageSid\":\"MM" + "b".repeat(32)
                + "\"}").media()).isZero();
    }

    /** A copy kept by a newer instance (a rolling upgrade) with a field this one does not know is still read. */
    @Test
    void aKeptTextWithAFieldOfANewerVersionIsRead() {
        KeptText read = new KeptTexts(null, QUEUE, true).read("{\"from\":\"+15550141402\",\"body\":\"4\","
                + "\"messageSid\":\"SM" + "b".repeat(32) + "\",\"addedLater\":{\"any\":1}}");
        assertThat(read.body()).isEqualTo("4");
        assertThat(read.messageSid()).isEqualTo("SM" + "b".repeat(32));
    }

    /**
     * A respondent's later text waits behind a text of theirs this instance kept, until it is seen applied; a repeat
     * of the kept text itself does not wait, nor does another respondent's text.
     */
    @Test
    void aLaterTextWaitsBehindAKeptOneUntilItIsApplied() {
        KeptTexts kept = new KeptTexts(org.mockito.Mockito.mock(software.amazon.awssdk.services.sqs.SqsClient.class),
                QUEUE, true);
        KeptText widget = new KeptText("+15550141402", "Widget", null, "SM" + "e".repeat(32));
        assertThat(kept.mustWait("+15550141402", "SM" + "f".repeat(32))).as("nothing kept").isFalse();

        kept.keep(widget, "0000abcd");

        assertThat(kept.mustWait("+15550141402", "SM" + "f".repeat(32))).isTrue();
        assertThat(kept.mustWait("+15550141402", widget.messageSid())).as("its own repeat").isFalse();
        assertThat(kept.mustWait("+15550141403", "SM" + "f".repeat(32))).as("another respondent").isFalse();
        kept.applied(widget);
        assertThat(kept.mustWait("+15550141402", "SM" + "f".repeat(32))).isFalse();
    }

    /**
     * A repeat of the second of two kept texts waits behind the first, and is known kept (its kept copy answers it);
     * the first's repeat does not wait. Until 2026-12-07 any kept text's repeat went ahead (a breaker's finding).
     */
    @Test
    void aRepeatOfALaterKeptTextWaitsBehindTheEarlierOnes() {
        KeptTexts kept = new KeptTexts(org.mockito.Mockito.mock(software.amazon.awssdk.services.sqs.SqsClient.class),
                QUEUE, true);
        KeptText four = new KeptText("+15550141404", "4", null, "SM" + "a".repeat(32));
        KeptText widget = new KeptText("+15550141404", "Widget", null, "SM" + "b".repeat(32));
        kept.keep(four, "0000abcd");
        kept.keep(widget, "0000abce");

        assertThat(kept.mustWait("+15550141404", four.messageSid())).as("the first: next").isFalse();
        assertThat(kept.mustWait("+15550141404", widget.messageSid())).isTrue();
        assertThat(kept.keptAlready("+15550141404", widget.messageSid())).isTrue();
        assertThat(kept.keptAlready("+15550141404", "SM" + "f".repeat(32))).isFalse();
        kept.applied(four);
        assertThat(kept.mustWait("+15550141404", widget.messageSid())).as("next now").isFalse();
    }
}
