package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A bus request whose idempotency key is claimed by a first request without an outcome came again every visibility
 * timeout (30 s) and was dead-lettered {@code idempotency_key_in_use} on its {@code TRIGGER_MAX_RECEIVES}-th receive
 * (2.5 minutes), before the five minutes after which it takes an abandoned claim over. It now comes again when the
 * claim may be taken over, uncounted: here with one receive allowed, so that a counted wait is dead-lettered at once.
 * Claims are placed a few seconds short of five minutes old on the service's clock, which the test moves.
 */
@Import(TestClock.Config.class)
@TestPropertySource(properties = {"survey-relay.triggers.max-receives=1",
        // Only the test moves its clock: a periodic sweep must not expire other classes' sessions meanwhile, nor a
        // poll fire other classes' deferred starts as due.
        "survey-relay.outbox.sweep-interval=1h", "survey-relay.consent.scheduled-starts-poll=1h"})
class ClaimedKeyBusTriggerTest extends ServiceTest {

    /** How long before a claim may be taken over its repeat arrives: long enough to be received within it. */
    private static final Duration SHORT_OF_TAKEOVER = Duration.ofSeconds(8);

    @Autowired
    TestClock clock;

    @Autowired
    TriggerLedger ledger;

    @Autowired
    SurveyStarts starts;

    @Value("${survey-relay.triggers.queue-url}")
    String triggerQueueUrl;

    @Value("${survey-relay.triggers.dead-letter-queue-url}")
    String deadLetterQueueUrl;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    private String request(String key) {
        return "{\"to\": \"" + respondent + "\", \"channel\": \"sms\", \"idempotencyKey\": \"" + key + "\"}";
    }

    private void enqueue(String body) {
        try (SqsClient sqs = SERVICES.sqs().client()) {
            sqs.sendMessage(send -> send.queueUrl(triggerQueueUrl).messageBody(body));
        }
    }

    /** The trigger queue's messages waiting and in flight. */
    private Map<QueueAttributeName, String> queued() {
        try (SqsClient sqs = SERVICES.sqs().client()) {
            return sqs.getQueueAttributes(get -> get.queueUrl(triggerQueueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        }
    }

    private List<Message> deadLetters() {
        try (SqsClient sqs = SERVICES.sqs().client()) {
            return sqs.receiveMessage(receive -> receive.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
        }
    }

    private List<String> textsTo(String number) {
        return SERVICES.twilio().messages().stream().filter(message -> message.to().equals(number))
                .map(message -> message.body()).toList();
    }

    /**
     * The request was received and stays on the queue, in flight, put off: not dead-lettered, nor deleted as a
     * repeat. (Within the queue's own 30 s visibility timeout either way: its second delivery is checked by the
     * caller's time limit.)
     */
    private void assertReceivedAndKeptOnTheQueue() {
        await("the request received").atMost(Duration.ofSeconds(10)).until(() -> "1".equals(queued().get(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        await("the request kept in flight, neither dead-lettered nor deleted").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() -> queued().equals(Map.of(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0",
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1")));
    }

    private void awaitQueueDrained(Duration atMost) {
        await().atMost(atMost).until(() -> queued().values().stream().allMatch("0"::equals));
    }

    @Test
    void aRequestMeetingAnAbandonedClaimWaitsForItAndStartsOnceItIsTakenOver() {
        deadLetters();
        String key = "order-" + UUID.randomUUID();
        String abandonedSession = SessionStore.newSessionId();
        assertThat(ledger.claim(key, clock.instant().minus(Duration.ofMinutes(5)).plus(SHORT_OF_TAKEOVER), null,
                abandonedSession)).isPresent();

        enqueue(request(key));

        assertReceivedAndKeptOnTheQueue();
        // Its second delivery comes when the claim may be taken over, not after the queue's 30 s.
        await().atMost(SHORT_OF_TAKEOVER.plusSeconds(10)).untilAsserted(() -> assertThat(textsTo(respondent))
                .singleElement().asString().startsWith("Hi"));
        awaitQueueDrained(Duration.ofSeconds(10));
        assertThat(ledger.find(key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isNotEqualTo(abandonedSession);
        });
        assertThat(deadLetters()).isEmpty();
        assertThat(textsTo(respondent)).hasSize(1);
    }

    /**
     * The first request is still starting (held at its contact slot, its session stored) when its repeat arrives; it
     * then ends {@code started}, and the repeat, delivered again when the claim could have been taken over, is a
     * duplicate: one text, nothing dead-lettered, the queue empty.
     */
    @Test
    void aRequestMeetingAClaimThatEndsStartedIsThenADuplicate() throws Exception {
        deadLetters();
        String key = "order-" + UUID.randomUUID();
        HeldContactSlot held = new HeldContactSlot();
        CompletableFuture<StartedSurvey> first = CompletableFuture.supplyAsync(() -> starts.start(new StartRequest(
                Channel.SMS, new InitiationRequest(new E164(respondent), null, null), key), held));
        try {
            assertThat(held.reached()).as("the first request reached its contact slot").isTrue();
            clock.advance(Duration.ofMinutes(5).minus(SHORT_OF_TAKEOVER));

            enqueue(request(key));

            assertReceivedAndKeptOnTheQueue();
        } finally {
            held.give();
        }
        StartedSurvey started = first.get(20, TimeUnit.SECONDS);
        assertThat(started.sessionId()).isNotNull();
        awaitQueueDrained(SHORT_OF_TAKEOVER.plusSeconds(10));
        assertThat(ledger.find(key)).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo("started");
            assertThat(entry.sessionId()).isEqualTo(started.sessionId());
        });
        assertThat(deadLetters()).isEmpty();
        assertThat(textsTo(respondent)).hasSize(1);
    }
}
