package com.surveyrelay.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which earlier call survey keeps a number from a new one: one in progress, for up to four hours after its last step;
 * one whose call never reached its first webhook (Twilio did not confirm it was placed), for fifteen minutes, where it
 * held the number for four hours.
 */
class CallsInProgressTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final E164 TO = new E164("+15550100321");
    private static final String EARLIER = "0b0f5c1e-6a57-4e8e-9d3a-2f1b7c9e4a10";

    private static CallsInProgress callsWithEarlier(SessionStep step, Duration ago) {
        CallPointers pointers = mock(CallPointers.class);
        SessionStore store = mock(SessionStore.class);
        when(pointers.find(TO)).thenReturn(Optional.of(new CallPointers.CallPointer(EARLIER, "\"p1\"",
                NOW.minus(ago))));
        when(pointers.claim(eq(TO), any(), any())).thenReturn(Optional.of("\"p2\""));
        SurveySession earlier = new SurveySession(EARLIER, "customer-satisfaction", null, TO.value(), Channel.VOICE,
                "en-US", SurveyStatus.STARTED, step, 0, 0, 0, 0, NOW.minus(ago), NOW.minus(ago), null, null, null,
                List.of(), null, null, null, null);
        when(store.findForStatus(new SessionRef(TO, EARLIER))).thenReturn(Optional.of(new StoredSession(earlier,
                Outbox.EMPTY, null, "\"s1\"")));
        return new CallsInProgress(pointers, store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aCallThatNeverReachedItsFirstWebhookFreesTheNumberAfterFifteenMinutes() {
        assertThat(callsWithEarlier(SessionStep.NOT_STARTED, Duration.ofMinutes(16)).claim(TO, "new-session").etag())
                .isEqualTo("\"p2\"");
        assertThatThrownBy(() -> callsWithEarlier(SessionStep.NOT_STARTED, Duration.ofMinutes(14))
                .claim(TO, "new-session")).isInstanceOfSatisfying(HttpProblem.class, refusal ->
                        assertThat(refusal.code()).isEqualTo("survey_in_progress"));
    }

    @Test
    void aCallInProgressHoldsTheNumberForHours() {
        assertThatThrownBy(() -> callsWithEarlier(SessionStep.QUESTION, Duration.ofHours(3)).claim(TO, "new-session"))
                .isInstanceOfSatisfying(HttpProblem.class, refusal ->
                        assertThat(refusal.code()).isEqualTo("survey_in_progress"));
        assertThat(callsWithEarlier(SessionStep.QUESTION, Duration.ofHours(5)).claim(TO, "new-session").etag())
                .isEqualTo("\"p2\"");
    }
}
