package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.web.HttpProblem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SessionCursorTest {

    private static final LocalDate DAY = LocalDate.parse("2026-12-01");
    private static final String NAME = "COMPLETED.sms.en-US.0f0e0d0c-0b0a-4908-8706-050403020100.json";

    private static SessionFilter of(String surveyId) {
        return new SessionFilter(surveyId, null, null, null, DAY.minusDays(7), DAY);
    }

    @Test
    void aCursorResumesTheSurveyItWasMadeFor() {
        SessionFilter nps = of("quarterly-nps");
        String cursor = SessionCursor.after(new FinishedSessions.Listed(DAY, NAME, "unused"),
                SessionCursor.filters(nps, null, null));

        FinishedSessions.Listed resumed = SessionCursor.parse(cursor, nps, SessionCursor.filters(nps, null, null));
        assertThat(resumed.name()).isEqualTo(NAME);
        assertThat(resumed.key()).isEqualTo("finished-sessions/quarterly-nps/2026-12-01/" + NAME);
    }

    /** One survey's cursor brought to another answered 200 and silently skipped the sessions before its position. */
    @Test
    void aCursorOfAnotherSurveyIsRefused() {
        SessionFilter nps = of("quarterly-nps");
        SessionFilter other = of("customer-satisfaction");
        String cursor = SessionCursor.after(new FinishedSessions.Listed(DAY, NAME, "unused"),
                SessionCursor.filters(nps, null, null));

        assertThatThrownBy(() -> SessionCursor.parse(cursor, other, SessionCursor.filters(other, null, null)))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isEqualTo("invalid_cursor");
                });
    }
}
