package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.surveyrelay.LoggedLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start's word on the API keys: without one, every API call is refused, and the operator is told why once. */
class ApiKeyGuardTest {

    @Test
    void aServiceWithoutAKeySaysSoOnceAtStart() throws Exception {
        assertThat(LoggedLines.during(ApiKeyGuard.class, () -> assertThat(ApiKeyGuard.warnWhenNone(List.of("a-key")))
                .isFalse())).isEmpty();
        assertThat(LoggedLines.during(ApiKeyGuard.class, () -> assertThat(ApiKeyGuard.warnWhenNone(List.of()))
                .isTrue())).singleElement().satisfies(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getFormattedMessage()).startsWith("SURVEY_API_KEYS (survey-relay.api-keys) is not "
                            + "set, or names no key: every API call");
                });
    }
}
