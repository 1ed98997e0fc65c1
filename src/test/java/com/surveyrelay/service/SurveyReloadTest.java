package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.LocalServices;
import com.surveyrelay.storage.SurveyCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A new survey-config.json in the bucket takes effect without a restart; a broken one is refused. */
class SurveyReloadTest extends ServiceTest {

    @Autowired
    SurveyCatalog catalog;

    private static void upload(String key, String content) {
        try (S3Client s3 = s3()) {
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key), RequestBody.fromString(content));
        }
    }

    @AfterEach
    void restoreTheShippedSurvey() throws Exception {
        upload("survey-config.json", Files.readString(Path.of("config-files/survey-config.json")));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                catalog.survey(null).questions().get(0).name().equals("questionServiceRate")
                        && catalog.lastRefusal().isEmpty());
    }

    private String firstQuestionOfANewSmsSurvey() throws Exception {
        respondent = newRespondent();
        assertThat(startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}").statusCode()).isEqualTo(201);
        return twilio("/sms/webhook", Map.of("From", respondent, "To", LocalServices.PHONE_NUMBER,
                "Body", "continue")).body();
    }

    @Test
    void aNewConfigurationChangesTheNextSessionsQuestionsWithoutARestart() throws Exception {
        assertThat(firstQuestionOfANewSmsSurvey()).contains("how satisfied are you with our service?");
        upload("survey-config.json", """
                {
                  "surveyId": "customer-satisfaction",
                  "questions": [
                    {"questionName": "questionFeedback", "questionType": "speech"},
                    {"questionName": "questionServiceRate", "questionType": "dtmf", "min": 1, "max": 5},
                    {"questionName": "questionProduct", "questionType": "speech"},
                    {"questionName": "questionAgentRate", "questionType": "dtmf", "min": 1, "max": 5}
                  ]
                }""");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                catalog.survey(null).questions().get(0).name().equals("questionFeedback"));
        assertThat(firstQuestionOfANewSmsSurvey()).contains("Is there anything else you would like us to know?");
    }

    @Test
    void anInvalidConfigurationIsRefusedAndTheLastGoodOneStaysInUse() throws Exception {
        upload("survey-config.json", "{\"questions\": [{\"questionName\": \"q1\", \"questionType\": \"voice\"}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.lastRefusal().isPresent());
        assertThat(catalog.lastRefusal()).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("survey-config.json: questions[0].questionType: unknown question type \"voice\""));
        assertThat(catalog.survey(null).questions()).hasSize(4);
        assertThat(firstQuestionOfANewSmsSurvey()).contains("how satisfied are you with our service?");
    }
}
