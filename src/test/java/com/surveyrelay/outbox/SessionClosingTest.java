package com.surveyrelay.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.SessionStep;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which sessions the relay's sweep closes, as what, and when it looks again. */
class SessionClosingTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final SessionClosing closing = new SessionClosing(Duration.ofHours(24), Duration.ofSeconds(15));

    private static SurveySession session(Channel channel, SurveyStatus status, Instant updatedAt, Instant callEndedAt) {
        return new SurveySession("s-1", "customer-satisfaction", null, "+15551230001", channel, "en-US", status,
                SessionStep.QUESTION, 1, 3, 0, 0, updatedAt, updatedAt, null, null, null, List.of(), callEndedAt, null,
                null, null, null, null, null, null);
    }

    @Test
    void aFinishedSessionIsLeftAloneHoweverOld() {
        assertThat(closing.judge(session(Channel.SMS, SurveyStatus.COMPLETED, NOW.minus(Duration.ofDays(30)), null),
                NOW)).isInstanceOf(SessionClosing.Finished.class);
    }

    @Test
    void aTextedSurveyExpiresAfterTheSmsConversationTimeoutOnly() {
        assertThat(closing.judge(session(Channel.SMS, SurveyStatus.STARTED, NOW.minus(Duration.ofHours(23)), null),
                NOW)).isInstanceOf(SessionClosing.Open.class);
        assertThat(closing.judge(session(Channel.WHATSAPP, SurveyStatus.STARTED, NOW.minus(Duration.ofHours(25)),
                null), NOW)).isEqualTo(new SessionClosing.End(new SurveyInput.Ended(SurveyStatus.ABANDONED, "expired"),
                        "idle for longer than PT24H; closing it as expired"));
    }

    @Test
    void aCallExpiresAfterTwiliosDefaultTimeLimit() {
        assertThat(closing.judge(session(Channel.VOICE, SurveyStatus.STARTED, NOW.minus(Duration.ofMinutes(239)),
                null), NOW)).isInstanceOf(SessionClosing.Open.class);
        assertThat(closing.judge(session(Channel.VOICE, SurveyStatus.STARTED, NOW.minus(Duration.ofMinutes(241)),
                null), NOW)).isInstanceOfSatisfying(SessionClosing.End.class, end ->
                        assertThat(end.ending().reason()).isEqualTo("expired"));
        assertThat(closing.expiry(session(Channel.VOICE, SurveyStatus.STARTED, NOW, null)))
                .isEqualTo(Duration.ofHours(SessionClosing.CALL_HOURS));
    }

    @Test
    void aCallThatEndedMidQuestionWaitsOutItsGraceThenIsAHangUp() {
        Instant ended = NOW.minusSeconds(10);
        assertThat(closing.judge(session(Channel.VOICE, SurveyStatus.STARTED, ended, ended), NOW))
                .isEqualTo(new SessionClosing.GraceUntil(ended.plusSeconds(15)));
        assertThat(closing.judge(session(Channel.VOICE, SurveyStatus.STARTED, ended, ended), NOW.plusSeconds(6)))
                .isEqualTo(new SessionClosing.End(new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"),
                        "no answer came after the call ended; closing it as a hang-up"));
    }
}
