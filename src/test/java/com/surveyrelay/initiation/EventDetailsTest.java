package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.web.HttpProblem;
import org.junit.jupiter.api.Test;

/** A start request written as an event: its fields, and which fault a dead letter names first. */
class EventDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String refusal(String detail) {
        try {
            EventDetails.read(JSON.readTree(detail), null, null);
        } catch (HttpProblem problem) {
            return problem.code();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        throw new AssertionError("accepted: " + detail);
    }

    @Test
    void theNumberIsCheckedFirstThenTheChannelThenTheRest() {
        assertThat(refusal("{\"to\":\"555\",\"channel\":\"fax\",\"language\":\"english\"}")).isEqualTo("invalid_to");
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"fax\",\"language\":\"english\"}"))
                .isEqualTo("invalid_channel");
        assertThat(refusal("{\"to\":\"+15551230001\",\"language\":\"english\"}")).isEqualTo("missing_channel");
        assertThat(refusal("{\"to\":\"+15551230001\",\"channel\":\"sms\",\"language\":\"english\"}"))
                .isEqualTo("unknown_language");
    }

    @Test
    void anEventBridgeEventIsReadFromItsDetailWithItsIdAsTheKey() throws Exception {
        StartRequest request = EventDetails.read(JSON.readTree("""
                {"detail-type":"Survey Requested","source":"crm","id":"evt-1",
                 "detail":{"to":" +15551230001 ","channel":"voice","language":"es-MX",
                           "timeZone":"America/Chicago"}}"""),
                null, null);
        assertThat(request.channel()).isEqualTo(Channel.VOICE);
        assertThat(request.request().to().value()).isEqualTo("+15551230001");
        assertThat(request.request().language()).isEqualTo("es-MX");
        assertThat(request.request().timeZone()).hasToString("America/Chicago");
        assertThat(request.idempotencyKey()).isEqualTo("event:evt-1");
    }

    @Test
    void aBareDetailWithAFieldItDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> EventDetails.read(JSON.readTree("{\"to\":\"+15551230001\",\"channel\":\"sms\","
                + "\"lang\":\"en-US\"}"), null, null)).isInstanceOfSatisfying(HttpProblem.class, problem ->
                        assertThat(problem.code()).isEqualTo("unknown_field"));
    }
}
