package com.surveyrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.surveyrelay.initiation.InitiationRequest;
import com.surveyrelay.initiation.StartRequest;
import com.surveyrelay.schedule.ScheduledStartEnded;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import com.surveyrelay.web.HttpProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What a refused start leaves for the operator: a count by source, channel and reason, and a masked log line. */
class StartRefusalsTest {

    private static final String NUMBER = "+15550136001";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StartRefusals refusals = new StartRefusals(registry);

    private double count(String source, String channel, String reason) {
        Counter counter = registry.find(StartRefusals.REFUSALS).tags("source", source, "channel", channel, "reason",
                reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<ILoggingEvent> logged(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(StartRefusals.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        return appender.list;
    }

    private static StartRequest request() {
        return new StartRequest(Channel.VOICE, new InitiationRequest(E164.parse(NUMBER).orElseThrow(), null, null),
                null);
    }

    @Test
    void aRefusalAboutTheRespondentIsCountedAndLoggedAtInfoWithTheNumberMasked() {
        List<ILoggingEvent> lines = logged(() -> refusals.note(new HttpProblem(422, "recipient_opted_out",
                "opted out"), "voice-initiation", request()));

        assertThat(count("http", "voice", "recipient_opted_out")).isEqualTo(1.0);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).isEqualTo("voice start to ***6001 refused: 422 recipient_opted_out")
                    .doesNotContain(NUMBER.substring(1));
        });
    }

    @Test
    void aMalformedRequestIsCountedAndLoggedOnlyAtDebug() {
        List<ILoggingEvent> lines = logged(() -> refusals.note(new HttpProblem(400, "invalid_phone", "bad"),
                "sms-initiation", "{\"To\": \"" + NUMBER + "\"}"));

        assertThat(count("http", "sms", "invalid_phone")).isEqualTo(1.0);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getFormattedMessage()).isEqualTo("sms start to a number not read refused: 400 "
                    + "invalid_phone");
        });
    }

    @Test
    void otherRoutesAndFailuresOnOurSideAreNotRefusals() {
        List<ILoggingEvent> lines = logged(() -> {
            refusals.note(new HttpProblem(422, "recipient_opted_out", "opted out"), "respondent-erasure", request());
            refusals.note(new HttpProblem(503, "survey_unavailable", "S3 down"), "sms-initiation", request());
            refusals.note(new IllegalStateException("a bug"), "sms-initiation", request());
            refusals.note(new HttpProblem(422, "recipient_opted_out", "opted out"), null, null);
        });

        assertThat(registry.find(StartRefusals.REFUSALS).counters()).isEmpty();
        assertThat(lines).isEmpty();
    }

    @Test
    void aDeferredStartThatDidNotStartWhenDueIsCountedAsScheduled() {
        refusals.onScheduledStartEnded(new ScheduledStartEnded("crm-42", "whatsapp", false, "recipient_opted_out"));
        refusals.onScheduledStartEnded(new ScheduledStartEnded("crm-43", "sms", true, null));
        refusals.onScheduledStartEnded(new ScheduledStartEnded(null, null, false, null));

        assertThat(count("scheduled", "whatsapp", "recipient_opted_out")).isEqualTo(1.0);
        assertThat(count("scheduled", "unknown", "unknown")).isEqualTo(1.0);
        assertThat(registry.find(StartRefusals.REFUSALS).counters()).hasSize(2);
    }
}
