package com.surveyrelay.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.storage.RespondentRecords.Respondent;
import com.surveyrelay.web.HttpProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How long Twilio's refusal of a text as no mobile number (error 21614) keeps SMS starts from asking Twilio again:
 * {@link RespondentConsent#NOT_MOBILE_MEMORY}, after which a number that may have been ported is texted again.
 */
class NotMobileMemoryTest {

    private static final Instant REFUSED = Instant.parse("2026-12-05T10:00:00Z");

    private static Respondent refusedAt(Instant at) {
        return new Respondent(null, null, null, null, null, null, null, null, at);
    }

    @Test
    void aNumberRefusedAsNoMobileIsRefusedTextsUntilTheMemoryLapses() {
        Instant justBefore = REFUSED.plus(RespondentConsent.NOT_MOBILE_MEMORY).minusSeconds(1);

        assertThatThrownBy(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), justBefore))
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
        Instant lapsed = REFUSED.plus(RespondentConsent.NOT_MOBILE_MEMORY);

        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(REFUSED), lapsed)).doesNotThrowAnyException();
        assertThatCode(() -> RespondentConsent.checkTakesTexts(refusedAt(null), REFUSED)).doesNotThrowAnyException();
    }
}
