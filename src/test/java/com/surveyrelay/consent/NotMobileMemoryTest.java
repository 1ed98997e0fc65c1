package com.surveyrelay.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.web.HttpProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How long Twilio's refusal of a text as no mobile number (error 21614) keeps SMS starts from asking Twilio again:
 * {@code NOT_MOBILE_MEMORY} ({@link ConsentProperties#notMobileMemory}, 30 days unless set), after which a number
 * that may have been ported is texted again.
 */
class NotMobileMemoryTest {

    private static final Instant REFUSED = Instant.parse("2026-12-05T10:00:00Z");

    private static Respondent refusedAt(Instant at) {
        return new Respondent(null, null, null, null, null, null, null, null, at);
    }

    @Test
    void aNumberRefusedAsNoMobileIsRefusedTextsUntilTheMemoryLapses() {
        Instant justBefore = REFUSED.plus(ConsentProperties.NOT_MOBILE_MEMORY).minusSeconds(1);

        assertThatThrownBy(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), justBefore,
                ConsentProperties.NOT_MOBILE_MEMORY))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.code()).isEqualTo("invalid_recipient");
                    assertThat(problem.getMessage()).isEqualTo("Twilio refused a text to this number at "
                            + "2026-12-05T10:00:00Z as no mobile number (a landline, say; Twilio error 21614), so no "
                            + "text is sent to it until 2027-01-04T10:00:00Z. A voice survey "
                            + "(POST /voice/initiate-call) may reach it.");
                });
    }

    @Test
    void aRefusalOlderThanTheMemoryOrNoneAtAllRefusesNothing() {
        Instant lapsed = REFUSED.plus(ConsentProperties.NOT_MOBILE_MEMORY);

        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), lapsed,
                ConsentProperties.NOT_MOBILE_MEMORY)).doesNotThrowAnyException();
        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(null), REFUSED,
                ConsentProperties.NOT_MOBILE_MEMORY)).doesNotThrowAnyException();
    }

    /** NOT_MOBILE_MEMORY=P7D: texts are tried again a week after the refusal, not 30 days; 0 remembers nothing. */
    @Test
    void theMemoryIsAsLongAsTheSettingSays() {
        Duration week = Duration.ofDays(7);

        assertThatThrownBy(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), REFUSED.plus(week)
                .minusSeconds(1), week)).hasMessageContaining("until 2026-12-12T10:00:00Z");
        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), REFUSED.plus(week), week))
                .doesNotThrowAnyException();
        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), REFUSED, Duration.ZERO))
                .doesNotThrowAnyException();
    }
}
