package com.surveyrelay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.consent.RespondentConsent;
import com.surveyrelay.events.SurveyEventSchema;
import com.surveyrelay.storage.RespondentRecords;
import com.surveyrelay.survey.E164;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A start Twilio refused (the REST call creating the text or the call answered 4xx: 21211 an invalid number, 21614 no
 * mobile number) stored its session, with its "Survey Started" event, before asking Twilio: the event contract is that
 * a "Survey Abandoned" with the refusal's reason ({@code not-delivered:invalid_recipient}) follows it, so a consumer
 * counts no such start as a survey under way. A text refused as no mobile number is remembered on the number's record:
 * the next SMS starts to it are refused {@code 422} without asking Twilio (before, each one called Twilio again), and a
 * call is still placed. Twilio's refusals come from the local Twilio API's fault switch ({@code refuse}).
 */
class RefusedStartTest extends ServiceTest {

    /** This class's numbers: +15550142650 to +15550142699. */
    private static final AtomicInteger NUMBERS = new AtomicInteger(2650);

    @Autowired
    RespondentConsent consent;

    @BeforeEach
    void ownNumber() {
        respondent = "+1555014" + NUMBERS.getAndIncrement();
    }

    private HttpResponse<String> refusedStart(String path, int twilioCode) throws Exception {
        SERVICES.twilio().faults().refuse(400, twilioCode);
        try {
            return startSurvey(path, "{\"To\": \"" + respondent + "\"}");
        } finally {
            SERVICES.twilio().faults().clear();
        }
    }

    /** The number's one session, and its events: started, then abandoned with the refusal's reason. */
    private void assertStartedThenAbandoned(String reason) throws Exception {
        List<String> sessions = keys("survey-results/" + respondent.substring(1) + "/");
        assertThat(sessions).hasSize(1);
        JsonNode session = json(object(sessions.get(0)));
        assertThat(session.get("surveyStatus").asText()).isEqualTo("ABANDONED");
        assertThat(session.get("endReason").asText()).isEqualTo(reason);
        String sessionId = session.get("sessionId").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busEvents().stream()
                .filter(event -> sessionId.equals(event.detail().path("sessionId").asText())))
                .extracting(event -> event.detailType() + " " + event.detail().path("reason").asText(""))
                .containsExactly("Survey Started ", "Survey Abandoned " + reason));
        assertThat(busEvents()).allSatisfy(event -> assertThat(SurveyEventSchema.violations(event.detail()))
                .as(event.detail().toString()).isEmpty());
    }

    @Test
    void aCallTwilioRefusedIsFollowedByItsEnd() throws Exception {
        HttpResponse<String> refused = refusedStart("/voice/initiate-call", 21211);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_recipient");
        assertStartedThenAbandoned("not-delivered:invalid_recipient");
    }

    @Test
    void aTextToANumberThatIsNoMobileIsRememberedAndNotAskedOfTwilioAgain() throws Exception {
        HttpResponse<String> refused = refusedStart("/sms/initiate-sms", 21614);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("invalid_recipient");
        assertStartedThenAbandoned("not-delivered:invalid_recipient");

        HttpResponse<String> again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(json(again.body()).get("error").asText()).isEqualTo("invalid_recipient");
        assertThat(json(again.body()).get("message").asText()).contains("as no mobile number")
                .contains("Twilio error 21614").contains("POST /voice/initiate-call");
        assertThat(SERVICES.twilio().messages()).as("Twilio was not asked again").isEmpty();
        assertThat(keys("survey-results/" + respondent.substring(1) + "/")).as("no session for the refused start")
                .hasSize(1);

        SERVICES.emulator().phone(respondent).setManual(true);
        HttpResponse<String> call = startSurvey("/voice/initiate-call", "{\"To\": \"" + respondent + "\"}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().calls()).extracting(placed -> placed.to()).containsExactly(respondent);
    }

    /**
     * Access shows when Twilio refused a text to the number as no mobile number; an erasure removes it with the rest
     * (it is no consent nor contact limit, which the kept consent record is for), so the next SMS start asks Twilio
     * again. Before, the erasure kept it on the consent record, unsaid in the README and in its notErased list.
     */
    @Test
    void anErasureForgetsThatTheNumberIsNoMobile() throws Exception {
        respondent = "+15550143000";
        HttpResponse<String> refused = refusedStart("/sms/initiate-sms", 21614);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        String body = "{\"phone\": \"" + respondent + "\"}";
        JsonNode before = json(post("/respondents/access", "application/json", body, Map.of("X-Api-Key", API_KEY))
                .body());
        assertThat(before.path("consent").path("notMobileAt").asText()).as(before.toString()).isNotEmpty();

        HttpResponse<String> erased = post("/respondents/erasure", "application/json", body,
                Map.of("X-Api-Key", API_KEY));
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);

        JsonNode after = json(post("/respondents/access", "application/json", body, Map.of("X-Api-Key", API_KEY))
                .body());
        assertThat(after.path("consent").has("notMobileAt")).as(after.toString()).isFalse();
        HttpResponse<String> again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().messages()).extracting(message -> message.to()).containsExactly(respondent);
        assertThat(json(erased.body()).path("notErased").toString()).contains("notMobileAt) is removed");
    }

    /** A number that opted out and is remembered as no mobile number is refused as opted out: that is the reason. */
    @Test
    void aNumberOptedOutAndNoMobileIsRefusedAsOptedOut() throws Exception {
        respondent = "+15550143001";
        refusedStart("/sms/initiate-sms", 21614);
        consent.optOut(new E164(respondent), RespondentRecords.Sources.SMS_KEYWORD);

        for (String path : List.of("/sms/initiate-sms", "/voice/initiate-call")) {
            HttpResponse<String> refused = startSurvey(path, "{\"To\": \"" + respondent + "\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused.body()).get("error").asText()).as(path).isEqualTo("recipient_opted_out");
        }
        assertThat(SERVICES.twilio().messages()).isEmpty();
        assertThat(SERVICES.twilio().calls()).isEmpty();
    }

    /** Twilio's other refusals of a text (21211, an invalid number) are not remembered: the next start asks again. */
    @Test
    void anotherRefusalOfATextIsNotRemembered() throws Exception {
        HttpResponse<String> refused = refusedStart("/sms/initiate-sms", 21211);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertStartedThenAbandoned("not-delivered:invalid_recipient");

        HttpResponse<String> again = startSurvey("/sms/initiate-sms", "{\"To\": \"" + respondent + "\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(SERVICES.twilio().messages()).extracting(message -> message.to()).containsExactly(respondent);
    }
}
