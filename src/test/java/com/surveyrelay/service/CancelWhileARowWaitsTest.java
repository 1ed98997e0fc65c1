package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.conversation.StartedSurvey;
import com.surveyrelay.conversation.SurveyStarts;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.local.LocalTwilioApi.RecordedMessage;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A campaign row's start stores its session, then waits for its contact slot, right before Twilio. A cancel of its
 * campaign in that wait let the text go out all the same (a breaker saw one 25 ms after the cancel was recorded): the
 * row had passed the runner's look for a cancel, and nothing looked again. Now the start asks its pace once its turn
 * comes, and a called-off start sends nothing, ends its session and frees the number.
 */
class CancelWhileARowWaitsTest extends ServiceTest {

    @Autowired
    SurveyStarts starts;

    @Test
    void aCampaignRowHeldAtItsContactSlotSendsNothingOnceItsCampaignIsCancelled() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        HeldContactSlot held = new HeldContactSlot();
        CompletableFuture<StartedSurvey> start = CompletableFuture.supplyAsync(() -> starts.start(
                StartRequest.ofCampaignRow(Channel.SMS, new InitiationRequest(new E164(respondent), null,
                        "customer-satisfaction"), "campaign-row:cancelled-" + UUID.randomUUID() + ":2"),
                held.calledOffWhen(cancelled::get)));
        assertThat(held.reached()).as("the row reached its contact slot").isTrue();
        List<String> stored = keys("survey-results/" + respondent.substring(1) + "/");
        assertThat(stored).as("its session, stored").hasSize(1);

        cancelled.set(true);
        held.give();

        assertThatThrownBy(() -> start.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(409);
                    assertThat(problem.code()).isEqualTo("campaign_cancelled");
                });
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).doesNotContain(respondent);
        JsonNode session = json(object(keys("survey-results/" + respondent.substring(1) + "/").get(0)));
        assertThat(session.path("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(session.path("endReason").asText()).isEqualTo("not-delivered:campaign_cancelled");

        HttpResponse<String> next = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(next.statusCode()).as("the number is free for the next survey: " + next.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).contains(respondent);
    }

    @Test
    void aRowNotCalledOffSendsItsTextAsBefore() throws Exception {
        HeldContactSlot held = new HeldContactSlot();
        CompletableFuture<StartedSurvey> start = CompletableFuture.supplyAsync(() -> starts.start(
                StartRequest.ofCampaignRow(Channel.SMS, new InitiationRequest(new E164(respondent), null,
                        "customer-satisfaction"), "campaign-row:going-on-" + UUID.randomUUID() + ":2"),
                held.calledOffWhen(() -> false)));
        assertThat(held.reached()).isTrue();
        held.give();

        assertThat(start.get(20, TimeUnit.SECONDS).sessionId()).isNotNull();
        assertThat(SERVICES.twilio().messages()).extracting(RecordedMessage::to).contains(respondent);
    }
}
