package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.local.LocalServices;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A start's conditional writes whose answers S3 lost ({@code LocalS3.loseAnswers}: the write is stored, then the
 * connection dropped before the answer): the AWS SDK sends the write again, and S3 refuses that attempt with
 * {@code 412}, the object being the first attempt's. The start must take it as its own write, not another start's.
 * Until 2026-12-06 the number's pointer answered {@code 409 survey_in_progress} ("started at the same moment") and held
 * the number for a minute, the session's creation {@code 500 internal_error}, and an idempotency key's claim
 * {@code 409 idempotency_key_in_use}.
 */
class StartWritesWithLostAnswersTest extends ServiceTest {

    @AfterEach
    void answersKept() {
        SERVICES.s3().loseAnswers("", 0);
    }

    /** The number's SMS pointer or the session's first write landed, its answer lost. */
    @ParameterizedTest
    @ValueSource(strings = {"sms-conversations/", "survey-results/"})
    void aTextedSurveyStartsWhenAWriteOfItsStartLandedButItsAnswerWasLost(String folder) throws Exception {
        SERVICES.s3().loseAnswers(folder + respondent.substring(1), 1);
        HttpResponse<String> started = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

        HttpResponse<String> reply = twilio(port, "/sms/webhook", Map.of("MessageSid", "SM" + "7".repeat(32),
                "AccountSid", LocalServices.ACCOUNT_SID, "From", respondent, "To", LocalServices.PHONE_NUMBER,
                "Body", "continue"));
        assertThat(reply.body()).contains("First question.");
        assertThat(SERVICES.twilio().messages()).filteredOn(message -> message.to().equals(respondent)).hasSize(1);
    }

    /** The number's call pointer or the session's first write landed, its answer lost. */
    @ParameterizedTest
    @ValueSource(strings = {"call-surveys/", "survey-results/"})
    void aSurveyCallStartsWhenAWriteOfItsStartLandedButItsAnswerWasLost(String folder) throws Exception {
        SERVICES.s3().loseAnswers(folder + respondent.substring(1), 1);
        HttpResponse<String> started = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().calls()).filteredOn(call -> call.to().equals(respondent)).hasSize(1);
    }

    /** The idempotency key's claim landed, its answer lost: the request is its key's first, and a resend a repeat. */
    @ParameterizedTest
    @ValueSource(strings = {"/sms/initiate-sms", "/voice/initiate-call"})
    void aStartWhoseKeysClaimLandedButWhoseAnswerWasLostStartsOnce(String path) throws Exception {
        Map<String, String> headers = Map.of("X-Api-Key", API_KEY, "Idempotency-Key", "lost-claim-" + respondent);
        String body = "{\"To\": \"" + respondent + "\"}";
        SERVICES.s3().loseAnswers("survey-triggers/", 1);
        HttpResponse<String> first = post(path, "application/json", body, headers);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first.body()).path("duplicate").asBoolean(false)).isFalse();

        HttpResponse<String> again = post(path, "application/json", body, headers);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(json(again.body()).get("sessionId")).isEqualTo(json(first.body()).get("sessionId"));
        assertThat(SERVICES.twilio().messages().stream().filter(message -> message.to().equals(respondent)).count()
                + SERVICES.twilio().calls().stream().filter(call -> call.to().equals(respondent)).count())
                .as("one text or call").isEqualTo(1);
    }
}
