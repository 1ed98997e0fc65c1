package com.surveyrelay.initiation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The start's word on the API keys: without one, every API call is refused, and the operator is told why once. */
class ApiKeyGuardTest {

    @Test
    void aServiceWithoutAKeySaysSoOnceAtStart() {
        Logger logger = (Logger) LoggerFactory.getLogger(ApiKeyGuard.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThat(ApiKeyGuard.warnWhenNone(List.of("a-key"))).isFalse();
            assertThat(logged.list).isEmpty();
            assertThat(ApiKeyGuard.warnWhenNone(List.of())).isTrue();
            assertThat(logged.list).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).startsWith("SURVEY_API_KEYS (survey-relay.api-keys) is not set: "
                        + "every API call");
            });
        } finally {
            logger.detachAppender(logged);
        }
    }
}
